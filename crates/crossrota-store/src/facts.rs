//! Credential facts: append-only. There is no update or delete here, and the schema rejects
//! both. A correction or revocation is a new fact naming the one it supersedes; the UNIQUE
//! constraint on `supersedes` lets at most one fact supersede another, even when two
//! corrections race.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use crossrota_domain::catalogue::CredentialCode;
use crossrota_domain::fact::{CredentialFact, FactAction, NewFact};
use crossrota_domain::ids::{FactId, OrgId, StaffId};
use sqlx::QueryBuilder;

use crate::db::{CHUNK, Conn, db_time, on_conn, on_pool, push_list, sorted_unique};
use crate::error::{Result, StoreError, corrupt, is_unique_violation};
use crate::exists::{IdTable, require_credentials, require_ids};
use crate::store::Store;

/// The columns every fact query selects, in `FactRow` order.
macro_rules! fact_columns {
    () => {
        "f.id, f.staff_id, f.code, f.level, f.achieved_on, f.expires_on, f.issuer_org_id, \
         f.evidence_ref, f.recorded_by, f.recorded_at, f.supersedes, f.action, f.revoke_reason"
    };
}

const ACTION_RECORD: &str = "record";
const ACTION_REVOKE: &str = "revoke";

#[derive(sqlx::FromRow)]
struct FactRow {
    id: i64,
    staff_id: i64,
    code: String,
    level: i32,
    achieved_on: NaiveDate,
    expires_on: Option<NaiveDate>,
    issuer_org_id: i64,
    evidence_ref: String,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
    supersedes: Option<i64>,
    action: String,
    revoke_reason: Option<String>,
}

impl TryFrom<FactRow> for CredentialFact {
    type Error = StoreError;

    fn try_from(r: FactRow) -> Result<Self> {
        let action = match (r.action.as_str(), r.revoke_reason) {
            (ACTION_RECORD, None) => FactAction::Record,
            (ACTION_REVOKE, Some(reason)) => FactAction::Revoke { reason },
            (other, _) => return Err(corrupt("credential_facts.action", other)),
        };
        Ok(CredentialFact {
            id: FactId(r.id),
            staff: StaffId(r.staff_id),
            code: CredentialCode::parse(&r.code)
                .map_err(|e| corrupt("credential_facts.code", e))?,
            level: u8::try_from(r.level).map_err(|e| corrupt("credential_facts.level", e))?,
            achieved_on: r.achieved_on,
            expires_on: r.expires_on,
            issuer: OrgId(r.issuer_org_id),
            evidence_ref: r.evidence_ref,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
            supersedes: r.supersedes.map(FactId),
            action,
        })
    }
}

/// `action` and `revoke_reason` columns of a fact.
fn action_columns(action: &FactAction) -> (&'static str, Option<&str>) {
    match action {
        FactAction::Record => (ACTION_RECORD, None),
        FactAction::Revoke { reason } => (ACTION_REVOKE, Some(reason.as_str())),
    }
}

/// A unique violation on `supersedes`: another fact got there first.
fn already_superseded(target: Option<FactId>) -> StoreError {
    match target {
        Some(t) => StoreError::Conflict(format!("fact {t} is already superseded")),
        None => StoreError::Conflict("a superseded fact is already superseded".into()),
    }
}

impl Store {
    /// Appends a fact, stamped `recorded_at` (kept to the microsecond).
    ///
    /// `NotFound` if the staff member, credential, issuer or superseded fact is unknown;
    /// `Conflict` if the superseded fact belongs to another member of staff, is itself a
    /// revocation, or is already superseded.
    pub async fn append_fact(
        &self,
        f: &NewFact,
        recorded_at: DateTime<Utc>,
    ) -> Result<CredentialFact> {
        let recorded_at = db_time(recorded_at);
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_ids(c, IdTable::Staff, &[f.staff.0]).await?;
        require_credentials(c, &[f.code.as_str()]).await?;
        require_ids(c, IdTable::Organisations, &[f.issuer.0]).await?;
        if let Some(target) = f.supersedes {
            check_supersedes(c, f.staff, target).await?;
        }
        let (action, reason) = action_columns(&f.action);
        let id: i64 = on_conn!(c, |c| {
            sqlx::query_scalar(
                "INSERT INTO credential_facts (staff_id, code, level, achieved_on, expires_on, \
                 issuer_org_id, evidence_ref, recorded_by, recorded_at, supersedes, action, \
                 revoke_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 RETURNING id",
            )
            .bind(f.staff.0)
            .bind(f.code.as_str())
            .bind(i32::from(f.level))
            .bind(f.achieved_on)
            .bind(f.expires_on)
            .bind(f.issuer.0)
            .bind(&f.evidence_ref)
            .bind(&f.recorded_by)
            .bind(recorded_at)
            .bind(f.supersedes.map(|s| s.0))
            .bind(action)
            .bind(reason)
            .fetch_one(&mut *c)
            .await
        })
        .map_err(|e| {
            if is_unique_violation(&e) {
                already_superseded(f.supersedes)
            } else {
                StoreError::from(e)
            }
        })?;
        tx.commit().await?;
        Ok(CredentialFact {
            id: FactId(id),
            staff: f.staff,
            code: f.code.clone(),
            level: f.level,
            achieved_on: f.achieved_on,
            expires_on: f.expires_on,
            issuer: f.issuer,
            evidence_ref: f.evidence_ref.clone(),
            recorded_by: f.recorded_by.clone(),
            recorded_at,
            supersedes: f.supersedes,
            action: f.action.clone(),
        })
    }

    /// One fact.
    pub async fn get_fact(&self, id: FactId) -> Result<CredentialFact> {
        let row: Option<FactRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(concat!(
                "SELECT ",
                fact_columns!(),
                " FROM credential_facts f WHERE f.id = $1"
            ))
            .bind(id.0)
            .fetch_optional(p)
            .await?
        });
        row.ok_or_else(|| StoreError::not_found("fact", id))?
            .try_into()
    }

    /// A person's whole history, by id (recording order).
    pub async fn facts_of_staff(&self, staff: StaffId) -> Result<Vec<CredentialFact>> {
        let rows: Vec<FactRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(concat!(
                "SELECT ",
                fact_columns!(),
                " FROM credential_facts f WHERE f.staff_id = $1 ORDER BY f.id"
            ))
            .bind(staff.0)
            .fetch_all(p)
            .await?
        });
        rows.into_iter().map(CredentialFact::try_from).collect()
    }

    /// The histories of many people, each by id. Only people with at least one fact have an
    /// entry. Works in chunks, so ten thousand ids take a few dozen queries.
    pub async fn facts_of_staff_many(
        &self,
        staff: &[StaffId],
    ) -> Result<HashMap<StaffId, Vec<CredentialFact>>> {
        let ids: Vec<i64> = sorted_unique(staff).into_iter().map(|s| s.0).collect();
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let mut out: HashMap<StaffId, Vec<CredentialFact>> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let rows: Vec<FactRow> = on_conn!(c, |c, Db| {
                let mut qb = QueryBuilder::<Db>::new(concat!(
                    "SELECT ",
                    fact_columns!(),
                    " FROM credential_facts f WHERE f.staff_id IN "
                ));
                push_list(&mut qb, chunk.iter().copied());
                qb.push(" ORDER BY f.id");
                qb.build_query_as().fetch_all(&mut *c).await?
            });
            for row in rows {
                let fact = CredentialFact::try_from(row)?;
                out.entry(fact.staff).or_default().push(fact);
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Every fact of every member of staff whose home organisation is `org`, by id.
    pub async fn facts_of_org_staff(&self, org: OrgId) -> Result<Vec<CredentialFact>> {
        let rows: Vec<FactRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(concat!(
                "SELECT ",
                fact_columns!(),
                " FROM credential_facts f JOIN staff s ON s.id = f.staff_id \
                 WHERE s.org_id = $1 ORDER BY f.id"
            ))
            .bind(org.0)
            .fetch_all(p)
            .await?
        });
        rows.into_iter().map(CredentialFact::try_from).collect()
    }
}

/// Checks that `staff` may supersede `target`: it exists, is theirs, is a record (not a
/// revocation) and nothing supersedes it yet.
pub(crate) async fn check_supersedes(
    c: &mut Conn<'_>,
    staff: StaffId,
    target: FactId,
) -> Result<()> {
    let row: Option<(i64, String, Option<i64>)> = on_conn!(c, |c| {
        sqlx::query_as(
            "SELECT f.staff_id, f.action, \
             (SELECT MIN(s.id) FROM credential_facts s WHERE s.supersedes = f.id) \
             FROM credential_facts f WHERE f.id = $1",
        )
        .bind(target.0)
        .fetch_optional(&mut *c)
        .await?
    });
    let (owner, action, superseded_by) =
        row.ok_or_else(|| StoreError::not_found("fact", target))?;
    if owner != staff.0 {
        return Err(StoreError::Conflict(format!(
            "fact {target} belongs to another member of staff"
        )));
    }
    if action == ACTION_REVOKE {
        return Err(StoreError::Conflict(format!(
            "fact {target} is a revocation and cannot be superseded"
        )));
    }
    if let Some(by) = superseded_by {
        return Err(StoreError::Conflict(format!(
            "fact {target} is already superseded by fact {by}"
        )));
    }
    Ok(())
}

/// Appends many facts with multi-row inserts; each `(staff, fact)` pair takes its staff from
/// the pair, not from `fact.staff`. The caller has checked references and supersessions.
pub(crate) async fn insert_many(
    c: &mut Conn<'_>,
    facts: &[(StaffId, &NewFact)],
    recorded_at: DateTime<Utc>,
) -> Result<()> {
    let recorded_at = db_time(recorded_at);
    // 12 values a row: 500 rows stay far below both backends' parameter limits.
    for chunk in facts.chunks(CHUNK) {
        on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new(
                "INSERT INTO credential_facts (staff_id, code, level, achieved_on, expires_on, \
                 issuer_org_id, evidence_ref, recorded_by, recorded_at, supersedes, action, \
                 revoke_reason) ",
            );
            qb.push_values(chunk, |mut row, (staff, f)| {
                let (action, reason) = action_columns(&f.action);
                row.push_bind(staff.0)
                    .push_bind(f.code.as_str().to_owned())
                    .push_bind(i32::from(f.level))
                    .push_bind(f.achieved_on)
                    .push_bind(f.expires_on)
                    .push_bind(f.issuer.0)
                    .push_bind(f.evidence_ref.clone())
                    .push_bind(f.recorded_by.clone())
                    .push_bind(recorded_at)
                    .push_bind(f.supersedes.map(|s| s.0))
                    .push_bind(action)
                    .push_bind(reason.map(str::to_owned));
            });
            qb.build().execute(&mut *c).await.map_err(|e| {
                if is_unique_violation(&e) {
                    already_superseded(None)
                } else {
                    StoreError::from(e)
                }
            })?;
        });
    }
    Ok(())
}
