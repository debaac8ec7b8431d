//! Requirement profiles; their requirements live in `profile_requirements`, kept in the order
//! given by a `position` column.

use std::collections::HashMap;

use crossrota_domain::catalogue::CredentialCode;
use crossrota_domain::ids::{OrgId, ProfileId};
use crossrota_domain::profile::{NewProfile, Requirement, RequirementProfile};
use sqlx::QueryBuilder;

use crate::db::{CHUNK, Conn, after_raw, on_conn, push_list};
use crate::error::{Context, Result, StoreError, corrupt};
use crate::exists::{IdTable, require_credentials, require_ids};
use crate::page::Page;
use crate::store::Store;

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: i64,
    org_id: i64,
    name: String,
    service: String,
}

#[derive(sqlx::FromRow)]
struct RequirementRow {
    profile_id: i64,
    code: String,
    min_level: i32,
}

impl Store {
    /// Creates a profile with its requirements in one transaction; `AlreadyExists` when the
    /// organisation already has a profile of that name, `NotFound` for an unknown
    /// organisation or credential.
    pub async fn create_profile(&self, p: &NewProfile) -> Result<RequirementProfile> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_ids(c, IdTable::Organisations, &[p.org.0]).await?;
        let codes: Vec<&str> = p.requirements.iter().map(|r| r.code.as_str()).collect();
        require_credentials(c, &codes).await?;
        let id: i64 = on_conn!(c, |c| {
            sqlx::query_scalar(
                "INSERT INTO requirement_profiles (org_id, name, service) VALUES ($1, $2, $3) \
                 RETURNING id",
            )
            .bind(p.org.0)
            .bind(&p.name)
            .bind(&p.service)
            .fetch_one(&mut *c)
            .await
        })
        .unique_as("profile", || format!("org {} name {}", p.org, p.name))?;
        let numbered: Vec<(i32, &Requirement)> = (0..).zip(&p.requirements).collect();
        for chunk in numbered.chunks(CHUNK) {
            on_conn!(c, |c, Db| {
                let mut qb = QueryBuilder::<Db>::new(
                    "INSERT INTO profile_requirements (profile_id, position, code, min_level) ",
                );
                qb.push_values(chunk, |mut row, (position, r)| {
                    row.push_bind(id)
                        .push_bind(*position)
                        .push_bind(r.code.as_str().to_owned())
                        .push_bind(i32::from(r.min_level));
                });
                qb.build().execute(&mut *c).await?;
            });
        }
        tx.commit().await?;
        Ok(RequirementProfile {
            id: ProfileId(id),
            org: p.org,
            name: p.name.clone(),
            service: p.service.clone(),
            requirements: p.requirements.clone(),
        })
    }

    /// One profile with its requirements in order.
    pub async fn get_profile(&self, id: ProfileId) -> Result<RequirementProfile> {
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let row: Option<ProfileRow> = on_conn!(c, |c| {
            sqlx::query_as(
                "SELECT id, org_id, name, service FROM requirement_profiles WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?
        });
        let row = row.ok_or_else(|| StoreError::not_found("profile", id))?;
        let profiles = with_requirements(c, vec![row]).await?;
        tx.commit().await?;
        profiles
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::not_found("profile", id))
    }

    /// A page of profiles by id, of one organisation or of all.
    pub async fn list_profiles(
        &self,
        org: Option<OrgId>,
        page: Page<ProfileId>,
    ) -> Result<Vec<RequirementProfile>> {
        let after = after_raw(page.after.map(|a| a.0));
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let rows: Vec<ProfileRow> = on_conn!(c, |c| match org {
            Some(org) => {
                sqlx::query_as(
                    "SELECT id, org_id, name, service FROM requirement_profiles \
                     WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(org.0)
                .bind(after)
                .bind(page.sql_limit())
                .fetch_all(&mut *c)
                .await?
            }
            None => {
                sqlx::query_as(
                    "SELECT id, org_id, name, service FROM requirement_profiles \
                     WHERE id > $1 ORDER BY id LIMIT $2",
                )
                .bind(after)
                .bind(page.sql_limit())
                .fetch_all(&mut *c)
                .await?
            }
        });
        let profiles = with_requirements(c, rows).await?;
        tx.commit().await?;
        Ok(profiles)
    }
}

/// Completes profile rows with their requirements, keeping the rows' order.
async fn with_requirements(
    c: &mut Conn<'_>,
    rows: Vec<ProfileRow>,
) -> Result<Vec<RequirementProfile>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut requirements: HashMap<i64, Vec<Requirement>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<RequirementRow> = on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT profile_id, code, min_level FROM profile_requirements WHERE profile_id IN ",
            );
            push_list(&mut qb, chunk.iter().copied());
            qb.push(" ORDER BY profile_id, position");
            qb.build_query_as().fetch_all(&mut *c).await?
        });
        for r in found {
            let requirement = Requirement {
                code: CredentialCode::parse(&r.code)
                    .map_err(|e| corrupt("profile_requirements.code", e))?,
                min_level: u8::try_from(r.min_level)
                    .map_err(|e| corrupt("profile_requirements.min_level", e))?,
            };
            requirements
                .entry(r.profile_id)
                .or_default()
                .push(requirement);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| RequirementProfile {
            id: ProfileId(r.id),
            org: OrgId(r.org_id),
            requirements: requirements.remove(&r.id).unwrap_or_default(),
            name: r.name,
            service: r.service,
        })
        .collect())
}
