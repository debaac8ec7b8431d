//! gRPC client commands: `passport show`, `verify`, `expiring`, and the connection helpers the
//! demo shares.

use anyhow::Context;
use crossrota_proto::crossrota::v1 as pb;
use pb::bank_service_client::BankServiceClient;
use pb::passport_service_client::PassportServiceClient;
use pb::roster_service_client::RosterServiceClient;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

/// Adds `authorization: Bearer <key>` to every call.
#[derive(Clone)]
pub(crate) struct BearerAuth(MetadataValue<Ascii>);

impl tonic::service::Interceptor for BearerAuth {
    fn call(&mut self, mut req: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        req.metadata_mut().insert("authorization", self.0.clone());
        Ok(req)
    }
}

/// A passport client that authenticates every call.
pub(crate) type Client = PassportServiceClient<InterceptedService<Channel, BearerAuth>>;

/// A roster client that authenticates every call.
pub(crate) type RosterClient = RosterServiceClient<InterceptedService<Channel, BearerAuth>>;

/// A bank client that authenticates every call.
pub(crate) type BankClient = BankServiceClient<InterceptedService<Channel, BearerAuth>>;

/// Connects a bank client to `server` with API key `key`.
pub(crate) async fn connect_bank(server: &str, key: &str) -> anyhow::Result<BankClient> {
    let (channel, auth) = authenticated(server, key).await?;
    Ok(BankServiceClient::with_interceptor(channel, auth))
}

/// Connects to `server` with API key `key`.
pub(crate) async fn connect(server: &str, key: &str) -> anyhow::Result<Client> {
    let (channel, auth) = authenticated(server, key).await?;
    Ok(PassportServiceClient::with_interceptor(channel, auth))
}

/// Connects a roster client to `server` with API key `key`.
pub(crate) async fn connect_roster(server: &str, key: &str) -> anyhow::Result<RosterClient> {
    let (channel, auth) = authenticated(server, key).await?;
    Ok(RosterServiceClient::with_interceptor(channel, auth))
}

/// A channel to `server` and the interceptor that presents `key` on it.
async fn authenticated(server: &str, key: &str) -> anyhow::Result<(Channel, BearerAuth)> {
    let channel = tonic::transport::Endpoint::from_shared(server.to_owned())
        .with_context(|| format!("server address {server:?}"))?
        .connect()
        .await
        .with_context(|| format!("connecting to {server}"))?;
    let value: MetadataValue<Ascii> = format!("Bearer {key}")
        .parse()
        .context("API key is not valid header text")?;
    Ok((channel, BearerAuth(value)))
}

/// Where to connect and as whom.
#[derive(Debug, clap::Args)]
pub(crate) struct ConnArgs {
    /// Server URL.
    #[arg(
        long,
        env = "CROSSROTA_SERVER",
        default_value = "http://127.0.0.1:50051"
    )]
    server: String,
    /// API key.
    #[arg(long, env = "CROSSROTA_API_KEY", hide_env_values = true)]
    key: String,
}

impl ConnArgs {
    async fn connect(&self) -> anyhow::Result<Client> {
        connect(&self.server, &self.key).await
    }

    /// A bank client for these arguments.
    pub(crate) async fn connect_bank(&self) -> anyhow::Result<BankClient> {
        connect_bank(&self.server, &self.key).await
    }
}

/// Passport subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum PassportCommand {
    /// Show a person's passport: current facts and history.
    Show {
        /// Staff id.
        #[arg(long)]
        staff: i64,
        /// Why you read it (recorded in the audit log).
        #[arg(long, default_value = "passport lookup")]
        reason: String,
        #[command(flatten)]
        conn: ConnArgs,
    },
}

/// Arguments of `crossrota verify`.
#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    /// Requirement profile id.
    #[arg(long)]
    profile: i64,
    /// Staff id(s); repeat for several.
    #[arg(long = "staff", required = true)]
    staff: Vec<i64>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    from: String,
    /// Last day (YYYY-MM-DD); defaults to `--from`.
    #[arg(long)]
    to: Option<String>,
    /// Warn about facts expiring within this many days after the range.
    #[arg(long, default_value_t = 30)]
    warn_days: i32,
    /// Why you verify (recorded in the audit log).
    #[arg(long, default_value = "verification")]
    reason: String,
    #[command(flatten)]
    conn: ConnArgs,
}

/// Arguments of `crossrota expiring`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExpiringArgs {
    /// Your organisation's id.
    #[arg(long)]
    org: i64,
    /// Window in days.
    #[arg(long, default_value_t = 30)]
    days: i32,
    #[command(flatten)]
    conn: ConnArgs,
}

/// Runs a passport subcommand.
pub(crate) async fn passport(cmd: PassportCommand) -> anyhow::Result<()> {
    let PassportCommand::Show {
        staff,
        reason,
        conn,
    } = cmd;
    let mut client = conn.connect().await?;
    let p = client
        .get_passport(pb::GetPassportRequest {
            staff_id: staff,
            reason,
        })
        .await
        .map_err(status_error)?
        .into_inner();
    let s = p.staff.unwrap_or_default();
    println!(
        "{} (staff {}, org {}, employee {}), band {}",
        s.name, s.id, s.org_id, s.employee_number, s.band
    );
    if let Some(r) = &s.registration {
        println!(
            "registration: {} {} until {}",
            body_name(r.body),
            r.number,
            r.expires_on
        );
    }
    println!(
        "{:<8} {:<18} {:>5} {:<10} {:<10} {:<6} {:<10}",
        "fact", "credential", "level", "achieved", "expires", "issuer", "state"
    );
    for e in &p.current {
        let f = e.fact.clone().unwrap_or_default();
        let state = pb::FactState::try_from(e.state)
            .map(|s| {
                s.as_str_name()
                    .trim_start_matches("FACT_STATE_")
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        println!(
            "{:<8} {:<18} {:>5} {:<10} {:<10} {:<6} {:<10}",
            f.id,
            f.code,
            f.level,
            f.achieved_on,
            if f.expires_on.is_empty() {
                "never"
            } else {
                &f.expires_on
            },
            f.issuer_org_id,
            state
        );
    }
    println!("{} fact(s) in the history", p.history.len());
    Ok(())
}

/// Runs `crossrota verify`.
pub(crate) async fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    let mut client = args.conn.connect().await?;
    let to = args.to.clone().unwrap_or_else(|| args.from.clone());
    let mut compliant = 0;
    let mut total = 0;
    // The server takes at most 1,000 people per call.
    for chunk in args.staff.chunks(crossrota_proto::convert::MAX_VERIFY_MANY) {
        let resp = client
            .verify_many(pb::VerifyManyRequest {
                staff_ids: chunk.to_vec(),
                profile_id: args.profile,
                range: Some(pb::DateRange {
                    from: args.from.clone(),
                    to: to.clone(),
                }),
                warn_within_days: args.warn_days,
                reason: args.reason.clone(),
            })
            .await
            .map_err(status_error)?
            .into_inner();
        for v in &resp.verdicts {
            print_verdict(v);
        }
        compliant += resp.compliant_count;
        total += resp.verdicts.len();
    }
    println!("{compliant} of {total} compliant");
    Ok(())
}

/// Prints one verdict, one line per requirement.
pub(crate) fn print_verdict(v: &pb::Verdict) {
    println!(
        "staff {}: {}",
        v.staff_id,
        if v.compliant {
            "COMPLIANT"
        } else {
            "NOT COMPLIANT"
        }
    );
    for o in &v.outcomes {
        println!("  {:<18} L{} {}", o.code, o.min_level, o.explanation);
    }
}

/// Runs `crossrota expiring`.
pub(crate) async fn expiring(args: ExpiringArgs) -> anyhow::Result<()> {
    let mut client = args.conn.connect().await?;
    let resp = client
        .list_expiring(pb::ListExpiringRequest {
            org_id: args.org,
            within_days: args.days,
            as_of: String::new(),
        })
        .await
        .map_err(status_error)?
        .into_inner();
    println!(
        "{:<10} {:<28} {:<18} {:>5}",
        "expires", "name", "credential", "level"
    );
    for i in &resp.items {
        let s = i.staff.clone().unwrap_or_default();
        let f = i.fact.clone().unwrap_or_default();
        println!(
            "{:<10} {:<28} {:<18} {:>5}",
            i.expires_on, s.name, f.code, f.level
        );
    }
    println!(
        "{} fact(s) expire within {} days",
        resp.items.len(),
        args.days
    );
    Ok(())
}

fn body_name(body: i32) -> &'static str {
    match pb::RegulatoryBody::try_from(body) {
        Ok(pb::RegulatoryBody::Gmc) => "GMC",
        Ok(pb::RegulatoryBody::Nmc) => "NMC",
        Ok(pb::RegulatoryBody::Hcpc) => "HCPC",
        _ => "?",
    }
}

/// Turns a status into a readable error: code, message and any field violations.
pub(crate) fn status_error(status: tonic::Status) -> anyhow::Error {
    let fields = field_violations(&status);
    if fields.is_empty() {
        anyhow::anyhow!("{:?}: {}", status.code(), status.message())
    } else {
        let list: Vec<String> = fields.iter().map(|(f, d)| format!("{f}: {d}")).collect();
        anyhow::anyhow!("{:?}: {}", status.code(), list.join("; "))
    }
}

/// The `google.rpc.BadRequest` field violations of a status, as (field, description).
pub(crate) fn field_violations(status: &tonic::Status) -> Vec<(String, String)> {
    use tonic_types::StatusExt;
    status
        .get_details_bad_request()
        .map(|b| {
            b.field_violations
                .into_iter()
                .map(|v| (v.field, v.description))
                .collect()
        })
        .unwrap_or_default()
}
