//! Open shifts: posted by a trust's bank office one at a time or in batches (all or none),
//! withdrawn, and listed for the trusts whose banks may fill them.

use crossrota_domain::FieldErrors;
use crossrota_domain::access::Role;
use crossrota_domain::bank::model::OpenShift;
use crossrota_domain::bank::time::Span;
use crossrota_domain::ids::{OpenShiftId, OrgId};

use super::BankService;
use crate::access::Caller;
use crate::error::{Result, ServiceError};

/// The most shifts one batch may post.
pub const MAX_BATCH: usize = 5_000;

impl BankService {
    /// Posts shifts of the caller's trust, all or none: every bad row is named
    /// (`shifts[3].site: unknown site "XYZ" of RWF`) and nothing is stored unless every row is
    /// good (bank office or admin).
    pub async fn post_shifts(
        &self,
        caller: &Caller,
        shifts: Vec<OpenShift>,
    ) -> Result<Vec<OpenShift>> {
        caller.require_any(&[Role::BankOffice, Role::Admin], "posting shifts")?;
        if shifts.is_empty() {
            return Err(ServiceError::invalid("shifts", "at least one is required"));
        }
        if shifts.len() > MAX_BATCH {
            return Err(ServiceError::invalid(
                "shifts",
                format!("at most {MAX_BATCH} per call"),
            ));
        }
        let sites = self.store().sites_of(caller.org()).await?;
        let mut errs = FieldErrors::new();
        let mut profiles_seen = Vec::new();
        for (i, s) in shifts.iter().enumerate() {
            let path = format!("shifts[{i}]");
            if let Err(e) = s.validate(&path) {
                errs.0.extend(e.0);
            }
            if s.org != caller.org() {
                errs.push(
                    format!("{path}.org_id"),
                    "a trust posts only its own shifts",
                );
            }
            if !s.site.trim().is_empty() && !sites.iter().any(|t| t.code == s.site) {
                errs.push(
                    format!("{path}.site"),
                    format!("unknown site \"{}\"", s.site),
                );
            }
            if s.profile.0 > 0 && !profiles_seen.contains(&s.profile) {
                if self.store().get_profile(s.profile).await.is_err() {
                    errs.push(
                        format!("{path}.profile_id"),
                        format!("no profile {}", s.profile),
                    );
                } else {
                    profiles_seen.push(s.profile);
                }
            }
        }
        errs.into_result(())?;
        let ids = self.store().post_shifts(&shifts).await?;
        Ok(shifts
            .into_iter()
            .zip(ids)
            .map(|(s, id)| OpenShift { id, ..s })
            .collect())
    }

    /// Withdraws an open shift of the caller's trust (bank office or admin).
    pub async fn withdraw_shift(&self, caller: &Caller, id: OpenShiftId) -> Result<OpenShift> {
        caller.require_any(&[Role::BankOffice, Role::Admin], "withdrawing a shift")?;
        let shift = self.visible_shift(caller, id).await?;
        caller.require_own_org(shift.org, "withdrawing a shift")?;
        if !self.store().withdraw_shift(id).await? {
            return Err(ServiceError::NotFound(format!("open shift {id}")));
        }
        Ok(shift)
    }

    /// Open shifts starting in `window`: of `org`, or of every trust that shares a bank with
    /// the caller's (any key of a trust in a bank).
    pub async fn list_shifts(
        &self,
        caller: &Caller,
        org: Option<OrgId>,
        window: Span,
    ) -> Result<Vec<OpenShift>> {
        let orgs = self.bank_partners(caller.org()).await?;
        if let Some(o) = org
            && !orgs.contains(&o)
        {
            return Err(ServiceError::PermissionDenied(format!(
                "organisation {o} shares no bank with yours"
            )));
        }
        let all = self.store().list_open_shifts(org, window).await?;
        Ok(all.into_iter().filter(|s| orgs.contains(&s.org)).collect())
    }

    /// A shift the caller may see: its own trust's, or one of a trust it shares a bank with.
    pub(crate) async fn visible_shift(
        &self,
        caller: &Caller,
        id: OpenShiftId,
    ) -> Result<OpenShift> {
        let shift = self.store().open_shift(id).await?;
        if !self.bank_partners(caller.org()).await?.contains(&shift.org) {
            return Err(ServiceError::NotFound(format!("open shift {id}")));
        }
        Ok(shift)
    }

    /// The trusts that share a bank with `org`, `org` itself included.
    pub(crate) async fn bank_partners(&self, org: OrgId) -> Result<Vec<OrgId>> {
        let mut orgs = vec![org];
        for bank in self.store().banks_of_org(org).await? {
            if bank.own_org.is_none() {
                orgs.extend(self.store().get_network(bank.network).await?.members);
            }
        }
        orgs.sort();
        orgs.dedup();
        Ok(orgs)
    }
}
