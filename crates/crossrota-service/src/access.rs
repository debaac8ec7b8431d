//! Who is calling and what they may do.
//!
//! The rules, in one place:
//! - a key acts for one organisation and holds explicit roles;
//! - an organisation records facts only as itself (the issuer is always the caller's org);
//! - it reads or verifies a passport of another organisation's staff only when the person
//!   has joined a network that both organisations belong to;
//! - everything else about another organisation is refused.

use crossrota_domain::access::{ApiKey, Role};
use crossrota_domain::ids::OrgId;
use crossrota_domain::organisation::Network;
use crossrota_domain::staff::Staff;

use crate::error::{Result, ServiceError};

/// An authenticated caller: the key that was presented.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The key (never holds the secret).
    pub key: ApiKey,
}

impl Caller {
    /// The organisation the caller acts for.
    pub fn org(&self) -> OrgId {
        self.key.org
    }

    /// Refuses unless the key holds one of `roles`.
    pub fn require_any(&self, roles: &[Role], action: &str) -> Result<()> {
        if roles.iter().any(|r| self.key.has(*r)) {
            return Ok(());
        }
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        Err(ServiceError::PermissionDenied(format!(
            "{action} needs the role {}",
            names.join(" or ")
        )))
    }

    /// Refuses unless the caller acts for `org`.
    pub fn require_own_org(&self, org: OrgId, action: &str) -> Result<()> {
        if self.org() == org {
            Ok(())
        } else {
            Err(ServiceError::PermissionDenied(format!(
                "{action} is only allowed for your own organisation"
            )))
        }
    }
}

/// True when `org` may see `staff`'s passport: its own staff, or the person has joined a
/// network (one of `org_networks`, the networks `org` belongs to) that their home organisation
/// is also a member of.
pub fn can_see_staff(org: OrgId, org_networks: &[Network], staff: &Staff) -> bool {
    staff.org == org
        || org_networks.iter().any(|n| {
            staff.networks.contains(&n.id)
                && n.members.contains(&org)
                && n.members.contains(&staff.org)
        })
}
