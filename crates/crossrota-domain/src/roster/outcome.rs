//! What a roster job produced: the certified roster and everything known about it, as the
//! service stores it and every transport shows it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::jobs::SolveOutcome;
use crate::roster::certify::RosterDiff;
use crate::roster::checker::CheckReport;
use crate::roster::explain::Shortfall;
use crate::roster::fairness::FairnessLine;
use crate::roster::model::Roster;

/// The roster and everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterOutcome {
    /// How the solver ended.
    pub solve_status: SolveOutcome,
    /// The roster, when one was found.
    pub roster: Option<Roster>,
    /// The solver's objective of the roster.
    pub objective: Option<f64>,
    /// The best proven lower bound.
    pub bound: Option<f64>,
    /// Relative gap between objective and bound.
    pub gap: Option<f64>,
    /// The independent checker's report of the roster.
    pub check: Option<CheckReport>,
    /// Uncovered demand and why nobody fills it.
    pub shortfalls: Vec<Shortfall>,
    /// Why the shortfalls come without reasons (explaining them would take too long).
    #[serde(default)]
    pub shortfalls_unexplained: Option<String>,
    /// Worked minutes and weekends per person, in model order.
    pub fairness: Vec<FairnessLine>,
    /// When the roster was found, from the start of the solve.
    pub time_to_best: Option<Duration>,
    /// How long the solve took.
    pub solve_time: Duration,
    /// Whether the same job gives this same roster on every run.
    #[serde(default)]
    pub reproducible: bool,
    /// For a re-plan: the changes against the published roster.
    pub diff: Option<RosterDiff>,
}
