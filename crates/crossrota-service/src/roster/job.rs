//! What a roster job is to its callers: options, progress, events, the checked outcome, and
//! how each of them is kept as JSON in the job's row.

use std::time::Duration;

use chrono::{DateTime, Utc};
use crossrota_domain::ids::OrgId;
use crossrota_domain::roster::{
    Assignment, CheckReport, Roster, RosterModel, Shortfall, StaffCode,
};
use crossrota_solver::{Backend, SolveOptions};
use crossrota_store::{RosterJobId, RosterJobRecord, RosterJobStatus, RosterJobSummary};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Result, ServiceError};

/// The MIP solver a job uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverBackend {
    /// Pure-Rust microlp: always built in, reports progress while it runs.
    #[default]
    Microlp,
    /// HiGHS: only when this crate is built with the `highs` feature.
    Highs,
}

impl SolverBackend {
    /// Whether this server can run the backend.
    pub fn is_built_in(self) -> bool {
        match self {
            Self::Microlp => true,
            Self::Highs => cfg!(feature = "highs"),
        }
    }

    /// The solver's backend, or `None` when it is not built in.
    fn solver_backend(self) -> Option<Backend> {
        match self {
            Self::Microlp => Some(Backend::Microlp),
            #[cfg(feature = "highs")]
            Self::Highs => Some(Backend::Highs),
            #[cfg(not(feature = "highs"))]
            Self::Highs => None,
        }
    }
}

/// Limits and knobs of a job's solve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct JobOptions {
    /// Wall-clock budget of the solve.
    pub time_limit: Duration,
    /// Relative gap at which the solve may stop.
    pub mip_gap: f64,
    /// Searches run at once, one thread each.
    pub threads: u32,
    /// Seed of the search's random choices.
    pub seed: u64,
    /// The MIP solver.
    pub backend: SolverBackend,
    /// Work budgets instead of the clock (see [`SolveOptions::deterministic`]).
    #[serde(default)]
    pub deterministic: bool,
}

impl Default for JobOptions {
    /// The solver's defaults on microlp.
    fn default() -> Self {
        let solver = SolveOptions::default();
        Self {
            time_limit: solver.time_limit,
            mip_gap: solver.mip_gap,
            threads: solver.threads,
            seed: solver.seed,
            backend: SolverBackend::Microlp,
            deterministic: solver.deterministic,
        }
    }
}

impl JobOptions {
    /// The solver's options, or an invalid-argument error naming `options.backend` when the
    /// backend is not built into this server.
    pub fn solve_options(&self) -> Result<SolveOptions> {
        let backend = self.backend.solver_backend().ok_or_else(|| {
            ServiceError::invalid("options.backend", "not built into this server")
        })?;
        Ok(SolveOptions {
            time_limit: self.time_limit,
            mip_gap: self.mip_gap,
            threads: self.threads,
            seed: self.seed,
            backend,
            deterministic: self.deterministic,
            ..SolveOptions::default()
        })
    }
}

/// A progress report: how good the best roster is and how far from the bound.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct JobProgress {
    /// Objective of the best roster so far.
    pub incumbent: Option<f64>,
    /// Best proven lower bound.
    pub bound: Option<f64>,
    /// Relative gap between the two.
    pub gap: Option<f64>,
    /// Time since solving began.
    pub elapsed: Duration,
}

/// A job's state at one moment, as watchers see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RosterJobEvent {
    /// The job.
    pub job: RosterJobId,
    /// Where it is in its life.
    pub status: RosterJobStatus,
    /// The latest figures, if any.
    pub progress: Option<JobProgress>,
}

/// How the solver ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveOutcome {
    /// Proven optimal.
    Optimal,
    /// Time ran out, or the job was cancelled.
    TimeLimit,
    /// Within the requested gap.
    GapLimit,
    /// No roster satisfies the hard rules.
    Infeasible,
}

/// One person's worked time and weekends against their targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairnessLine {
    /// Who.
    pub staff: StaffCode,
    /// Minutes rostered.
    pub worked_minutes: u32,
    /// Their target, if any.
    pub target_minutes: Option<u32>,
    /// Weekends with at least one shift.
    pub worked_weekends: u32,
    /// Their target, if any.
    pub target_weekends: Option<u32>,
}

/// Assignments that differ between a published roster and a replanned one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RosterDiff {
    /// In the new roster only.
    pub added: Vec<Assignment>,
    /// In the published roster only.
    pub removed: Vec<Assignment>,
}

/// What a job produced: the roster and everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterOutcome {
    /// How the solver ended.
    pub solve_status: SolveOutcome,
    /// The roster, when one was found.
    pub roster: Option<Roster>,
    /// The solver's objective of the roster.
    pub objective: Option<f64>,
    /// The best proven lower bound.
    pub bound: Option<f64>,
    /// Relative gap between objective and bound.
    pub gap: Option<f64>,
    /// The independent checker's report of the roster.
    pub check: Option<CheckReport>,
    /// Uncovered demand and why nobody fills it.
    pub shortfalls: Vec<Shortfall>,
    /// Why the shortfalls come without reasons (explaining them would take too long).
    #[serde(default)]
    pub shortfalls_unexplained: Option<String>,
    /// Worked minutes and weekends per person, in model order.
    pub fairness: Vec<FairnessLine>,
    /// When the roster was found, from the start of the solve.
    pub time_to_best: Option<Duration>,
    /// How long the solve took.
    pub solve_time: Duration,
    /// Whether the same job gives this same roster on every run.
    #[serde(default)]
    pub reproducible: bool,
    /// For a replan: the changes against the published roster.
    pub diff: Option<RosterDiff>,
}

/// A roster job as its callers see it.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterJob {
    /// Identity.
    pub id: RosterJobId,
    /// The organisation that submitted it.
    pub org: OrgId,
    /// Its label.
    pub name: String,
    /// Where it is in its life.
    pub status: RosterJobStatus,
    /// The options it runs with.
    pub options: JobOptions,
    /// Submission time.
    pub created_at: DateTime<Utc>,
    /// When solving began.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
    /// The latest figures (the final ones once it has ended).
    pub progress: Option<JobProgress>,
    /// Why it failed, or how it was stopped.
    pub error: Option<String>,
    /// Whether a cancel was requested while it ran.
    pub cancel_requested: bool,
    /// The outcome, once the solver has returned.
    pub outcome: Option<RosterOutcome>,
    /// For a replan of a stored job: that job.
    pub published_job: Option<RosterJobId>,
}

/// What a replan started from, kept with the job so the diff can be made when it ends and a
/// replan of this replan starts from the same base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ReplanBasis {
    /// The stored job replanned, if it was one.
    pub(crate) published_job: Option<i64>,
    /// The model with the changes applied, before the change penalties were added.
    pub(crate) base_model: RosterModel,
    /// The published roster.
    pub(crate) published: Roster,
    /// Cost of each changed assignment.
    pub(crate) change_penalty: f64,
}

/// The part of [`ReplanBasis`] a read of the job needs; serde skips the rest unparsed.
#[derive(Deserialize)]
struct ReplanHeader {
    published_job: Option<i64>,
}

/// JSON text of a value for the store, or an invalid-argument error on `field`. The values
/// here are plain data with string map keys, which JSON always represents, and f64s are
/// written exactly (shortest round-trip form).
pub(crate) fn to_json<T: Serialize>(field: &str, value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| ServiceError::invalid(field, format!("cannot be stored as JSON: {e}")))
}

/// Parses a stored JSON column of `record`; a failure is an internal error.
pub(crate) fn from_json<T: DeserializeOwned>(
    record: &RosterJobRecord,
    column: &str,
    text: &str,
) -> Result<T> {
    serde_json::from_str(text).map_err(|e| ServiceError::Store(record.corrupt(column, e)))
}

/// Parses a stored JSON column; a failure is the store's corruption error for it.
fn parse<T: DeserializeOwned>(
    corrupt: &dyn Fn(&str, serde_json::Error) -> crossrota_store::StoreError,
    column: &str,
    text: &str,
) -> Result<T> {
    serde_json::from_str(text).map_err(|e| ServiceError::Store(corrupt(column, e)))
}

impl RosterJob {
    /// The job a stored row describes (the model is not parsed: callers never need it back).
    pub(crate) fn from_record(record: &RosterJobRecord) -> Result<Self> {
        let progress = record
            .progress
            .as_deref()
            .map(|t| from_json::<JobProgress>(record, "progress", t))
            .transpose()?;
        let outcome = record
            .result
            .as_deref()
            .map(|t| from_json::<RosterOutcome>(record, "result", t))
            .transpose()?;
        let published_job = record
            .replan
            .as_deref()
            .map(|t| from_json::<ReplanHeader>(record, "replan", t))
            .transpose()?
            .and_then(|h| h.published_job)
            .map(RosterJobId);
        Ok(Self {
            id: record.id,
            org: record.org,
            name: record.name.clone(),
            status: record.status,
            options: from_json(record, "options", &record.options)?,
            created_at: record.created_at,
            started_at: record.started_at,
            finished_at: record.finished_at,
            progress,
            error: record.error.clone(),
            cancel_requested: record.cancel_requested,
            outcome,
            published_job,
        })
    }

    /// The job a listed row describes: no outcome (listings leave results out).
    pub(crate) fn from_summary(row: &RosterJobSummary) -> Result<Self> {
        let corrupt = |column: &str, e: serde_json::Error| row.corrupt(column, e);
        let progress = row
            .progress
            .as_deref()
            .map(|t| parse::<JobProgress>(&corrupt, "progress", t))
            .transpose()?;
        let published_job = row
            .replan
            .as_deref()
            .map(|t| parse::<ReplanHeader>(&corrupt, "replan", t))
            .transpose()?
            .and_then(|h| h.published_job)
            .map(RosterJobId);
        Ok(Self {
            id: row.id,
            org: row.org,
            name: row.name.clone(),
            status: row.status,
            options: parse(&corrupt, "options", &row.options)?,
            created_at: row.created_at,
            started_at: row.started_at,
            finished_at: row.finished_at,
            progress,
            error: row.error.clone(),
            cancel_requested: row.cancel_requested,
            outcome: None,
            published_job,
        })
    }

    /// The job's state as an event.
    pub fn event(&self) -> RosterJobEvent {
        RosterJobEvent {
            job: self.id,
            status: self.status,
            progress: self.progress,
        }
    }
}
