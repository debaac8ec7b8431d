//! Sites, banks and members: what a trust sets up before it posts shifts.

use crossrota_domain::access::Role;
use crossrota_domain::bank::ledger::PersonalLimits;
use crossrota_domain::bank::model::{Bank, BankMember, JoinBank, Site};
use crossrota_domain::ids::NetworkId;
use crossrota_store::NewBank;

use super::BankService;
use crate::access::Caller;
use crate::error::{Result, ServiceError};

impl BankService {
    /// Records a site of the caller's trust (admin or bank office).
    pub async fn create_site(&self, caller: &Caller, code: &str, name: &str) -> Result<Site> {
        caller.require_any(&[Role::Admin, Role::BankOffice], "recording a site")?;
        let code = code.trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 20 {
            return Err(ServiceError::invalid("code", "must be 1 to 20 characters"));
        }
        if name.trim().is_empty() {
            return Err(ServiceError::invalid("name", "required"));
        }
        Ok(self
            .store()
            .create_site(caller.org(), &code, name.trim())
            .await?)
    }

    /// Creates a bank for a network the caller's trust belongs to (admin); with
    /// `own_trust_only`, the caller's trust's own bank.
    pub async fn create_bank(
        &self,
        caller: &Caller,
        network: NetworkId,
        own_trust_only: bool,
        name: &str,
    ) -> Result<Bank> {
        caller.require_any(&[Role::Admin], "creating a bank")?;
        if name.trim().is_empty() {
            return Err(ServiceError::invalid("name", "required"));
        }
        let net = self.store().get_network(network).await?;
        if !net.members.contains(&caller.org()) {
            return Err(ServiceError::PermissionDenied(format!(
                "your organisation is not a member of network {network}"
            )));
        }
        Ok(self
            .store()
            .create_bank(&NewBank {
                network,
                own_org: own_trust_only.then_some(caller.org()),
                name: name.trim().to_owned(),
            })
            .await?)
    }

    /// Enrols one of the caller's trust's staff in a bank of a network the trust belongs to
    /// (admin or bank office).
    pub async fn join(&self, caller: &Caller, join: JoinBank) -> Result<BankMember> {
        caller.require_any(&[Role::Admin, Role::BankOffice], "enrolling bank staff")?;
        let mut errs = crossrota_domain::FieldErrors::new();
        if !(1..=9).contains(&join.band) {
            errs.push("band", "must be an Agenda for Change band, 1 to 9");
        }
        if join.profiles.is_empty() {
            errs.push("profile_ids", "at least one is required");
        }
        if join
            .weekly_cap_hours
            .is_some_and(|h| !(h.is_finite() && h > 0.0 && h <= 168.0))
        {
            errs.push("weekly_cap_hours", "must be more than 0 and at most 168");
        }
        errs.into_result(())?;
        let staff = self.store().get_staff(join.staff).await?;
        caller.require_own_org(staff.org, "enrolling a person in a bank")?;
        let bank = self.store().bank(join.bank).await?;
        if !self
            .store()
            .banks_of_org(staff.org)
            .await?
            .iter()
            .any(|b| b.id == bank.id)
        {
            return Err(ServiceError::PermissionDenied(format!(
                "bank {} is not run by a network your organisation belongs to",
                bank.id
            )));
        }
        for (i, p) in join.profiles.iter().enumerate() {
            if self.store().get_profile(*p).await.is_err() {
                return Err(ServiceError::invalid(
                    format!("profile_ids[{i}]"),
                    format!("no profile {p}"),
                ));
            }
        }
        let mut travels_to = join.travels_to.clone();
        travels_to.retain(|o| *o != staff.org);
        travels_to.sort();
        travels_to.dedup();
        let member = BankMember {
            bank: bank.id,
            staff: staff.id,
            home_org: staff.org,
            profiles: join.profiles,
            band: join.band,
            travels_to,
            limits: PersonalLimits {
                weekly_cap_hours: join.weekly_cap_hours,
                opted_out_of_average: join.opted_out_of_average,
            },
            unavailable: Vec::new(),
        };
        self.store().join_bank(&member).await?;
        Ok(member)
    }
}
