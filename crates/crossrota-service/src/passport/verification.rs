//! Verification: checking people against a requirement profile over a date range, in one
//! call for one or many (every verification audited), and the inputs a verdict reads, which
//! roster problems over stored staff load the same way.

use std::collections::HashMap;

use crossrota_domain::access::{AuditAction, Role};
use crossrota_domain::agreement::{AcceptancePolicy, SharingAgreement};
use crossrota_domain::catalogue::Catalogue;
use crossrota_domain::commands;
use crossrota_domain::compliance::{Verdict, VerifyRequest, verify};
use crossrota_domain::fact::CredentialFact;
use crossrota_domain::ids::{OrgId, StaffId};
use crossrota_domain::organisation::Network;
use crossrota_domain::staff::Staff;
use crossrota_store::Store;

use super::PassportService;
use crate::access::{Caller, can_see_staff};
use crate::error::{Result, ServiceError};

/// The most people one verify-many call may name.
pub const MAX_VERIFY_BATCH: usize = 20_000;

impl PassportService {
    /// Verifies people against a profile over a date range; every verification is audited.
    /// All or nothing: an unknown or invisible person refuses the whole call.
    pub async fn verify(&self, caller: &Caller, cmd: commands::Verify) -> Result<Vec<Verdict>> {
        caller.require_any(
            &[Role::Verifier, Role::BankOffice, Role::RotationCoordinator],
            "verifying a passport",
        )?;
        if cmd.staff.is_empty() {
            return Err(ServiceError::invalid(
                "staff_ids",
                "at least one is required",
            ));
        }
        if cmd.staff.len() > MAX_VERIFY_BATCH {
            return Err(ServiceError::invalid(
                "staff_ids",
                format!("at most {MAX_VERIFY_BATCH} per call"),
            ));
        }
        if cmd.warn_within_days > 3650 {
            return Err(ServiceError::invalid(
                "warn_within_days",
                "must be at most 3650",
            ));
        }
        let profile = self.store.get_profile(cmd.profile).await?;
        let staff = self.store.get_staff_many(&cmd.staff).await?;
        let by_id: HashMap<StaffId, &Staff> = staff.iter().map(|s| (s.id, s)).collect();
        let networks = self.store.networks_of_org(caller.org()).await?;
        for id in &cmd.staff {
            let Some(s) = by_id.get(id) else {
                return Err(ServiceError::NotFound(format!("staff {id}")));
            };
            if !can_see_staff(caller.org(), &networks, s) {
                return Err(ServiceError::PermissionDenied(format!(
                    "staff {id} belongs to another organisation and has not joined a network you share"
                )));
            }
        }
        let inputs = VerdictInputs::load(&self.store, caller.org(), networks, &cmd.staff).await?;
        let (histories, catalogue, policy) =
            (&inputs.histories, &inputs.catalogue, inputs.policy());
        let empty = Vec::new();
        let verdicts: Vec<Verdict> = cmd
            .staff
            .iter()
            .filter_map(|id| by_id.get(id))
            .map(|s| {
                verify(&VerifyRequest {
                    staff: s,
                    history: histories.get(&s.id).unwrap_or(&empty),
                    profile: &profile,
                    catalogue,
                    policy: &policy,
                    range: cmd.range,
                    warn_within_days: cmd.warn_within_days,
                })
            })
            .collect();
        let audited: Vec<(&Staff, AuditAction)> = cmd
            .staff
            .iter()
            .filter_map(|id| by_id.get(id).map(|s| (*s, AuditAction::Verify)))
            .collect();
        self.audit(caller, &audited, &cmd.reason).await?;
        Ok(verdicts)
    }
}

/// Everything a verdict reads besides the person and the profile: each person's facts, the
/// catalogue, and whose records the verifying organisation accepts. Loaded once by
/// [`PassportService::verify`] and by roster problems built from stored staff, which evaluate
/// the same verdict on every day of a horizon.
pub(crate) struct VerdictInputs {
    pub(crate) histories: HashMap<StaffId, Vec<CredentialFact>>,
    pub(crate) catalogue: Catalogue,
    verifier: OrgId,
    networks: Vec<Network>,
    agreements: Vec<SharingAgreement>,
}

impl VerdictInputs {
    /// Loads the inputs for `verifier` (whose `networks` the caller has already read for its
    /// access check) and the people `staff`.
    pub(crate) async fn load(
        store: &Store,
        verifier: OrgId,
        networks: Vec<Network>,
        staff: &[StaffId],
    ) -> Result<Self> {
        let histories = store.facts_of_staff_many(staff).await?;
        let catalogue = store.load_catalogue().await?;
        let agreements = store
            .list_agreements(None)
            .await?
            .into_iter()
            .filter(|a| a.verifier == verifier)
            .collect();
        Ok(Self {
            histories,
            catalogue,
            verifier,
            networks,
            agreements,
        })
    }

    /// Whose records the verifier accepts.
    pub(crate) fn policy(&self) -> AcceptancePolicy<'_> {
        AcceptancePolicy {
            verifier: self.verifier,
            networks: &self.networks,
            agreements: &self.agreements,
        }
    }
}
