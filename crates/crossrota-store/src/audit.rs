//! The audit log of passport reads and verifications: appended in bulk, listed per home
//! organisation of the people concerned.

use chrono::{DateTime, Utc};
use crossrota_domain::access::{AuditAction, AuditEntry, NewAuditEntry};
use crossrota_domain::ids::{ApiKeyId, AuditId, OrgId, StaffId};
use sqlx::QueryBuilder;

use crate::db::{CHUNK, after_raw, db_time, on_conn, on_pool};
use crate::error::{Result, StoreError, corrupt};
use crate::page::Page;
use crate::store::Store;

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor_org_id: i64,
    api_key_id: i64,
    staff_id: i64,
    staff_org_id: i64,
    action: String,
    reason: String,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;

    fn try_from(r: AuditRow) -> Result<Self> {
        Ok(AuditEntry {
            id: AuditId(r.id),
            entry: NewAuditEntry {
                at: r.at,
                actor_org: OrgId(r.actor_org_id),
                key: ApiKeyId(r.api_key_id),
                staff: StaffId(r.staff_id),
                staff_org: OrgId(r.staff_org_id),
                action: AuditAction::parse(&r.action)
                    .ok_or_else(|| corrupt("audit_log.action", &r.action))?,
                reason: r.reason,
            },
        })
    }
}

impl Store {
    /// Appends entries (times kept to the microsecond) in one transaction with multi-row
    /// inserts; `NotFound` if an entry names an unknown organisation, key or member of staff,
    /// and then nothing is stored.
    pub async fn append_audit(&self, entries: &[NewAuditEntry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        for chunk in entries.chunks(CHUNK) {
            on_conn!(c, |c, Db| {
                let mut qb = QueryBuilder::<Db>::new(
                    "INSERT INTO audit_log \
                     (at, actor_org_id, api_key_id, staff_id, staff_org_id, action, reason) ",
                );
                qb.push_values(chunk, |mut row, e| {
                    row.push_bind(db_time(e.at))
                        .push_bind(e.actor_org.0)
                        .push_bind(e.key.0)
                        .push_bind(e.staff.0)
                        .push_bind(e.staff_org.0)
                        .push_bind(e.action.as_str())
                        .push_bind(e.reason.clone());
                });
                qb.build()
                    .execute(&mut *c)
                    .await
                    .map_err(|e| match StoreError::from(e) {
                        StoreError::NotFound { .. } => StoreError::not_found(
                            "organisation, api key or staff",
                            "named by an audit entry",
                        ),
                        other => other,
                    })?;
            });
        }
        tx.commit().await
    }

    /// A page of the entries about staff whose home organisation is `staff_org` (optionally
    /// one of them), by id.
    pub async fn list_audit(
        &self,
        staff_org: OrgId,
        staff: Option<StaffId>,
        page: Page<AuditId>,
    ) -> Result<Vec<AuditEntry>> {
        let after = after_raw(page.after.map(|a| a.0));
        let rows: Vec<AuditRow> = on_pool!(&self.pool, |p| match staff {
            Some(staff) => {
                sqlx::query_as(
                    "SELECT id, at, actor_org_id, api_key_id, staff_id, staff_org_id, action, reason \
                     FROM audit_log WHERE staff_org_id = $1 AND staff_id = $2 AND id > $3 \
                     ORDER BY id LIMIT $4",
                )
                .bind(staff_org.0)
                .bind(staff.0)
                .bind(after)
                .bind(page.sql_limit())
                .fetch_all(p)
                .await?
            }
            None => {
                sqlx::query_as(
                    "SELECT id, at, actor_org_id, api_key_id, staff_id, staff_org_id, action, reason \
                     FROM audit_log WHERE staff_org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(staff_org.0)
                .bind(after)
                .bind(page.sql_limit())
                .fetch_all(p)
                .await?
            }
        });
        rows.into_iter().map(AuditEntry::try_from).collect()
    }
}
