//! What the checker reports: the objective term by term, every broken rule and the cover of
//! each demand line.

use serde::{Deserialize, Serialize};

use crate::roster::checker::rules::{Rule, Violation};
use crate::roster::codes::{ShiftCode, SiteCode, SkillCode};

/// The objective, term by term, with the weights applied.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ObjectiveBreakdown {
    /// Cost of missing people.
    pub uncovered: f64,
    /// Cost of people beyond requirement.
    pub over_cover: f64,
    /// Cost of requests not honoured.
    pub requests: f64,
    /// Pay.
    pub pay: f64,
    /// Distance from fair-share targets.
    pub fairness: f64,
    /// Sum of the above.
    pub total: f64,
}

/// How one demand line is covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverLine {
    /// Site.
    pub site: SiteCode,
    /// Day.
    pub day: u32,
    /// Shift type.
    pub shift: ShiftCode,
    /// Skill.
    pub skill: SkillCode,
    /// People wanted.
    pub required: i32,
    /// People rostered.
    pub assigned: u32,
}

impl CoverLine {
    /// People still needed.
    pub fn missing(&self) -> u32 {
        u32::try_from(i64::from(self.required) - i64::from(self.assigned)).unwrap_or(0)
    }

    /// People beyond need.
    pub fn extra(&self) -> u32 {
        u32::try_from(i64::from(self.assigned) - i64::from(self.required)).unwrap_or(0)
    }
}

/// Everything the checker found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// The objective of the roster, whether or not it is feasible.
    pub objective: ObjectiveBreakdown,
    /// Every broken hard rule.
    pub violations: Vec<Violation>,
    /// Cover of each demand, in model order.
    pub cover: Vec<CoverLine>,
}

impl CheckReport {
    /// Whether no hard rule is broken.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }

    /// Violations of one rule.
    pub fn of_rule(&self, rule: Rule) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(move |v| v.rule == rule)
    }
}
