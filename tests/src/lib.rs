//! Test support: `TestApp::spawn` starts the real server on a loopback port over a fresh
//! database (SQLite file or PostgreSQL database), with a fixed clock, and hands out clients.
//! `TestApp::snapshot` reads everything stored straight from the store (bypassing the API, so
//! the read itself writes no audit entry), which lets a test prove a refused request changed
//! nothing.

use std::net::SocketAddr;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crossrota_domain::access::{AuditEntry, Role};
use crossrota_domain::agreement::SharingAgreement;
use crossrota_domain::catalogue::{CredentialDef, ValidityOverride};
use crossrota_domain::fact::CredentialFact;
use crossrota_domain::organisation::{Network, NewOrganisation, OdsCode, Organisation};
use crossrota_domain::profile::RequirementProfile;
use crossrota_domain::staff::Staff;
use crossrota_proto::crossrota::v1 as pb;
use crossrota_service::{Clock, PassportService};
use crossrota_store::Page;
use crossrota_store::testing::TestDb;
use pb::passport_service_client::PassportServiceClient;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh database on the PostgreSQL server named by `CROSSROTA_TEST_POSTGRES_URL`.
    Postgres,
}

/// The date every test app believes is today.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// Noon on [`today`].
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Adds the bearer key to every call.
#[derive(Clone)]
pub struct Bearer(Option<MetadataValue<Ascii>>);

impl tonic::service::Interceptor for Bearer {
    fn call(&mut self, mut req: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        if let Some(v) = &self.0 {
            req.metadata_mut().insert("authorization", v.clone());
        }
        Ok(req)
    }
}

/// A passport client acting with one key.
pub type Client = PassportServiceClient<InterceptedService<Channel, Bearer>>;

/// A running server over its own database.
pub struct TestApp {
    /// Loopback address the server listens on.
    pub addr: SocketAddr,
    /// The service behind the server (for direct setup).
    pub service: PassportService,
    /// The database (kept alive for the test).
    pub db: TestDb,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl TestApp {
    /// Starts a server on `127.0.0.1:0` over a fresh database of `backend`.
    pub async fn spawn(backend: Backend) -> TestApp {
        let db = match backend {
            Backend::Sqlite => TestDb::sqlite().await,
            Backend::Postgres => TestDb::postgres().await,
        };
        let service = match PassportService::open(db.store().clone(), Clock::fixed(now())).await {
            Ok(s) => s,
            Err(e) => panic!("opening the service: {e}"),
        };
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("binding a loopback port: {e}"),
        };
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("local addr: {e}"));
        let (stop, stopped) = oneshot::channel::<()>();
        let svc = service.clone();
        let server = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            if let Err(e) = crossrota_server::serve(listener, svc, shutdown).await {
                panic!("server failed: {e}");
            }
        });
        TestApp {
            addr,
            service,
            db,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A channel to the server.
    pub async fn channel(&self) -> Channel {
        match tonic::transport::Endpoint::from_shared(self.url()) {
            Ok(e) => match e.connect().await {
                Ok(c) => c,
                Err(err) => panic!("connecting: {err}"),
            },
            Err(err) => panic!("endpoint: {err}"),
        }
    }

    /// A client that sends `key` (or no key at all with `None`).
    pub async fn client(&self, key: Option<&str>) -> Client {
        let value = key.map(|k| match format!("Bearer {k}").parse() {
            Ok(v) => v,
            Err(e) => panic!("key header: {e}"),
        });
        PassportServiceClient::with_interceptor(self.channel().await, Bearer(value))
    }

    /// Creates organisation `code` if needed and a key for it with `roles`; returns the org id
    /// and the secret.
    pub async fn org_key(&self, code: &str, roles: &[Role]) -> (i64, String) {
        let ods = OdsCode::parse(code).unwrap_or_else(|e| panic!("{e}"));
        let org = match self.service.store().get_org_by_code(&ods).await {
            Ok(o) => o,
            Err(_) => {
                let new = NewOrganisation::parse(code, &format!("{code} NHS Trust"))
                    .unwrap_or_else(|e| panic!("{e}"));
                self.service
                    .create_org_unchecked(new)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
            }
        };
        let (_, secret) = self
            .service
            .create_api_key(&ods, &format!("{code} test key"), roles)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (org.id.0, secret)
    }

    /// The database id of the API key whose secret is `secret` (as audit entries name it).
    pub async fn key_id(&self, secret: &str) -> i64 {
        match self.service.authenticate(secret).await {
            Ok(caller) => caller.key.id.0,
            Err(e) => panic!("authenticating a test key: {e}"),
        }
    }

    /// Everything stored, read straight from the store. Two snapshots compare equal exactly
    /// when no request in between changed anything a client could observe.
    pub async fn snapshot(&self) -> Snapshot {
        let store = self.service.store();
        let fail =
            |what: &str, e: crossrota_store::StoreError| -> ! { panic!("snapshot of {what}: {e}") };
        let organisations = store
            .list_orgs(Page::first(ALL))
            .await
            .unwrap_or_else(|e| fail("organisations", e));
        let networks = store
            .list_networks(Page::first(ALL))
            .await
            .unwrap_or_else(|e| fail("networks", e));
        let staff = store
            .list_staff(None, Page::first(ALL))
            .await
            .unwrap_or_else(|e| fail("staff", e));
        let mut facts = Vec::new();
        for s in &staff {
            facts.extend(
                store
                    .facts_of_staff(s.id)
                    .await
                    .unwrap_or_else(|e| fail("facts", e)),
            );
        }
        let mut audit = Vec::new();
        for o in &organisations {
            audit.extend(
                store
                    .list_audit(o.id, None, Page::first(ALL))
                    .await
                    .unwrap_or_else(|e| fail("audit log", e)),
            );
        }
        Snapshot {
            profiles: store
                .list_profiles(None, Page::first(ALL))
                .await
                .unwrap_or_else(|e| fail("profiles", e)),
            agreements: store
                .list_agreements(None)
                .await
                .unwrap_or_else(|e| fail("agreements", e)),
            overrides: store
                .list_validity_overrides()
                .await
                .unwrap_or_else(|e| fail("overrides", e)),
            catalogue: store
                .list_credential_defs()
                .await
                .unwrap_or_else(|e| fail("catalogue", e)),
            organisations,
            networks,
            staff,
            facts,
            audit,
        }
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(h) = self.server.take() {
            let _ = h.await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// The page size that reads every row a test creates.
const ALL: u32 = 1000;

/// Everything a test database holds, as domain values (see [`TestApp::snapshot`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Every organisation.
    pub organisations: Vec<Organisation>,
    /// Every network.
    pub networks: Vec<Network>,
    /// Every member of staff.
    pub staff: Vec<Staff>,
    /// Every fact of every member of staff.
    pub facts: Vec<CredentialFact>,
    /// Every requirement profile.
    pub profiles: Vec<RequirementProfile>,
    /// Every sharing agreement.
    pub agreements: Vec<SharingAgreement>,
    /// Every validity override.
    pub overrides: Vec<ValidityOverride>,
    /// The credential catalogue.
    pub catalogue: Vec<CredentialDef>,
    /// The audit log of every organisation's staff.
    pub audit: Vec<AuditEntry>,
}

/// Every role, for keys that may do anything.
pub const ALL_ROLES: [Role; 5] = Role::ALL;
