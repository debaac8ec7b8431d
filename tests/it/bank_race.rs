//! No double booking under load: over a thousand conflicting booking requests for a few dozen
//! people, fired at once through two server instances sharing one database (one instance on
//! SQLite, which serialises writers), leave nobody with two bookings that overlap or leave
//! under 11 hours' rest; every refusal is FAILED_PRECONDITION or ABORTED naming the
//! conflicting booking, and every accepted booking is stored.

use std::time::Instant;

use crossrota_proto::crossrota::v1 as pb;
use crossrota_service::{Clock, PassportService};
use crossrota_store::{Backend as StoreBackend, Store};
use crossrota_tests::now;
use tokio::sync::oneshot;
use tonic::Code;
use tonic::transport::Channel;

use crate::bank::{bank_client, post, shift};
use crate::support::{Region, both_backends, ok};

/// People in the race.
const NURSES: usize = 30;
/// Shifts each person is asked for, all within 11 hours of each other.
const SHIFTS: usize = 34;

/// A second server over the same database; stops when dropped.
struct SecondInstance {
    channel: Channel,
    _stop: oneshot::Sender<()>,
}

async fn second_instance(url: &str) -> SecondInstance {
    let store = Store::connect(url).await.unwrap_or_else(|e| panic!("{e}"));
    let service = PassportService::open(store, Clock::fixed(now()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        if let Err(e) = crossrota_server::serve(listener, service, shutdown).await {
            panic!("second instance failed: {e}");
        }
    });
    let channel = Channel::from_shared(format!("http://{addr}"))
        .unwrap_or_else(|e| panic!("{e}"))
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    SecondInstance {
        channel,
        _stop: stop,
    }
}

both_backends! {
    async fn a_thousand_racing_bookings_never_double_book(backend: Backend) {
        let region = Region::new(backend).await;
        let a = bank_client(region.app.channel().await, &region.a);
        ok(a.clone().create_site(pb::CreateSiteRequest { code: "MAID".into(), name: "Maidstone".into() }).await);
        let bank = ok(a.clone().create_bank(pb::CreateBankRequest {
            network_id: region.bank.id, own_trust_only: false, name: "race bank".into(),
        }).await);
        let profile = region.a.profile("HASU band 5 nurse", &[("CSTF-RES", 2)]).await.id;
        let mut nurses = Vec::new();
        for i in 0..NURSES {
            let id = region.a.nurse(&format!("R{i:04}"), &[region.bank.id]).await.id;
            region.a.record(id, "CSTF-RES", 2, "2026-06-01").await;
            ok(a.clone().join_bank(pb::JoinBankRequest {
                bank_id: bank.id, staff_id: id, profile_ids: vec![profile], band: 5,
                travels_to_org_ids: vec![], weekly_cap_hours: None, opted_out_of_average: true,
            }).await);
            nurses.push(id);
        }
        // Shifts starting every 15 minutes from 07:00 on 15 December, 8 hours each.
        let inputs: Vec<pb::OpenShiftInput> = (0..SHIFTS)
            .map(|s| {
                let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 15)
                    .and_then(|d| d.and_hms_opt(7, 0, 0))
                    .unwrap_or_default()
                    + chrono::Duration::minutes(15 * s as i64);
                let end = start + chrono::Duration::hours(8);
                let mut input = shift(profile, &start.format("%Y-%m-%dT%H:%M").to_string(), &end.format("%Y-%m-%dT%H:%M").to_string());
                input.headcount = NURSES as i32;
                input
            })
            .collect();
        let shifts = post(&a, inputs).await;

        // Two instances on PostgreSQL; SQLite is an embedded file with one server.
        let second = match region.app.db.store().backend() {
            StoreBackend::Postgres => Some(second_instance(region.app.db.url()).await),
            StoreBackend::Sqlite => None,
        };
        let b = match &second {
            Some(s) => bank_client(s.channel.clone(), &region.a),
            None => a.clone(),
        };
        let started = Instant::now();
        let mut tasks = Vec::new();
        for (n, nurse) in nurses.iter().enumerate() {
            for (s, sh) in shifts.iter().enumerate() {
                let client = if (n + s) % 2 == 0 { a.clone() } else { b.clone() };
                let (nurse, shift_id) = (*nurse, sh.id);
                tasks.push(tokio::spawn(async move {
                    let mut client = client;
                    client.book_shift(pb::BookShiftRequest {
                        shift_id,
                        staff_id: nurse,
                        idempotency_key: format!("race-{n}-{s}"),
                        reason: "race".into(),
                    }).await
                }));
            }
        }
        let requests = tasks.len();
        assert!(requests >= 1000, "{requests} requests");
        let mut accepted = Vec::new();
        let mut refused = 0;
        for task in tasks {
            match task.await.unwrap_or_else(|e| panic!("{e}")) {
                Ok(r) => accepted.push(r.into_inner()),
                Err(status) => {
                    assert!(
                        matches!(status.code(), Code::FailedPrecondition | Code::Aborted),
                        "refused with {:?}: {}", status.code(), status.message()
                    );
                    assert!(status.message().contains("booking "), "names no booking: {}", status.message());
                    refused += 1;
                }
            }
        }
        let elapsed = started.elapsed();
        println!(
            "bank race on {backend:?}: {requests} requests through {} instance(s) in {:.2} s: {} booked, {refused} refused",
            if second.is_some() { 2 } else { 1 },
            elapsed.as_secs_f64(),
            accepted.len(),
        );
        // Everyone who could work got exactly one booking, and it is stored.
        assert_eq!(accepted.len(), NURSES, "one booking per nurse");
        for nurse in &nurses {
            let mine = ok(a.clone().list_commitments(pb::ListCommitmentsRequest {
                staff_id: *nurse, from: "2026-12-14".into(), to: "2026-12-17".into(),
            }).await);
            assert_eq!(mine.commitments.len(), 1, "nurse {nurse}: {:?}", mine.commitments);
            let booked = accepted.iter().find(|b| b.staff_id == *nurse);
            assert_eq!(booked.map(|b| b.id), Some(mine.commitments[0].booking_id));
        }
    }
}
