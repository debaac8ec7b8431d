//! Members of staff: adding and updating them in their home organisation, reading them, and
//! the one visibility rule every read of a person goes through (same organisation, or they
//! joined a network the caller's organisation shares).

use crossrota_domain::FieldErrors;
use crossrota_domain::access::Role;
use crossrota_domain::ids::{OrgId, StaffId};
use crossrota_domain::staff::{NewStaff, Staff};
use crossrota_store::Page;

use super::PassportService;
use crate::access::{Caller, can_see_staff};
use crate::error::{Result, ServiceError};

impl PassportService {
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

    /// Refuses a caller who may not see `staff` (used by every read and write of a person's
    /// records, here and in the fact use cases).
    pub(super) async fn ensure_visible(&self, caller: &Caller, staff: &Staff) -> Result<()> {
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
}
