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
//! a job is visible to its own organisation only (to everyone else it does not exist).

mod job;
mod judge;
mod registry;
mod replan;
mod runner;
mod watch;

use std::sync::Arc;
use std::time::Duration;

use crossrota_domain::FieldErrors;
use crossrota_domain::access::Role;
use crossrota_domain::roster::{ModelError, Roster, RosterModel, validate};
use crossrota_store::{NewRosterJob, RosterJobRecord, Store, StoreError};
use tokio::sync::{Semaphore, mpsc};

pub use crossrota_store::{RosterJobId, RosterJobStatus};
pub use job::{
    FairnessLine, JobOptions, JobProgress, RosterDiff, RosterJob, RosterJobEvent, RosterOutcome,
    SolveOutcome, SolverBackend,
};
pub use replan::{Absence, Published, Replan};

use crate::access::Caller;
use crate::clock::Clock;
use crate::error::{Result, ServiceError};
use job::{ReplanBasis, from_json, to_json};
use registry::Registry;
use runner::JobRun;

/// The longest job name.
pub const MAX_JOB_NAME_LEN: usize = 200;

/// The longest time limit a job may ask for.
pub const MAX_TIME_LIMIT: Duration = Duration::from_secs(3600);

/// How a roster service runs its jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterConfig {
    /// How many solves may run at once; further jobs wait queued.
    pub solver_slots: usize,
    /// How often jobs of other instances (and cancel requests made through them) are polled
    /// in the store.
    pub poll_interval: Duration,
}

impl Default for RosterConfig {
    /// One solve at a time (a MIP solve keeps a core busy), polling four times a second.
    fn default() -> Self {
        Self {
            solver_slots: 1,
            poll_interval: Duration::from_millis(250),
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

/// The roster job use cases over one store. Cheap to clone: clones share the jobs.
#[derive(Debug, Clone)]
pub struct RosterService {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) store: Store,
    /// Times the jobs: submission, start and end (a real clock, since these measure solves).
    pub(crate) clock: Clock,
    pub(crate) slots: Arc<Semaphore>,
    pub(crate) registry: Registry,
    pub(crate) config: RosterConfig,
}

impl RosterService {
    /// A service over `store` timing its jobs with `clock`.
    pub fn new(store: Store, clock: Clock, config: RosterConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                clock,
                slots: Arc::new(Semaphore::new(config.solver_slots.max(1))),
                registry: Registry::default(),
                config,
            }),
        }
    }

    /// Queues a solve of `submission.model` and returns the job (queued).
    pub async fn submit(&self, caller: &Caller, submission: Submission) -> Result<RosterJob> {
        require_planner(caller, "submitting a roster job")?;
        check_name(&submission.name)?;
        let options = checked_options(&submission.options)?;
        validate(&submission.model).map_err(|errs| model_errors("model", errs))?;
        let record = self
            .inner
            .store
            .create_roster_job(&NewRosterJob {
                org: caller.org(),
                name: submission.name,
                model: to_json("model", &submission.model)?,
                options: to_json("options", &submission.options)?,
                replan: None,
                created_at: self.inner.clock.now(),
            })
            .await?;
        self.start(&record, submission.model, options, None);
        RosterJob::from_record(&record)
    }

    /// Queues a re-solve of a published roster after `replan`'s changes, with every change
    /// to the published roster costing `replan.change_penalty`. The job's result carries the
    /// diff against the published roster.
    pub async fn replan(&self, caller: &Caller, replan: Replan) -> Result<RosterJob> {
        require_planner(caller, "replanning a roster")?;
        check_name(&replan.name)?;
        let options = checked_options(&replan.options)?;
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
            .inner
            .store
            .create_roster_job(&NewRosterJob {
                org: caller.org(),
                name: replan.name,
                model: to_json("published", &solved)?,
                options: to_json("options", &replan.options)?,
                replan: Some(to_json("published", &basis)?),
                created_at: self.inner.clock.now(),
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
        let live = self.inner.registry.add(record.id);
        let run = JobRun {
            id: record.id,
            live,
            model,
            options,
            published,
        };
        tokio::spawn(runner::run(Arc::clone(&self.inner), run));
    }

    /// A job of the caller's organisation; `NotFound` for any other.
    pub async fn get(&self, caller: &Caller, id: RosterJobId) -> Result<RosterJob> {
        RosterJob::from_record(&self.visible(caller, id).await?)
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
        if status == RosterJobStatus::Queued {
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
        if status == RosterJobStatus::Running && store.request_roster_job_cancel(id).await? {
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

/// The solver's options for a job, refusing values no solve can use.
fn checked_options(options: &JobOptions) -> Result<crossrota_solver::SolveOptions> {
    let mut errs = FieldErrors::new();
    if options.time_limit.is_zero() || options.time_limit > MAX_TIME_LIMIT {
        errs.push(
            "options.time_limit_seconds",
            format!(
                "must be more than 0 and at most {}",
                MAX_TIME_LIMIT.as_secs()
            ),
        );
    }
    if !(options.mip_gap.is_finite() && (0.0..=1.0).contains(&options.mip_gap)) {
        errs.push("options.mip_gap", "must be 0 to 1");
    }
    if options.threads == 0 {
        errs.push("options.threads", "must be at least 1");
    }
    errs.into_result(())?;
    options.solve_options()
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
