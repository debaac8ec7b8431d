//! The solver's front door: one search on the calling thread, or a portfolio of searches on
//! several (see `portfolio`), both built on `solve::solve_one`.

use std::sync::atomic::AtomicBool;

use crossrota_domain::roster::RosterModel;

use crate::error::SolveError;
use crate::options::{Progress, SolveOptions, SolveResult};
use crate::portfolio;
use crate::solve::solve_one;

/// Solves `model`. `progress` is called with every better roster (and, on microlp, between
/// time slices of the full MIP).
///
/// A first roster is built person by person; then the full MIP, warm-started from the best
/// roster, alternates with rounds of large-neighbourhood search: each phase runs until it stops
/// improving, so the MIP gets fresh chances to prove optimality with an ever better incumbent.
pub fn solve(
    model: &RosterModel,
    options: &SolveOptions,
    progress: impl FnMut(Progress),
) -> Result<SolveResult, SolveError> {
    solve_cancellable(model, options, &AtomicBool::new(false), progress)
}

/// [`solve`], stopping early once `cancel` is set: the search then ends as if its time limit
/// had passed (status `TimeLimit`, with the best roster found so far). The flag is checked
/// between time slices of the MIP and between neighbourhoods; the first, person-by-person
/// construction runs to its own short budget.
///
/// With `options.threads` above 1, that many searches run at once, each single-threaded with
/// its own seed, and the best roster wins (see `portfolio`).
pub fn solve_cancellable(
    model: &RosterModel,
    options: &SolveOptions,
    cancel: &AtomicBool,
    mut progress: impl FnMut(Progress),
) -> Result<SolveResult, SolveError> {
    if options.threads > 1 {
        return portfolio::solve(
            model,
            options,
            options.threads as usize,
            cancel,
            &mut progress,
        );
    }
    solve_one(model, options, cancel, None, true, progress)
}
