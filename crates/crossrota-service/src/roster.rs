//! Roster jobs: solve a shared roster in the background, follow its progress, read the checked
//! result, cancel it, and replan a published roster after changes.
//!
//! A job is a row in the store (so any instance sharing the database can read it) and, on the
//! instance that runs it, a live entry with a broadcast channel and a cancel flag. Solving runs
//! off the async runtime on a bounded pool ([`RosterConfig::solver_slots`] permits of a
//! semaphore, each solve on a `spawn_blocking` thread). Every roster is judged by the
//! independent checker before the job succeeds.
//!
//! Rules: submitting, cancelling and replanning need the rotation coordinator or admin role;
//! a job is visible to its own organisation only (to everyone else it does not exist). An
//! organisation may have at most [`RosterConfig::max_active_jobs_per_org`] jobs queued or
//! running at once.
//!
//! Several instances may share one database: each active job is leased by the instance that
//! holds it, and any instance takes over jobs whose lease expired (see `lease`).

mod job;
mod judge;
mod lease;
mod registry;
mod replan;
mod runner;
mod stored;
mod watch;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossrota_domain::FieldErrors;
use crossrota_domain::access::Role;
use crossrota_domain::ids::RosterJobId;
use crossrota_domain::jobs::{JobOptions, JobStatus};
use crossrota_domain::roster::stored::StoredProblem;
use crossrota_domain::roster::{ModelError, Roster, RosterModel, RosterOutcome, validate};
use crossrota_store::{NewRosterJob, Page, RosterJobAdmission, RosterJobRecord, Store, StoreError};
use tokio::sync::{Semaphore, mpsc};

pub use job::{RosterJob, RosterJobEvent};
pub use replan::{Absence, Published, Replan};

use crate::access::Caller;
use crate::clock::Clock;
use crate::error::{Result, ServiceError};
use crate::passport::PassportService;
use job::{ReplanBasis, from_json, to_json};
use registry::Registry;
use runner::JobRun;

/// The longest job name.
pub const MAX_JOB_NAME_LEN: usize = 200;

/// How a roster service runs its jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterConfig {
    /// How many solves may run at once; further jobs wait queued.
    pub solver_slots: usize,
    /// How often jobs of other instances (and cancel requests made through them) are polled
    /// in the store.
    pub poll_interval: Duration,
    /// How long an instance may go without renewing its lease on a job before another
    /// instance takes the job over. Leases are renewed three times per lease; keep it well
    /// above the clock skew between instances and any pause the store may have.
    pub lease: Duration,
    /// Most jobs one organisation may have queued or running at once; submissions and
    /// replans beyond it are refused as resource exhausted.
    pub max_active_jobs_per_org: usize,
}

impl Default for RosterConfig {
    /// One solve at a time (a MIP solve keeps a core busy), polling four times a second,
    /// 30 s leases, 20 active jobs per organisation.
    fn default() -> Self {
        Self {
            solver_slots: 1,
            poll_interval: Duration::from_millis(250),
            lease: Duration::from_secs(30),
            max_active_jobs_per_org: 20,
        }
    }
}

/// A job to submit.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// The planning problem.
    pub model: RosterModel,
    /// Solve options.
    pub options: JobOptions,
    /// A label, at most [`MAX_JOB_NAME_LEN`] characters.
    pub name: String,
}

/// A job to submit over stored staff and profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSubmission {
    /// The problem.
    pub problem: StoredProblem,
    /// Solve options.
    pub options: JobOptions,
    /// A label, at most [`MAX_JOB_NAME_LEN`] characters.
    pub name: String,
}

/// The roster job use cases over one store. Cheap to clone: clones share the jobs.
#[derive(Debug, Clone)]
pub struct RosterService {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) store: Store,
    /// Reads passports for problems over stored staff (access rules and audit).
    pub(crate) passport: PassportService,
    /// This instance's name as the owner of the jobs it holds; random per service.
    pub(crate) instance: String,
    /// Set by [`RosterService::shutdown`]: take over no more jobs.
    pub(crate) stopping: AtomicBool,
    /// Times the jobs: submission, start and end (a real clock, since these measure solves).
    pub(crate) clock: Clock,
    pub(crate) slots: Arc<Semaphore>,
    pub(crate) registry: Registry,
    pub(crate) config: RosterConfig,
}

impl Inner {
    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

impl RosterService {
    /// A service over the passport service's store, timing its jobs (and their leases) with
    /// `clock`. Inside a tokio runtime it starts renewing its leases and taking over jobs whose
    /// lease expired at once (the first scan finds jobs orphaned while no instance ran).
    pub fn new(passport: PassportService, clock: Clock, config: RosterConfig) -> Self {
        let inner = Arc::new(Inner {
            store: passport.store().clone(),
            passport,
            instance: crate::keys::generate_secret()
                .trim_start_matches(crate::keys::KEY_PREFIX)
                .chars()
                .take(24)
                .collect(),
            stopping: AtomicBool::new(false),
            clock,
            slots: Arc::new(Semaphore::new(config.solver_slots.max(1))),
            registry: Registry::default(),
            config,
        });
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(lease::maintain(Arc::downgrade(&inner)));
        }
        Self { inner }
    }

    /// This instance's name as stored in the jobs it holds.
    pub fn instance(&self) -> &str {
        &self.inner.instance
    }

    /// Queues a solve of `submission.model` and returns the job (queued).
    pub async fn submit(&self, caller: &Caller, submission: Submission) -> Result<RosterJob> {
        require_planner(caller, "submitting a roster job")?;
        check_name(&submission.name)?;
        let (job_options, options) = checked_options(&submission.options)?;
        validate(&submission.model).map_err(|errs| model_errors("model", errs))?;
        self.queue(
            caller,
            submission.model,
            &job_options,
            options,
            submission.name,
        )
        .await
    }

    /// Queues a solve of a problem over stored staff and profiles: each person's skills are
    /// the days their passport is compliant with each profile of the demand. The job stores
    /// the model built, so it reads like any other. Bad references are invalid arguments
    /// naming the field, refused before any passport is read; people the caller may not
    /// verify are refused as by verification, with nothing stored.
    pub async fn submit_stored(
        &self,
        caller: &Caller,
        submission: StoredSubmission,
    ) -> Result<RosterJob> {
        require_planner(caller, "submitting a roster job")?;
        check_name(&submission.name)?;
        let (job_options, options) = checked_options(&submission.options)?;
        let problem = &submission.problem;
        let resolved = stored::resolve(&self.inner.store, caller, problem).await?;
        // Everything but eligibility is checked before passports are read (and audited).
        validate(&stored::build_model(problem, &resolved, None))
            .map_err(stored::scoped_model_errors)?;
        self.check_room(caller).await?;
        let reason = match problem.reason.trim() {
            "" => format!("roster job {:?}", submission.name),
            given => given.to_owned(),
        };
        let grants =
            stored::eligibility(&self.inner.passport, caller, problem, &resolved, &reason).await?;
        let model = stored::build_model(problem, &resolved, Some(&grants));
        // What remains is a pin on a day its person is not eligible; the passports were read
        // (and that stays in the audit log), but no job is stored.
        validate(&model).map_err(stored::scoped_model_errors)?;
        self.queue(caller, model, &job_options, options, submission.name)
            .await
    }

    /// Stores a plain job within the organisation's limit and starts it.
    async fn queue(
        &self,
        caller: &Caller,
        model: RosterModel,
        job_options: &JobOptions,
        options: crossrota_solver::SolveOptions,
        name: String,
    ) -> Result<RosterJob> {
        let record = self
            .admit(NewRosterJob {
                org: caller.org(),
                name,
                model: to_json("model", &model)?,
                options: to_json("options", job_options)?,
                replan: None,
                created_at: self.inner.clock.now(),
                owner: self.inner.instance.clone(),
            })
            .await?;
        self.start(&record, model, options, None);
        RosterJob::from_record(&record)
    }

    /// Stores a job unless its organisation has no room for another active one.
    async fn admit(&self, job: NewRosterJob) -> Result<RosterJobRecord> {
        let max = self.inner.config.max_active_jobs_per_org;
        let limit = u64::try_from(max).unwrap_or(u64::MAX);
        match self.inner.store.admit_roster_job(&job, limit).await? {
            RosterJobAdmission::Created(record) => Ok(*record),
            RosterJobAdmission::Full { active } => Err(full(active, max)),
        }
    }

    /// Refuses early when the organisation has no room for another job (before passports
    /// are read for one); [`RosterService::admit`] decides for good.
    async fn check_room(&self, caller: &Caller) -> Result<()> {
        let max = self.inner.config.max_active_jobs_per_org;
        let active = self
            .inner
            .store
            .count_active_roster_jobs(caller.org())
            .await?;
        if active >= u64::try_from(max).unwrap_or(u64::MAX) {
            return Err(full(active, max));
        }
        Ok(())
    }

    /// A page of the caller's organisation's jobs, newest first, optionally of one status,
    /// without their results; and where the next page starts (`None` after the last).
    pub async fn list(
        &self,
        caller: &Caller,
        status: Option<JobStatus>,
        page: Page<RosterJobId>,
    ) -> Result<(Vec<RosterJob>, Option<RosterJobId>)> {
        let rows = self
            .inner
            .store
            .list_roster_jobs(caller.org(), status, page)
            .await?;
        let limit = page.limit.clamp(1, crossrota_store::MAX_PAGE) as usize;
        let next = if rows.len() >= limit {
            rows.last().map(|r| r.id)
        } else {
            None
        };
        let jobs = rows
            .iter()
            .map(RosterJob::from_summary)
            .collect::<Result<Vec<_>>>()?;
        Ok((jobs, next))
    }

    /// Queues a re-solve of a published roster after `replan`'s changes, with every change
    /// to the published roster costing `replan.change_penalty`. The job's result carries the
    /// diff against the published roster.
    pub async fn replan(&self, caller: &Caller, replan: Replan) -> Result<RosterJob> {
        require_planner(caller, "replanning a roster")?;
        check_name(&replan.name)?;
        let (job_options, options) = checked_options(&replan.options)?;
        if !(replan.change_penalty.is_finite() && replan.change_penalty >= 0.0) {
            return Err(ServiceError::invalid(
                "change_penalty",
                "must be a finite number, 0 or more",
            ));
        }
        let (published_job, model, roster) = match replan.published {
            Published::Job(id) => {
                let (model, roster) = self.published_job(caller, id).await?;
                (Some(id), model, roster)
            }
            Published::Roster { model, roster } => {
                validate(&model).map_err(|e| model_errors("published_roster.model", e))?;
                replan::check_published("published_roster.assignments", &model, &roster)?;
                (None, model, roster)
            }
        };
        let base = replan::apply_changes(&model, &replan.absences, &replan.extra_demands)?;
        let solved = replan::penalise_changes(&base, &roster, replan.change_penalty);
        // What remains wrong comes from the changes meeting the model (e.g. a pin that now
        // breaks a rule); it is reported on the oneof the model came from.
        validate(&solved).map_err(|e| model_errors("published", e))?;
        let basis = ReplanBasis {
            published_job: published_job.map(|id| id.0),
            base_model: base,
            published: roster.clone(),
            change_penalty: replan.change_penalty,
        };
        let record = self
            .admit(NewRosterJob {
                org: caller.org(),
                name: replan.name,
                model: to_json("published", &solved)?,
                options: to_json("options", &job_options)?,
                replan: Some(to_json("published", &basis)?),
                created_at: self.inner.clock.now(),
                owner: self.inner.instance.clone(),
            })
            .await?;
        self.start(&record, solved, options, Some(roster));
        RosterJob::from_record(&record)
    }

    /// Registers a stored job and spawns its task.
    fn start(
        &self,
        record: &RosterJobRecord,
        model: RosterModel,
        options: crossrota_solver::SolveOptions,
        published: Option<Roster>,
    ) {
        spawn_job(&self.inner, record.id, model, options, published);
    }

    /// A job of the caller's organisation; `NotFound` for any other.
    pub async fn get(&self, caller: &Caller, id: RosterJobId) -> Result<RosterJob> {
        RosterJob::from_record(&self.visible(caller, id).await?)
    }

    /// The model a job of the caller's organisation solves (for a stored problem, as built at
    /// submission), so a caller can draw or re-check its roster.
    pub async fn model(&self, caller: &Caller, id: RosterJobId) -> Result<RosterModel> {
        let record = self.visible(caller, id).await?;
        from_json(&record, "model", &record.model)
    }

    /// Follows a job of the caller's organisation: its current state, every progress report,
    /// its final status; the receiver closes after the final status.
    pub async fn watch(
        &self,
        caller: &Caller,
        id: RosterJobId,
    ) -> Result<mpsc::Receiver<RosterJobEvent>> {
        let record = self.visible(caller, id).await?;
        if let Some(live) = self.inner.registry.get(id) {
            return Ok(watch::follow_live(live));
        }
        let first = RosterJob::from_record(&record)?.event();
        Ok(watch::follow_stored(
            self.inner.store.clone(),
            first,
            self.inner.config.poll_interval,
        ))
    }

    /// Cancels a job of the caller's organisation: a queued job ends at once, a running one
    /// stops at the solver's next check and keeps its best roster. Returns the job as it
    /// stands. A job that has ended is a conflict.
    pub async fn cancel(&self, caller: &Caller, id: RosterJobId) -> Result<RosterJob> {
        require_planner(caller, "cancelling a roster job")?;
        let record = self.visible(caller, id).await?;
        let store = &self.inner.store;
        let live = self.inner.registry.get(id);
        let mut status = record.status;
        if status == JobStatus::Queued {
            if store
                .cancel_queued_roster_job(id, self.inner.clock.now())
                .await?
            {
                if let Some(live) = &live {
                    live.request_cancel();
                }
                return self.get(caller, id).await;
            }
            status = store.roster_job_state(id).await?.status;
        }
        if status == JobStatus::Running && store.request_roster_job_cancel(id).await? {
            if let Some(live) = &live {
                live.request_cancel();
            }
            return self.get(caller, id).await;
        }
        let status = store.roster_job_state(id).await?.status;
        Err(ServiceError::Store(StoreError::Conflict(format!(
            "roster job {id} has already ended ({})",
            status.as_str()
        ))))
    }

    /// Asks every job of this instance to stop and waits up to `grace` for them to record
    /// their end: a stopping server leaves no job running in the store that nobody runs.
    pub async fn shutdown(&self, grace: Duration) {
        self.inner.stopping.store(true, Ordering::SeqCst);
        for (id, live) in self.inner.registry.all() {
            let now = self.inner.clock.now();
            match self.inner.store.cancel_queued_roster_job(id, now).await {
                Ok(_) => {}
                Err(e) => tracing::warn!(job = %id, error = %e, "cancelling a queued roster job"),
            }
            live.request_cancel();
        }
        let deadline = tokio::time::Instant::now() + grace;
        while !self.inner.registry.all().is_empty() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The stored job, if the caller's organisation owns it.
    async fn visible(&self, caller: &Caller, id: RosterJobId) -> Result<RosterJobRecord> {
        let record = self.inner.store.get_roster_job(id).await?;
        if record.org == caller.org() {
            Ok(record)
        } else {
            // Another organisation's job is indistinguishable from a missing one.
            Err(ServiceError::NotFound(format!("roster job {id} not found")))
        }
    }

    /// The base model and roster of a finished job to replan.
    async fn published_job(
        &self,
        caller: &Caller,
        id: RosterJobId,
    ) -> Result<(RosterModel, Roster)> {
        let record = self.visible(caller, id).await?;
        let roster = record
            .result
            .as_deref()
            .map(|text| from_json::<RosterOutcome>(&record, "result", text))
            .transpose()?
            .and_then(|outcome| outcome.roster)
            .filter(|_| record.status.is_finished());
        let Some(roster) = roster else {
            return Err(ServiceError::Store(StoreError::Conflict(format!(
                "roster job {id} has no roster to replan ({})",
                record.status.as_str()
            ))));
        };
        let model = match &record.replan {
            // A replan of a replan starts from the same base, not from the penalised model.
            Some(text) => from_json::<ReplanBasis>(&record, "replan", text)?.base_model,
            None => from_json(&record, "model", &record.model)?,
        };
        Ok((model, roster))
    }
}

/// Registers a job this instance holds and spawns its task.
fn spawn_job(
    inner: &Arc<Inner>,
    id: RosterJobId,
    model: RosterModel,
    options: crossrota_solver::SolveOptions,
    published: Option<Roster>,
) {
    let live = inner.registry.add(id);
    let run = JobRun {
        id,
        live,
        model,
        options,
        published,
    };
    tokio::spawn(runner::run(Arc::clone(inner), run));
}

/// Runs a job this instance has just taken over, from what the store holds of it. A job
/// whose cancel was requested before its owner died ends cancelled; one whose stored
/// documents do not parse ends failed.
pub(crate) async fn resume(inner: &Arc<Inner>, id: RosterJobId) -> Result<()> {
    let record = inner.store.get_roster_job(id).await?;
    let end = |status, error: String| crossrota_store::RosterJobEnd {
        status,
        result: None,
        error: Some(error),
        progress: None,
        at: inner.clock.now(),
    };
    if record.cancel_requested {
        let ending = end(
            JobStatus::Cancelled,
            "cancelled; the instance running it stopped before it ended".to_owned(),
        );
        inner
            .store
            .finish_roster_job(id, &inner.instance, &ending)
            .await?;
        return Ok(());
    }
    let inputs = (|| -> Result<_> {
        let model: RosterModel = from_json(&record, "model", &record.model)?;
        let job_options: JobOptions = from_json(&record, "options", &record.options)?;
        let published = record
            .replan
            .as_deref()
            .map(|text| from_json::<ReplanBasis>(&record, "replan", text))
            .transpose()?
            .map(|basis| basis.published);
        Ok((model, solve_options(&job_options)?, published))
    })();
    match inputs {
        Ok((model, options, published)) => {
            spawn_job(inner, id, model, options, published);
            Ok(())
        }
        Err(e) => {
            let ending = end(JobStatus::Failed, format!("could not resume: {e}"));
            inner
                .store
                .finish_roster_job(id, &inner.instance, &ending)
                .await?;
            Err(e)
        }
    }
}

/// The refusal of a job beyond the organisation's limit.
fn full(active: u64, max: usize) -> ServiceError {
    ServiceError::ResourceExhausted(format!(
        "your organisation has {active} roster jobs queued or running, the most this server \
         allows at once ({max}); wait for one to end or cancel one, then submit again"
    ))
}

fn require_planner(caller: &Caller, action: &str) -> Result<()> {
    caller.require_any(&[Role::RotationCoordinator, Role::Admin], action)
}

fn check_name(name: &str) -> Result<()> {
    if name.chars().count() > MAX_JOB_NAME_LEN {
        return Err(ServiceError::invalid(
            "name",
            format!("at most {MAX_JOB_NAME_LEN} characters"),
        ));
    }
    Ok(())
}

/// A job's options with its unspecified choices made (so the job shows what it runs with: the
/// best backend built in, one search per core), and the solver's options for them; values no
/// solve can use are refused.
fn checked_options(options: &JobOptions) -> Result<(JobOptions, crossrota_solver::SolveOptions)> {
    options.validate("options")?;
    let solve = solve_options(options)?;
    let resolved = JobOptions {
        backend: Some(solve.backend),
        threads: Some(solve.threads),
        ..*options
    };
    Ok((resolved, solve))
}

/// The solve a job asks for, with unspecified choices made the best way this server can (the
/// best backend built in, one search per core); a backend not built in is refused on
/// `options.backend`.
pub(crate) fn solve_options(options: &JobOptions) -> Result<crossrota_solver::SolveOptions> {
    crossrota_solver::SolveOptions::for_job(options).map_err(|e| match e {
        crossrota_solver::SolveError::BackendNotBuilt(_) => {
            ServiceError::invalid("options.backend", "not built into this server")
        }
        other => ServiceError::invalid("options", other.to_string()),
    })
}

/// Model validation errors as field errors on `field`, each naming the bad item.
fn model_errors(field: &str, errors: Vec<ModelError>) -> ServiceError {
    ServiceError::InvalidArgument(FieldErrors(
        errors
            .into_iter()
            .map(|e| crossrota_domain::FieldError::new(field, e.to_string()))
            .collect(),
    ))
}
