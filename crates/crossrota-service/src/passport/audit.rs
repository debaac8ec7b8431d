//! The audit log: every read of a passport and every verification is written here with the
//! caller's stated reason, and an organisation's admins read the entries about their staff.

use crossrota_domain::access::{AuditAction, AuditEntry, NewAuditEntry, Role};
use crossrota_domain::ids::{AuditId, StaffId};
use crossrota_domain::staff::Staff;
use crossrota_store::Page;

use super::PassportService;
use crate::access::Caller;
use crate::error::Result;

impl PassportService {
    /// Writes one entry per subject, all at one instant, with the reason trimmed and cut to
    /// 500 characters; a blank reason is recorded as "(none given)" rather than refused.
    pub(super) async fn audit(
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
}
