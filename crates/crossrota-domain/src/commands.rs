//! Commands: structurally typed requests that the service validates against its state.
//!
//! The transport builds these from its wire types (checking shapes: dates parse, enums are
//! known). The service then checks meaning (the credential exists, the level is one of its
//! levels, the date is not in the future). Errors from either step use the same field paths,
//! rooted at the request: `credential.*`, `profile.*`, `staff.*`, `organisation.*`, `network.*`.

use chrono::NaiveDate;

use crate::agreement::CredentialScope;
use crate::dates::DateRange;
use crate::ids::{FactId, NetworkId, OrgId, ProfileId, StaffId};

/// Record a credential fact (or correct one, with `supersedes`). Paths: `credential.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFact {
    /// Whose passport.
    pub staff: StaffId,
    /// Credential code.
    pub code: String,
    /// Level achieved.
    pub level: i64,
    /// Date achieved (`None` when the request left it empty).
    pub achieved_on: Option<NaiveDate>,
    /// Explicit expiry; derived from the catalogue when `None`.
    pub expires_on: Option<NaiveDate>,
    /// Evidence reference.
    pub evidence_ref: String,
    /// The fact this corrects.
    pub supersedes: Option<FactId>,
}

/// Revoke a fact. Paths: `fact_id`, `reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokeFact {
    /// The fact to withdraw.
    pub fact: FactId,
    /// Why.
    pub reason: String,
}

/// Define a requirement profile for the caller's organisation. Paths: `profile.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefineProfile {
    /// Name, unique within the organisation.
    pub name: String,
    /// Service, e.g. "stroke HASU".
    pub service: String,
    /// `(credential code, minimum level)` pairs.
    pub requirements: Vec<(String, i64)>,
}

/// Verify one or more people against a profile over a range. Paths: `staff_ids`, `range.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verify {
    /// Who (one or many).
    pub staff: Vec<StaffId>,
    /// Against which profile.
    pub profile: ProfileId,
    /// Over which days.
    pub range: DateRange,
    /// Warn about facts lapsing within this many days after the range.
    pub warn_within_days: u32,
    /// Why the caller verifies (recorded in the audit log).
    pub reason: String,
}

/// Read a passport. Paths: `staff_id`, `reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetPassport {
    /// Whose.
    pub staff: StaffId,
    /// Why (recorded in the audit log).
    pub reason: String,
}

/// List facts of an organisation's staff that lapse soon. Paths: `org_id`, `within_days`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListExpiring {
    /// Whose staff.
    pub org: OrgId,
    /// Window length in days after `as_of`.
    pub within_days: u32,
    /// Day the window starts (`None` = today on the server clock).
    pub as_of: Option<NaiveDate>,
}

/// Create a sharing agreement for the caller's organisation. Paths: `agreement.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateAgreement {
    /// Network it lives in.
    pub network: NetworkId,
    /// What the caller accepts.
    pub scope: CredentialScope,
    /// From whom (empty = every member).
    pub issuers: Vec<OrgId>,
}

/// Override a validity for the caller's organisation. Paths: `override.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetValidityOverride {
    /// Credential code.
    pub code: String,
    /// Level.
    pub level: i64,
    /// Months; 0 = never expires.
    pub months: i64,
}
