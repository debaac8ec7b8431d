//! Conformance of the roster job table: every test body runs on SQLite (a fresh file) and on
//! PostgreSQL (a fresh database on `CROSSROTA_TEST_POSTGRES_URL`), like `conformance.rs`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossrota_domain::ids::OrgId;
use crossrota_domain::organisation::NewOrganisation;
use crossrota_store::testing::TestDb;
use crossrota_store::{JobStatus, NewRosterJob, RosterJobEnd, RosterJobId, Store, StoreErrorKind};
use crossrota_store::{Page, RosterJobAdmission};

crossrota_store::conformance_suite!(
    jobs_round_trip_through_their_life,
    unknown_jobs_and_organisations_are_not_found,
    queued_jobs_cancel_at_once_and_never_start,
    running_jobs_take_a_cancel_request,
    only_one_of_concurrent_starts_wins,
    only_the_owner_writes_a_job,
    leases_renew_and_expired_jobs_are_claimed_once,
    listings_are_newest_first_per_organisation_and_status,
    admission_holds_the_limit_of_active_jobs,
);

fn at(h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, mi, s).unwrap()
}

async fn org(store: &Store, ods: &str) -> OrgId {
    let o = NewOrganisation::parse(ods, &format!("{ods} NHS Trust")).unwrap();
    store.create_org(&o).await.unwrap().id
}

fn new_job(org: OrgId, name: &str) -> NewRosterJob {
    NewRosterJob {
        org,
        name: name.to_owned(),
        model: r#"{"horizon":{"start":"2026-11-23","days":7}}"#.to_owned(),
        options: r#"{"time_limit_ms":2000}"#.to_owned(),
        replan: None,
        created_at: at(9, 0, 0) + Duration::nanoseconds(123_456_789),
        owner: ME.to_owned(),
    }
}

/// The instance that creates the jobs of these tests.
const ME: &str = "instance-a";

fn end(status: JobStatus, at: DateTime<Utc>) -> RosterJobEnd {
    RosterJobEnd {
        status,
        result: Some(r#"{"objective":607.0}"#.to_owned()),
        error: None,
        progress: Some(r#"{"incumbent":607.0}"#.to_owned()),
        at,
    }
}

async fn jobs_round_trip_through_their_life(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let mut new = new_job(a, "ward 7 december");
    new.replan = Some(r#"{"published_job":3}"#.to_owned());
    let created = store.create_roster_job(&new).await.unwrap();
    assert_eq!(created.status, JobStatus::Queued);
    assert_eq!(created.org, a);
    // Kept to the microsecond, so what the write returns is what a read returns.
    assert_eq!(
        created.created_at,
        at(9, 0, 0) + Duration::microseconds(123_456)
    );
    assert_eq!(store.get_roster_job(created.id).await.unwrap(), created);

    assert!(
        store
            .start_roster_job(created.id, ME, at(9, 0, 1))
            .await
            .unwrap()
    );
    assert!(
        !store
            .start_roster_job(created.id, ME, at(9, 0, 2))
            .await
            .unwrap(),
        "a running job cannot start again"
    );
    assert!(
        store
            .set_roster_job_progress(created.id, ME, r#"{"incumbent":700.0}"#)
            .await
            .unwrap()
    );
    let state = store.roster_job_state(created.id).await.unwrap();
    assert_eq!(state.status, JobStatus::Running);
    assert_eq!(state.progress.as_deref(), Some(r#"{"incumbent":700.0}"#));
    assert!(!state.cancel_requested);

    let finish = end(JobStatus::Succeeded, at(9, 0, 3));
    assert!(
        store
            .finish_roster_job(created.id, ME, &finish)
            .await
            .unwrap()
    );
    let failed_again = RosterJobEnd {
        error: Some("too late".to_owned()),
        ..end(JobStatus::Failed, at(9, 0, 4))
    };
    assert!(
        !store
            .finish_roster_job(created.id, ME, &failed_again)
            .await
            .unwrap(),
        "a finished job cannot end twice"
    );
    assert!(
        !store
            .set_roster_job_progress(created.id, ME, r#"{"incumbent":1.0}"#)
            .await
            .unwrap(),
        "progress after the end is ignored"
    );
    let done = store.get_roster_job(created.id).await.unwrap();
    assert_eq!(done.status, JobStatus::Succeeded);
    assert_eq!(done.started_at, Some(at(9, 0, 1)));
    assert_eq!(done.finished_at, Some(at(9, 0, 3)));
    assert_eq!(done.result, finish.result);
    assert_eq!(done.progress, finish.progress);
    assert_eq!(done.error, None);
    assert_eq!(done.replan, new.replan);
    assert_eq!(done.model, new.model);

    let second = store
        .create_roster_job(&new_job(a, "second"))
        .await
        .unwrap();
    assert!(second.id > created.id, "ids increase");
}

async fn unknown_jobs_and_organisations_are_not_found(db: &TestDb) {
    let store = db.store();
    let err = store
        .create_roster_job(&new_job(OrgId(999), "nobody's"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::NotFound);
    assert!(err.to_string().contains("organisation 999"), "{err}");
    let err = store.get_roster_job(RosterJobId(42)).await.unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::NotFound);
    assert_eq!(err.to_string(), "roster job 42 not found");
    assert_eq!(
        store
            .roster_job_state(RosterJobId(42))
            .await
            .unwrap_err()
            .kind(),
        StoreErrorKind::NotFound
    );
    assert!(
        !store
            .start_roster_job(RosterJobId(42), ME, at(9, 0, 0))
            .await
            .unwrap()
    );
    let err = store
        .finish_roster_job(RosterJobId(42), ME, &end(JobStatus::Running, at(9, 0, 0)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), StoreErrorKind::Conflict);
}

async fn queued_jobs_cancel_at_once_and_never_start(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let job = store.create_roster_job(&new_job(a, "q")).await.unwrap();
    assert!(
        !store.request_roster_job_cancel(job.id).await.unwrap(),
        "a cancel request is for running jobs"
    );
    assert!(
        store
            .cancel_queued_roster_job(job.id, at(9, 1, 0))
            .await
            .unwrap()
    );
    assert!(
        !store
            .cancel_queued_roster_job(job.id, at(9, 1, 1))
            .await
            .unwrap()
    );
    assert!(
        !store
            .start_roster_job(job.id, ME, at(9, 1, 2))
            .await
            .unwrap()
    );
    assert!(
        !store
            .finish_roster_job(job.id, ME, &end(JobStatus::Succeeded, at(9, 1, 3)))
            .await
            .unwrap()
    );
    let read = store.get_roster_job(job.id).await.unwrap();
    assert_eq!(read.status, JobStatus::Cancelled);
    assert_eq!(read.started_at, None);
    assert_eq!(read.finished_at, Some(at(9, 1, 0)));
    assert_eq!(read.result, None);
    assert!(read.cancel_requested);
}

async fn running_jobs_take_a_cancel_request(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let job = store.create_roster_job(&new_job(a, "r")).await.unwrap();
    assert!(
        store
            .start_roster_job(job.id, ME, at(9, 2, 0))
            .await
            .unwrap()
    );
    assert!(
        !store
            .cancel_queued_roster_job(job.id, at(9, 2, 1))
            .await
            .unwrap(),
        "a running job is not cancelled outright"
    );
    assert!(store.request_roster_job_cancel(job.id).await.unwrap());
    let state = store.roster_job_state(job.id).await.unwrap();
    assert_eq!(state.status, JobStatus::Running);
    assert!(state.cancel_requested);
    let stopped = RosterJobEnd {
        error: Some("cancelled".to_owned()),
        progress: None,
        ..end(JobStatus::Cancelled, at(9, 2, 5))
    };
    assert!(store.finish_roster_job(job.id, ME, &stopped).await.unwrap());
    let read = store.get_roster_job(job.id).await.unwrap();
    assert_eq!(read.status, JobStatus::Cancelled);
    assert_eq!(read.error.as_deref(), Some("cancelled"));
    assert_eq!(read.result, stopped.result);
    assert_eq!(read.progress, None, "no progress was ever recorded");
    assert!(!store.request_roster_job_cancel(job.id).await.unwrap());
}

/// Two instances sharing a database both see a queued job; only one may run it.
async fn only_one_of_concurrent_starts_wins(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let other_instance = Store::connect(db.url()).await.unwrap();
    for i in 0..5 {
        let job = store
            .create_roster_job(&new_job(a, &format!("race {i}")))
            .await
            .unwrap();
        let (one, two) = tokio::join!(
            store.start_roster_job(job.id, ME, at(9, 3, 0)),
            other_instance.start_roster_job(job.id, ME, at(9, 3, 0)),
        );
        assert_ne!(one.unwrap(), two.unwrap(), "exactly one start wins");
    }
    other_instance.close().await;
}

/// Start, progress and end only take effect for the instance holding the job.
async fn only_the_owner_writes_a_job(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let job = store.create_roster_job(&new_job(a, "mine")).await.unwrap();
    assert_eq!(job.owner.as_deref(), Some(ME));
    assert!(
        !store
            .start_roster_job(job.id, "intruder", at(9, 0, 1))
            .await
            .unwrap()
    );
    assert!(
        store
            .start_roster_job(job.id, ME, at(9, 0, 1))
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_roster_job_progress(job.id, "intruder", r#"{"incumbent":1.0}"#)
            .await
            .unwrap()
    );
    assert!(
        !store
            .finish_roster_job(job.id, "intruder", &end(JobStatus::Failed, at(9, 0, 2)))
            .await
            .unwrap()
    );
    let read = store.get_roster_job(job.id).await.unwrap();
    assert_eq!(read.status, JobStatus::Running);
    assert_eq!(read.progress, None);
    assert_eq!(
        read.heartbeat_at,
        Some(at(9, 0, 1)),
        "a start is a heartbeat"
    );
}

/// An owner renews its own active jobs only; an expired job is claimed by exactly one of two
/// racing instances, comes back queued with a fresh heartbeat, and a fresh one is not claimed.
async fn leases_renew_and_expired_jobs_are_claimed_once(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let stale = store.create_roster_job(&new_job(a, "stale")).await.unwrap();
    assert!(
        store
            .start_roster_job(stale.id, ME, at(9, 0, 0))
            .await
            .unwrap()
    );
    assert!(
        store
            .set_roster_job_progress(stale.id, ME, r#"{"incumbent":9.0}"#)
            .await
            .unwrap()
    );
    let fresh = store.create_roster_job(&new_job(a, "fresh")).await.unwrap();
    let done = store.create_roster_job(&new_job(a, "done")).await.unwrap();
    assert!(
        store
            .start_roster_job(done.id, ME, at(9, 0, 0))
            .await
            .unwrap()
    );
    assert!(
        store
            .finish_roster_job(done.id, ME, &end(JobStatus::Succeeded, at(9, 0, 1)))
            .await
            .unwrap()
    );

    // The owner renews the fresh job at 9:10; nobody else can renew it.
    let renewed = store
        .renew_roster_job_leases(ME, &[fresh.id, done.id], at(9, 10, 0))
        .await
        .unwrap();
    assert_eq!(renewed, [fresh.id], "an ended job has no lease");
    assert_eq!(
        store
            .renew_roster_job_leases("other", &[fresh.id], at(9, 10, 0))
            .await
            .unwrap(),
        []
    );

    // At 9:10:30 with a 60 s lease, only the job last seen at 9:00 has expired.
    let stale_before = at(9, 9, 30);
    let expired = store.expired_roster_jobs(stale_before, 10).await.unwrap();
    assert_eq!(expired, [stale.id]);
    let other = Store::connect(db.url()).await.unwrap();
    let (one, two) = tokio::join!(
        store.claim_roster_job(stale.id, "b", stale_before, at(9, 10, 30)),
        other.claim_roster_job(stale.id, "c", stale_before, at(9, 10, 30)),
    );
    assert_ne!(one.unwrap(), two.unwrap(), "exactly one claim wins");
    assert!(
        !store
            .claim_roster_job(fresh.id, "b", stale_before, at(9, 10, 30))
            .await
            .unwrap(),
        "a fresh lease is not taken"
    );
    let taken = store.get_roster_job(stale.id).await.unwrap();
    assert_eq!(taken.status, JobStatus::Queued, "it starts again");
    assert_eq!(taken.started_at, None);
    assert_eq!(taken.progress, None);
    assert_eq!(taken.heartbeat_at, Some(at(9, 10, 30)));
    let new_owner = taken.owner.clone().unwrap();
    assert!(new_owner == "b" || new_owner == "c");
    // The old owner lost it: its writes do nothing, and it cannot renew.
    assert!(
        !store
            .start_roster_job(stale.id, ME, at(9, 10, 31))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .renew_roster_job_leases(ME, &[stale.id], at(9, 10, 31))
            .await
            .unwrap(),
        []
    );
    assert!(
        store
            .start_roster_job(stale.id, &new_owner, at(9, 10, 31))
            .await
            .unwrap()
    );
    assert_eq!(
        store.expired_roster_jobs(stale_before, 10).await.unwrap(),
        []
    );
    other.close().await;
}

/// Listings are per organisation, newest first, paged by id, and filter by status.
async fn listings_are_newest_first_per_organisation_and_status(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let b = org(store, "RVV").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            store
                .create_roster_job(&new_job(a, &format!("a{i}")))
                .await
                .unwrap()
                .id,
        );
    }
    store.create_roster_job(&new_job(b, "b0")).await.unwrap();
    assert!(
        store
            .cancel_queued_roster_job(ids[1], at(9, 5, 0))
            .await
            .unwrap()
    );

    let first = store
        .list_roster_jobs(a, None, Page::first(3))
        .await
        .unwrap();
    let got: Vec<RosterJobId> = first.iter().map(|j| j.id).collect();
    assert_eq!(got, [ids[4], ids[3], ids[2]]);
    assert_eq!(first[0].name, "a4");
    let rest = store
        .list_roster_jobs(a, None, Page::after(ids[2], 3))
        .await
        .unwrap();
    let got: Vec<RosterJobId> = rest.iter().map(|j| j.id).collect();
    assert_eq!(got, [ids[1], ids[0]]);
    let cancelled = store
        .list_roster_jobs(a, Some(JobStatus::Cancelled), Page::first(10))
        .await
        .unwrap();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0].id, ids[1]);
    assert_eq!(cancelled[0].status, JobStatus::Cancelled);
    let theirs = store
        .list_roster_jobs(b, None, Page::first(10))
        .await
        .unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].name, "b0");
    assert_eq!(store.count_active_roster_jobs(a).await.unwrap(), 4);
}

/// Admission refuses beyond the limit of queued and running jobs, also when two submissions
/// race, and counts ended jobs no more.
async fn admission_holds_the_limit_of_active_jobs(db: &TestDb) {
    let store = db.store();
    let a = org(store, "RWF").await;
    let other = Store::connect(db.url()).await.unwrap();
    let first = match store.admit_roster_job(&new_job(a, "1"), 2).await.unwrap() {
        RosterJobAdmission::Created(job) => job,
        full => panic!("refused: {full:?}"),
    };
    let (second, third) = (new_job(a, "2"), new_job(a, "3"));
    let (one, two) = tokio::join!(
        store.admit_roster_job(&second, 2),
        other.admit_roster_job(&third, 2),
    );
    let created = [one.unwrap(), two.unwrap()]
        .iter()
        .filter(|r| matches!(r, RosterJobAdmission::Created(_)))
        .count();
    assert_eq!(created, 1, "exactly one of two racing submissions fits");
    assert_eq!(
        store.admit_roster_job(&new_job(a, "4"), 2).await.unwrap(),
        RosterJobAdmission::Full { active: 2 }
    );
    assert!(
        store
            .cancel_queued_roster_job(first.id, at(9, 6, 0))
            .await
            .unwrap()
    );
    assert!(matches!(
        store.admit_roster_job(&new_job(a, "5"), 2).await.unwrap(),
        RosterJobAdmission::Created(_)
    ));
    assert_eq!(store.count_active_roster_jobs(a).await.unwrap(), 2);
    other.close().await;
}
