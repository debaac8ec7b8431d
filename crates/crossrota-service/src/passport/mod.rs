//! Passport use cases: organisations, networks, staff, facts, profiles, agreements,
//! verification, expiry lists and the audit log.

use std::collections::HashMap;

use chrono::NaiveDate;
use crossrota_domain::access::{ApiKey, AuditAction, AuditEntry, NewAuditEntry, Role};
use crossrota_domain::agreement::{AcceptancePolicy, SharingAgreement};
use crossrota_domain::catalogue::{
    Catalogue, CredentialCode, CredentialDef, MAX_LEVEL, Validity, ValidityOverride, seed_catalogue,
};
use crossrota_domain::commands;
use crossrota_domain::compliance::{Verdict, VerifyRequest, expiring_facts, verify};
use crossrota_domain::fact::{CredentialFact, FactAction, FactInput, NewFact};
use crossrota_domain::ids::{AuditId, FactId, NetworkId, OrgId, ProfileId, StaffId};
use crossrota_domain::organisation::{Network, NewNetwork, NewOrganisation, OdsCode, Organisation};
use crossrota_domain::profile::{NewProfile, RequirementProfile};
use crossrota_domain::staff::{NewStaff, Staff};
use crossrota_domain::{FieldErrors, validation::FieldError};
use crossrota_store::{ImportBatch, ImportSummary, NewApiKey, Page, Store};

use crate::access::{Caller, can_see_staff};
use crate::clock::Clock;
use crate::error::{Result, ServiceError};
use crate::keys::{generate_secret, hash_secret};

/// The most people one verify-many call may name.
pub const MAX_VERIFY_BATCH: usize = 20_000;

/// A person's passport: who they are and every fact ever recorded about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passport {
    /// The person.
    pub staff: Staff,
    /// Every fact, id order (records, corrections and revocations).
    pub history: Vec<CredentialFact>,
}

/// A fact that lapses soon, with its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringItem {
    /// The holder.
    pub staff: Staff,
    /// The fact.
    pub fact: CredentialFact,
    /// First day it stops counting.
    pub expires_on: NaiveDate,
}

/// The passport use cases over one store.
#[derive(Debug, Clone)]
pub struct PassportService {
    store: Store,
    clock: Clock,
}

impl PassportService {
    /// Opens the service, making sure the shipped catalogue is present (new codes are added,
    /// existing ones refreshed; organisations' overrides are untouched).
    pub async fn open(store: Store, clock: Clock) -> Result<Self> {
        for def in seed_catalogue() {
            store.upsert_credential_def(&def).await?;
        }
        Ok(Self { store, clock })
    }

    /// The underlying store (for the CLI's offline commands and tests).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The clock in use.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    // ----- authentication and keys -------------------------------------------------------

    /// Resolves a presented secret to a caller. Unknown or revoked keys are refused.
    pub async fn authenticate(&self, secret: &str) -> Result<Caller> {
        let secret = secret.trim();
        if secret.is_empty() {
            return Err(ServiceError::Unauthenticated(
                "missing API key: send `authorization: Bearer <key>`".into(),
            ));
        }
        match self
            .store
            .find_api_key_by_hash(&hash_secret(secret))
            .await?
        {
            Some(key) if key.revoked_at.is_none() => Ok(Caller { key }),
            Some(_) => Err(ServiceError::Unauthenticated("API key revoked".into())),
            None => Err(ServiceError::Unauthenticated("unknown API key".into())),
        }
    }

    /// Creates a key for an organisation and returns it with its secret (shown once).
    /// Used by the CLI to bootstrap the first admin key, and by admins for further keys.
    pub async fn create_api_key(
        &self,
        org: &OdsCode,
        label: &str,
        roles: &[Role],
    ) -> Result<(ApiKey, String)> {
        let mut errs = FieldErrors::new();
        if label.trim().is_empty() {
            errs.push("label", "required");
        }
        if roles.is_empty() {
            errs.push("roles", "at least one role is required");
        }
        errs.into_result(())?;
        let org = self.store.get_org_by_code(org).await?;
        let secret = generate_secret();
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        let key = self
            .store
            .create_api_key(&NewApiKey {
                org: org.id,
                label: label.trim().to_owned(),
                roles,
                secret_hash: hash_secret(&secret),
                created_at: self.clock.now(),
            })
            .await?;
        Ok((key, secret))
    }

    // ----- organisations ------------------------------------------------------------------

    /// Registers an organisation (any admin of the region may).
    pub async fn create_org(&self, caller: &Caller, o: NewOrganisation) -> Result<Organisation> {
        caller.require_any(&[Role::Admin], "creating an organisation")?;
        Ok(self.store.create_org(&o).await?)
    }

    /// Bootstraps an organisation without a caller (CLI only: the region's first step).
    pub async fn create_org_unchecked(&self, o: NewOrganisation) -> Result<Organisation> {
        Ok(self.store.create_org(&o).await?)
    }

    /// Renames or re-codes the caller's own organisation.
    pub async fn update_org(
        &self,
        caller: &Caller,
        id: OrgId,
        o: NewOrganisation,
    ) -> Result<Organisation> {
        caller.require_any(&[Role::Admin], "updating an organisation")?;
        caller.require_own_org(id, "updating an organisation")?;
        Ok(self.store.update_org(id, &o).await?)
    }

    /// One organisation (the directory is public to every caller).
    pub async fn get_org(&self, _caller: &Caller, id: OrgId) -> Result<Organisation> {
        Ok(self.store.get_org(id).await?)
    }

    /// One organisation by ODS code.
    pub async fn get_org_by_code(&self, _caller: &Caller, code: &OdsCode) -> Result<Organisation> {
        Ok(self.store.get_org_by_code(code).await?)
    }

    /// A page of organisations.
    pub async fn list_orgs(
        &self,
        _caller: &Caller,
        page: Page<OrgId>,
    ) -> Result<Vec<Organisation>> {
        Ok(self.store.list_orgs(page).await?)
    }

    // ----- networks -----------------------------------------------------------------------

    /// Creates a network; the caller's organisation must be one of its members.
    pub async fn create_network(&self, caller: &Caller, n: NewNetwork) -> Result<Network> {
        caller.require_any(&[Role::Admin], "creating a network")?;
        if !n.members.contains(&caller.org()) {
            return Err(ServiceError::PermissionDenied(
                "a network can only be created by one of its members".into(),
            ));
        }
        Ok(self.store.create_network(&n).await?)
    }

    /// Updates a network the caller's organisation belongs to (and stays in).
    pub async fn update_network(
        &self,
        caller: &Caller,
        id: NetworkId,
        n: NewNetwork,
    ) -> Result<Network> {
        caller.require_any(&[Role::Admin], "updating a network")?;
        let current = self.store.get_network(id).await?;
        if !current.members.contains(&caller.org()) || !n.members.contains(&caller.org()) {
            return Err(ServiceError::PermissionDenied(
                "a network can only be updated by a member that stays a member".into(),
            ));
        }
        Ok(self.store.update_network(id, &n).await?)
    }

    /// One network.
    pub async fn get_network(&self, _caller: &Caller, id: NetworkId) -> Result<Network> {
        Ok(self.store.get_network(id).await?)
    }

    /// A page of networks.
    pub async fn list_networks(
        &self,
        _caller: &Caller,
        page: Page<NetworkId>,
    ) -> Result<Vec<Network>> {
        Ok(self.store.list_networks(page).await?)
    }

    // ----- staff --------------------------------------------------------------------------

    /// Adds a member of staff to the caller's organisation.
    pub async fn create_staff(&self, caller: &Caller, s: NewStaff) -> Result<Staff> {
        caller.require_any(&[Role::Admin, Role::Issuer], "creating staff")?;
        caller.require_own_org(s.org, "creating staff")?;
        self.check_staff_networks(&s).await?;
        Ok(self.store.create_staff(&s).await?)
    }

    /// Updates a member of the caller's organisation (they cannot be moved to another one).
    pub async fn update_staff(&self, caller: &Caller, id: StaffId, s: NewStaff) -> Result<Staff> {
        caller.require_any(&[Role::Admin, Role::Issuer], "updating staff")?;
        let current = self.store.get_staff(id).await?;
        caller.require_own_org(current.org, "updating staff")?;
        if s.org != current.org {
            return Err(ServiceError::invalid(
                "staff.org_id",
                "cannot move staff to another organisation",
            ));
        }
        self.check_staff_networks(&s).await?;
        Ok(self.store.update_staff(id, &s).await?)
    }

    /// A person can only join networks their home organisation belongs to.
    async fn check_staff_networks(&self, s: &NewStaff) -> Result<()> {
        let mut errs = FieldErrors::new();
        for (i, n) in s.networks.iter().enumerate() {
            match self.store.get_network(*n).await {
                Ok(net) if net.members.contains(&s.org) => {}
                Ok(_) => errs.push(
                    format!("staff.network_ids[{i}]"),
                    "home organisation is not a member of this network",
                ),
                Err(e) if e.kind() == crossrota_store::StoreErrorKind::NotFound => errs.push(
                    format!("staff.network_ids[{i}]"),
                    format!("unknown network {n}"),
                ),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(errs.into_result(())?)
    }

    /// One member of staff, if the caller may see them.
    pub async fn get_staff(&self, caller: &Caller, id: StaffId) -> Result<Staff> {
        let staff = self.store.get_staff(id).await?;
        self.ensure_visible(caller, &staff).await?;
        Ok(staff)
    }

    /// A page of the staff the caller may see, optionally of one organisation, and where the
    /// next page starts (`None` when this was the last). Rows the caller may not see are
    /// dropped after paging, so a page can be shorter than the limit and still have a next one.
    pub async fn list_staff(
        &self,
        caller: &Caller,
        org: Option<OrgId>,
        page: Page<StaffId>,
    ) -> Result<(Vec<Staff>, Option<StaffId>)> {
        let networks = self.store.networks_of_org(caller.org()).await?;
        let org = org.unwrap_or(caller.org());
        if org != caller.org() && !networks.iter().any(|n| n.members.contains(&org)) {
            return Err(ServiceError::PermissionDenied(
                "listing staff of an organisation you share no network with".into(),
            ));
        }
        let limit = page.limit as usize;
        let staff = self.store.list_staff(Some(org), page).await?;
        let next = if staff.len() >= limit {
            staff.last().map(|s| s.id)
        } else {
            None
        };
        let visible = staff
            .into_iter()
            .filter(|s| can_see_staff(caller.org(), &networks, s))
            .collect();
        Ok((visible, next))
    }

    async fn ensure_visible(&self, caller: &Caller, staff: &Staff) -> Result<()> {
        if staff.org == caller.org() {
            return Ok(());
        }
        let networks = self.store.networks_of_org(caller.org()).await?;
        if can_see_staff(caller.org(), &networks, staff) {
            Ok(())
        } else {
            Err(ServiceError::PermissionDenied(format!(
                "staff {} belongs to another organisation and has not joined a network you share",
                staff.id
            )))
        }
    }

    // ----- catalogue ----------------------------------------------------------------------

    /// The credential catalogue.
    pub async fn list_credentials(&self, _caller: &Caller) -> Result<Vec<CredentialDef>> {
        Ok(self.store.list_credential_defs().await?)
    }

    /// Sets the caller's organisation's own validity for a credential level.
    pub async fn set_validity_override(
        &self,
        caller: &Caller,
        cmd: commands::SetValidityOverride,
    ) -> Result<ValidityOverride> {
        caller.require_any(&[Role::Admin], "overriding a validity period")?;
        let catalogue = self.store.load_catalogue().await?;
        let mut errs = FieldErrors::new();
        let code = CredentialCode::parse(&cmd.code)
            .map_err(|e| errs.push("override.code", e))
            .ok();
        let def = code.as_ref().and_then(|c| {
            let d = catalogue.get(c);
            if d.is_none() {
                errs.push("override.code", format!("unknown credential {c}"));
            }
            d
        });
        let level = u8::try_from(cmd.level)
            .ok()
            .filter(|l| (1..=MAX_LEVEL).contains(l));
        match (level, def) {
            (None, _) => errs.push("override.level", "must be 1..3"),
            (Some(l), Some(d)) if !d.has_level(l) => {
                errs.push("override.level", format!("{} has no level {l}", d.code))
            }
            _ => {}
        }
        let months = u32::try_from(cmd.months).ok().filter(|m| *m <= 120);
        if months.is_none() {
            errs.push("override.months", "must be 0..120 (0 = never expires)");
        }
        errs.into_result(())?;
        let (Some(code), Some(level), Some(months)) = (code, level, months) else {
            return Err(ServiceError::invalid("override", "invalid"));
        };
        let o = ValidityOverride {
            org: caller.org(),
            code,
            level,
            validity: Validity::from_months(months),
        };
        self.store.set_validity_override(&o).await?;
        Ok(o)
    }

    // ----- facts --------------------------------------------------------------------------

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

    // ----- profiles and agreements --------------------------------------------------------

    /// Defines a requirement profile for the caller's organisation.
    pub async fn define_profile(
        &self,
        caller: &Caller,
        cmd: commands::DefineProfile,
    ) -> Result<RequirementProfile> {
        caller.require_any(&[Role::Admin], "defining a requirement profile")?;
        let catalogue = self.store.load_catalogue().await?;
        let p = NewProfile::parse(
            caller.org(),
            &cmd.name,
            &cmd.service,
            &cmd.requirements,
            &catalogue,
        )
        .map_err(|e| scoped(e, "profile"))?;
        Ok(self.store.create_profile(&p).await?)
    }

    /// One profile (profiles are public within the region).
    pub async fn get_profile(&self, _caller: &Caller, id: ProfileId) -> Result<RequirementProfile> {
        Ok(self.store.get_profile(id).await?)
    }

    /// A page of profiles, optionally of one organisation.
    pub async fn list_profiles(
        &self,
        _caller: &Caller,
        org: Option<OrgId>,
        page: Page<ProfileId>,
    ) -> Result<Vec<RequirementProfile>> {
        Ok(self.store.list_profiles(org, page).await?)
    }

    /// Records which issuers the caller's organisation accepts within a network.
    pub async fn create_agreement(
        &self,
        caller: &Caller,
        cmd: commands::CreateAgreement,
    ) -> Result<SharingAgreement> {
        caller.require_any(&[Role::Admin], "creating a sharing agreement")?;
        let network = self
            .store
            .get_network(cmd.network)
            .await
            .map_err(|e| match e.kind() {
                crossrota_store::StoreErrorKind::NotFound => ServiceError::invalid(
                    "agreement.network_id",
                    format!("unknown network {}", cmd.network),
                ),
                _ => e.into(),
            })?;
        if !network.members.contains(&caller.org()) {
            return Err(ServiceError::PermissionDenied(
                "your organisation is not a member of this network".into(),
            ));
        }
        let a = SharingAgreement::parse(&network, caller.org(), cmd.scope, cmd.issuers)
            .map_err(|e| scoped(e, "agreement"))?;
        Ok(self.store.create_agreement(&a).await?)
    }

    /// Agreements, optionally of one network.
    pub async fn list_agreements(
        &self,
        _caller: &Caller,
        network: Option<NetworkId>,
    ) -> Result<Vec<SharingAgreement>> {
        Ok(self.store.list_agreements(network).await?)
    }

    // ----- verification -------------------------------------------------------------------

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

    /// Facts of an organisation's staff that lapse within `within_days` of `as_of`.
    pub async fn list_expiring(
        &self,
        caller: &Caller,
        cmd: commands::ListExpiring,
    ) -> Result<Vec<ExpiringItem>> {
        caller.require_any(&[Role::Admin], "listing expiring facts")?;
        caller.require_own_org(cmd.org, "listing expiring facts")?;
        if cmd.within_days > 3650 {
            return Err(ServiceError::invalid("within_days", "must be at most 3650"));
        }
        let as_of = cmd.as_of.unwrap_or_else(|| self.clock.today());
        let facts = self.store.facts_of_org_staff(cmd.org).await?;
        let mut by_staff: HashMap<StaffId, Vec<CredentialFact>> = HashMap::new();
        for f in facts {
            by_staff.entry(f.staff).or_default().push(f);
        }
        let ids: Vec<StaffId> = by_staff.keys().copied().collect();
        let staff: HashMap<StaffId, Staff> = self
            .store
            .get_staff_many(&ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let mut items: Vec<ExpiringItem> = Vec::new();
        for (id, history) in &by_staff {
            let Some(s) = staff.get(id) else { continue };
            for e in expiring_facts(history, as_of, cmd.within_days) {
                items.push(ExpiringItem {
                    staff: s.clone(),
                    fact: e.fact.clone(),
                    expires_on: e.expires_on,
                });
            }
        }
        items.sort_by_key(|i| (i.expires_on, i.staff.id, i.fact.id));
        Ok(items)
    }

    // ----- audit --------------------------------------------------------------------------

    async fn audit(
        &self,
        caller: &Caller,
        subjects: &[(&Staff, AuditAction)],
        reason: &str,
    ) -> Result<()> {
        let at = self.clock.now();
        let reason = if reason.trim().is_empty() {
            "(none given)"
        } else {
            reason.trim()
        };
        let entries: Vec<NewAuditEntry> = subjects
            .iter()
            .map(|(s, action)| NewAuditEntry {
                at,
                actor_org: caller.org(),
                key: caller.key.id,
                staff: s.id,
                staff_org: s.org,
                action: *action,
                reason: reason.chars().take(500).collect(),
            })
            .collect();
        Ok(self.store.append_audit(&entries).await?)
    }

    /// The audit log of the caller's organisation's staff (admins only).
    pub async fn list_audit(
        &self,
        caller: &Caller,
        staff: Option<StaffId>,
        page: Page<AuditId>,
    ) -> Result<Vec<AuditEntry>> {
        caller.require_any(&[Role::Admin], "reading the audit log")?;
        if let Some(id) = staff {
            let s = self.store.get_staff(id).await?;
            caller.require_own_org(s.org, "reading the audit log")?;
        }
        Ok(self.store.list_audit(caller.org(), staff, page).await?)
    }

    // ----- bulk import --------------------------------------------------------------------

    /// Imports staff and their records for one organisation: all rows or none.
    pub async fn import(&self, batch: &ImportBatch) -> Result<ImportSummary> {
        Ok(self.store.import_batch(batch, self.clock.now()).await?)
    }
}

/// Prefixes every field path with the request's root message.
fn scoped(errs: FieldErrors, root: &str) -> ServiceError {
    ServiceError::InvalidArgument(FieldErrors(
        errs.0
            .into_iter()
            .map(|e: FieldError| e.scoped(root))
            .collect(),
    ))
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
