//! Sharing agreements. The scope is stored as a `(scope_type, scope_value)` pair and the
//! issuers both as rows of `agreement_issuers` (under foreign keys) and as a canonical
//! `issuers_key`, so that a UNIQUE constraint recognises an identical agreement.

use std::collections::HashMap;

use crossrota_domain::agreement::{CredentialScope, SharingAgreement};
use crossrota_domain::catalogue::{CredentialCode, CredentialKind};
use crossrota_domain::ids::{NetworkId, OrgId};
use sqlx::QueryBuilder;

use crate::db::{CHUNK, Conn, on_conn, push_list, sorted_unique};
use crate::error::{Context, Result, corrupt};
use crate::exists::{IdTable, require_credentials, require_ids};
use crate::store::Store;

#[derive(sqlx::FromRow)]
struct AgreementRow {
    id: i64,
    network_id: i64,
    verifier_org_id: i64,
    scope_type: String,
    scope_value: String,
}

#[derive(sqlx::FromRow)]
struct IssuerRow {
    agreement_id: i64,
    org_id: i64,
}

/// `(scope_type, scope_value)` of a scope.
fn scope_columns(scope: &CredentialScope) -> (&'static str, &str) {
    match scope {
        CredentialScope::Code(code) => ("code", code.as_str()),
        CredentialScope::Kind(kind) => ("kind", kind.as_str()),
        CredentialScope::All => ("all", ""),
    }
}

fn scope_from_columns(scope_type: &str, value: &str) -> Result<CredentialScope> {
    match scope_type {
        "code" => CredentialCode::parse(value)
            .map(CredentialScope::Code)
            .map_err(|e| corrupt("sharing_agreements.scope_value", e)),
        "kind" => CredentialKind::parse(value)
            .map(CredentialScope::Kind)
            .ok_or_else(|| corrupt("sharing_agreements.scope_value", value)),
        "all" => Ok(CredentialScope::All),
        other => Err(corrupt("sharing_agreements.scope_type", other)),
    }
}

impl Store {
    /// Stores an agreement (issuers sorted and deduplicated) in one transaction.
    /// `AlreadyExists` for an identical one; `NotFound` for an unknown network, organisation
    /// or credential.
    pub async fn create_agreement(&self, a: &SharingAgreement) -> Result<SharingAgreement> {
        let issuers = sorted_unique(&a.issuers);
        let issuers_key = issuers
            .iter()
            .map(|o| o.0.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let (scope_type, scope_value) = scope_columns(&a.scope);
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_ids(c, IdTable::Networks, &[a.network.0]).await?;
        let mut orgs: Vec<i64> = issuers.iter().map(|o| o.0).collect();
        orgs.push(a.verifier.0);
        require_ids(c, IdTable::Organisations, &orgs).await?;
        if let CredentialScope::Code(code) = &a.scope {
            require_credentials(c, &[code.as_str()]).await?;
        }
        let id: i64 = on_conn!(c, |c| {
            sqlx::query_scalar(
                "INSERT INTO sharing_agreements \
                 (network_id, verifier_org_id, scope_type, scope_value, issuers_key) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(a.network.0)
            .bind(a.verifier.0)
            .bind(scope_type)
            .bind(scope_value)
            .bind(&issuers_key)
            .fetch_one(&mut *c)
            .await
        })
        .unique_as("sharing agreement", || {
            format!(
                "network {} verifier {} scope {scope_type} {scope_value:?} issuers [{issuers_key}]",
                a.network, a.verifier
            )
        })?;
        for chunk in issuers.chunks(CHUNK) {
            on_conn!(c, |c, Db| {
                let mut qb = QueryBuilder::<Db>::new(
                    "INSERT INTO agreement_issuers (agreement_id, org_id) ",
                );
                qb.push_values(chunk, |mut row, org| {
                    row.push_bind(id).push_bind(org.0);
                });
                qb.build().execute(&mut *c).await?;
            });
        }
        tx.commit().await?;
        Ok(SharingAgreement {
            network: a.network,
            verifier: a.verifier,
            scope: a.scope.clone(),
            issuers,
        })
    }

    /// Agreements in creation order, of one network or of all.
    pub async fn list_agreements(
        &self,
        network: Option<NetworkId>,
    ) -> Result<Vec<SharingAgreement>> {
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let rows: Vec<AgreementRow> = on_conn!(c, |c| match network {
            Some(n) => {
                sqlx::query_as(
                    "SELECT id, network_id, verifier_org_id, scope_type, scope_value \
                     FROM sharing_agreements WHERE network_id = $1 ORDER BY id",
                )
                .bind(n.0)
                .fetch_all(&mut *c)
                .await?
            }
            None => {
                sqlx::query_as(
                    "SELECT id, network_id, verifier_org_id, scope_type, scope_value \
                     FROM sharing_agreements ORDER BY id",
                )
                .fetch_all(&mut *c)
                .await?
            }
        });
        let agreements = with_issuers(c, rows).await?;
        tx.commit().await?;
        Ok(agreements)
    }
}

/// Completes agreement rows with their issuers, keeping the rows' order.
async fn with_issuers(c: &mut Conn<'_>, rows: Vec<AgreementRow>) -> Result<Vec<SharingAgreement>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut issuers: HashMap<i64, Vec<OrgId>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<IssuerRow> = on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT agreement_id, org_id FROM agreement_issuers WHERE agreement_id IN ",
            );
            push_list(&mut qb, chunk.iter().copied());
            qb.push(" ORDER BY agreement_id, org_id");
            qb.build_query_as().fetch_all(&mut *c).await?
        });
        for i in found {
            issuers
                .entry(i.agreement_id)
                .or_default()
                .push(OrgId(i.org_id));
        }
    }
    rows.into_iter()
        .map(|r| {
            Ok(SharingAgreement {
                network: NetworkId(r.network_id),
                verifier: OrgId(r.verifier_org_id),
                scope: scope_from_columns(&r.scope_type, &r.scope_value)?,
                issuers: issuers.remove(&r.id).unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_survives_its_columns() {
        let scopes = [
            CredentialScope::All,
            CredentialScope::Kind(CredentialKind::Competency),
            CredentialScope::Code(CredentialCode::parse("STROKE-NIHSS").unwrap()),
        ];
        for scope in scopes {
            let (t, v) = scope_columns(&scope);
            assert_eq!(scope_from_columns(t, v).unwrap(), scope);
        }
    }

    #[test]
    fn unknown_scope_type_is_corrupt_data() {
        let err = scope_from_columns("everything", "").unwrap_err();
        assert_eq!(err.kind(), crate::StoreErrorKind::Internal);
    }
}
