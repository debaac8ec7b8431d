//! Conformance of the bank tables on SQLite and PostgreSQL: sites, banks, members, shifts
//! posted all or none, and bookings that never double-book anyone, even when many requests
//! race.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use crossrota_domain::bank::booking::BookingStatus;
use crossrota_domain::bank::ledger::{CommitmentKind, PersonalLimits};
use crossrota_domain::bank::model::{BankMember, OpenShift, ShiftReason};
use crossrota_domain::bank::time::Span;
use crossrota_domain::ids::{OpenShiftId, OrgId, ProfileId, StaffId};
use crossrota_domain::organisation::{NetworkKind, NewNetwork, NewOrganisation};
use crossrota_domain::profile::NewProfile;
use crossrota_domain::staff::{Band, NewStaff, StaffGroup};
use crossrota_store::testing::TestDb;
use crossrota_store::{
    Backend, BookingEvent, BookingOutcome, NewBank, NewBooking, Store, StoreErrorKind,
};
use sqlx::{Connection, PgConnection};

crossrota_store::conformance_suite!(
    banks_and_members_round_trip,
    shifts_are_posted_all_or_none,
    bookings_keep_eleven_hours_apart,
    repeated_requests_get_the_same_booking_and_full_shifts_refuse,
    racing_requests_book_a_person_once,
    the_ledger_sees_bookings_and_substantive_shifts,
    postgres_itself_refuses_overlapping_bookings,
    lapsed_offers_stop_holding_time,
);

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .expect("a valid time")
}

fn span(from: NaiveDateTime, to: NaiveDateTime) -> Span {
    Span::london(from, to).expect("London times that exist")
}

struct World {
    rwf: OrgId,
    rvv: OrgId,
    profile: ProfileId,
    nurses: Vec<StaffId>,
}

async fn world(store: &Store, nurses: usize) -> World {
    let org = |code: &str| NewOrganisation::parse(code, &format!("{code} NHS Trust")).unwrap();
    let rwf = store.create_org(&org("RWF")).await.unwrap().id;
    let rvv = store.create_org(&org("RVV")).await.unwrap().id;
    store
        .create_site(rwf, "MAID", "Maidstone Hospital")
        .await
        .unwrap();
    store
        .create_site(rvv, "KCH", "Kent and Canterbury")
        .await
        .unwrap();
    let network = store
        .create_network(&NewNetwork {
            name: "Kent and Medway collaborative bank".into(),
            kind: NetworkKind::CollaborativeBank,
            members: vec![rwf, rvv],
        })
        .await
        .unwrap();
    let profile = store
        .create_profile(&NewProfile {
            org: rwf,
            name: "HASU band 5 nurse".into(),
            service: "stroke HASU".into(),
            requirements: vec![],
        })
        .await
        .unwrap()
        .id;
    let bank = store
        .create_bank(&NewBank {
            network: network.id,
            own_org: None,
            name: "K&M bank".into(),
        })
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..nurses {
        let staff = store
            .create_staff(&NewStaff {
                org: if i % 2 == 0 { rvv } else { rwf },
                employee_number: format!("E{i:05}"),
                name: format!("Nurse {i}"),
                staff_group: StaffGroup::NursingAndMidwifery,
                band: Band::new(5).unwrap(),
                registration: None,
                networks: vec![],
            })
            .await
            .unwrap();
        store
            .join_bank(&BankMember {
                bank: bank.id,
                staff: staff.id,
                home_org: staff.org,
                profiles: vec![profile],
                band: 5,
                travels_to: vec![rwf, rvv],
                limits: PersonalLimits {
                    weekly_cap_hours: Some(40.0),
                    opted_out_of_average: i % 3 == 0,
                },
                unavailable: vec![],
            })
            .await
            .unwrap();
        ids.push(staff.id);
    }
    World {
        rwf,
        rvv,
        profile,
        nurses: ids,
    }
}

fn shift(w: &World, when: Span, headcount: u32) -> OpenShift {
    OpenShift {
        id: OpenShiftId(0),
        org: w.rwf,
        site: "MAID".into(),
        ward: "HASU".into(),
        profile: w.profile,
        band: 5,
        span: when,
        headcount,
        rate_pence_per_hour: 2150,
        reason: ShiftReason::Sickness,
        release_at: when.start - chrono::Duration::days(7),
    }
}

fn now() -> DateTime<Utc> {
    at(12, 1, 9, 0).and_utc()
}

fn booking(shift: OpenShiftId, staff: StaffId, key: Option<&str>) -> NewBooking {
    NewBooking {
        shift,
        staff,
        status: BookingStatus::Booked,
        offer_expires: None,
        idempotency_key: key.map(str::to_owned),
        event: BookingEvent {
            actor_org: Some(OrgId(1)),
            actor_staff: None,
            at: now(),
            reason: "sickness cover".into(),
        },
    }
}

async fn post(store: &Store, s: OpenShift) -> OpenShiftId {
    store.post_shifts(&[s]).await.unwrap()[0]
}

async fn banks_and_members_round_trip(db: &TestDb) {
    let store = db.store();
    let w = world(store, 3).await;
    let members = store
        .bank_members(crossrota_domain::ids::BankId(1))
        .await
        .unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members[0].staff, w.nurses[0]);
    assert_eq!(members[0].home_org, w.rvv);
    assert_eq!(members[1].home_org, w.rwf);
    assert_eq!(members[0].profiles, [w.profile]);
    assert_eq!(members[0].travels_to.len(), 2);
    assert!(members[0].limits.opted_out_of_average && !members[1].limits.opted_out_of_average);
    let again = store
        .join_bank(&BankMember {
            profiles: vec![],
            travels_to: vec![],
            ..members[0].clone()
        })
        .await
        .unwrap_err();
    assert_eq!(again.kind(), StoreErrorKind::AlreadyExists);
    let dup = store.create_site(w.rwf, "MAID", "again").await.unwrap_err();
    assert_eq!(dup.kind(), StoreErrorKind::AlreadyExists);
}

async fn shifts_are_posted_all_or_none(db: &TestDb) {
    let store = db.store();
    let w = world(store, 1).await;
    let night = span(at(12, 15, 19, 30), at(12, 16, 7, 30));
    let mut bad = shift(&w, night, 1);
    bad.site = "NOWHERE".into();
    let err = store
        .post_shifts(&[shift(&w, night, 1), bad])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::NotFound);
    assert!(err.to_string().contains("row 2"), "{err}");
    let window = span(at(12, 1, 0, 0), at(12, 31, 0, 0));
    assert!(
        store
            .list_open_shifts(None, window)
            .await
            .unwrap()
            .is_empty()
    );

    let ids = store
        .post_shifts(&[
            shift(&w, night, 2),
            shift(&w, span(at(12, 14, 7, 0), at(12, 14, 19, 0)), 1),
        ])
        .await
        .unwrap();
    let read = store.open_shift(ids[0]).await.unwrap();
    assert_eq!(read.span, night);
    assert_eq!(read.site, "MAID");
    assert_eq!(read.headcount, 2);
    let listed = store.list_open_shifts(Some(w.rwf), window).await.unwrap();
    assert_eq!(
        listed.iter().map(|s| s.id).collect::<Vec<_>>(),
        [ids[1], ids[0]],
        "by start"
    );
    assert!(
        store
            .list_open_shifts(Some(w.rvv), window)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.withdraw_shift(ids[1]).await.unwrap());
    assert!(!store.withdraw_shift(ids[1]).await.unwrap());
    assert_eq!(
        store.open_shift(ids[1]).await.unwrap_err().kind(),
        StoreErrorKind::NotFound
    );
}

async fn bookings_keep_eleven_hours_apart(db: &TestDb) {
    let store = db.store();
    let w = world(store, 2).await;
    let (a, b) = (w.nurses[0], w.nurses[1]);
    let night = post(
        store,
        shift(&w, span(at(12, 15, 19, 30), at(12, 16, 7, 30)), 2),
    )
    .await;
    // 9 h 30 after the night ends.
    let short = post(
        store,
        shift(&w, span(at(12, 16, 17, 0), at(12, 17, 5, 0)), 1),
    )
    .await;
    // Exactly 11 h after.
    let rested = post(
        store,
        shift(&w, span(at(12, 16, 18, 30), at(12, 17, 6, 30)), 1),
    )
    .await;

    let first = match store.book(&booking(night, a, None)).await.unwrap() {
        BookingOutcome::Created(r) => r,
        other => panic!("expected a booking, got {other:?}"),
    };
    assert_eq!(first.status, BookingStatus::Booked);
    assert_eq!(
        store.book(&booking(short, a, None)).await.unwrap(),
        BookingOutcome::Clash(first.id)
    );
    assert_eq!(
        store.book(&booking(night, a, None)).await.unwrap(),
        BookingOutcome::Clash(first.id),
        "the same shift twice"
    );
    assert!(matches!(
        store.book(&booking(short, b, None)).await.unwrap(),
        BookingOutcome::Created(_)
    ));
    let second = store.book(&booking(rested, a, None)).await.unwrap();
    assert!(matches!(second, BookingOutcome::Created(_)), "{second:?}");

    // Cancelling frees the time.
    let cancel = BookingEvent {
        actor_org: Some(w.rwf),
        actor_staff: None,
        at: now(),
        reason: "ward closed".into(),
    };
    assert!(
        store
            .transition_booking(
                first.id,
                BookingStatus::Booked,
                BookingStatus::Cancelled,
                5000,
                false,
                &cancel
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .transition_booking(
                first.id,
                BookingStatus::Booked,
                BookingStatus::Cancelled,
                0,
                false,
                &cancel
            )
            .await
            .unwrap(),
        "only once"
    );
    let cancelled = store.booking(first.id).await.unwrap();
    assert_eq!(
        (cancelled.status, cancelled.fee_pence),
        (BookingStatus::Cancelled, 5000)
    );
    assert_eq!(store.clash(a, cancelled.span, None).await.unwrap(), None);
    assert!(matches!(
        store.book(&booking(night, a, None)).await.unwrap(),
        BookingOutcome::Created(_)
    ));
}

async fn repeated_requests_get_the_same_booking_and_full_shifts_refuse(db: &TestDb) {
    let store = db.store();
    let w = world(store, 3).await;
    let day = post(
        store,
        shift(&w, span(at(12, 14, 7, 0), at(12, 14, 19, 0)), 1),
    )
    .await;
    let made = store
        .book(&booking(day, w.nurses[0], Some("req-1")))
        .await
        .unwrap();
    let BookingOutcome::Created(made) = made else {
        panic!("expected a booking, got {made:?}");
    };
    assert_eq!(
        store
            .book(&booking(day, w.nurses[0], Some("req-1")))
            .await
            .unwrap(),
        BookingOutcome::Repeated(made.clone())
    );
    assert_eq!(
        store.book(&booking(day, w.nurses[1], None)).await.unwrap(),
        BookingOutcome::Full
    );
    assert_eq!(store.bookings_of_shift(day).await.unwrap(), [made]);
}

async fn racing_requests_book_a_person_once(db: &TestDb) {
    let store = Arc::new(db.store().clone());
    let w = world(&store, 4).await;
    // Twelve overlapping or too-close shifts; every nurse is asked for every one, at once.
    let mut shifts = Vec::new();
    for i in 0..12u32 {
        let start = at(12, 15, 7, 0) + chrono::Duration::hours(i64::from(i));
        shifts.push(
            post(
                &store,
                shift(
                    &w,
                    Span::new(
                        start.and_utc(),
                        (start + chrono::Duration::hours(8)).and_utc(),
                    ),
                    4,
                ),
            )
            .await,
        );
    }
    let mut tasks = Vec::new();
    for (n, nurse) in w.nurses.iter().enumerate() {
        for (s, shift) in shifts.iter().enumerate() {
            let store = Arc::clone(&store);
            let (nurse, shift) = (*nurse, *shift);
            let key = format!("n{n}-s{s}");
            tasks.push(tokio::spawn(async move {
                store.book(&booking(shift, nurse, Some(&key))).await
            }));
        }
    }
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(BookingOutcome::Created(_)) => created += 1,
            Ok(BookingOutcome::Clash(_)) => {}
            Ok(other) => panic!("unexpected {other:?}"),
            Err(e) => assert_eq!(e.kind(), StoreErrorKind::Unavailable, "{e}"),
        }
    }
    assert!(created >= 1);
    for nurse in &w.nurses {
        let window = span(at(12, 14, 0, 0), at(12, 17, 0, 0));
        let mine = store.commitments(*nurse, window).await.unwrap();
        assert!(
            mine.len() <= 1,
            "{nurse} booked {} times: {mine:?}",
            mine.len()
        );
    }
}

async fn the_ledger_sees_bookings_and_substantive_shifts(db: &TestDb) {
    let store = db.store();
    let w = world(store, 1).await;
    let a = w.nurses[0];
    let night = post(
        store,
        shift(&w, span(at(12, 15, 19, 30), at(12, 16, 7, 30)), 1),
    )
    .await;
    let BookingOutcome::Created(b) = store.book(&booking(night, a, None)).await.unwrap() else {
        panic!("expected a booking");
    };
    store
        .add_commitment(
            a,
            w.rvv,
            span(at(12, 14, 7, 0), at(12, 14, 15, 0)),
            "roster job 4",
        )
        .await
        .unwrap();
    let window = span(at(12, 1, 0, 0), at(12, 31, 0, 0));
    let mine = store.commitments(a, window).await.unwrap();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].kind, CommitmentKind::Substantive);
    assert_eq!(mine[0].org_code, "RVV");
    assert_eq!(mine[1].kind, CommitmentKind::Bank(b.id.0));
    assert_eq!(mine[1].org_code, "RWF");
    let outside = span(at(12, 20, 0, 0), at(12, 31, 0, 0));
    assert!(store.commitments(a, outside).await.unwrap().is_empty());
}

/// On PostgreSQL the exclusion constraint refuses a clashing booking written straight into the
/// table, past the store's own check (as a second instance's racing write would be). SQLite
/// has no such constraint: there the store's serialised write transaction is the guard, and
/// the race test above covers it.
async fn postgres_itself_refuses_overlapping_bookings(db: &TestDb) {
    let store = db.store();
    let w = world(store, 1).await;
    let a = w.nurses[0];
    let night = post(
        store,
        shift(&w, span(at(12, 15, 19, 30), at(12, 16, 7, 30)), 2),
    )
    .await;
    assert!(matches!(
        store.book(&booking(night, a, None)).await.unwrap(),
        BookingOutcome::Created(_)
    ));
    if store.backend() != Backend::Postgres {
        return;
    }
    let mut c = PgConnection::connect(db.url()).await.unwrap();
    let insert = |start: NaiveDateTime, end: NaiveDateTime, status: &'static str| {
        sqlx::query(
            "INSERT INTO bookings (shift_id, org_id, staff_id, status, start_s, end_s) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(night.0)
        .bind(w.rwf.0)
        .bind(a.0)
        .bind(status)
        .bind(span(start, end).start.timestamp())
        .bind(span(start, end).end.timestamp())
    };
    // 9 h 30 after the night: refused by the database.
    let err = insert(at(12, 16, 17, 0), at(12, 17, 5, 0), "booked")
        .execute(&mut c)
        .await
        .unwrap_err();
    let code = err
        .as_database_error()
        .and_then(|e| e.code())
        .map(|c| c.into_owned());
    assert_eq!(code.as_deref(), Some("23P01"), "{err}");
    // A declined offer holds no time, and 11 h after is fine.
    insert(at(12, 16, 17, 0), at(12, 17, 5, 0), "declined")
        .execute(&mut c)
        .await
        .unwrap();
    insert(at(12, 16, 18, 30), at(12, 17, 6, 30), "booked")
        .execute(&mut c)
        .await
        .unwrap();
}

/// An offer that expired unanswered holds no time: booking the person for a clashing shift
/// after the expiry marks the offer expired first.
async fn lapsed_offers_stop_holding_time(db: &TestDb) {
    let store = db.store();
    let w = world(store, 1).await;
    let a = w.nurses[0];
    let night = post(
        store,
        shift(&w, span(at(12, 15, 19, 30), at(12, 16, 7, 30)), 1),
    )
    .await;
    let other = post(
        store,
        shift(&w, span(at(12, 15, 20, 0), at(12, 16, 8, 0)), 1),
    )
    .await;
    let mut offer = booking(night, a, None);
    offer.status = BookingStatus::Offered;
    offer.offer_expires = Some(at(12, 2, 9, 0).and_utc());
    let BookingOutcome::Created(offered) = store.book(&offer).await.unwrap() else {
        panic!("expected an offer");
    };
    // Before the expiry the offer holds the night.
    let mut early = booking(other, a, None);
    early.event.at = at(12, 2, 8, 0).and_utc();
    assert_eq!(
        store.book(&early).await.unwrap(),
        BookingOutcome::Clash(offered.id)
    );
    // After it, the offer lapses and the other shift is booked.
    let mut late = booking(other, a, None);
    late.event.at = at(12, 2, 9, 0).and_utc();
    assert!(matches!(
        store.book(&late).await.unwrap(),
        BookingOutcome::Created(_)
    ));
    assert_eq!(
        store.booking(offered.id).await.unwrap().status,
        BookingStatus::Expired
    );
}
