//! Operating roster jobs: listing, the per-organisation limit of active jobs, and the
//! take-over of jobs whose instance died (leases), on SQLite and PostgreSQL.

use std::time::{Duration, Instant};

use crossrota_domain::ids::RosterJobId;
use crossrota_domain::jobs::{JobOptions, JobStatus, SolverBackend};
use crossrota_proto::crossrota::v1 as pb;
use crossrota_service::roster::{RosterConfig, Submission};
use crossrota_service::{Clock, PassportService, RosterService};
use crossrota_store::Store;
use crossrota_tests::{TestApp, now};
use tokio::sync::oneshot;
use tonic::Code;
use tonic::transport::Channel;

use crate::roster::{
    Client, checked_result, get, instance1, planner, roster_client, status, submit, wait_running,
    ward_week, watch,
};
use crate::support::{Trust, both_backends, ok, refused};

/// A server instance over the test app's database with a roster configuration of the test's
/// choosing.
struct Instance {
    channel: Channel,
    roster: RosterService,
    _stop: oneshot::Sender<()>,
}

impl Instance {
    async fn start(app: &TestApp, config: RosterConfig) -> Instance {
        let store = Store::connect(app.db.url())
            .await
            .unwrap_or_else(|e| panic!("instance store: {e}"));
        let passport = PassportService::open(store, Clock::fixed(now()))
            .await
            .unwrap_or_else(|e| panic!("instance service: {e}"));
        let roster = RosterService::new(passport.clone(), Clock::system(), config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("binding: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let (stop, stopped) = oneshot::channel::<()>();
        let served = roster.clone();
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            if let Err(e) = crossrota_server::serve_with(listener, passport, served, shutdown).await
            {
                panic!("instance failed: {e}");
            }
        });
        let channel = Channel::from_shared(format!("http://{addr}"))
            .unwrap_or_else(|e| panic!("endpoint: {e}"))
            .connect()
            .await
            .unwrap_or_else(|e| panic!("connecting: {e}"));
        Instance {
            channel,
            roster,
            _stop: stop,
        }
    }

    fn client(&self, trust: &Trust) -> Client {
        roster_client(self.channel.clone(), trust)
    }
}

async fn list(client: &Client, req: pb::ListRosterJobsRequest) -> pb::ListRosterJobsResponse {
    ok(client.clone().list_roster_jobs(req).await)
}

fn short_leases() -> RosterConfig {
    RosterConfig {
        lease: Duration::from_secs(3),
        poll_interval: Duration::from_millis(100),
        ..RosterConfig::default()
    }
}

/// An instance that crashes: in a runtime of its own on another thread it accepts
/// `queued + 1` jobs of `secret`'s organisation (one slot: the first runs, a 3 s solve of
/// Instance1; the others, ward weeks, wait queued), then its runtime is torn down mid-solve
/// without any chance to record anything. Returns its instance name and the job ids.
fn crashed_instance(url: String, secret: String, org: i64, queued: usize) -> (String, Vec<i64>) {
    let crashed = std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("runtime: {e}"));
        let out = runtime.block_on(async {
            let store = Store::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
            let passport = PassportService::open(store.clone(), Clock::fixed(now()))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let roster = RosterService::new(passport.clone(), Clock::system(), short_leases());
            let caller = passport
                .authenticate(&secret)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let job = |model, seconds| Submission {
                model,
                // microlp on one thread: slow enough on Instance1 to be caught running.
                options: JobOptions {
                    time_limit: Duration::from_secs(seconds),
                    backend: Some(SolverBackend::Microlp),
                    threads: Some(1),
                    ..JobOptions::default()
                },
                name: "orphan".into(),
            };
            let mut ids = vec![
                roster
                    .submit(&caller, job(instance1(), 3))
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
                    .id
                    .0,
            ];
            for _ in 0..queued {
                ids.push(
                    roster
                        .submit(&caller, job(ward_week(org), 20))
                        .await
                        .unwrap_or_else(|e| panic!("{e}"))
                        .id
                        .0,
                );
            }
            let deadline = Instant::now() + Duration::from_secs(30);
            while store
                .roster_job_state(RosterJobId(ids[0]))
                .await
                .map(|s| s.status != JobStatus::Running)
                .unwrap_or(true)
            {
                assert!(Instant::now() < deadline, "the first job never started");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (roster.instance().to_owned(), ids)
        });
        // Tasks stop where they are: nothing more is written for these jobs.
        runtime.shutdown_background();
        out
    });
    crashed
        .join()
        .unwrap_or_else(|_| panic!("the crashing instance panicked"))
}

both_backends! {
    /// Jobs list newest first in pages, filter by status, leave results out, and only the
    /// owning organisation sees them.
    async fn jobs_list_newest_first_for_their_organisation_only(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (trust, client) = planner(&app, "RWF").await;
        let mut ids = Vec::new();
        for _ in 0..3 {
            let job = submit(&client, &ward_week(trust.id), 20.0).await;
            ids.push(job.id);
        }
        for id in &ids {
            watch(&client, *id).await;
        }
        let blocker = submit(&client, &instance1(), 30.0).await;
        wait_running(&client, blocker.id).await;

        let first = list(
            &client,
            pb::ListRosterJobsRequest {
                page_size: 2,
                ..Default::default()
            },
        )
        .await;
        let got: Vec<i64> = first.jobs.iter().map(|j| j.id).collect();
        assert_eq!(got, [blocker.id, ids[2]]);
        assert!(
            first.jobs.iter().all(|j| j.result.is_none()),
            "no results in a listing"
        );
        assert_eq!(first.jobs[0].org_id, trust.id);
        assert!(!first.next_page_token.is_empty());
        let second = list(
            &client,
            pb::ListRosterJobsRequest {
                page_size: 2,
                page_token: first.next_page_token.clone(),
                ..Default::default()
            },
        )
        .await;
        let got: Vec<i64> = second.jobs.iter().map(|j| j.id).collect();
        assert_eq!(got, [ids[1], ids[0]]);
        let running = list(
            &client,
            pb::ListRosterJobsRequest {
                status: pb::RosterJobStatus::Running as i32,
                ..Default::default()
            },
        )
        .await;
        let got: Vec<i64> = running.jobs.iter().map(|j| j.id).collect();
        assert_eq!(got, [blocker.id]);
        assert!(running.next_page_token.is_empty());
        let succeeded = list(
            &client,
            pb::ListRosterJobsRequest {
                status: pb::RosterJobStatus::Succeeded as i32,
                ..Default::default()
            },
        )
        .await;
        assert_eq!(succeeded.jobs.len(), 3);
        // The listing shows what Get shows, less the result.
        let mut full = get(&client, ids[2]).await;
        full.result = None;
        assert_eq!(first.jobs[1], full);

        let (_, stranger) = planner(&app, "RVV").await;
        let theirs = list(&stranger, pb::ListRosterJobsRequest::default()).await;
        assert_eq!(theirs.jobs, vec![]);
        assert!(theirs.next_page_token.is_empty());
        refused(
            client
                .clone()
                .list_roster_jobs(pb::ListRosterJobsRequest {
                    page_token: "x".into(),
                    ..Default::default()
                })
                .await,
            Code::InvalidArgument,
        );
        ok(client
            .clone()
            .cancel_roster_job(pb::CancelRosterJobRequest { id: blocker.id })
            .await);
    }

    /// Beyond the server's limit of queued and running jobs per organisation, submissions and
    /// replans are RESOURCE_EXHAUSTED saying why; other organisations are unaffected, and an
    /// ended job makes room again.
    async fn the_limit_of_active_jobs_per_organisation_holds(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let instance = Instance::start(
            &app,
            RosterConfig {
                max_active_jobs_per_org: 2,
                ..RosterConfig::default()
            },
        )
        .await;
        let (trust, _) = planner(&app, "RWF").await;
        let client = instance.client(&trust);
        let running = submit(&client, &instance1(), 30.0).await;
        let queued = submit(&client, &instance1(), 30.0).await;
        let refusal = refused(
            client
                .clone()
                .submit_roster_job(pb::SubmitRosterJobRequest {
                    problem: Some(pb::submit_roster_job_request::Problem::Model(
                        (&ward_week(trust.id)).into(),
                    )),
                    options: Some(crate::roster::options(5.0)),
                    name: String::new(),
                })
                .await,
            Code::ResourceExhausted,
        );
        assert!(
            refusal
                .message()
                .contains("2 roster jobs queued or running"),
            "{}",
            refusal.message()
        );
        refused(
            client
                .clone()
                .replan_roster(pb::ReplanRosterRequest {
                    published: Some(pb::replan_roster_request::Published::PublishedRoster(
                        pb::PublishedRoster {
                            model: Some((&ward_week(trust.id)).into()),
                            assignments: vec![],
                        },
                    )),
                    options: Some(crate::roster::options(5.0)),
                    ..Default::default()
                })
                .await,
            Code::ResourceExhausted,
        );
        let (other, _) = planner(&app, "RVV").await;
        let theirs = submit(&instance.client(&other), &ward_week(other.id), 5.0).await;
        assert_eq!(theirs.org_id, other.id, "another organisation has room");

        ok(client
            .clone()
            .cancel_roster_job(pb::CancelRosterJobRequest { id: queued.id })
            .await);
        let again = submit(&client, &ward_week(trust.id), 5.0).await;
        assert_eq!(status(&again), pb::RosterJobStatus::Queued);
        ok(client
            .clone()
            .cancel_roster_job(pb::CancelRosterJobRequest { id: running.id })
            .await);
        watch(&client, again.id).await;
    }

    /// An instance dies with one job running and one queued: once their leases expire, the
    /// live instances sharing the database take both over and finish them; a job whose owner
    /// is alive (its heartbeat fresh) is left alone.
    async fn jobs_of_a_dead_instance_are_taken_over(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (trust, _) = planner(&app, "RWF").await;
        let store = app.service.store().clone();
        let (dead, orphans) =
            crashed_instance(app.db.url().to_owned(), trust.secret.clone(), trust.id, 1);
        for id in &orphans {
            let row = store
                .get_roster_job(RosterJobId(*id))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(row.owner.as_deref(), Some(dead.as_str()));
        }

        // A live instance with the same leases runs a long job meanwhile.
        let alive = Instance::start(&app, short_leases()).await;
        let alive_client = alive.client(&trust);
        let busy = submit(&alive_client, &instance1(), 30.0).await;
        wait_running(&alive_client, busy.id).await;
        let busy_started = store
            .get_roster_job(RosterJobId(busy.id))
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .started_at;

        let rescuer = Instance::start(&app, short_leases()).await;
        let client = rescuer.client(&trust);
        for id in &orphans {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                let job = get(&client, *id).await;
                if status(&job) == pb::RosterJobStatus::Succeeded {
                    checked_result(&job);
                    break;
                }
                assert!(
                    !matches!(
                        status(&job),
                        pb::RosterJobStatus::Failed | pb::RosterJobStatus::Cancelled
                    ),
                    "orphan {id} ended {:?}: {}",
                    status(&job),
                    job.error
                );
                assert!(Instant::now() < deadline, "orphan {id} was not finished");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let row = store
                .get_roster_job(RosterJobId(*id))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            // Both live instances look for expired leases; one of them won each claim.
            let owner = row.owner.unwrap_or_default();
            assert!(
                owner == rescuer.roster.instance() || owner == alive.roster.instance(),
                "taken over by a live instance, not {owner} (the dead one is {dead})"
            );
        }
        let busy_row = store
            .get_roster_job(RosterJobId(busy.id))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        // Never claimed: still its first start, by its own instance, running or done by it.
        assert!(
            matches!(
                busy_row.status,
                JobStatus::Running | JobStatus::Succeeded
            ),
            "{:?}: {:?}",
            busy_row.status,
            busy_row.error
        );
        assert_eq!(busy_row.started_at, busy_started, "never restarted");
        assert_eq!(
            busy_row.owner.as_deref(),
            Some(alive.roster.instance()),
            "and not taken"
        );
        watch(&alive_client, busy.id).await;
    }
}
