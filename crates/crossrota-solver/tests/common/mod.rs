//! Helpers shared by the solver's integration tests: the testkit's small ward model and a
//! solve that always certifies its result.

#![allow(dead_code, unreachable_pub, unused_imports)]

use std::time::Duration;

use crossrota_domain::roster::{CheckReport, RosterModel, certify_roster};
use crossrota_solver::{SolveOptions, SolveResult, solve};

pub use crossrota_testkit::roster::fixtures::{
    bare_nurse as person, monday, ward, ward_shift as shift,
};

pub fn quick() -> SolveOptions {
    SolveOptions {
        time_limit: Duration::from_secs(20),
        ..SolveOptions::default()
    }
}

/// Solves and certifies: the roster must break no hard rule and the solver's objective must
/// equal the checker's (the domain's one certification path).
pub fn solve_and_check(model: &RosterModel, options: &SolveOptions) -> (SolveResult, CheckReport) {
    let result = solve(model, options, |_| {}).expect("the solve runs");
    let solution = result.solution.as_ref().expect("a roster");
    let certificate = certify_roster(model, &solution.roster, solution.objective, None);
    assert_eq!(certificate.refusal, None, "the solver's roster is refused");
    (result, certificate.report)
}

/// Shifts worked by one person, as `(day, shift)`.
pub fn worked(result: &SolveResult, staff: &str) -> Vec<(u32, String)> {
    result
        .solution
        .as_ref()
        .map(|s| {
            s.roster
                .assignments
                .iter()
                .filter(|a| a.staff.as_str() == staff)
                .map(|a| (a.day, a.shift.to_string()))
                .collect()
        })
        .unwrap_or_default()
}
