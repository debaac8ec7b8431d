//! A roster problem over what crossrota stores: people by staff id, demand by requirement
//! profile. The service loads the people and their passports and builds the model from it; the
//! transports read their wire forms straight into it.

use crate::ids::StaffId;
use crate::roster::codes::{SiteCode, StaffCode};
use crate::roster::model::{Pin, RosterModel, ShiftRequest, WorkRules};

/// A roster problem over stored staff and profiles.
///
/// `frame` holds the horizon, sites, shift types, demand lines and weights of the model, and no
/// staff. The `skill` of each demand line (and of each pin) names a requirement profile: its id
/// in digits, or the name of one of the caller's organisation's profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredProblem {
    /// Everything of the model but its staff.
    pub frame: RosterModel,
    /// The work rules of people given no rules of their own.
    pub default_rules: WorkRules,
    /// The people, by staff id, with their overrides; request order is kept.
    pub staff: Vec<StoredStaff>,
    /// Why passports are read, for the audit log; empty for a reason naming the job.
    pub reason: String,
}

/// One stored person in a problem, with what the store does not know about them.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredStaff {
    /// Who.
    pub staff: StaffId,
    /// Sites they may work at; `None` for every site of the problem run by their home
    /// organisation.
    pub sites: Option<Vec<SiteCode>>,
    /// Cost of one hour of their time.
    pub cost_per_hour: f64,
    /// Day indexes on which they cannot work.
    pub unavailable_days: Vec<u32>,
    /// Wishes about particular days.
    pub requests: Vec<ShiftRequest>,
    /// Assignments fixed in advance; `skill` names a profile as in demand lines.
    pub pinned: Vec<Pin>,
    /// Their work rules; `None` for the problem's default rules.
    pub rules: Option<WorkRules>,
}

/// The code a person gets in the built model: their staff id, in digits.
pub fn staff_code(id: StaffId) -> StaffCode {
    StaffCode(id.0.to_string())
}
