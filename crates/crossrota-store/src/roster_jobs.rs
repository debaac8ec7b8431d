//! Roster jobs: one row per solve submitted to the roster engine, so that a job can be read
//! after the fact and from any server instance sharing the database.
//!
//! The model, options, replan inputs, result and last progress report are JSON documents that
//! the service writes and reads; the store keeps them as opaque text. Status changes are
//! conditional updates (`... WHERE status = 'queued'`), so two instances, or a cancel racing a
//! start, can never both win: the caller learns from the returned `bool` whether its change
//! happened.

use std::fmt;

use chrono::{DateTime, Utc};
use crossrota_domain::ids::OrgId;

use crate::db::{db_time, on_conn, on_pool};
use crate::error::{Result, StoreError, corrupt};
use crate::exists::{IdTable, require_ids};
use crate::store::Store;

/// Database identity of a roster job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RosterJobId(pub i64);

impl fmt::Display for RosterJobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where a roster job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RosterJobStatus {
    /// Waiting for a free solver slot.
    Queued,
    /// Being solved.
    Running,
    /// Solved, and the roster (if any) passed the independent checker.
    Succeeded,
    /// The solve or the check failed; `error` says why.
    Failed,
    /// Stopped on request; keeps the best roster found so far, if any.
    Cancelled,
}

impl RosterJobStatus {
    /// Stable text form, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Inverse of [`RosterJobStatus::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Queued,
            Self::Running,
            Self::Succeeded,
            Self::Failed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|status| status.as_str() == s)
    }

    /// Whether the job has ended and will not change again.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }
}

/// A job to store, queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRosterJob {
    /// The organisation that submitted it and alone may see it.
    pub org: OrgId,
    /// Human label.
    pub name: String,
    /// The model to solve, as JSON.
    pub model: String,
    /// The solve options, as JSON.
    pub options: String,
    /// What a replan started from, as JSON; `None` for a plain solve.
    pub replan: Option<String>,
    /// Submission time (kept to the microsecond).
    pub created_at: DateTime<Utc>,
}

/// A stored job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterJobRecord {
    /// Identity.
    pub id: RosterJobId,
    /// Owning organisation.
    pub org: OrgId,
    /// Human label.
    pub name: String,
    /// Where it is in its life.
    pub status: RosterJobStatus,
    /// The model, as JSON.
    pub model: String,
    /// The options, as JSON.
    pub options: String,
    /// Replan inputs, as JSON.
    pub replan: Option<String>,
    /// The result, as JSON, once there is one.
    pub result: Option<String>,
    /// Why it failed (or how it was stopped).
    pub error: Option<String>,
    /// The last progress report, as JSON.
    pub progress: Option<String>,
    /// Whether someone asked a running job to stop.
    pub cancel_requested: bool,
    /// Submission time.
    pub created_at: DateTime<Utc>,
    /// When solving began.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
}

/// The small, frequently polled part of a job: enough to follow it without reading the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterJobState {
    /// Where it is in its life.
    pub status: RosterJobStatus,
    /// The last progress report, as JSON.
    pub progress: Option<String>,
    /// Whether someone asked a running job to stop.
    pub cancel_requested: bool,
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterJobEnd {
    /// Succeeded, failed or cancelled.
    pub status: RosterJobStatus,
    /// The result, as JSON.
    pub result: Option<String>,
    /// Why it failed or how it was stopped.
    pub error: Option<String>,
    /// The final progress figures, as JSON.
    pub progress: Option<String>,
    /// When it ended.
    pub at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    org_id: i64,
    name: String,
    status: String,
    model: String,
    options: String,
    replan: Option<String>,
    result: Option<String>,
    error: Option<String>,
    progress: Option<String>,
    cancel_requested: bool,
    created_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
}

impl TryFrom<JobRow> for RosterJobRecord {
    type Error = StoreError;

    fn try_from(r: JobRow) -> Result<Self> {
        Ok(RosterJobRecord {
            id: RosterJobId(r.id),
            org: OrgId(r.org_id),
            name: r.name,
            status: status_of(&r.status)?,
            model: r.model,
            options: r.options,
            replan: r.replan,
            result: r.result,
            error: r.error,
            progress: r.progress,
            cancel_requested: r.cancel_requested,
            created_at: r.created_at,
            started_at: r.started_at,
            finished_at: r.finished_at,
        })
    }
}

impl RosterJobRecord {
    /// The error for a stored document of this job (model, options, result, ...) that does not
    /// parse back: a bug wrote it or the database was edited by hand. Classified as internal.
    pub fn corrupt(&self, column: &str, problem: impl fmt::Display) -> StoreError {
        corrupt(&format!("roster_jobs.{column} of job {}", self.id), problem)
    }
}

fn status_of(text: &str) -> Result<RosterJobStatus> {
    RosterJobStatus::parse(text).ok_or_else(|| corrupt("roster_jobs.status", text))
}

impl Store {
    /// Stores a queued job; `NotFound` for an unknown organisation.
    pub async fn create_roster_job(&self, job: &NewRosterJob) -> Result<RosterJobRecord> {
        let created_at = db_time(job.created_at);
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_ids(c, IdTable::Organisations, &[job.org.0]).await?;
        let id: i64 = on_conn!(c, |c| {
            sqlx::query_scalar(
                "INSERT INTO roster_jobs (org_id, name, status, model, options, replan, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(job.org.0)
            .bind(&job.name)
            .bind(RosterJobStatus::Queued.as_str())
            .bind(&job.model)
            .bind(&job.options)
            .bind(&job.replan)
            .bind(created_at)
            .fetch_one(&mut *c)
            .await?
        });
        tx.commit().await?;
        Ok(RosterJobRecord {
            id: RosterJobId(id),
            org: job.org,
            name: job.name.clone(),
            status: RosterJobStatus::Queued,
            model: job.model.clone(),
            options: job.options.clone(),
            replan: job.replan.clone(),
            result: None,
            error: None,
            progress: None,
            cancel_requested: false,
            created_at,
            started_at: None,
            finished_at: None,
        })
    }

    /// One job; `NotFound` for an unknown id.
    pub async fn get_roster_job(&self, id: RosterJobId) -> Result<RosterJobRecord> {
        let row: Option<JobRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "SELECT id, org_id, name, status, model, options, replan, result, error, \
                 progress, cancel_requested, created_at, started_at, finished_at \
                 FROM roster_jobs WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(p)
            .await?
        });
        row.ok_or_else(|| StoreError::not_found("roster job", id))?
            .try_into()
    }

    /// The status, progress and cancel flag of a job; `NotFound` for an unknown id.
    pub async fn roster_job_state(&self, id: RosterJobId) -> Result<RosterJobState> {
        let row: Option<(String, Option<String>, bool)> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "SELECT status, progress, cancel_requested FROM roster_jobs WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(p)
            .await?
        });
        let (status, progress, cancel_requested) =
            row.ok_or_else(|| StoreError::not_found("roster job", id))?;
        Ok(RosterJobState {
            status: status_of(&status)?,
            progress,
            cancel_requested,
        })
    }

    /// Moves a queued job to running at `at`; `false` when it is not queued (cancelled
    /// meanwhile, or started by someone else).
    pub async fn start_roster_job(&self, id: RosterJobId, at: DateTime<Utc>) -> Result<bool> {
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query(
                "UPDATE roster_jobs SET status = $1, started_at = $2 \
                 WHERE id = $3 AND status = $4",
            )
            .bind(RosterJobStatus::Running.as_str())
            .bind(db_time(at))
            .bind(id.0)
            .bind(RosterJobStatus::Queued.as_str())
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Records the latest progress report of a running job; `false` when it is not running.
    pub async fn set_roster_job_progress(&self, id: RosterJobId, progress: &str) -> Result<bool> {
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query("UPDATE roster_jobs SET progress = $1 WHERE id = $2 AND status = $3")
                .bind(progress)
                .bind(id.0)
                .bind(RosterJobStatus::Running.as_str())
                .execute(p)
                .await?
                .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Ends a queued or running job; `false` when it had already ended. `Conflict` when
    /// `end.status` is not a finished status.
    pub async fn finish_roster_job(&self, id: RosterJobId, end: &RosterJobEnd) -> Result<bool> {
        if !end.status.is_finished() {
            return Err(StoreError::Conflict(format!(
                "a roster job cannot end as {}",
                end.status.as_str()
            )));
        }
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query(
                "UPDATE roster_jobs SET status = $1, result = $2, error = $3, \
                 progress = COALESCE($4, progress), finished_at = $5 \
                 WHERE id = $6 AND status IN ($7, $8)",
            )
            .bind(end.status.as_str())
            .bind(&end.result)
            .bind(&end.error)
            .bind(&end.progress)
            .bind(db_time(end.at))
            .bind(id.0)
            .bind(RosterJobStatus::Queued.as_str())
            .bind(RosterJobStatus::Running.as_str())
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Cancels a job that has not started, at `at`; `false` when it is not queued.
    pub async fn cancel_queued_roster_job(
        &self,
        id: RosterJobId,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query(
                "UPDATE roster_jobs SET status = $1, cancel_requested = $2, finished_at = $3 \
                 WHERE id = $4 AND status = $5",
            )
            .bind(RosterJobStatus::Cancelled.as_str())
            .bind(true)
            .bind(db_time(at))
            .bind(id.0)
            .bind(RosterJobStatus::Queued.as_str())
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Asks a running job to stop (the instance running it polls for this); `false` when it
    /// is not running.
    pub async fn request_roster_job_cancel(&self, id: RosterJobId) -> Result<bool> {
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query(
                "UPDATE roster_jobs SET cancel_requested = $1 WHERE id = $2 AND status = $3",
            )
            .bind(true)
            .bind(id.0)
            .bind(RosterJobStatus::Running.as_str())
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_only_ends_are_finished() {
        for status in [
            RosterJobStatus::Queued,
            RosterJobStatus::Running,
            RosterJobStatus::Succeeded,
            RosterJobStatus::Failed,
            RosterJobStatus::Cancelled,
        ] {
            assert_eq!(RosterJobStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(RosterJobStatus::parse("done"), None);
        assert!(!RosterJobStatus::Queued.is_finished());
        assert!(!RosterJobStatus::Running.is_finished());
        assert!(RosterJobStatus::Cancelled.is_finished());
    }
}
