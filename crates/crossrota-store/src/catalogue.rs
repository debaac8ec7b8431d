//! The credential catalogue (definitions with their levels) and organisations' validity
//! overrides. A NULL `validity_months` means the level never expires.

use std::collections::HashMap;

use crossrota_domain::catalogue::{
    Catalogue, CredentialCode, CredentialDef, CredentialKind, LevelValidity, Validity,
    ValidityOverride,
};
use crossrota_domain::ids::OrgId;
use sqlx::QueryBuilder;

use crate::db::{on_conn, on_pool};
use crate::error::{Context, Result, corrupt};
use crate::exists::{IdTable, require_credentials, require_ids};
use crate::store::Store;

#[derive(sqlx::FromRow)]
struct DefRow {
    code: String,
    name: String,
    kind: String,
}

#[derive(sqlx::FromRow)]
struct LevelRow {
    code: String,
    level: i32,
    validity_months: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct OverrideRow {
    org_id: i64,
    code: String,
    level: i32,
    validity_months: Option<i64>,
}

fn validity_to_db(v: Validity) -> Option<i64> {
    match v {
        Validity::Months(m) => Some(i64::from(m)),
        Validity::Indefinite => None,
    }
}

fn validity_from_db(column: &str, months: Option<i64>) -> Result<Validity> {
    match months {
        None => Ok(Validity::Indefinite),
        Some(m) => u32::try_from(m)
            .map(Validity::Months)
            .map_err(|e| corrupt(column, e)),
    }
}

fn level_from_db(column: &str, level: i32) -> Result<u8> {
    u8::try_from(level).map_err(|e| corrupt(column, e))
}

fn code_from_db(column: &str, code: &str) -> Result<CredentialCode> {
    CredentialCode::parse(code).map_err(|e| corrupt(column, e))
}

impl Store {
    /// Inserts a credential definition, or replaces the name, kind and levels of the one with
    /// the same code, in one transaction.
    pub async fn upsert_credential_def(&self, d: &CredentialDef) -> Result<()> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        on_conn!(c, |c| {
            sqlx::query(
                "INSERT INTO credential_defs (code, name, kind) VALUES ($1, $2, $3) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind",
            )
            .bind(d.code.as_str())
            .bind(&d.name)
            .bind(d.kind.as_str())
            .execute(&mut *c)
            .await?;
            sqlx::query("DELETE FROM credential_levels WHERE code = $1")
                .bind(d.code.as_str())
                .execute(&mut *c)
                .await?;
        });
        if !d.levels.is_empty() {
            on_conn!(c, |c, Db| {
                let mut qb = QueryBuilder::<Db>::new(
                    "INSERT INTO credential_levels (code, level, validity_months) ",
                );
                qb.push_values(&d.levels, |mut row, l| {
                    row.push_bind(d.code.as_str().to_owned())
                        .push_bind(i32::from(l.level))
                        .push_bind(validity_to_db(l.validity));
                });
                qb.build()
                    .execute(&mut *c)
                    .await
                    .unique_as("credential level", || format!("{} (listed twice)", d.code))?;
            });
        }
        tx.commit().await
    }

    /// Every credential definition, sorted by code, each with its levels sorted.
    pub async fn list_credential_defs(&self) -> Result<Vec<CredentialDef>> {
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let (defs, levels): (Vec<DefRow>, Vec<LevelRow>) = on_conn!(c, |c| {
            let defs = sqlx::query_as("SELECT code, name, kind FROM credential_defs")
                .fetch_all(&mut *c)
                .await?;
            let levels = sqlx::query_as(
                "SELECT code, level, validity_months FROM credential_levels ORDER BY code, level",
            )
            .fetch_all(&mut *c)
            .await?;
            (defs, levels)
        });
        tx.commit().await?;
        let mut by_code: HashMap<String, Vec<LevelValidity>> = HashMap::new();
        for l in levels {
            let level = LevelValidity {
                level: level_from_db("credential_levels.level", l.level)?,
                validity: validity_from_db("credential_levels.validity_months", l.validity_months)?,
            };
            by_code.entry(l.code).or_default().push(level);
        }
        let mut out = defs
            .into_iter()
            .map(|d| {
                let mut levels = by_code.remove(&d.code).unwrap_or_default();
                levels.sort_by_key(|l| l.level);
                Ok(CredentialDef {
                    code: code_from_db("credential_defs.code", &d.code)?,
                    kind: CredentialKind::parse(&d.kind)
                        .ok_or_else(|| corrupt("credential_defs.kind", &d.kind))?,
                    name: d.name,
                    levels,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // Sorted here, not in SQL: PostgreSQL collations may order `-` differently from
        // SQLite's byte order.
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }

    /// Sets an organisation's validity for one credential level, replacing an earlier one;
    /// `NotFound` for an unknown organisation or credential.
    pub async fn set_validity_override(&self, o: &ValidityOverride) -> Result<()> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_ids(c, IdTable::Organisations, &[o.org.0]).await?;
        require_credentials(c, &[o.code.as_str()]).await?;
        on_conn!(c, |c| {
            sqlx::query(
                "INSERT INTO validity_overrides (org_id, code, level, validity_months) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, code, level) \
                 DO UPDATE SET validity_months = excluded.validity_months",
            )
            .bind(o.org.0)
            .bind(o.code.as_str())
            .bind(i32::from(o.level))
            .bind(validity_to_db(o.validity))
            .execute(&mut *c)
            .await?;
        });
        tx.commit().await
    }

    /// Every validity override, sorted by organisation, code and level.
    pub async fn list_validity_overrides(&self) -> Result<Vec<ValidityOverride>> {
        let rows: Vec<OverrideRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as("SELECT org_id, code, level, validity_months FROM validity_overrides")
                .fetch_all(p)
                .await?
        });
        let mut out = rows
            .into_iter()
            .map(|r| {
                Ok(ValidityOverride {
                    org: OrgId(r.org_id),
                    code: code_from_db("validity_overrides.code", &r.code)?,
                    level: level_from_db("validity_overrides.level", r.level)?,
                    validity: validity_from_db(
                        "validity_overrides.validity_months",
                        r.validity_months,
                    )?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| (a.org, &a.code, a.level).cmp(&(b.org, &b.code, b.level)));
        Ok(out)
    }

    /// The whole catalogue: definitions and overrides.
    pub async fn load_catalogue(&self) -> Result<Catalogue> {
        let defs = self.list_credential_defs().await?;
        let overrides = self.list_validity_overrides().await?;
        Ok(Catalogue::new(defs, overrides))
    }
}
