//! Expiry lists: the facts of an organisation's staff that lapse soon, so its admins can book
//! refreshers before people stop counting.

use std::collections::HashMap;

use chrono::NaiveDate;
use crossrota_domain::access::Role;
use crossrota_domain::commands;
use crossrota_domain::compliance::expiring_facts;
use crossrota_domain::fact::CredentialFact;
use crossrota_domain::ids::StaffId;
use crossrota_domain::staff::Staff;

use super::PassportService;
use crate::access::Caller;
use crate::error::{Result, ServiceError};

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

impl PassportService {
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
}
