//! Audit log entries to the wire.

use crossrota_domain::access::AuditEntry;

use crate::convert::dates::timestamp;
use crate::crossrota::v1 as pb;

impl From<&AuditEntry> for pb::AuditEntry {
    fn from(e: &AuditEntry) -> Self {
        Self {
            id: e.id.0,
            at: Some(timestamp(e.entry.at)),
            actor_org_id: e.entry.actor_org.0,
            key_id: e.entry.key.0,
            staff_id: e.entry.staff.0,
            action: pb::AuditAction::from(e.entry.action) as i32,
            reason: e.entry.reason.clone(),
        }
    }
}

from_owned!(AuditEntry => pb::AuditEntry);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::dates::datetime_from_timestamp;
    use chrono::{TimeZone, Utc};
    use crossrota_domain::access::{AuditAction, NewAuditEntry};
    use crossrota_domain::ids::{ApiKeyId, AuditId, OrgId, StaffId};

    #[test]
    fn audit_entry_keeps_who_what_when_and_why() {
        let entry = AuditEntry {
            id: AuditId(31),
            entry: NewAuditEntry {
                at: Utc.with_ymd_and_hms(2026, 12, 1, 7, 45, 0).unwrap(),
                actor_org: OrgId(2),
                key: ApiKeyId(8),
                staff: StaffId(10),
                staff_org: OrgId(1),
                action: AuditAction::Verify,
                reason: "bank shift 2026-12-01 HASU".into(),
            },
        };
        let wire = pb::AuditEntry::from(&entry);
        assert_eq!(
            (wire.id, wire.actor_org_id, wire.key_id, wire.staff_id),
            (31, 2, 8, 10)
        );
        assert_eq!(wire.action, pb::AuditAction::Verify as i32);
        assert_eq!(wire.reason, entry.entry.reason);
        assert_eq!(
            wire.at.as_ref().and_then(datetime_from_timestamp),
            Some(entry.entry.at)
        );
    }
}
