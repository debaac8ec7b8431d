//! RosterService end to end: jobs submitted over gRPC, solved by the real solver off the
//! async runtime, judged by the independent checker and stored, on SQLite and PostgreSQL.
//!
//! Models are small (a week on one ward, or Curtois Instance1) and limits short, so the file
//! runs in well under a minute.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime};
use crossrota_domain::access::Role;
use crossrota_domain::ids::OrgId;
use crossrota_domain::jobs::SolverBackend;
use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_domain::roster::{
    Demand, Horizon, ObjectiveWeights, RequestKind, RosterModel, RosterStaff, ShiftCode,
    ShiftRequest, ShiftType, Site, SiteCode, SkillCode, SkillGrant, StaffCode, WorkRules,
};
use crossrota_proto::convert::datetime_from_timestamp;
use crossrota_proto::crossrota::v1 as pb;
use crossrota_service::{Clock, PassportService};
use crossrota_store::Store;
use crossrota_tests::{TestApp, now};
use pb::roster_service_client::RosterServiceClient;
use pb::submit_roster_job_request::Problem;
use tokio::sync::oneshot;
use tokio_stream::StreamExt;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;
use tonic::{Code, Request, Status};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

use crate::support::{Trust, assert_bad_field, both_backends, ok, refused, violations};

/// Adds one key to every call.
#[derive(Clone)]
pub(crate) struct Key(MetadataValue<Ascii>);

impl tonic::service::Interceptor for Key {
    fn call(&mut self, mut req: Request<()>) -> Result<Request<()>, Status> {
        req.metadata_mut().insert("authorization", self.0.clone());
        Ok(req)
    }
}

pub(crate) type Client = RosterServiceClient<InterceptedService<Channel, Key>>;

/// A roster client acting with `trust`'s key on `channel`.
pub(crate) fn roster_client(channel: Channel, trust: &Trust) -> Client {
    let value = match format!("Bearer {}", trust.secret).parse() {
        Ok(v) => v,
        Err(e) => panic!("key header: {e}"),
    };
    RosterServiceClient::with_interceptor(channel, Key(value))
}

/// A trust with a rotation coordinator key and its roster client.
pub(crate) async fn planner(app: &TestApp, code: &str) -> (Trust, Client) {
    let trust = Trust::new(app, code, &[Role::RotationCoordinator]).await;
    let client = roster_client(app.channel().await, &trust);
    (trust, client)
}

/// One ward for a week from Monday 2026-11-23: early (07:00) and late (14:30) shifts of 8 h,
/// two nurses wanted early and one late each day, five nurses; A asks for the weekend off.
/// Small enough for microlp to prove optimal at once.
pub(crate) fn ward_week(org: i64) -> RosterModel {
    let nurse = |code: &str| RosterStaff {
        code: StaffCode::from(code),
        home_org: OrgId(org),
        sites: vec![SiteCode::from("W7")],
        skills: vec![SkillGrant::always(SkillCode::from("RN"))],
        unavailable_days: vec![],
        requests: vec![],
        pinned: vec![],
        cost_per_hour: 10.0,
        rules: WorkRules {
            max_consecutive_days: Some(5),
            ..WorkRules::default()
        },
        history: Default::default(),
        targets: Default::default(),
    };
    let mut staff: Vec<RosterStaff> = ["A", "B", "C", "D", "E"].map(nurse).to_vec();
    staff[0].requests = [5, 6]
        .map(|day| ShiftRequest {
            day,
            shift: None,
            kind: RequestKind::Off,
            weight: 20.0,
        })
        .to_vec();
    let shift = |code: &str, hour: u32, minute: u32| ShiftType {
        code: ShiftCode::from(code),
        site: SiteCode::from("W7"),
        start: NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default(),
        minutes: 480,
    };
    let demand = |day: u32, shift: &str, required: i32| Demand {
        site: SiteCode::from("W7"),
        day,
        shift: ShiftCode::from(shift),
        skill: SkillCode::from("RN"),
        required,
        cost_per_missing: 400.0,
        cost_per_extra: 5.0,
        hard_minimum: None,
    };
    RosterModel {
        horizon: Horizon {
            start: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
            days: 7,
        },
        sites: vec![Site {
            code: SiteCode::from("W7"),
            org: OrgId(org),
            name: "Ward 7".into(),
        }],
        shift_types: vec![shift("E", 7, 0), shift("L", 14, 30)],
        demands: (0..7)
            .flat_map(|day| [demand(day, "E", 2), demand(day, "L", 1)])
            .collect(),
        staff,
        weights: ObjectiveWeights::default(),
    }
}

/// Curtois & Qu Instance1 (8 nurses, two weeks): microlp finds good rosters at once but needs
/// far longer than a few seconds to prove the optimum.
pub(crate) fn instance1() -> RosterModel {
    let text = include_str!("../../data/curtois/Instance1.txt");
    match parse_curtois(text) {
        Ok(model) => model,
        Err(e) => panic!("Instance1 parses: {e}"),
    }
}

/// Options of the job-machinery tests: microlp on one thread, whose progress between time
/// slices and slowness to prove Instance1 optimal give running jobs to watch and cancel (HiGHS,
/// the default, proves it in under a second).
pub(crate) fn options(seconds: f64) -> pb::RosterSolveOptions {
    pb::RosterSolveOptions {
        time_limit_seconds: seconds,
        backend: pb::RosterSolverBackend::Microlp as i32,
        threads: 1,
        ..Default::default()
    }
}

pub(crate) async fn submit(client: &Client, model: &RosterModel, seconds: f64) -> pb::RosterJob {
    ok(client
        .clone()
        .submit_roster_job(pb::SubmitRosterJobRequest {
            problem: Some(Problem::Model(model.into())),
            options: Some(options(seconds)),
            name: "test job".into(),
        })
        .await)
}

pub(crate) async fn get(client: &Client, id: i64) -> pb::RosterJob {
    ok(client
        .clone()
        .get_roster_job(pb::GetRosterJobRequest { id })
        .await)
}

/// The event stream of a job.
pub(crate) type Events = tonic::Streaming<pb::RosterJobEvent>;

/// Opens a watch of a job: once this returns, the stream will see everything that follows.
pub(crate) async fn open_watch(client: &Client, id: i64) -> Events {
    ok(client
        .clone()
        .watch_roster_job(pb::WatchRosterJobRequest { id })
        .await)
}

/// Every event of a stream until it ends (at most 60 s).
pub(crate) async fn collect(mut stream: Events) -> Vec<pb::RosterJobEvent> {
    let mut events = Vec::new();
    let all = async {
        while let Some(event) = stream.next().await {
            match event {
                Ok(e) => events.push(e),
                Err(s) => panic!("watch stream failed: {s:?}"),
            }
        }
    };
    if tokio::time::timeout(Duration::from_secs(60), all)
        .await
        .is_err()
    {
        panic!("the job did not end within 60 s");
    }
    events
}

/// Every event of a job until it ends.
pub(crate) async fn watch(client: &Client, id: i64) -> Vec<pb::RosterJobEvent> {
    collect(open_watch(client, id).await).await
}

/// Waits until the job is running, by its watch stream.
pub(crate) async fn wait_running(client: &Client, id: i64) {
    let mut stream = ok(client
        .clone()
        .watch_roster_job(pb::WatchRosterJobRequest { id })
        .await);
    let running = async {
        while let Some(Ok(event)) = stream.next().await {
            if event.status == pb::RosterJobStatus::Running as i32 {
                return;
            }
        }
        panic!("job {id} ended without running");
    };
    if tokio::time::timeout(Duration::from_secs(30), running)
        .await
        .is_err()
    {
        panic!("job {id} did not start within 30 s");
    }
}

pub(crate) fn status(job: &pb::RosterJob) -> pb::RosterJobStatus {
    pb::RosterJobStatus::try_from(job.status).unwrap_or(pb::RosterJobStatus::Unspecified)
}

fn seconds_between(
    from: Option<&prost_types::Timestamp>,
    to: Option<&prost_types::Timestamp>,
) -> f64 {
    let at = |t: Option<&prost_types::Timestamp>| match t.and_then(datetime_from_timestamp) {
        Some(at) => at,
        None => panic!("missing timestamp"),
    };
    (at(to) - at(from)).as_seconds_f64()
}

pub(crate) type Assignment = (String, i32, String, String, String);

pub(crate) fn assignment_set(assignments: &[pb::RosterAssignment]) -> BTreeSet<Assignment> {
    assignments
        .iter()
        .map(|a| {
            (
                a.staff.clone(),
                a.day,
                a.site.clone(),
                a.shift.clone(),
                a.skill.clone(),
            )
        })
        .collect()
}

/// Asserts the job succeeded with a roster the checker agrees with, and returns the result.
#[track_caller]
pub(crate) fn checked_result(job: &pb::RosterJob) -> pb::RosterResult {
    assert_eq!(
        status(job),
        pb::RosterJobStatus::Succeeded,
        "error: {}",
        job.error
    );
    let Some(result) = job.result.clone() else {
        panic!("a finished job has a result");
    };
    let Some(check) = &result.check else {
        panic!("the result carries the checker's report");
    };
    assert_eq!(check.violations, vec![], "no hard rule is broken");
    let total = check.objective.as_ref().map(|o| o.total);
    assert_eq!(total, result.objective, "checker and solver agree");
    result
}

/// A second server instance over the same database, as a scaled-out deployment would run.
struct OtherInstance {
    channel: Channel,
    _stop: oneshot::Sender<()>,
    store: Store,
}

impl OtherInstance {
    async fn start(app: &TestApp) -> OtherInstance {
        let store = match Store::connect(app.db.url()).await {
            Ok(s) => s,
            Err(e) => panic!("second instance store: {e}"),
        };
        let service = match PassportService::open(store.clone(), Clock::fixed(now())).await {
            Ok(s) => s,
            Err(e) => panic!("second instance service: {e}"),
        };
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("binding: {e}"),
        };
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
        let channel = match Channel::from_shared(format!("http://{addr}")) {
            Ok(endpoint) => match endpoint.connect().await {
                Ok(c) => c,
                Err(e) => panic!("connecting to the second instance: {e}"),
            },
            Err(e) => panic!("endpoint: {e}"),
        };
        OtherInstance {
            channel,
            _stop: stop,
            store,
        }
    }
}

both_backends! {
    /// A job goes queued → running → succeeded; its watchers (on the instance running it and
    /// on another instance sharing the database) see its progress and final status; the
    /// result's checker objective equals the solver's, and every figure is there.
    async fn a_job_runs_reports_progress_and_returns_a_checked_roster(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (trust, client) = planner(&app, "RWF").await;
        let other = OtherInstance::start(&app).await;
        let other_client = roster_client(other.channel.clone(), &trust);

        // A long job holds the only solver slot, so the watchers below are in place before
        // the job under test starts, however fast it solves.
        let blocker = submit(&client, &instance1(), 30.0).await;
        wait_running(&client, blocker.id).await;
        let model = ward_week(trust.id);
        let job = submit(&client, &model, 20.0).await;
        assert_eq!(status(&job), pb::RosterJobStatus::Queued);
        assert_eq!(job.org_id, trust.id);
        assert!(job.result.is_none() && job.started_at.is_none());
        let watch_here = open_watch(&client, job.id).await;
        let watch_there = open_watch(&other_client, job.id).await;
        ok(client
            .clone()
            .cancel_roster_job(pb::CancelRosterJobRequest { id: blocker.id })
            .await);

        let (here, there) = tokio::join!(collect(watch_here), collect(watch_there));
        for events in [&here, &there] {
            let statuses: Vec<i32> = events.iter().map(|e| e.status).collect();
            assert_eq!(
                statuses.first(),
                Some(&(pb::RosterJobStatus::Queued as i32)),
                "{events:?}"
            );
            assert_eq!(
                statuses.last(),
                Some(&(pb::RosterJobStatus::Succeeded as i32)),
                "{events:?}"
            );
            assert!(events.iter().all(|e| e.job_id == job.id));
        }
        // The instance running the job forwards every report: at least one with a roster.
        assert!(
            here.iter()
                .any(|e| e.status == pb::RosterJobStatus::Running as i32 && e.incumbent.is_some()),
            "{here:?}"
        );

        let done = get(&client, job.id).await;
        let result = checked_result(&done);
        assert_eq!(result.solve_status, pb::RosterSolveStatus::Optimal as i32);
        assert!(!result.assignments.is_empty());
        assert_eq!(result.fairness.len(), model.staff.len());
        let worked: i32 = result.fairness.iter().map(|f| f.worked_minutes).sum();
        assert_eq!(
            worked,
            480 * i32::try_from(result.assignments.len()).unwrap_or(0)
        );
        assert!(result.time_to_best_ms.is_some());
        assert!(result.diff.is_none());
        let final_event = here.last().cloned().unwrap_or_default();
        assert_eq!(final_event.incumbent, result.objective);
        assert_eq!(
            done.progress.as_ref().and_then(|p| p.incumbent),
            result.objective
        );
        // Uncovered demand comes with explanations.
        let wanted: i32 = model.demands.iter().map(|d| d.required).sum();
        let covered = i32::try_from(result.assignments.len()).unwrap_or(0);
        if covered < wanted {
            assert!(!result.shortfalls.is_empty());
        }
        assert!(seconds_between(done.started_at.as_ref(), done.finished_at.as_ref()) >= 0.0);

        // The other instance reads the same job, and its store holds the same row.
        assert_eq!(get(&other_client, job.id).await, done);
        let stored = other
            .store
            .get_roster_job(crossrota_domain::ids::RosterJobId(job.id))
            .await;
        assert!(stored.is_ok_and(|r| r.status.as_str() == "succeeded"));
    }

    /// A queued job is cancelled at once; a running job stops at the solver's next check,
    /// keeps its best roster so far, and cannot be cancelled again; a cancel made through
    /// another instance stops it too.
    async fn queued_and_running_jobs_cancel(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (_, client) = planner(&app, "RWF").await;
        let running = submit(&client, &instance1(), 30.0).await;
        let queued = submit(&client, &instance1(), 30.0).await;
        wait_running(&client, running.id).await;
        let second = get(&client, queued.id).await;
        assert_eq!(
            status(&second),
            pb::RosterJobStatus::Queued,
            "one solver slot"
        );

        let cancelled = ok(client
            .clone()
            .cancel_roster_job(pb::CancelRosterJobRequest { id: queued.id })
            .await);
        assert_eq!(status(&cancelled), pb::RosterJobStatus::Cancelled);
        assert!(cancelled.started_at.is_none() && cancelled.finished_at.is_some());
        let events = watch(&client, queued.id).await;
        assert_eq!(
            events.last().map(|e| e.status),
            Some(pb::RosterJobStatus::Cancelled as i32)
        );

        // Let the running job find a roster, then stop it.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let asked = Instant::now();
        let stopping = ok(client
            .clone()
            .cancel_roster_job(pb::CancelRosterJobRequest { id: running.id })
            .await);
        assert!(stopping.cancel_requested);
        let events = watch(&client, running.id).await;
        let stopped_after = asked.elapsed();
        assert_eq!(
            events.last().map(|e| e.status),
            Some(pb::RosterJobStatus::Cancelled as i32)
        );
        assert!(
            stopped_after < Duration::from_secs(5),
            "stopped {stopped_after:?} after the cancel, not after its 30 s limit"
        );
        let stopped = get(&client, running.id).await;
        assert_eq!(status(&stopped), pb::RosterJobStatus::Cancelled);
        let Some(result) = stopped.result else {
            panic!("a cancelled job keeps its result");
        };
        assert!(
            !result.assignments.is_empty(),
            "the best roster so far is kept"
        );
        let check_total = result.check.and_then(|c| c.objective).map(|o| o.total);
        assert_eq!(check_total, result.objective);

        for id in [queued.id, running.id] {
            let status = refused(
                client
                    .clone()
                    .cancel_roster_job(pb::CancelRosterJobRequest { id })
                    .await,
                Code::FailedPrecondition,
            );
            assert!(
                status.message().contains("already ended"),
                "{}",
                status.message()
            );
        }
        // A cancel made through another instance sharing the database reaches the solver of
        // the instance running the job (which polls for it).
        let (trust, _) = planner(&app, "RWF").await;
        let other = OtherInstance::start(&app).await;
        let other_client = roster_client(other.channel.clone(), &trust);
        let remote = submit(&client, &instance1(), 30.0).await;
        wait_running(&client, remote.id).await;
        let asked = Instant::now();
        let stopping = ok(other_client
            .clone()
            .cancel_roster_job(pb::CancelRosterJobRequest { id: remote.id })
            .await);
        assert!(stopping.cancel_requested);
        let events = watch(&client, remote.id).await;
        assert_eq!(
            events.last().map(|e| e.status),
            Some(pb::RosterJobStatus::Cancelled as i32)
        );
        let stopped_after = asked.elapsed();
        assert!(stopped_after < Duration::from_secs(5), "{stopped_after:?}");
    }

    /// A 2 s job on a model that cannot be proven optimal in 2 s ends within 2.2 s of starting,
    /// and meanwhile the server answers health and passport calls at once.
    async fn the_time_limit_holds_and_other_calls_are_answered(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (trust, client) = planner(&app, "RWF").await;
        let job = submit(&client, &instance1(), 2.0).await;
        wait_running(&client, job.id).await;

        let mut health = HealthClient::new(app.channel().await);
        for _ in 0..3 {
            let asked = Instant::now();
            ok(health
                .check(HealthCheckRequest {
                    service: "crossrota.v1.RosterService".into(),
                })
                .await);
            let org = ok(trust
                .api()
                .get_organisation(pb::GetOrganisationRequest {
                    lookup: Some(pb::get_organisation_request::Lookup::Id(trust.id)),
                })
                .await);
            assert_eq!(org.code, "RWF");
            let took = asked.elapsed();
            assert!(
                took < Duration::from_millis(300),
                "answered in {took:?} while solving"
            );
            let now = get(&client, job.id).await;
            assert_eq!(status(&now), pb::RosterJobStatus::Running, "still solving");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }

        watch(&client, job.id).await;
        let done = get(&client, job.id).await;
        let result = checked_result(&done);
        assert_eq!(
            result.solve_status,
            pb::RosterSolveStatus::TimeLimit as i32,
            "the limit, not a proof, ended the solve"
        );
        let ran = seconds_between(done.started_at.as_ref(), done.finished_at.as_ref());
        assert!((1.9..=2.2).contains(&ran), "ran {ran} s for a 2 s limit");
    }

    /// A deterministic job, submitted twice, returns the same checked roster both times and
    /// says it is reproducible; its options echo the flag.
    async fn a_deterministic_job_repeats_its_roster(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (_trust, client) = planner(&app, "RWF").await;
        // One search: two would double the work budget on a machine shared with other tests.
        let deterministic = pb::RosterSolveOptions {
            time_limit_seconds: 300.0,
            seed: 3,
            threads: 1,
            deterministic: true,
            ..Default::default()
        };
        let mut results = Vec::new();
        for _ in 0..2 {
            let job = ok(client
                .clone()
                .submit_roster_job(pb::SubmitRosterJobRequest {
                    problem: Some(Problem::Model((&instance1()).into())),
                    options: Some(deterministic),
                    name: "deterministic".into(),
                })
                .await);
            assert!(job.options.is_some_and(|o| o.deterministic));
            watch(&client, job.id).await;
            results.push(checked_result(&get(&client, job.id).await));
        }
        assert!(results.iter().all(|r| r.reproducible), "work budgets ended both solves");
        assert!(!results[0].assignments.is_empty());
        assert_eq!(results[0].assignments, results[1].assignments);
        assert_eq!(results[0].objective, results[1].objective);
    }

    /// Options left unset get the engine's best, and the job says what it ran with: the best
    /// backend this server has built in (HiGHS in a default build) and one search per core.
    /// The model the job solved can be read back, equal to the one submitted.
    async fn unset_options_run_the_best_backend_and_the_model_reads_back(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (_trust, client) = planner(&app, "RWF").await;
        let model = instance1();
        let job = ok(client
            .clone()
            .submit_roster_job(pb::SubmitRosterJobRequest {
                problem: Some(Problem::Model((&model).into())),
                options: Some(pb::RosterSolveOptions {
                    time_limit_seconds: 20.0,
                    ..Default::default()
                }),
                name: "defaults".into(),
            })
            .await);
        let best = if crossrota_solver::is_built_in(SolverBackend::Highs) {
            pb::RosterSolverBackend::Highs
        } else {
            pb::RosterSolverBackend::Microlp
        };
        let options = job.options.unwrap_or_default();
        assert_eq!(options.backend, best as i32);
        let cores = i32::try_from(crossrota_solver::available_searches()).unwrap_or(0);
        assert_eq!(options.threads, cores);
        watch(&client, job.id).await;
        let done = get(&client, job.id).await;
        let result = checked_result(&done);
        assert!(!result.assignments.is_empty());
        assert_eq!(done.options, job.options, "the stored options are what ran");

        let read = ok(client
            .clone()
            .get_roster_job_model(pb::GetRosterJobRequest { id: job.id })
            .await);
        let read = crossrota_proto::convert::roster_model::roster_model("model", Some(read));
        assert_eq!(read.ok(), Some(model));
        refused(
            client
                .clone()
                .get_roster_job_model(pb::GetRosterJobRequest { id: job.id + 1000 })
                .await,
            Code::NotFound,
        );
    }

    /// Bad input is refused with INVALID_ARGUMENT naming the field; unknown ids are NOT_FOUND.
    async fn bad_input_names_the_field(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (trust, client) = planner(&app, "RWF").await;
        let good = pb::RosterModel::from(&ward_week(trust.id));
        let send = |model: Option<pb::RosterModel>, options: Option<pb::RosterSolveOptions>| {
            let mut client = client.clone();
            async move {
                client
                    .submit_roster_job(pb::SubmitRosterJobRequest {
                        problem: model.map(Problem::Model),
                        options,
                        name: String::new(),
                    })
                    .await
            }
        };
        assert_bad_field(send(None, None).await, "problem", "set model or stored");

        let mut model = good.clone();
        model.staff[3].rules = Some(pb::RosterWorkRules {
            max_consecutive_days: Some(-1),
            ..Default::default()
        });
        model.shift_types[0].start = "25:00".into();
        let status = refused(send(Some(model), None).await, Code::InvalidArgument);
        let fields: Vec<String> = violations(&status).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "model.shift_types[0].start",
                "model.staff[3].rules.max_consecutive_days"
            ]
        );

        let mut model = good.clone();
        model.demands[4].shift = "N".into();
        assert_bad_field(
            send(Some(model), None).await,
            "model",
            "demands[4]: unknown shift type N",
        );

        let bad_gap = pb::RosterSolveOptions {
            mip_gap: 2.0,
            ..Default::default()
        };
        assert_bad_field(
            send(Some(good.clone()), Some(bad_gap)).await,
            "options.mip_gap",
            "0 to 1",
        );
        let highs = pb::RosterSolveOptions {
            backend: pb::RosterSolverBackend::Highs as i32,
            ..Default::default()
        };
        // HiGHS is refused only by a server built without it (CI builds it in).
        if !crossrota_solver::is_built_in(SolverBackend::Highs) {
            assert_bad_field(
                send(Some(good.clone()), Some(highs)).await,
                "options.backend",
                "not built into this server",
            );
        } else {
            let job = send(Some(good.clone()), Some(highs)).await;
            assert!(job.is_ok(), "HiGHS job refused: {job:?}");
        }

        assert_bad_field(
            client
                .clone()
                .get_roster_job(pb::GetRosterJobRequest { id: 0 })
                .await,
            "id",
            "required",
        );
        refused(
            client
                .clone()
                .get_roster_job(pb::GetRosterJobRequest { id: 999 })
                .await,
            Code::NotFound,
        );
        refused(
            client
                .clone()
                .cancel_roster_job(pb::CancelRosterJobRequest { id: 999 })
                .await,
            Code::NotFound,
        );
        assert_bad_field(
            client
                .clone()
                .replan_roster(pb::ReplanRosterRequest {
                    published: Some(pb::replan_roster_request::Published::PublishedRoster(
                        pb::PublishedRoster {
                            model: Some(good.clone()),
                            assignments: vec![],
                        },
                    )),
                    absences: vec![pb::StaffAbsence {
                        staff: "Z".into(),
                        from_day: 0,
                        days: 3,
                    }],
                    ..Default::default()
                })
                .await,
            "absences[0].staff",
            "Z is not in the model",
        );
    }

    /// Only rotation coordinators and admins submit or cancel; a job is invisible to other
    /// organisations; any key of the owning organisation may read it.
    async fn jobs_are_private_and_need_a_planner(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (trust, client) = planner(&app, "RWF").await;
        let verifier = Trust::new(&app, "RWF", &[Role::Verifier]).await;
        let reader = roster_client(app.channel().await, &verifier);
        let refusal = refused(
            reader
                .clone()
                .submit_roster_job(pb::SubmitRosterJobRequest {
                    problem: Some(Problem::Model((&ward_week(trust.id)).into())),
                    options: Some(options(5.0)),
                    name: String::new(),
                })
                .await,
            Code::PermissionDenied,
        );
        assert!(refusal.message().contains("rotation_coordinator or admin"));

        let admin = Trust::new(&app, "RWF", &[Role::Admin]).await;
        let admins = roster_client(app.channel().await, &admin);
        let job = submit(&admins, &ward_week(trust.id), 5.0).await;
        refused(
            reader
                .clone()
                .cancel_roster_job(pb::CancelRosterJobRequest { id: job.id })
                .await,
            Code::PermissionDenied,
        );

        let (_, stranger) = planner(&app, "RVV").await;
        refused(
            stranger
                .clone()
                .get_roster_job(pb::GetRosterJobRequest { id: job.id })
                .await,
            Code::NotFound,
        );
        refused(
            stranger
                .clone()
                .watch_roster_job(pb::WatchRosterJobRequest { id: job.id })
                .await,
            Code::NotFound,
        );
        refused(
            stranger
                .clone()
                .cancel_roster_job(pb::CancelRosterJobRequest { id: job.id })
                .await,
            Code::NotFound,
        );
        refused(
            stranger
                .clone()
                .replan_roster(pb::ReplanRosterRequest {
                    published: Some(pb::replan_roster_request::Published::PublishedJobId(job.id)),
                    ..Default::default()
                })
                .await,
            Code::NotFound,
        );

        let mut anonymous = RosterServiceClient::new(app.channel().await);
        refused(
            anonymous
                .get_roster_job(pb::GetRosterJobRequest { id: job.id })
                .await,
            Code::Unauthenticated,
        );

        // The verifier of the same trust reads it; the coordinator's watch ends with it.
        watch(&client, job.id).await;
        checked_result(&get(&reader, job.id).await);
    }

    /// A replan of a published roster with a nurse off sick for three days keeps the rest of
    /// the roster where it can and reports the diff; the sick nurse works none of those days.
    async fn a_replan_reports_the_diff_against_the_published_roster(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (trust, client) = planner(&app, "RWF").await;
        let published = submit(&client, &ward_week(trust.id), 20.0).await;
        watch(&client, published.id).await;
        let before = checked_result(&get(&client, published.id).await);
        let Some(first) = before.assignments.first().cloned() else {
            panic!("the published roster has assignments");
        };
        let sick_days = first.day..first.day + 3;

        let replan = ok(client
            .clone()
            .replan_roster(pb::ReplanRosterRequest {
                published: Some(pb::replan_roster_request::Published::PublishedJobId(
                    published.id,
                )),
                absences: vec![pb::StaffAbsence {
                    staff: first.staff.clone(),
                    from_day: first.day,
                    days: 3,
                }],
                change_penalty: 50.0,
                options: Some(options(20.0)),
                name: "sickness cover".into(),
                ..Default::default()
            })
            .await);
        assert_eq!(replan.published_job_id, published.id);
        watch(&client, replan.id).await;
        let after = checked_result(&get(&client, replan.id).await);

        let old = assignment_set(&before.assignments);
        let new = assignment_set(&after.assignments);
        assert!(
            !new.iter()
                .any(|a| a.0 == first.staff && sick_days.contains(&a.1)),
            "the sick nurse is off"
        );
        let Some(diff) = after.diff else {
            panic!("a replan reports its diff");
        };
        let added = assignment_set(&diff.added);
        let removed = assignment_set(&diff.removed);
        assert_eq!(added, new.difference(&old).cloned().collect());
        assert_eq!(removed, old.difference(&new).cloned().collect());
        assert!(
            removed
                .iter()
                .any(|a| a.0 == first.staff && a.1 == first.day)
        );
        // With a penalty of 50 per change, the rest stays: far fewer changes than assignments.
        assert!(
            added.len() + removed.len() < old.len(),
            "{added:?} {removed:?}"
        );

        // The same replan from the roster given in full reports the same kind of diff.
        let full = ok(client
            .clone()
            .replan_roster(pb::ReplanRosterRequest {
                published: Some(pb::replan_roster_request::Published::PublishedRoster(
                    pb::PublishedRoster {
                        model: Some((&ward_week(trust.id)).into()),
                        assignments: before.assignments.clone(),
                    },
                )),
                absences: vec![pb::StaffAbsence {
                    staff: first.staff.clone(),
                    from_day: first.day,
                    days: 3,
                }],
                change_penalty: 50.0,
                options: Some(options(20.0)),
                ..Default::default()
            })
            .await);
        assert_eq!(full.published_job_id, 0);
        watch(&client, full.id).await;
        let given = checked_result(&get(&client, full.id).await);
        let removed_given = given
            .diff
            .map(|d| assignment_set(&d.removed))
            .unwrap_or_default();
        assert!(
            removed_given
                .iter()
                .any(|a| a.0 == first.staff && a.1 == first.day)
        );
    }
}
