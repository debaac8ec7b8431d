//! API keys. Only a hash of the secret is stored; roles are one text column of
//! comma-separated `Role::as_str()` names, in the order given.

use chrono::{DateTime, Utc};
use crossrota_domain::access::{ApiKey, Role};
use crossrota_domain::ids::{ApiKeyId, OrgId};

use crate::db::{db_time, on_conn, on_pool};
use crate::error::{Context, Result, StoreError, corrupt};
use crate::exists::{IdTable, require_ids};
use crate::store::Store;

/// A key to store: the caller has generated the secret and hashed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    /// Organisation the key acts for.
    pub org: OrgId,
    /// Human label.
    pub label: String,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Hex SHA-256 of the secret; unique.
    pub secret_hash: String,
    /// Creation time (kept to the microsecond).
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ApiKeyRow {
    id: i64,
    org_id: i64,
    label: String,
    roles: String,
    secret_hash: String,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

impl TryFrom<ApiKeyRow> for ApiKey {
    type Error = StoreError;

    fn try_from(r: ApiKeyRow) -> Result<Self> {
        let roles = r
            .roles
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| Role::parse(s).ok_or_else(|| corrupt("api_keys.roles", s)))
            .collect::<Result<Vec<_>>>()?;
        Ok(ApiKey {
            id: ApiKeyId(r.id),
            org: OrgId(r.org_id),
            label: r.label,
            roles,
            secret_hash: r.secret_hash,
            created_at: r.created_at,
            revoked_at: r.revoked_at,
        })
    }
}

impl Store {
    /// Stores a key; `NotFound` for an unknown organisation, `AlreadyExists` when another key
    /// has the same secret hash.
    pub async fn create_api_key(&self, k: &NewApiKey) -> Result<ApiKey> {
        let created_at = db_time(k.created_at);
        let roles = k
            .roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_ids(c, IdTable::Organisations, &[k.org.0]).await?;
        let id: i64 = on_conn!(c, |c| {
            sqlx::query_scalar(
                "INSERT INTO api_keys (org_id, label, roles, secret_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(k.org.0)
            .bind(&k.label)
            .bind(&roles)
            .bind(&k.secret_hash)
            .bind(created_at)
            .fetch_one(&mut *c)
            .await
        })
        // The hash is not echoed: it is as good as the secret for finding the key.
        .unique_as("api key", || "with this secret hash".to_owned())?;
        tx.commit().await?;
        Ok(ApiKey {
            id: ApiKeyId(id),
            org: k.org,
            label: k.label.clone(),
            roles: k.roles.clone(),
            secret_hash: k.secret_hash.clone(),
            created_at,
            revoked_at: None,
        })
    }

    /// The key with this secret hash, revoked or not (the caller checks `revoked_at`).
    pub async fn find_api_key_by_hash(&self, secret_hash: &str) -> Result<Option<ApiKey>> {
        let row: Option<ApiKeyRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "SELECT id, org_id, label, roles, secret_hash, created_at, revoked_at \
                 FROM api_keys WHERE secret_hash = $1",
            )
            .bind(secret_hash)
            .fetch_optional(p)
            .await?
        });
        row.map(ApiKey::try_from).transpose()
    }

    /// Every key of an organisation, by id.
    pub async fn list_api_keys(&self, org: OrgId) -> Result<Vec<ApiKey>> {
        let rows: Vec<ApiKeyRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "SELECT id, org_id, label, roles, secret_hash, created_at, revoked_at \
                 FROM api_keys WHERE org_id = $1 ORDER BY id",
            )
            .bind(org.0)
            .fetch_all(p)
            .await?
        });
        rows.into_iter().map(ApiKey::try_from).collect()
    }

    /// Revokes a key at `at`; revoking a revoked key keeps the first time. `NotFound` for an
    /// unknown id.
    pub async fn revoke_api_key(&self, id: ApiKeyId, at: DateTime<Utc>) -> Result<()> {
        let affected = on_pool!(&self.pool, |p| {
            sqlx::query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
                .bind(db_time(at))
                .bind(id.0)
                .execute(p)
                .await?
                .rows_affected()
        });
        if affected == 0 {
            return Err(StoreError::not_found("api key", id));
        }
        Ok(())
    }
}
