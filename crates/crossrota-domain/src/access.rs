//! API keys, roles and the audit trail, as plain data. Hashing and clocks live at the edges.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{ApiKeyId, AuditId, OrgId, StaffId};

/// What a key may do. A key holds one or more roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Manages its organisation: staff, profiles, agreements, keys, audit log.
    Admin,
    /// Records and revokes credential facts for its organisation's staff.
    Issuer,
    /// Reads passports and verifies compliance.
    Verifier,
    /// Requests bank shift fills.
    BankOffice,
    /// Builds shared rosters and rotations.
    RotationCoordinator,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Self::Admin,
        Self::Issuer,
        Self::Verifier,
        Self::BankOffice,
        Self::RotationCoordinator,
    ];

    /// Stable text form, e.g. `bank_office`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Issuer => "issuer",
            Self::Verifier => "verifier",
            Self::BankOffice => "bank_office",
            Self::RotationCoordinator => "rotation_coordinator",
        }
    }

    /// Inverse of [`Role::as_str`] (also accepts `-` for `_`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A stored API key; only a hash of the secret is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    /// Identity.
    pub id: ApiKeyId,
    /// Organisation the key acts for.
    pub org: OrgId,
    /// Human label, recorded as `recorded_by` on facts.
    pub label: String,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Hex SHA-256 of the secret.
    pub secret_hash: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiKey {
    /// True when the key holds `role` (admin implies nothing else: roles are explicit).
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// What was done to a passport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// The passport (current state and history) was read.
    PassportRead,
    /// The passport was verified against a profile.
    Verify,
}

impl AuditAction {
    /// Stable text form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PassportRead => "passport_read",
            Self::Verify => "verify",
        }
    }

    /// Inverse of [`AuditAction::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "passport_read" => Some(Self::PassportRead),
            "verify" => Some(Self::Verify),
            _ => None,
        }
    }
}

/// A new audit entry before the store gives it an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAuditEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Organisation of the caller.
    pub actor_org: OrgId,
    /// Key used.
    pub key: ApiKeyId,
    /// Whose passport.
    pub staff: StaffId,
    /// Home organisation of that person (whose admin may list the entry).
    pub staff_org: OrgId,
    /// What was done.
    pub action: AuditAction,
    /// Why, as the caller stated it (e.g. "bank shift 2026-12-01 HASU").
    pub reason: String,
}

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Identity; increases with time.
    pub id: AuditId,
    /// The entry.
    pub entry: NewAuditEntry,
}
