//! The roster engine's pure parts: the model, its validation, the independent checker, and
//! importers and exporters for benchmark files.
//!
//! The optimiser lives in `crossrota-solver`; everything here is free of solver code so the
//! checker can serve as its test oracle.

pub mod calendar;
pub mod certify;
pub mod checker;
pub mod codes;
pub mod curtois;
pub mod explain;
pub mod fairness;
pub mod model;
pub mod outcome;
pub mod roster_csv;
pub mod stored;
pub mod validation;

#[cfg(test)]
mod fixtures;

pub use calendar::weekend_of;
pub use certify::{RosterCertificate, RosterDiff, certify_roster};
pub use checker::{CheckReport, CoverLine, ObjectiveBreakdown, Rule, Violation, check};
pub use codes::{ShiftCode, SiteCode, SkillCode, StaffCode};
pub use explain::{Candidate, Reason, Shortfall, explain_shortfalls};
pub use fairness::{FairnessLine, FairnessSummary, fairness_lines};
pub use model::{
    Assignment, CarriedHistory, Demand, FairnessTargets, Horizon, ObjectiveWeights, Pin,
    RequestKind, Roster, RosterModel, RosterStaff, ShiftRequest, ShiftType, Site, SkillGrant,
    Succession, WorkRules,
};
pub use outcome::RosterOutcome;
pub use validation::{ModelError, ModelErrorKind, validate};
