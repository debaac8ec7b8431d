//! Verification throughput over real gRPC: 10,000 staff with 12 CSTF facts each on a fresh
//! SQLite database, served by the real server on a loopback port.
//!
//! One run measures, on the same server and connection, a floor of cheap calls (health `Check`,
//! `GetOrganisation`, `ListCredentials`) and the verification calls (`VerifyMany` over all
//! 10,000 staff in chunks of 1000, and single `Verify` calls). The ratios say what a
//! verification costs beyond the transport and authentication every call pays. Several
//! repetitions; the table reports the median of each figure. Nothing is asserted about timing.
//!
//! The server is the one `TestApp` starts: exactly `crossrota_server::serve`, which sets
//! `TCP_NODELAY` on every accepted connection itself.
//!
//! Run: `cargo bench -p crossrota-benches --bench verify_throughput`.

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Days, NaiveDate};
use crossrota_domain::access::Role;
use crossrota_domain::fact::{FactInput, NewFact};
use crossrota_domain::ids::{OrgId, ProfileId, StaffId};
use crossrota_domain::profile::NewProfile;
use crossrota_domain::staff::{NewStaff, StaffInput};
use crossrota_proto::crossrota::v1 as pb;
use crossrota_store::{ImportBatch, ImportFact};
use crossrota_tests::{Backend, TestApp, today};
use pb::passport_service_client::PassportServiceClient;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

/// People in the region.
const STAFF: usize = 10_000;
/// The most people one VerifyMany call may name (the contract's limit).
const CHUNK: usize = 1000;
/// Repetitions of the whole measurement; the table shows medians.
const REPETITIONS: usize = 5;
/// Sequential calls per repetition for each cheap RPC, at most.
const TRIVIAL_CALLS: usize = 2000;
/// Sequential single Verify calls per repetition, at most.
const SINGLE_VERIFY_CALLS: usize = 500;
/// Wall time one kind of call may take per repetition; a slow server makes fewer calls, so
/// the whole run stays within a couple of minutes.
const BUDGET: Duration = Duration::from_millis(1500);

/// The CSTF subjects every person holds and the profile requires, with the level.
const SUBJECTS: [(&str, i64); 11] = [
    ("CSTF-CR", 1),
    ("CSTF-EDHR", 1),
    ("CSTF-FS", 1),
    ("CSTF-HSW", 1),
    ("CSTF-IPC", 2),
    ("CSTF-IG", 1),
    ("CSTF-MH", 2),
    ("CSTF-PREV", 1),
    ("CSTF-RES", 2),
    ("CSTF-SGA", 2),
    ("CSTF-SGC", 2),
];

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let started = Instant::now();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (org_id, key) = app
        .org_key("RWF", &[Role::Admin, Role::Issuer, Role::Verifier])
        .await;
    let org = OrgId(org_id);
    let facts = seed_staff(&app, org).await?;
    let profile = seed_profile(&app, org).await?;
    let mut client = client(app.channel().await, &key)?;
    let staff = list_staff_ids(&mut client, org_id).await?;
    anyhow::ensure!(
        staff.len() == STAFF,
        "expected {STAFF} staff, found {}",
        staff.len()
    );
    let setup = started.elapsed();

    let mut bench = Bench {
        client,
        health: HealthClient::new(app.channel().await),
        org_id,
        profile,
        staff,
        compliant: 0,
    };
    bench.repetition(true).await?;
    let mut reps = Vec::with_capacity(REPETITIONS);
    for _ in 0..REPETITIONS {
        reps.push(bench.repetition(false).await?);
    }
    print_header(facts, setup);
    print_table(&bench, &reps);
    println!("total run time {:.1} s", started.elapsed().as_secs_f64());
    app.stop().await;
    Ok(())
}

/// Adds `authorization: Bearer <key>` to every call.
#[derive(Clone)]
struct Bearer(MetadataValue<Ascii>);

impl tonic::service::Interceptor for Bearer {
    fn call(&mut self, mut req: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        req.metadata_mut().insert("authorization", self.0.clone());
        Ok(req)
    }
}

/// A passport client acting with one key.
type Client = PassportServiceClient<InterceptedService<Channel, Bearer>>;

fn client(channel: Channel, key: &str) -> anyhow::Result<Client> {
    let bearer = Bearer(format!("Bearer {key}").parse()?);
    Ok(PassportServiceClient::with_interceptor(channel, bearer))
}

/// Deterministic pseudo-random numbers (SplitMix64), so every run seeds the same region.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A day up to 420 days before today: most facts are current, some have lapsed, so verdicts
/// are a realistic mix of compliant and not.
fn achieved(person: usize, subject: usize) -> anyhow::Result<NaiveDate> {
    let back = mix(((person as u64) << 8) | subject as u64) % 420;
    today()
        .checked_sub_days(Days::new(back))
        .context("date out of range")
}

/// Imports the staff and their facts in one all-or-nothing batch; returns the fact count.
async fn seed_staff(app: &TestApp, org: OrgId) -> anyhow::Result<usize> {
    let catalogue = app.service.store().load_catalogue().await?;
    let mut batch = ImportBatch {
        org,
        staff: Vec::with_capacity(STAFF),
        facts: Vec::with_capacity(STAFF * (SUBJECTS.len() + 1)),
    };
    for person in 0..STAFF {
        let employee_number = format!("E{person:05}");
        let new = NewStaff::parse(StaffInput {
            org: Some(org),
            employee_number: &employee_number,
            name: &format!("Bench Person {person}"),
            staff_group: "nursing_midwifery",
            band: 5,
            ..StaffInput::default()
        })
        .map_err(|e| anyhow::anyhow!("staff {employee_number}: {e}"))?;
        batch.staff.push(new);
        // Eleven current subjects plus an older fire-safety record, so histories have depth.
        let older_fs = (
            "CSTF-FS",
            1,
            achieved(person, 99)?.checked_sub_days(Days::new(365)),
        );
        let records = SUBJECTS
            .iter()
            .enumerate()
            .map(|(i, (code, level))| Ok((*code, *level, Some(achieved(person, i)?))))
            .chain(std::iter::once(Ok(older_fs)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        for (code, level, achieved_on) in records {
            let fact = NewFact::parse(
                FactInput {
                    staff: StaffId(0),
                    code,
                    level,
                    achieved_on,
                    expires_on: None,
                    issuer: org,
                    evidence_ref: "bench",
                    recorded_by: "verify_throughput bench",
                    supersedes: None,
                },
                &catalogue,
                today(),
            )
            .map_err(|e| anyhow::anyhow!("fact {code} of {employee_number}: {e}"))?;
            batch.facts.push(ImportFact {
                employee_number: employee_number.clone(),
                fact,
            });
        }
    }
    let summary = app.service.import(&batch).await?;
    Ok(summary.facts_recorded as usize)
}

/// A ward nurse profile requiring every subject in [`SUBJECTS`].
async fn seed_profile(app: &TestApp, org: OrgId) -> anyhow::Result<ProfileId> {
    let catalogue = app.service.store().load_catalogue().await?;
    let requirements: Vec<(String, i64)> = SUBJECTS
        .iter()
        .map(|(code, level)| ((*code).to_owned(), *level))
        .collect();
    let profile = NewProfile::parse(
        org,
        "Bench ward nurse",
        "Medicine",
        &requirements,
        &catalogue,
    )
    .map_err(|e| anyhow::anyhow!("profile: {e}"))?;
    Ok(app.service.store().create_profile(&profile).await?.id)
}

/// Every staff id of `org`, through ListStaff.
async fn list_staff_ids(client: &mut Client, org_id: i64) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .list_staff(pb::ListStaffRequest {
                org_id,
                page_size: 1000,
                page_token: token,
            })
            .await?
            .into_inner();
        ids.extend(page.staff.iter().map(|s| s.id));
        if page.next_page_token.is_empty() {
            return Ok(ids);
        }
        token = page.next_page_token;
    }
}

/// What one kind of call measured in one repetition.
#[derive(Debug, Clone)]
struct Sample {
    /// Latency of every call.
    latencies: Vec<Duration>,
    /// Wall time of the whole sequence.
    total: Duration,
    /// Verifications done (0 for the cheap calls).
    verifications: usize,
}

impl Sample {
    fn calls_per_s(&self) -> f64 {
        self.latencies.len() as f64 / self.total.as_secs_f64().max(1e-9)
    }

    fn verifications_per_s(&self) -> f64 {
        self.verifications as f64 / self.total.as_secs_f64().max(1e-9)
    }

    /// Nearest-rank percentile in milliseconds.
    fn percentile_ms(&self, p: usize) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let rank = (p * sorted.len())
            .div_ceil(100)
            .clamp(1, sorted.len().max(1));
        sorted.get(rank - 1).map_or(0.0, |d| d.as_secs_f64() * 1e3)
    }
}

/// One repetition: every kind of call, in a fixed order.
struct Repetition {
    health: Sample,
    get_org: Sample,
    list_credentials: Sample,
    verify_single: Sample,
    verify_many: Sample,
}

/// The server's clients and what the calls need.
struct Bench {
    client: Client,
    health: HealthClient<Channel>,
    org_id: i64,
    profile: ProfileId,
    staff: Vec<i64>,
    /// Compliant verdicts in the last VerifyMany sweep (a sanity figure for the report).
    compliant: usize,
}

/// Runs up to `calls` sequential calls of `call(i)`, each returning how many verifications it
/// did, stopping early once `budget` is spent (after at least one call).
async fn measure(
    calls: usize,
    budget: Duration,
    mut call: impl AsyncFnMut(usize) -> anyhow::Result<usize>,
) -> anyhow::Result<Sample> {
    let mut latencies = Vec::with_capacity(calls);
    let mut verifications = 0;
    let start = Instant::now();
    for i in 0..calls {
        let t = Instant::now();
        verifications += call(i).await?;
        latencies.push(t.elapsed());
        if start.elapsed() > budget {
            break;
        }
    }
    Ok(Sample {
        latencies,
        total: start.elapsed(),
        verifications,
    })
}

impl Bench {
    /// Measures every kind of call once; a warm-up makes fewer calls.
    async fn repetition(&mut self, warm_up: bool) -> anyhow::Result<Repetition> {
        let trivial = if warm_up { 100 } else { TRIVIAL_CALLS };
        let singles = if warm_up { 20 } else { SINGLE_VERIFY_CALLS };
        let health = self.health_checks(trivial).await?;
        let get_org = self.get_orgs(trivial).await?;
        let list_credentials = self.list_credentials(trivial).await?;
        let verify_single = self.single_verifies(singles).await?;
        let verify_many = self.verify_all().await?;
        Ok(Repetition {
            health,
            get_org,
            list_credentials,
            verify_single,
            verify_many,
        })
    }

    async fn health_checks(&mut self, calls: usize) -> anyhow::Result<Sample> {
        let health = &mut self.health;
        measure(calls, BUDGET, async |_| {
            health
                .check(HealthCheckRequest {
                    service: "crossrota.v1.PassportService".into(),
                })
                .await?;
            Ok(0)
        })
        .await
    }

    async fn get_orgs(&mut self, calls: usize) -> anyhow::Result<Sample> {
        let (client, id) = (&mut self.client, self.org_id);
        measure(calls, BUDGET, async |_| {
            client
                .get_organisation(pb::GetOrganisationRequest {
                    lookup: Some(pb::get_organisation_request::Lookup::Id(id)),
                })
                .await?;
            Ok(0)
        })
        .await
    }

    async fn list_credentials(&mut self, calls: usize) -> anyhow::Result<Sample> {
        let client = &mut self.client;
        measure(calls, BUDGET, async |_| {
            client
                .list_credentials(pb::ListCredentialsRequest {})
                .await?;
            Ok(0)
        })
        .await
    }

    /// Single Verify calls spread over the whole staff list.
    async fn single_verifies(&mut self, calls: usize) -> anyhow::Result<Sample> {
        let (client, profile, staff) = (&mut self.client, self.profile, &self.staff);
        let stride = (staff.len() / calls.max(1)).max(1);
        measure(calls, BUDGET, async |i| {
            let staff_id = staff.get((i * stride) % staff.len()).copied().unwrap_or(0);
            client
                .verify(pb::VerifyRequest {
                    staff_id,
                    profile_id: profile.0,
                    range: Some(range()),
                    warn_within_days: 30,
                    reason: "verify_throughput bench".into(),
                })
                .await?;
            Ok(1)
        })
        .await
    }

    /// VerifyMany over every member of staff, [`CHUNK`] per call.
    async fn verify_all(&mut self) -> anyhow::Result<Sample> {
        let (client, profile, staff) = (&mut self.client, self.profile, &self.staff);
        let chunks: Vec<&[i64]> = staff.chunks(CHUNK).collect();
        let mut compliant = 0;
        // Always the whole staff list, whatever it takes.
        let sample = measure(chunks.len(), Duration::MAX, async |i| {
            let ids = chunks.get(i).map(|c| c.to_vec()).unwrap_or_default();
            let asked = ids.len();
            let resp = client
                .verify_many(pb::VerifyManyRequest {
                    staff_ids: ids,
                    profile_id: profile.0,
                    range: Some(range()),
                    warn_within_days: 30,
                    reason: "verify_throughput bench".into(),
                })
                .await?
                .into_inner();
            anyhow::ensure!(
                resp.verdicts.len() == asked,
                "asked for {asked} verdicts, got {}",
                resp.verdicts.len()
            );
            compliant += usize::try_from(resp.compliant_count).unwrap_or(0);
            Ok(asked)
        })
        .await?;
        self.compliant = compliant;
        Ok(sample)
    }
}

/// Today, as the one-day range every verification checks.
fn range() -> pb::DateRange {
    pb::DateRange {
        from: today().to_string(),
        to: today().to_string(),
    }
}

/// The median of `f` over the repetitions.
fn median(reps: &[Repetition], f: impl Fn(&Repetition) -> f64) -> f64 {
    let mut v: Vec<f64> = reps.iter().map(f).collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Median figures of one kind of call.
struct Row {
    name: &'static str,
    calls: f64,
    calls_per_s: f64,
    verifications_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn row(reps: &[Repetition], name: &'static str, pick: fn(&Repetition) -> &Sample) -> Row {
    Row {
        name,
        calls: median(reps, |r| pick(r).latencies.len() as f64),
        calls_per_s: median(reps, |r| pick(r).calls_per_s()),
        verifications_per_s: median(reps, |r| pick(r).verifications_per_s()),
        p50_ms: median(reps, |r| pick(r).percentile_ms(50)),
        p99_ms: median(reps, |r| pick(r).percentile_ms(99)),
    }
}

fn print_header(facts: usize, setup: Duration) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "verify_throughput: {STAFF} staff, {facts} facts, profile of {} CSTF requirements, SQLite, {cores} cores",
        SUBJECTS.len()
    );
    println!(
        "setup (server, import, profile, ListStaff) {:.1} s; {REPETITIONS} repetitions after a warm-up; medians shown",
        setup.as_secs_f64()
    );
    println!(
        "cheap calls: up to {TRIVIAL_CALLS} per repetition, single Verify up to {SINGLE_VERIFY_CALLS}, each within {:.1} s; VerifyMany: all {STAFF} staff, {CHUNK} per call",
        BUDGET.as_secs_f64()
    );
}

/// Prints the table and ratios.
fn print_table(bench: &Bench, reps: &[Repetition]) {
    let rows = [
        row(reps, "health Check", |r| &r.health),
        row(reps, "GetOrganisation", |r| &r.get_org),
        row(reps, "ListCredentials", |r| &r.list_credentials),
        row(reps, "Verify (1 person)", |r| &r.verify_single),
        row(reps, "VerifyMany (1000 people)", |r| &r.verify_many),
    ];
    let [health, get_org, _, single, many] = &rows;
    let base = get_org.p50_ms.max(1e-9);
    println!();
    println!(
        "{:<26} {:>9} {:>10} {:>10} {:>9} {:>9} {:>14}",
        "rpc", "calls/rep", "calls/s", "verif/s", "p50 ms", "p99 ms", "p50/GetOrg p50"
    );
    for r in &rows {
        let verif = if r.verifications_per_s > 0.0 {
            format!("{:.0}", r.verifications_per_s)
        } else {
            "-".to_owned()
        };
        println!(
            "{:<26} {:>9.0} {:>10.0} {:>10} {:>9.3} {:>9.3} {:>14.2}",
            r.name,
            r.calls,
            r.calls_per_s,
            verif,
            r.p50_ms,
            r.p99_ms,
            r.p50_ms / base
        );
    }
    let per_verification_ms = many.p50_ms / CHUNK as f64;
    println!(
        "  one verification inside VerifyMany: {:.1} us = {:.3} x a GetOrganisation call",
        per_verification_ms * 1e3,
        per_verification_ms / base
    );
    println!(
        "  one single Verify call: {:.2} x a GetOrganisation call, {:.2} x a health Check",
        single.p50_ms / base,
        single.p50_ms / health.p50_ms.max(1e-9)
    );
    println!(
        "  VerifyMany gives {:.1} x the verifications/s of sequential single Verify calls",
        many.verifications_per_s / single.verifications_per_s.max(1e-9)
    );
    println!(
        "  {} of {STAFF} staff compliant on {} (last sweep); VerifyMany p99 is over {} calls, so near the slowest",
        bench.compliant,
        today(),
        STAFF.div_ceil(CHUNK)
    );
}
