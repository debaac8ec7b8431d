//! Cancellation: a solve asked to stop ends early with the best roster it has, still judged by
//! the independent checker.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossrota_domain::roster::check;
use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_solver::{SolveOptions, SolveStatus, solve_cancellable};

#[test]
fn cancelling_after_the_first_roster_stops_long_before_the_time_limit() {
    let text = include_str!("../../../data/curtois/Instance3.txt");
    let model = parse_curtois(text).expect("Instance3 parses");
    let options = SolveOptions {
        time_limit: Duration::from_secs(300),
        ..SolveOptions::default()
    };
    let cancel = AtomicBool::new(false);
    let result = solve_cancellable(&model, &options, &cancel, |p| {
        if p.incumbent.is_some() {
            cancel.store(true, Ordering::Relaxed);
        }
    })
    .expect("solves");
    // Without the flag this instance uses the whole 300 s budget or proves optimality; with it
    // the search ends at its next check. The bound is generous on purpose: this is a behaviour
    // test, not a timing one.
    assert!(
        result.elapsed < Duration::from_secs(150),
        "cancel ignored: ran {:?}",
        result.elapsed
    );
    assert!(
        cancel.load(Ordering::Relaxed),
        "no roster was ever reported"
    );
    let solution = result.solution.expect("the best roster so far is kept");
    let report = check(&model, &solution.roster);
    assert_eq!(report.violations, vec![]);
    assert_eq!(report.objective.total, solution.objective);
    assert_ne!(result.status, SolveStatus::Infeasible);
}

#[test]
fn a_solve_cancelled_before_it_starts_returns_promptly() {
    let text = include_str!("../../../data/curtois/Instance2.txt");
    let model = parse_curtois(text).expect("Instance2 parses");
    let options = SolveOptions {
        time_limit: Duration::from_secs(300),
        ..SolveOptions::default()
    };
    let cancel = AtomicBool::new(true);
    let result = solve_cancellable(&model, &options, &cancel, |_| {}).expect("solves");
    assert!(
        result.elapsed < Duration::from_secs(150),
        "ran {:?}",
        result.elapsed
    );
    if let Some(solution) = result.solution {
        assert_eq!(
            check(&model, &solution.roster).objective.total,
            solution.objective
        );
    }
}
