//! Roster jobs: one row per solve submitted to the roster engine, so that a job can be read
//! after the fact and from any server instance sharing the database.
//!
//! The model, options, replan inputs, result and last progress report are JSON documents that
//! the service writes and reads; the store keeps them as opaque text. Status changes are
//! conditional updates (`... WHERE status = 'queued'`), so two instances, or a cancel racing a
//! start, can never both win: the caller learns from the returned `bool` whether its change
//! happened.

use chrono::{DateTime, TimeZone, Utc};
use std::fmt;

use crossrota_domain::ids::OrgId;
pub use crossrota_domain::ids::RosterJobId;
pub use crossrota_domain::jobs::JobStatus;
use sqlx::QueryBuilder;

use crate::db::{CHUNK, Conn, db_time, on_conn, on_pool, push_list};
use crate::error::{Result, StoreError, corrupt};
use crate::exists::{IdTable, require_ids};
use crate::page::Page;
use crate::store::Store;

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
    /// Submission time (kept to the microsecond); also the job's first heartbeat.
    pub created_at: DateTime<Utc>,
    /// The instance that accepted the job and will run it.
    pub owner: String,
}

/// Whether a job was admitted under its organisation's limit of active jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterJobAdmission {
    /// Stored, queued.
    Created(Box<RosterJobRecord>),
    /// Refused: the organisation already has this many queued or running jobs.
    Full {
        /// Its queued and running jobs.
        active: u64,
    },
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
    pub status: JobStatus,
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
    /// The instance holding the job while it is active (`None` for rows from before leases).
    pub owner: Option<String>,
    /// When the owner last renewed its lease (to the millisecond).
    pub heartbeat_at: Option<DateTime<Utc>>,
}

/// A stored job without its model and result: what a listing shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterJobSummary {
    /// Identity.
    pub id: RosterJobId,
    /// Owning organisation.
    pub org: OrgId,
    /// Human label.
    pub name: String,
    /// Where it is in its life.
    pub status: JobStatus,
    /// The options, as JSON.
    pub options: String,
    /// Replan inputs, as JSON.
    pub replan: Option<String>,
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
    pub status: JobStatus,
    /// The last progress report, as JSON.
    pub progress: Option<String>,
    /// Whether someone asked a running job to stop.
    pub cancel_requested: bool,
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterJobEnd {
    /// Succeeded, failed or cancelled.
    pub status: JobStatus,
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
    owner: Option<String>,
    heartbeat_ms: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    org_id: i64,
    name: String,
    status: String,
    options: String,
    replan: Option<String>,
    error: Option<String>,
    progress: Option<String>,
    cancel_requested: bool,
    created_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
}

impl TryFrom<SummaryRow> for RosterJobSummary {
    type Error = StoreError;

    fn try_from(r: SummaryRow) -> Result<Self> {
        Ok(RosterJobSummary {
            id: RosterJobId(r.id),
            org: OrgId(r.org_id),
            name: r.name,
            status: status_of(&r.status)?,
            options: r.options,
            replan: r.replan,
            error: r.error,
            progress: r.progress,
            cancel_requested: r.cancel_requested,
            created_at: r.created_at,
            started_at: r.started_at,
            finished_at: r.finished_at,
        })
    }
}

/// Milliseconds since the Unix epoch, as heartbeats are stored.
fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_millis(ms: i64) -> Result<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| corrupt("roster_jobs.heartbeat_ms", ms))
}

/// The statuses of a job that is not over, bound as `$N, $N+1`.
const ACTIVE: [JobStatus; 2] = [JobStatus::Queued, JobStatus::Running];

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
            owner: r.owner,
            heartbeat_at: r.heartbeat_ms.map(from_millis).transpose()?,
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

impl RosterJobSummary {
    /// As [`RosterJobRecord::corrupt`].
    pub fn corrupt(&self, column: &str, problem: impl fmt::Display) -> StoreError {
        corrupt(&format!("roster_jobs.{column} of job {}", self.id), problem)
    }
}

fn status_of(text: &str) -> Result<JobStatus> {
    JobStatus::parse(text).ok_or_else(|| corrupt("roster_jobs.status", text))
}

/// The columns of a full job row, as a literal for `concat!`.
macro_rules! job_columns {
    () => {
        "id, org_id, name, status, model, options, replan, result, error, progress, \
         cancel_requested, created_at, started_at, finished_at, owner, heartbeat_ms"
    };
}

impl Store {
    /// Stores a queued job owned by `job.owner`; `NotFound` for an unknown organisation.
    pub async fn create_roster_job(&self, job: &NewRosterJob) -> Result<RosterJobRecord> {
        match self.insert_roster_job(job, None).await? {
            RosterJobAdmission::Created(record) => Ok(*record),
            RosterJobAdmission::Full { active } => Err(StoreError::Conflict(format!(
                "organisation {} has {active} active roster jobs",
                job.org
            ))),
        }
    }

    /// Stores a queued job unless its organisation already has `max_active` queued or running
    /// jobs. The count and the insert are one transaction that holds the organisation's row
    /// (PostgreSQL) or the database's write lock (SQLite), so concurrent submissions cannot
    /// overshoot the limit.
    pub async fn admit_roster_job(
        &self,
        job: &NewRosterJob,
        max_active: u64,
    ) -> Result<RosterJobAdmission> {
        self.insert_roster_job(job, Some(max_active)).await
    }

    async fn insert_roster_job(
        &self,
        job: &NewRosterJob,
        max_active: Option<u64>,
    ) -> Result<RosterJobAdmission> {
        let created_at = db_time(job.created_at);
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_ids(c, IdTable::Organisations, &[job.org.0]).await?;
        if let Some(max_active) = max_active {
            if let Conn::Postgres(pg) = &mut *c {
                // Serialises submissions of one organisation until the commit.
                sqlx::query("SELECT id FROM organisations WHERE id = $1 FOR UPDATE")
                    .bind(job.org.0)
                    .execute(&mut **pg)
                    .await?;
            }
            let active: i64 = on_conn!(c, |c| {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM roster_jobs WHERE org_id = $1 AND status IN ($2, $3)",
                )
                .bind(job.org.0)
                .bind(ACTIVE[0].as_str())
                .bind(ACTIVE[1].as_str())
                .fetch_one(&mut *c)
                .await?
            });
            let active = u64::try_from(active).unwrap_or(0);
            if active >= max_active {
                return Ok(RosterJobAdmission::Full { active });
            }
        }
        let id: i64 = on_conn!(c, |c| {
            sqlx::query_scalar(
                "INSERT INTO roster_jobs (org_id, name, status, model, options, replan, \
                 created_at, owner, heartbeat_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(job.org.0)
            .bind(&job.name)
            .bind(JobStatus::Queued.as_str())
            .bind(&job.model)
            .bind(&job.options)
            .bind(&job.replan)
            .bind(created_at)
            .bind(&job.owner)
            .bind(millis(created_at))
            .fetch_one(&mut *c)
            .await?
        });
        tx.commit().await?;
        Ok(RosterJobAdmission::Created(Box::new(RosterJobRecord {
            id: RosterJobId(id),
            org: job.org,
            name: job.name.clone(),
            status: JobStatus::Queued,
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
            owner: Some(job.owner.clone()),
            heartbeat_at: Some(from_millis(millis(created_at))?),
        })))
    }

    /// One job; `NotFound` for an unknown id.
    pub async fn get_roster_job(&self, id: RosterJobId) -> Result<RosterJobRecord> {
        let row: Option<JobRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(concat!(
                "SELECT ",
                job_columns!(),
                " FROM roster_jobs WHERE id = $1"
            ))
            .bind(id.0)
            .fetch_optional(p)
            .await?
        });
        row.ok_or_else(|| StoreError::not_found("roster job", id))?
            .try_into()
    }

    /// A page of an organisation's jobs, newest first (`page.after` is the last id of the
    /// previous page; this page holds smaller ids), optionally only those of one status.
    /// Models and results are left out.
    pub async fn list_roster_jobs(
        &self,
        org: OrgId,
        status: Option<JobStatus>,
        page: Page<RosterJobId>,
    ) -> Result<Vec<RosterJobSummary>> {
        let before = page.after.map_or(i64::MAX, |id| id.0);
        let rows: Vec<SummaryRow> = on_pool!(&self.pool, |p| {
            let mut qb = QueryBuilder::new(
                "SELECT id, org_id, name, status, options, replan, error, progress, \
                 cancel_requested, created_at, started_at, finished_at \
                 FROM roster_jobs WHERE org_id = ",
            );
            qb.push_bind(org.0);
            qb.push(" AND id < ").push_bind(before);
            if let Some(status) = status {
                qb.push(" AND status = ").push_bind(status.as_str());
            }
            qb.push(" ORDER BY id DESC LIMIT ")
                .push_bind(page.sql_limit());
            qb.build_query_as().fetch_all(p).await?
        });
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// How many jobs of an organisation are queued or running.
    pub async fn count_active_roster_jobs(&self, org: OrgId) -> Result<u64> {
        let active: i64 = on_pool!(&self.pool, |p| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM roster_jobs WHERE org_id = $1 AND status IN ($2, $3)",
            )
            .bind(org.0)
            .bind(ACTIVE[0].as_str())
            .bind(ACTIVE[1].as_str())
            .fetch_one(p)
            .await?
        });
        Ok(u64::try_from(active).unwrap_or(0))
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

    /// Moves a queued job that `owner` holds to running at `at` (also a heartbeat); `false`
    /// when it is not queued (cancelled meanwhile) or another instance holds it.
    pub async fn start_roster_job(
        &self,
        id: RosterJobId,
        owner: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let at = db_time(at);
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query(
                "UPDATE roster_jobs SET status = $1, started_at = $2, heartbeat_ms = $3 \
                 WHERE id = $4 AND status = $5 AND owner = $6",
            )
            .bind(JobStatus::Running.as_str())
            .bind(at)
            .bind(millis(at))
            .bind(id.0)
            .bind(JobStatus::Queued.as_str())
            .bind(owner)
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Records the latest progress report of a running job `owner` holds; `false` when it is
    /// not running or not held by `owner`.
    pub async fn set_roster_job_progress(
        &self,
        id: RosterJobId,
        owner: &str,
        progress: &str,
    ) -> Result<bool> {
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query(
                "UPDATE roster_jobs SET progress = $1 WHERE id = $2 AND status = $3 AND owner = $4",
            )
            .bind(progress)
            .bind(id.0)
            .bind(JobStatus::Running.as_str())
            .bind(owner)
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Ends a queued or running job `owner` holds; `false` when it had already ended or
    /// another instance holds it. `Conflict` when `end.status` is not a finished status.
    pub async fn finish_roster_job(
        &self,
        id: RosterJobId,
        owner: &str,
        end: &RosterJobEnd,
    ) -> Result<bool> {
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
                 WHERE id = $6 AND status IN ($7, $8) AND owner = $9",
            )
            .bind(end.status.as_str())
            .bind(&end.result)
            .bind(&end.error)
            .bind(&end.progress)
            .bind(db_time(end.at))
            .bind(id.0)
            .bind(ACTIVE[0].as_str())
            .bind(ACTIVE[1].as_str())
            .bind(owner)
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Cancels a job that has not started, at `at` (whoever holds it); `false` when it is not
    /// queued.
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
            .bind(JobStatus::Cancelled.as_str())
            .bind(true)
            .bind(db_time(at))
            .bind(id.0)
            .bind(JobStatus::Queued.as_str())
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
            .bind(JobStatus::Running.as_str())
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Renews `owner`'s lease on those of `ids` that are still active and held by `owner`, at
    /// `now`; returns the ids renewed. A missing id means the job ended or another instance
    /// took it over.
    pub async fn renew_roster_job_leases(
        &self,
        owner: &str,
        ids: &[RosterJobId],
        now: DateTime<Utc>,
    ) -> Result<Vec<RosterJobId>> {
        let mut renewed = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let rows: Vec<i64> = on_pool!(&self.pool, |p| {
                let mut qb = QueryBuilder::new("UPDATE roster_jobs SET heartbeat_ms = ");
                qb.push_bind(millis(now));
                qb.push(" WHERE owner = ").push_bind(owner);
                qb.push(" AND status IN ");
                push_list(&mut qb, ACTIVE.map(JobStatus::as_str));
                qb.push(" AND id IN ");
                push_list(&mut qb, chunk.iter().map(|id| id.0));
                qb.push(" RETURNING id");
                qb.build_query_scalar().fetch_all(p).await?
            });
            renewed.extend(rows.into_iter().map(RosterJobId));
        }
        renewed.sort_unstable();
        Ok(renewed)
    }

    /// Active jobs whose lease expired: no heartbeat since `stale_before` (or none at all),
    /// oldest first, at most `limit`.
    pub async fn expired_roster_jobs(
        &self,
        stale_before: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<RosterJobId>> {
        let rows: Vec<i64> = on_pool!(&self.pool, |p| {
            sqlx::query_scalar(
                "SELECT id FROM roster_jobs WHERE status IN ($1, $2) \
                 AND (heartbeat_ms IS NULL OR heartbeat_ms < $3) ORDER BY id LIMIT $4",
            )
            .bind(ACTIVE[0].as_str())
            .bind(ACTIVE[1].as_str())
            .bind(millis(stale_before))
            .bind(i64::from(limit))
            .fetch_all(p)
            .await?
        });
        Ok(rows.into_iter().map(RosterJobId).collect())
    }

    /// Takes over an active job whose lease expired (no heartbeat since `stale_before`) for
    /// `owner` at `now`: it becomes queued again (a running job restarts from scratch) with a
    /// fresh heartbeat. `false` when the job ended, or its lease was renewed or taken by
    /// someone else meanwhile; one conditional update, so of concurrent claims one wins.
    pub async fn claim_roster_job(
        &self,
        id: RosterJobId,
        owner: &str,
        stale_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query(
                "UPDATE roster_jobs SET owner = $1, heartbeat_ms = $2, status = $3, \
                 started_at = NULL, progress = NULL \
                 WHERE id = $4 AND status IN ($5, $6) \
                 AND (heartbeat_ms IS NULL OR heartbeat_ms < $7)",
            )
            .bind(owner)
            .bind(millis(now))
            .bind(JobStatus::Queued.as_str())
            .bind(id.0)
            .bind(ACTIVE[0].as_str())
            .bind(ACTIVE[1].as_str())
            .bind(millis(stale_before))
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
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Succeeded,
            JobStatus::Failed,
            JobStatus::Cancelled,
        ] {
            assert_eq!(JobStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(JobStatus::parse("done"), None);
        assert!(!JobStatus::Queued.is_finished());
        assert!(!JobStatus::Running.is_finished());
        assert!(JobStatus::Cancelled.is_finished());
    }
}
