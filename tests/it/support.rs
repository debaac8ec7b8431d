//! Shared test vocabulary: the `both_backends!` macro, trusts with keys and clients, a small
//! region of trusts and networks, request builders and status assertions.
//!
//! Helpers panic with the gRPC status when a call that should succeed fails: a test cannot go
//! on without its setup, and the status message says what went wrong.
//!
//! rustfmt leaves macro bodies alone, so the scenarios inside `both_backends! { ... }` are
//! formatted by temporarily renaming that line to `mod __both_backends_fmt {`, running
//! `rustfmt --edition 2024` on the file, and renaming it back.

use crossrota_domain::access::Role;
use crossrota_proto::crossrota::v1 as pb;
use crossrota_tests::{ALL_ROLES, Client, TestApp};
use tonic::{Code, Response, Status};
use tonic_types::StatusExt;

/// Turns each `async fn name(backend: Backend) { ... }` into a module `name` holding two
/// `#[tokio::test]`s, `sqlite` and `postgres`, so every scenario runs on both databases.
macro_rules! both_backends {
    ($( $(#[$meta:meta])* async fn $name:ident($backend:ident: Backend) $body:block )*) => {
        $(
            $(#[$meta])*
            async fn $name($backend: ::crossrota_tests::Backend) $body

            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name(::crossrota_tests::Backend::Sqlite).await;
                }

                #[tokio::test]
                async fn postgres() {
                    super::$name(::crossrota_tests::Backend::Postgres).await;
                }
            }
        )*
    };
}
pub(crate) use both_backends;

/// The value of a call that must succeed.
#[track_caller]
pub(crate) fn ok<T>(result: Result<Response<T>, Status>) -> T {
    match result {
        Ok(r) => r.into_inner(),
        Err(s) => panic!("unexpected {:?}: {}", s.code(), s.message()),
    }
}

/// The status of a call that must fail with `code`.
#[track_caller]
pub(crate) fn refused<T: std::fmt::Debug>(
    result: Result<Response<T>, Status>,
    code: Code,
) -> Status {
    match result {
        Ok(r) => panic!("expected {code:?}, got a reply: {:?}", r.get_ref()),
        Err(s) => {
            assert_eq!(s.code(), code, "wrong code; message: {}", s.message());
            s
        }
    }
}

/// The `google.rpc.BadRequest` field violations of a status, as `(field, description)`.
pub(crate) fn violations(status: &Status) -> Vec<(String, String)> {
    status
        .get_error_details()
        .bad_request()
        .map(|b| {
            b.field_violations
                .iter()
                .map(|v| (v.field.clone(), v.description.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts that a call failed with INVALID_ARGUMENT naming `field` both in the message and in
/// a BadRequest field violation whose description contains `says`.
#[track_caller]
pub(crate) fn assert_bad_field<T: std::fmt::Debug>(
    result: Result<Response<T>, Status>,
    field: &str,
    says: &str,
) {
    let status = refused(result, Code::InvalidArgument);
    assert!(
        status.message().contains(field),
        "message {:?} does not name {field}",
        status.message()
    );
    let found = violations(&status);
    assert!(
        found.iter().any(|(f, d)| f == field && d.contains(says)),
        "no violation `{field}: ...{says}...` in {found:?}"
    );
}

/// One organisation acting through one API key.
pub(crate) struct Trust {
    /// The organisation's id.
    pub(crate) id: i64,
    /// The key's secret.
    pub(crate) secret: String,
    client: Client,
}

impl Trust {
    /// Creates organisation `code` if needed and a key for it holding `roles`.
    pub(crate) async fn new(app: &TestApp, code: &str, roles: &[Role]) -> Trust {
        let (id, secret) = app.org_key(code, roles).await;
        let client = app.client(Some(&secret)).await;
        Trust { id, secret, client }
    }

    /// A client sending this trust's key (clients are cheap handles on one channel).
    pub(crate) fn api(&self) -> Client {
        self.client.clone()
    }

    /// Creates a network with this trust among `members`.
    pub(crate) async fn network(&self, name: &str, members: &[i64]) -> pb::Network {
        ok(self
            .api()
            .create_network(pb::CreateNetworkRequest {
                network: Some(pb::NetworkInput {
                    name: name.into(),
                    kind: pb::NetworkKind::ClinicalNetwork as i32,
                    member_org_ids: members.to_vec(),
                }),
            })
            .await)
    }

    /// Creates a band 5 nurse of this trust who has joined `networks`.
    pub(crate) async fn nurse(&self, employee_number: &str, networks: &[i64]) -> pb::Staff {
        ok(self
            .api()
            .create_staff(pb::CreateStaffRequest {
                staff: Some(nurse_input(self.id, employee_number, networks)),
            })
            .await)
    }

    /// Records a fact issued by this trust with the catalogue's (or override's) validity.
    pub(crate) async fn record(
        &self,
        staff_id: i64,
        code: &str,
        level: i32,
        achieved_on: &str,
    ) -> pb::CredentialFact {
        ok(self
            .api()
            .record_fact(pb::RecordFactRequest {
                credential: Some(credential(staff_id, code, level, achieved_on)),
            })
            .await)
    }

    /// Defines a profile of this trust requiring `requirements` as (code, minimum level).
    pub(crate) async fn profile(
        &self,
        name: &str,
        requirements: &[(&str, i32)],
    ) -> pb::RequirementProfile {
        ok(self
            .api()
            .define_profile(pb::DefineProfileRequest {
                profile: Some(profile_input(name, requirements)),
            })
            .await)
    }

    /// Reads a passport with a reason.
    pub(crate) async fn passport(
        &self,
        staff_id: i64,
        reason: &str,
    ) -> Result<Response<pb::Passport>, Status> {
        self.api()
            .get_passport(pb::GetPassportRequest {
                staff_id,
                reason: reason.into(),
            })
            .await
    }

    /// Verifies one person over `from..=to`, warning 30 days ahead.
    pub(crate) async fn verify(
        &self,
        staff_id: i64,
        profile_id: i64,
        from: &str,
        to: &str,
    ) -> Result<Response<pb::Verdict>, Status> {
        self.api()
            .verify(pb::VerifyRequest {
                staff_id,
                profile_id,
                range: Some(range(from, to)),
                warn_within_days: 30,
                reason: "test verification".into(),
            })
            .await
    }
}

/// A band 5 registered nurse of `org_id` who has joined `networks`.
pub(crate) fn nurse_input(org_id: i64, employee_number: &str, networks: &[i64]) -> pb::StaffInput {
    pb::StaffInput {
        org_id,
        employee_number: employee_number.into(),
        name: format!("Nurse {employee_number}"),
        staff_group: pb::StaffGroup::NursingAndMidwifery as i32,
        band: 5,
        registration: Some(pb::Registration {
            body: pb::RegulatoryBody::Nmc as i32,
            number: format!("NMC{employee_number}"),
            expires_on: "2027-09-30".into(),
        }),
        network_ids: networks.to_vec(),
    }
}

/// A fact to record without an explicit expiry or correction.
pub(crate) fn credential(
    staff_id: i64,
    code: &str,
    level: i32,
    achieved_on: &str,
) -> pb::CredentialInput {
    pb::CredentialInput {
        staff_id,
        code: code.into(),
        level,
        achieved_on: achieved_on.into(),
        evidence_ref: format!("cert-{code}-{achieved_on}"),
        ..Default::default()
    }
}

/// A profile definition for the "stroke HASU" service.
pub(crate) fn profile_input(name: &str, requirements: &[(&str, i32)]) -> pb::ProfileInput {
    pb::ProfileInput {
        name: name.into(),
        service: "stroke HASU".into(),
        requirements: requirements
            .iter()
            .map(|(code, level)| pb::Requirement {
                code: (*code).into(),
                level: *level,
            })
            .collect(),
    }
}

/// An inclusive range of days.
pub(crate) fn range(from: &str, to: &str) -> pb::DateRange {
    pb::DateRange {
        from: from.into(),
        to: to.into(),
    }
}

/// Three trusts of a region and two networks:
/// - `a` (RWF) is home to the staff under test;
/// - `b` (RVV) shares the `stroke` network with `a`;
/// - `c` (RPA) shares the `bank` network with `a`, and nothing with `b`.
///
/// Each trust's key holds every role.
pub(crate) struct Region {
    pub(crate) app: TestApp,
    pub(crate) a: Trust,
    pub(crate) b: Trust,
    pub(crate) c: Trust,
    pub(crate) stroke: pb::Network,
    pub(crate) bank: pb::Network,
}

impl Region {
    /// Builds the region on a fresh server over `backend`.
    pub(crate) async fn new(backend: crossrota_tests::Backend) -> Region {
        let app = TestApp::spawn(backend).await;
        let a = Trust::new(&app, "RWF", &ALL_ROLES).await;
        let b = Trust::new(&app, "RVV", &ALL_ROLES).await;
        let c = Trust::new(&app, "RPA", &ALL_ROLES).await;
        let stroke = a
            .network("Kent and Medway stroke network", &[a.id, b.id])
            .await;
        let bank = a.network("Kent collaborative bank", &[a.id, c.id]).await;
        Region {
            app,
            a,
            b,
            c,
            stroke,
            bank,
        }
    }

    /// Another key of organisation `code` holding only `roles`.
    pub(crate) async fn key(&self, code: &str, roles: &[Role]) -> Trust {
        Trust::new(&self.app, code, roles).await
    }
}
