//! What a roster job is to its callers (its vocabulary, options, progress and outcome, is the
//! domain's: `crossrota_domain::jobs` and `crossrota_domain::roster::RosterOutcome`), and how
//! each part is kept as JSON in the job's row.

use chrono::{DateTime, Utc};
use crossrota_domain::ids::{OrgId, RosterJobId};
use crossrota_domain::jobs::{JobOptions, JobProgress, JobStatus};
use crossrota_domain::roster::{Roster, RosterModel, RosterOutcome};
use crossrota_store::{RosterJobRecord, RosterJobSummary};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Result, ServiceError};

/// A job's state at one moment, as watchers see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RosterJobEvent {
    /// The job.
    pub job: RosterJobId,
    /// Where it is in its life.
    pub status: JobStatus,
    /// The latest figures, if any.
    pub progress: Option<JobProgress>,
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
    pub status: JobStatus,
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
