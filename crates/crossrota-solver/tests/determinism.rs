//! A deterministic solve gives the same roster on every run: every budget inside it is work
//! (branch-and-bound nodes, neighbourhoods), never the clock.

use std::time::Duration;

use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_domain::roster::{RosterModel, check};
use crossrota_solver::{Backend, SolveOptions, SolveResult, solve};

/// Generous: the work budgets, not this, must end the search.
const BACKSTOP: Duration = Duration::from_secs(600);

fn solve_twice(model: &RosterModel, options: &SolveOptions) -> (SolveResult, SolveResult) {
    let first = solve(model, options, |_| {}).expect("solves");
    let second = solve(model, options, |_| {}).expect("solves again");
    (first, second)
}

fn assert_same_checked_roster(model: &RosterModel, first: &SolveResult, second: &SolveResult) {
    assert!(
        first.reproducible,
        "the budgets must end the search, not the clock"
    );
    assert!(second.reproducible);
    let a = first.solution.as_ref().expect("a roster");
    let b = second.solution.as_ref().expect("a roster");
    assert_eq!(a.roster, b.roster);
    assert_eq!(a.objective, b.objective);
    assert_eq!(first.status, second.status);
    assert_eq!(first.lns_iterations, second.lns_iterations);
    let report = check(model, &a.roster);
    assert_eq!(report.violations, vec![]);
    assert_eq!(report.objective.total, a.objective);
}

#[test]
fn a_deterministic_microlp_solve_repeats_exactly() {
    let text = include_str!("../../../data/curtois/Instance1.txt");
    let model = parse_curtois(text).expect("Instance1 parses");
    let options = SolveOptions {
        time_limit: BACKSTOP,
        seed: 11,
        deterministic: true,
        backend: Backend::Microlp,
        ..SolveOptions::default()
    };
    let (first, second) = solve_twice(&model, &options);
    assert_same_checked_roster(&model, &first, &second);
}

#[cfg(feature = "highs")]
#[test]
fn a_deterministic_highs_solve_repeats_exactly() {
    let text = include_str!("../../../data/curtois/Instance3.txt");
    let model = parse_curtois(text).expect("Instance3 parses");
    let options = SolveOptions {
        time_limit: BACKSTOP,
        seed: 5,
        threads: 1,
        deterministic: true,
        backend: Backend::Highs,
        ..SolveOptions::default()
    };
    let (first, second) = solve_twice(&model, &options);
    assert_same_checked_roster(&model, &first, &second);
}

#[test]
fn a_deterministic_portfolio_repeats_exactly() {
    let text = include_str!("../../../data/curtois/Instance1.txt");
    let model = parse_curtois(text).expect("Instance1 parses");
    let options = SolveOptions {
        time_limit: BACKSTOP,
        seed: 4,
        threads: 2,
        deterministic: true,
        backend: Backend::Microlp,
        ..SolveOptions::default()
    };
    let (first, second) = solve_twice(&model, &options);
    assert_same_checked_roster(&model, &first, &second);
}
