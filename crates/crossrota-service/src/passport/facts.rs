//! Credential facts and the passport they make up: recording a fact (or a correction),
//! revoking one, and reading a person's whole history (audited).

use crossrota_domain::access::{AuditAction, Role};
use crossrota_domain::commands;
use crossrota_domain::fact::{CredentialFact, FactAction, FactInput, NewFact};
use crossrota_domain::ids::FactId;
use crossrota_domain::staff::Staff;

use super::{PassportService, scoped};
use crate::access::Caller;
use crate::error::{Result, ServiceError};

/// A person's passport: who they are and every fact ever recorded about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passport {
    /// The person.
    pub staff: Staff,
    /// Every fact, id order (records, corrections and revocations).
    pub history: Vec<CredentialFact>,
}

impl PassportService {
    /// Records a fact (or a correction) about a person, issued by the caller's organisation.
    pub async fn record_fact(
        &self,
        caller: &Caller,
        cmd: commands::RecordFact,
    ) -> Result<CredentialFact> {
        caller.require_any(&[Role::Issuer], "recording a credential fact")?;
        let staff = self.store.get_staff(cmd.staff).await?;
        self.ensure_visible(caller, &staff).await?;
        let catalogue = self.store.load_catalogue().await?;
        let recorded_by = caller.key.label.clone();
        let new = NewFact::parse(
            FactInput {
                staff: staff.id,
                code: &cmd.code,
                level: cmd.level,
                achieved_on: cmd.achieved_on,
                expires_on: cmd.expires_on,
                issuer: caller.org(),
                evidence_ref: &cmd.evidence_ref,
                recorded_by: &recorded_by,
                supersedes: cmd.supersedes,
            },
            &catalogue,
            self.clock.today(),
        )
        .map_err(|e| scoped(e, "credential"))?;
        if let Some(old) = cmd.supersedes {
            let old = self.fact_of(old, "credential.supersedes_fact_id").await?;
            if old.staff != staff.id {
                return Err(ServiceError::invalid(
                    "credential.supersedes_fact_id",
                    "belongs to another member of staff",
                ));
            }
            if old.issuer != caller.org() {
                return Err(ServiceError::PermissionDenied(
                    "only the issuer of a fact may correct it".into(),
                ));
            }
        }
        Ok(self.store.append_fact(&new, self.clock.now()).await?)
    }

    /// Revokes a fact the caller's organisation issued.
    pub async fn revoke_fact(
        &self,
        caller: &Caller,
        cmd: commands::RevokeFact,
    ) -> Result<CredentialFact> {
        caller.require_any(&[Role::Issuer], "revoking a credential fact")?;
        let target = self.fact_of(cmd.fact, "fact_id").await?;
        if target.issuer != caller.org() {
            return Err(ServiceError::PermissionDenied(
                "only the issuer of a fact may revoke it".into(),
            ));
        }
        if target.action != FactAction::Record {
            return Err(ServiceError::invalid(
                "fact_id",
                "is a revocation, not a credential",
            ));
        }
        let new = NewFact::revocation(&target, caller.org(), &cmd.reason, &caller.key.label)?;
        Ok(self.store.append_fact(&new, self.clock.now()).await?)
    }

    async fn fact_of(&self, id: FactId, field: &str) -> Result<CredentialFact> {
        self.store.get_fact(id).await.map_err(|e| match e.kind() {
            crossrota_store::StoreErrorKind::NotFound => {
                ServiceError::NotFound(format!("{field}: no fact {id}"))
            }
            _ => e.into(),
        })
    }

    /// A person's passport, audited.
    pub async fn get_passport(
        &self,
        caller: &Caller,
        cmd: commands::GetPassport,
    ) -> Result<Passport> {
        let staff = self.store.get_staff(cmd.staff).await?;
        if staff.org != caller.org() {
            caller.require_any(&[Role::Verifier], "reading another organisation's passport")?;
        }
        self.ensure_visible(caller, &staff).await?;
        let history = self.store.facts_of_staff(staff.id).await?;
        self.audit(caller, &[(&staff, AuditAction::PassportRead)], &cmd.reason)
            .await?;
        Ok(Passport { staff, history })
    }
}
