//! SubmitRosterJob over stored staff and requirement profiles, end to end: eligibility comes
//! from each person's passport on each day of the horizon, access and audit are those of
//! verification, and bad references are refused naming the field with nothing stored.

use crossrota_domain::access::AuditAction;
use crossrota_proto::crossrota::v1 as pb;
use crossrota_tests::{ALL_ROLES, TestApp};
use pb::submit_roster_job_request::Problem;
use tonic::Code;

use crate::roster::{Client, checked_result, get, options, roster_client, watch};
use crate::support::{Trust, assert_bad_field, both_backends, ok, refused};

/// The profile every demand line of these tests asks for.
const PROFILE: &str = "HASU resus";

/// A trust with every role (it records facts, defines profiles and plans rosters) and its
/// roster client.
async fn trust(app: &TestApp, code: &str) -> (Trust, Client) {
    let trust = Trust::new(app, code, &ALL_ROLES).await;
    let client = roster_client(app.channel().await, &trust);
    (trust, client)
}

/// Ward 7 of `org` for a week from Monday 2026-11-23 (the test clock's today): an early and a
/// late shift of 8 h, each wanting one person compliant with `profile` every day.
fn ward_problem(
    org: i64,
    profile: &str,
    staff: Vec<pb::StoredRosterStaff>,
) -> pb::StoredRosterProblem {
    let shift = |code: &str, start: &str| pb::RosterShiftType {
        code: code.into(),
        site: "W7".into(),
        start: start.into(),
        minutes: 480,
    };
    pb::StoredRosterProblem {
        horizon: Some(pb::RosterHorizon {
            start: "2026-11-23".into(),
            days: 7,
        }),
        sites: vec![pb::RosterSite {
            code: "W7".into(),
            org_id: org,
            name: "Ward 7".into(),
        }],
        shift_types: vec![shift("E", "07:00"), shift("L", "14:30")],
        demands: (0..7)
            .flat_map(|day| {
                ["E", "L"].map(|s| pb::StoredRosterDemand {
                    site: "W7".into(),
                    day,
                    shift: s.into(),
                    profile: profile.into(),
                    required: 1,
                    cost_per_missing: 400.0,
                    cost_per_extra: 5.0,
                    hard_minimum: None,
                })
            })
            .collect(),
        staff,
        weights: None,
        default_rules: None,
        reason: String::new(),
    }
}

/// A person with an hourly cost and nothing else overridden (all sites of their trust).
fn person(staff_id: i64, cost_per_hour: f64) -> pb::StoredRosterStaff {
    pb::StoredRosterStaff {
        staff_id,
        cost_per_hour,
        ..Default::default()
    }
}

fn stored_request(problem: pb::StoredRosterProblem) -> pb::SubmitRosterJobRequest {
    pb::SubmitRosterJobRequest {
        problem: Some(Problem::Stored(problem)),
        options: Some(options(20.0)),
        name: "ward 7 from passports".into(),
    }
}

/// Every job of the client's organisation.
async fn job_count(client: &Client) -> usize {
    ok(client
        .clone()
        .list_roster_jobs(pb::ListRosterJobsRequest::default())
        .await)
    .jobs
    .len()
}

both_backends! {
    /// A nurse whose resuscitation training lapses on day 3 works only on days 0 to 2, and
    /// does work then (the week cannot be covered without her); a nurse without the training
    /// never works, however cheap. Every passport read is audited as a verification.
    async fn eligibility_follows_each_passport_day_by_day(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (a, client) = trust(&app, "RWF").await;
        let profile = a.profile(PROFILE, &[("CSTF-RES", 2)]).await;
        // 12 months from 2025-11-26: counts up to Wednesday 2026-11-25 (day 2).
        let lapsing = a.nurse("LAPSE", &[]).await;
        a.record(lapsing.id, "CSTF-RES", 2, "2025-11-26").await;
        let steady = a.nurse("STEADY", &[]).await;
        a.record(steady.id, "CSTF-RES", 2, "2026-06-01").await;
        let untrained = a.nurse("NONE", &[]).await;

        let problem = ward_problem(
            a.id,
            &profile.id.to_string(),
            vec![
                person(lapsing.id, 1.0),
                person(steady.id, 30.0),
                person(untrained.id, 0.5),
            ],
        );
        let job = ok(client
            .clone()
            .submit_roster_job(stored_request(problem))
            .await);
        watch(&client, job.id).await;
        let result = checked_result(&get(&client, job.id).await);

        let code = |id: i64| id.to_string();
        let days_of = |id: i64| -> Vec<i32> {
            result
                .assignments
                .iter()
                .filter(|x| x.staff == code(id))
                .map(|x| x.day)
                .collect()
        };
        let lapsing_days = days_of(lapsing.id);
        assert!(
            lapsing_days.iter().all(|d| *d < 3),
            "not rostered on or after the day her training lapses: {lapsing_days:?}"
        );
        assert!(!lapsing_days.is_empty(), "rostered while it still counts");
        assert_eq!(days_of(untrained.id), Vec::<i32>::new(), "never eligible");
        assert!(!days_of(steady.id).is_empty());
        assert!(result.assignments.iter().all(|x| x.skill == PROFILE));
        // From day 3 only one nurse is eligible for two shifts a day.
        for day in 3..7 {
            let working = result.assignments.iter().filter(|x| x.day == day).count();
            assert!(
                working <= 1,
                "one eligible nurse on day {day}, {working} at work"
            );
        }
        let uncovered_late: i32 = result
            .shortfalls
            .iter()
            .filter(|s| s.day >= 3)
            .map(|s| s.missing)
            .sum();
        assert!(
            uncovered_late >= 4,
            "a shift a day from day 3 is open: {uncovered_late}"
        );

        let audit = app.snapshot().await.audit;
        for id in [lapsing.id, steady.id, untrained.id] {
            assert!(
                audit.iter().any(|e| e.entry.staff.0 == id
                    && e.entry.action == AuditAction::Verify
                    && e.entry.reason.contains("ward 7 from passports")),
                "reading {id}'s passport is audited: {audit:?}"
            );
        }
    }

    /// A person of a trust that shares no network with the caller's (or who has not joined
    /// one) is refused exactly as VerifyPassport refuses them, and nothing is stored.
    async fn people_the_caller_may_not_verify_are_refused(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (a, client) = trust(&app, "RWF").await;
        let b = Trust::new(&app, "RVV", &ALL_ROLES).await;
        let profile = a.profile(PROFILE, &[("CSTF-RES", 2)]).await;
        let own = a.nurse("OWN", &[]).await;
        a.record(own.id, "CSTF-RES", 2, "2026-06-01").await;
        let theirs = b.nurse("THEIRS", &[]).await;
        b.record(theirs.id, "CSTF-RES", 2, "2026-06-01").await;

        let verify_code = refused(
            a.verify(theirs.id, profile.id, "2026-11-23", "2026-11-29")
                .await,
            Code::PermissionDenied,
        )
        .code();
        let before = app.snapshot().await;
        let problem = ward_problem(
            a.id,
            PROFILE,
            vec![person(own.id, 10.0), person(theirs.id, 10.0)],
        );
        let status = refused(
            client
                .clone()
                .submit_roster_job(stored_request(problem))
                .await,
            verify_code,
        );
        assert!(
            status.message().contains(&theirs.id.to_string()),
            "{}",
            status.message()
        );
        assert_eq!(
            app.snapshot().await,
            before,
            "nothing read is audited, nothing stored"
        );
        assert_eq!(job_count(&client).await, 0);
    }

    /// Unknown staff and profiles are INVALID_ARGUMENT naming the request field, before any
    /// passport is read: the store is unchanged.
    async fn bad_references_name_the_field_and_change_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (a, client) = trust(&app, "RWF").await;
        a.profile(PROFILE, &[("CSTF-RES", 2)]).await;
        let one = a.nurse("ONE", &[]).await;
        let two = a.nurse("TWO", &[]).await;
        let before = app.snapshot().await;

        let unknown_staff = ward_problem(
            a.id,
            PROFILE,
            vec![
                person(one.id, 1.0),
                person(two.id, 1.0),
                person(999_999, 1.0),
            ],
        );
        assert_bad_field(
            client
                .clone()
                .submit_roster_job(stored_request(unknown_staff))
                .await,
            "stored.staff[2].staff_id",
            "unknown staff",
        );
        let mut unknown_profile = ward_problem(a.id, PROFILE, vec![person(one.id, 1.0)]);
        unknown_profile.demands[0].profile = "no such profile".into();
        assert_bad_field(
            client
                .clone()
                .submit_roster_job(stored_request(unknown_profile))
                .await,
            "stored.demands[0].profile",
            "unknown profile",
        );
        let unknown_id = ward_problem(a.id, "987654", vec![person(one.id, 1.0)]);
        assert_bad_field(
            client
                .clone()
                .submit_roster_job(stored_request(unknown_id))
                .await,
            "stored.demands[0].profile",
            "unknown profile",
        );
        let twice = ward_problem(
            a.id,
            PROFILE,
            vec![person(one.id, 1.0), person(one.id, 2.0)],
        );
        assert_bad_field(
            client
                .clone()
                .submit_roster_job(stored_request(twice))
                .await,
            "stored.staff[1].staff_id",
            "listed twice",
        );
        let mut bad_site = ward_problem(a.id, PROFILE, vec![person(one.id, 1.0)]);
        bad_site.staff[0].sites = vec!["W9".into()];
        assert_bad_field(
            client
                .clone()
                .submit_roster_job(stored_request(bad_site))
                .await,
            "stored",
            "unknown site W9",
        );
        let no_staff = ward_problem(a.id, PROFILE, vec![]);
        assert_bad_field(
            client
                .clone()
                .submit_roster_job(stored_request(no_staff))
                .await,
            "stored.staff",
            "at least one",
        );
        assert_eq!(app.snapshot().await, before);
        assert_eq!(job_count(&client).await, 0);
    }
}
