//! Organisations (trusts), keyed by id and by their unique ODS code.

use crossrota_domain::ids::OrgId;
use crossrota_domain::organisation::{NewOrganisation, OdsCode, Organisation};

use crate::db::{after_raw, on_pool};
use crate::error::{Context, Result, StoreError, corrupt};
use crate::page::Page;
use crate::store::Store;

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: i64,
    code: String,
    name: String,
}

impl TryFrom<OrgRow> for Organisation {
    type Error = StoreError;

    fn try_from(r: OrgRow) -> Result<Self> {
        Ok(Organisation {
            id: OrgId(r.id),
            code: OdsCode::parse(&r.code).map_err(|e| corrupt("organisations.code", e))?,
            name: r.name,
        })
    }
}

impl Store {
    /// Creates an organisation; `AlreadyExists` when its ODS code is taken.
    pub async fn create_org(&self, o: &NewOrganisation) -> Result<Organisation> {
        let row: OrgRow = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "INSERT INTO organisations (code, name) VALUES ($1, $2) RETURNING id, code, name",
            )
            .bind(o.code.as_str())
            .bind(&o.name)
            .fetch_one(p)
            .await
        })
        .unique_as("organisation", || o.code.to_string())?;
        row.try_into()
    }

    /// Replaces an organisation's code and name; `NotFound` for an unknown id,
    /// `AlreadyExists` when the new code belongs to another organisation.
    pub async fn update_org(&self, id: OrgId, o: &NewOrganisation) -> Result<Organisation> {
        let row: Option<OrgRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "UPDATE organisations SET code = $1, name = $2 WHERE id = $3 \
                 RETURNING id, code, name",
            )
            .bind(o.code.as_str())
            .bind(&o.name)
            .bind(id.0)
            .fetch_optional(p)
            .await
        })
        .unique_as("organisation", || o.code.to_string())?;
        row.ok_or_else(|| StoreError::not_found("organisation", id))?
            .try_into()
    }

    /// One organisation by id.
    pub async fn get_org(&self, id: OrgId) -> Result<Organisation> {
        let row: Option<OrgRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as("SELECT id, code, name FROM organisations WHERE id = $1")
                .bind(id.0)
                .fetch_optional(p)
                .await?
        });
        row.ok_or_else(|| StoreError::not_found("organisation", id))?
            .try_into()
    }

    /// One organisation by ODS code.
    pub async fn get_org_by_code(&self, code: &OdsCode) -> Result<Organisation> {
        let row: Option<OrgRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as("SELECT id, code, name FROM organisations WHERE code = $1")
                .bind(code.as_str())
                .fetch_optional(p)
                .await?
        });
        row.ok_or_else(|| StoreError::not_found("organisation", code))?
            .try_into()
    }

    /// A page of organisations by id.
    pub async fn list_orgs(&self, page: Page<OrgId>) -> Result<Vec<Organisation>> {
        let rows: Vec<OrgRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "SELECT id, code, name FROM organisations WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after_raw(page.after.map(|a| a.0)))
            .bind(page.sql_limit())
            .fetch_all(p)
            .await?
        });
        rows.into_iter().map(Organisation::try_from).collect()
    }
}
