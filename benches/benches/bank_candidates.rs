//! Candidates for an open shift with 10,000 members in the bank: how long a bank office waits
//! for "who may work this shift, and why not everyone else?". The target is p99 ≤ 10 ms (fast
//! enough to call on every page view); this bench prints p50, p95 and p99 over many calls on
//! different shifts and their ratio to that target. Nothing is asserted about timing.
//!
//! Setup (not timed): a fresh SQLite database with 10,000 nurses of one trust, each with a
//! resuscitation record of varied age (some lapsed), all enrolled in one collaborative bank,
//! 1,000 bookings already made, and 200 open shifts over a fortnight. The calls go through the
//! library's `BankService` (the same code the gRPC adapter calls), so the figures are the
//! engine's own, without transport.
//!
//! Run: `cargo bench -p crossrota-benches --bench bank_candidates`.

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Days, NaiveDate, NaiveTime};
use crossrota_domain::access::Role;
use crossrota_domain::bank::ledger::PersonalLimits;
use crossrota_domain::bank::model::{BankMember, OpenShift, ShiftReason};
use crossrota_domain::bank::time::Span;
use crossrota_domain::fact::{FactInput, NewFact};
use crossrota_domain::ids::{OpenShiftId, OrgId, StaffId};
use crossrota_domain::organisation::{NetworkKind, NewNetwork};
use crossrota_domain::profile::NewProfile;
use crossrota_domain::staff::{NewStaff, StaffInput};
use crossrota_service::BankService;
use crossrota_service::bank::{BankRules, BookingRequest};
use crossrota_store::{ImportBatch, ImportFact, MAX_PAGE, NewBank, Page};
use crossrota_tests::{Backend, TestApp, today};

/// Members of the bank.
const MEMBERS: usize = 10_000;
/// Open shifts posted; each call asks about one of them.
const SHIFTS: usize = 200;
/// Bookings made before measuring, so ledgers are not empty.
const BOOKINGS: usize = 1_000;
/// Candidate calls measured.
const CALLS: usize = 200;
/// The target for the 99th percentile.
const TARGET: Duration = Duration::from_millis(10);

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let setup = Instant::now();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (org_id, secret) = app
        .org_key(
            "RWF",
            &[Role::Admin, Role::Issuer, Role::Verifier, Role::BankOffice],
        )
        .await;
    let org = OrgId(org_id);
    let store = app.service.store().clone();
    let caller = app.service.authenticate(&secret).await?;
    seed_staff(&app, org).await?;
    let catalogue = store.load_catalogue().await?;
    let profile = store
        .create_profile(
            &NewProfile::parse(
                org,
                "Bench HASU nurse",
                "Stroke",
                &[("CSTF-RES".into(), 2)],
                &catalogue,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        )
        .await?
        .id;
    let network = store
        .create_network(&NewNetwork {
            name: "Bench bank network".into(),
            kind: NetworkKind::CollaborativeBank,
            members: vec![org],
        })
        .await?;
    store.create_site(org, "MAID", "Maidstone Hospital").await?;
    let bank = store
        .create_bank(&NewBank {
            network: network.id,
            own_org: None,
            name: "Bench bank".into(),
        })
        .await?;
    let mut staff = Vec::with_capacity(MEMBERS);
    loop {
        let page = store
            .list_staff(
                Some(org),
                Page {
                    after: staff.last().map(|s: &crossrota_domain::staff::Staff| s.id),
                    limit: MAX_PAGE,
                },
            )
            .await?;
        if page.is_empty() {
            break;
        }
        staff.extend(page);
    }
    for (i, person) in staff.iter().enumerate() {
        store
            .join_bank(&BankMember {
                bank: bank.id,
                staff: person.id,
                home_org: org,
                profiles: vec![profile],
                band: 5,
                travels_to: vec![],
                limits: PersonalLimits {
                    weekly_cap_hours: (i % 4 == 0).then_some(37.5),
                    opted_out_of_average: i % 5 == 0,
                },
                unavailable: vec![],
            })
            .await?;
    }
    let service = BankService::new(app.service.clone(), BankRules::default());
    let shifts = service
        .post_shifts(&caller, open_shifts(org, profile)?)
        .await?;
    let mut booked = 0;
    for (i, person) in staff.iter().enumerate().take(BOOKINGS * 2) {
        if booked == BOOKINGS {
            break;
        }
        let shift = &shifts[i % shifts.len()];
        if service
            .book(
                &caller,
                BookingRequest {
                    shift: shift.id,
                    staff: person.id,
                    offer_expires: None,
                    idempotency_key: None,
                    reason: "bench".into(),
                },
            )
            .await
            .is_ok()
        {
            booked += 1;
        }
    }
    println!(
        "setup: {} members, {} open shifts, {booked} bookings in {:.1} s",
        staff.len(),
        shifts.len(),
        setup.elapsed().as_secs_f64()
    );

    let mut times = Vec::with_capacity(CALLS);
    let mut eligible = 0;
    for i in 0..CALLS {
        let id: OpenShiftId = shifts[(i * 7) % shifts.len()].id;
        let started = Instant::now();
        let found = service.candidates(&caller, id).await?;
        times.push(started.elapsed());
        eligible += found.eligible.len();
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    let (p50, p95, p99) = (pct(0.50), pct(0.95), pct(0.99));
    println!(
        "candidates over {MEMBERS} members, {CALLS} calls: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms; \
         mean eligible {:.0}",
        ms(p50),
        ms(p95),
        ms(p99),
        eligible as f64 / CALLS as f64
    );
    println!(
        "p99 / target ({} ms): {:.1}x",
        TARGET.as_millis(),
        ms(p99) / ms(TARGET)
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// 10,000 nurses, each with a resuscitation record from 0 to 18 months old (the refresher is
/// 12 months, so about a third have lapsed).
async fn seed_staff(app: &TestApp, org: OrgId) -> anyhow::Result<()> {
    let catalogue = app.service.store().load_catalogue().await?;
    let mut batch = ImportBatch {
        org,
        staff: Vec::with_capacity(MEMBERS),
        facts: Vec::with_capacity(MEMBERS),
    };
    for person in 0..MEMBERS {
        let employee_number = format!("B{person:05}");
        batch.staff.push(
            NewStaff::parse(StaffInput {
                org: Some(org),
                employee_number: &employee_number,
                name: &format!("Bank Nurse {person}"),
                staff_group: "nursing_midwifery",
                band: 5,
                ..StaffInput::default()
            })
            .map_err(|e| anyhow::anyhow!("staff {employee_number}: {e}"))?,
        );
        let achieved = today()
            .checked_sub_days(Days::new((person as u64 * 37) % 540))
            .context("a date")?;
        let fact = NewFact::parse(
            FactInput {
                staff: StaffId(0),
                code: "CSTF-RES",
                level: 2,
                achieved_on: Some(achieved),
                expires_on: None,
                issuer: org,
                evidence_ref: "bench",
                recorded_by: "bank_candidates bench",
                supersedes: None,
            },
            &catalogue,
            today(),
        )
        .map_err(|e| anyhow::anyhow!("fact of {employee_number}: {e}"))?;
        batch.facts.push(ImportFact {
            employee_number,
            fact,
        });
    }
    app.service.import(&batch).await?;
    Ok(())
}

/// A fortnight of nights and long days from a week after today.
fn open_shifts(
    org: OrgId,
    profile: crossrota_domain::ids::ProfileId,
) -> anyhow::Result<Vec<OpenShift>> {
    let first: NaiveDate = today().checked_add_days(Days::new(7)).context("a date")?;
    (0..SHIFTS)
        .map(|i| {
            let day = first
                .checked_add_days(Days::new((i % 14) as u64))
                .context("a date")?;
            let (from, hours) = if i % 2 == 0 {
                ((19, 30), 12)
            } else {
                ((7, 30), 12)
            };
            let start = day.and_time(NaiveTime::from_hms_opt(from.0, from.1, 0).context("a time")?);
            let span = Span::london(start, start + chrono::Duration::hours(hours))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(OpenShift {
                id: OpenShiftId(0),
                org,
                site: "MAID".into(),
                ward: format!("Ward {}", i % 10),
                profile,
                band: 5,
                span,
                headcount: 2,
                rate_pence_per_hour: 2200,
                reason: ShiftReason::Sickness,
                release_at: span.start - chrono::Duration::days(1),
            })
        })
        .collect()
}
