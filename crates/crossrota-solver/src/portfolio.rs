//! Several searches at once, one per thread, each with its own seed; the best roster wins.
//!
//! Large-neighbourhood search is single-threaded and its outcome varies a lot with the seed,
//! so on a machine with spare cores several searches with different seeds (a portfolio) beat
//! one search given several backend threads. Outside deterministic mode they work on one
//! roster: each publishes its better rosters and starts every neighbourhood from the best of
//! all (on Curtois Instance14 at 60 s, 1325 and 1337 against 1469 and 1444 for a search on
//! its own). Progress from every search is merged
//! (the lowest incumbent, the highest bound) and reported on the caller's thread, so the
//! caller's callback need not be `Send`. When a search proves its roster optimal the others
//! stop, except in deterministic mode, where every search runs to its own end so the winner
//! does not depend on timing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crossrota_domain::roster::RosterModel;

use crate::error::SolveError;
use crate::options::{Progress, SolveOptions, SolveResult, SolveStatus, relative_gap};
use crate::search::SharedBest;
use crate::solve::solve_one;

/// How often the caller's cancel flag is passed on to the searches.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// Spacing of the searches' seeds.
const SEED_STRIDE: u64 = 0x9E37_79B9_7F4A_7C15;

/// Runs `searches` searches and returns the best result.
pub(crate) fn solve(
    model: &RosterModel,
    options: &SolveOptions,
    searches: usize,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Result<SolveResult, SolveError> {
    let stop = AtomicBool::new(false);
    let shared = SharedBest::default();
    let (tx, rx) = mpsc::channel::<Progress>();
    let results: Vec<Result<SolveResult, SolveError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..searches)
            .map(|i| {
                let tx = tx.clone();
                let stop = &stop;
                let shared = (!options.deterministic).then_some(&shared);
                let one = SolveOptions {
                    threads: 1,
                    seed: options
                        .seed
                        .wrapping_add(SEED_STRIDE.wrapping_mul(i as u64)),
                    ..options.clone()
                };
                scope.spawn(move || {
                    let result = solve_one(model, &one, stop, shared, i == 0, |p| {
                        // The receiver outlives every search; a failed send only means the
                        // caller stopped listening.
                        let _ = tx.send(p);
                    });
                    let proven = result.as_ref().is_ok_and(|r| {
                        matches!(r.status, SolveStatus::Optimal | SolveStatus::Infeasible)
                    });
                    if proven && !one.deterministic {
                        stop.store(true, Ordering::Relaxed);
                    }
                    result
                })
            })
            .collect();
        drop(tx);
        let mut incumbent: Option<f64> = None;
        let mut bound: Option<f64> = None;
        loop {
            if cancel.load(Ordering::Relaxed) {
                stop.store(true, Ordering::Relaxed);
            }
            match rx.recv_timeout(CANCEL_POLL) {
                Ok(report) => {
                    let better = report
                        .incumbent
                        .is_some_and(|v| incumbent.is_none_or(|best| v < best));
                    let higher = report.bound.is_some_and(|b| bound.is_none_or(|hi| b > hi));
                    if better {
                        incumbent = report.incumbent;
                    }
                    if higher {
                        bound = report.bound;
                    }
                    if better || higher {
                        progress(Progress {
                            incumbent,
                            bound,
                            gap: incumbent.zip(bound).map(|(i, b)| relative_gap(i, b)),
                            elapsed: report.elapsed,
                        });
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(SolveError::Backend("a search panicked".into())))
            })
            .collect()
    });
    best_of(results, options)
}

/// The best roster of the searches (ties go to the lowest search, so a deterministic
/// portfolio picks the same one every time), with the highest bound any of them proved.
fn best_of(
    results: Vec<Result<SolveResult, SolveError>>,
    options: &SolveOptions,
) -> Result<SolveResult, SolveError> {
    let mut done = Vec::with_capacity(results.len());
    for result in results {
        done.push(result?);
    }
    let bound = done
        .iter()
        .filter_map(|r| r.bound)
        .fold(None, |hi: Option<f64>, b| Some(hi.map_or(b, |h| h.max(b))));
    let reproducible = done.iter().all(|r| r.reproducible);
    let lns_iterations = done.iter().map(|r| r.lns_iterations).sum();
    let elapsed = done.iter().map(|r| r.elapsed).max().unwrap_or_default();
    let infeasible = done.iter().any(|r| r.status == SolveStatus::Infeasible);
    let winner = done
        .into_iter()
        .filter(|r| r.solution.is_some())
        .reduce(|best, r| {
            let objective =
                |r: &SolveResult| r.solution.as_ref().map_or(f64::INFINITY, |s| s.objective);
            if objective(&r) < objective(&best) {
                r
            } else {
                best
            }
        });
    let Some(mut winner) = winner else {
        return Ok(SolveResult {
            status: if infeasible {
                SolveStatus::Infeasible
            } else {
                SolveStatus::TimeLimit
            },
            solution: None,
            bound,
            elapsed,
            time_to_best: None,
            lns_iterations,
            reproducible,
        });
    };
    let objective = winner
        .solution
        .as_ref()
        .map_or(f64::INFINITY, |s| s.objective);
    winner.status = match bound.map(|b| relative_gap(objective, b)) {
        Some(0.0) => SolveStatus::Optimal,
        Some(gap) if gap <= options.mip_gap => SolveStatus::GapLimit,
        _ if winner.status == SolveStatus::Optimal => SolveStatus::Optimal,
        _ => SolveStatus::TimeLimit,
    };
    winner.bound = bound;
    winner.elapsed = elapsed;
    winner.lns_iterations = lns_iterations;
    winner.reproducible = reproducible;
    Ok(winner)
}
