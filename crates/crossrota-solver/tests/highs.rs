//! The HiGHS backend on Curtois instances, judged by the independent checker. Built only with
//! the `highs` feature (which `scripts/test` and CI turn on).
#![cfg(feature = "highs")]

use std::time::Duration;

use crossrota_domain::roster::check;
use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_solver::{Backend, SolveOptions, SolveStatus, solve};

fn options(seconds: u64) -> SolveOptions {
    SolveOptions {
        time_limit: Duration::from_secs(seconds),
        backend: Backend::Highs,
        ..SolveOptions::default()
    }
}

#[test]
fn highs_proves_instance1_optimal_at_the_published_value() {
    let model = parse_curtois(include_str!("../../../data/curtois/Instance1.txt")).expect("parses");
    let result = solve(&model, &options(60), |_| {}).expect("solves");
    let solution = result.solution.expect("a roster");
    let report = check(&model, &solution.roster);
    assert_eq!(report.violations, vec![]);
    assert_eq!(report.objective.total, solution.objective);
    assert_eq!(result.status, SolveStatus::Optimal);
    assert_eq!(solution.objective, 607.0);
}

#[test]
fn highs_rosters_on_instance3_are_checked_and_never_beat_the_proven_optimum() {
    let model = parse_curtois(include_str!("../../../data/curtois/Instance3.txt")).expect("parses");
    let result = solve(&model, &options(90), |_| {}).expect("solves");
    let solution = result.solution.expect("a roster");
    let report = check(&model, &solution.roster);
    assert_eq!(report.violations, vec![]);
    assert_eq!(report.objective.total, solution.objective);
    // 1001 is the published, proven optimum: no correct roster can be cheaper.
    assert!(
        solution.objective >= 1001.0,
        "objective {}",
        solution.objective
    );
    if result.status == SolveStatus::Optimal {
        assert_eq!(solution.objective, 1001.0);
    }
}

/// A time-limited HiGHS incumbent may carry slack above what its roster implies; the objective
/// reported must still be the roster's own, as the checker prices it. (At 60 s on Instance8 it
/// once differed, 4126 reported against 3024; whether 15 s reaches such an incumbent depends
/// on the machine, so this guards the invariant rather than reproducing that run.)
#[test]
fn a_time_limited_highs_roster_reports_the_checker_objective() {
    let model = parse_curtois(include_str!("../../../data/curtois/Instance8.txt")).expect("parses");
    let result = solve(&model, &options(15), |_| {}).expect("solves");
    let solution = result.solution.expect("a roster");
    let report = check(&model, &solution.roster);
    assert_eq!(report.violations, vec![]);
    assert_eq!(report.objective.total, solution.objective);
}
