//! What a caller controls about a solve, and what it gets back.

use std::time::Duration;

use crossrota_domain::jobs::{JobOptions, MAX_THREADS};
use crossrota_domain::roster::Roster;

use crate::error::SolveError;

/// The MIP solver used through good_lp: the domain's [`SolverBackend`], so the service, the
/// store and the wire all name backends with one type.
pub use crossrota_domain::jobs::SolverBackend as Backend;

/// The best backend this build has: HiGHS when built in (cargo feature `highs`, on by
/// default in the binaries), else microlp.
pub fn best_backend() -> Backend {
    if cfg!(feature = "highs") {
        Backend::Highs
    } else {
        Backend::Microlp
    }
}

/// Whether this build can run `backend`.
pub fn is_built_in(backend: Backend) -> bool {
    match backend {
        Backend::Microlp => true,
        Backend::Highs => cfg!(feature = "highs"),
    }
}

/// One search per available core: what a caller gets who does not say how many. Searches are
/// single-threaded and share one best roster, so each core adds a differently seeded search.
pub fn available_searches() -> u32 {
    std::thread::available_parallelism()
        .map_or(1, |n| u32::try_from(n.get()).unwrap_or(1))
        .clamp(1, MAX_THREADS)
}

/// Limits and knobs of one solve.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock budget for the whole solve.
    pub time_limit: Duration,
    /// Relative gap between roster and bound at which the solve may stop (0 = prove optimal).
    pub mip_gap: f64,
    /// Searches run at once, one per thread, each with its own seed, improving one shared best
    /// roster (outside deterministic mode, where each runs alone and the best roster wins).
    /// Each search gives its backend one thread: large-neighbourhood search gains more from
    /// differently seeded searches than from a multi-threaded MIP.
    pub threads: u32,
    /// Seed for neighbourhood choices and the backend's own randomness.
    pub seed: u64,
    /// The backend.
    pub backend: Backend,
    /// Whether to improve a time-limited roster by re-optimising windows of days and groups of
    /// staff with the rest fixed.
    pub large_neighbourhood_search: bool,
    /// Budget the search by work instead of by the clock: every MIP call stops after a fixed
    /// number of branch-and-bound nodes, large-neighbourhood search after a fixed number of
    /// neighbourhoods without a better roster, and the solve when neither phase improves any
    /// more. The same model, options, seed and thread count then give the same roster on any
    /// machine, as long as the time limit (still a hard stop) does not cut the search first;
    /// [`SolveResult::reproducible`] says whether it did. Off by default: within a time limit,
    /// a clock-budgeted search gets further.
    pub deterministic: bool,
}

impl Default for SolveOptions {
    /// One minute, exact optimality, one thread, seed 0, the best backend built in, LNS on.
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(60),
            mip_gap: 0.0,
            threads: 1,
            seed: 0,
            backend: best_backend(),
            large_neighbourhood_search: true,
            deterministic: false,
        }
    }
}

impl SolveOptions {
    /// The solve a job asks for, with its unspecified choices made the best way this build
    /// and machine allow: the best backend built in and one search per available core. A
    /// backend this build lacks is an error naming it.
    pub fn for_job(job: &JobOptions) -> Result<Self, SolveError> {
        let backend = job.backend.unwrap_or_else(best_backend);
        if !is_built_in(backend) {
            return Err(SolveError::BackendNotBuilt(backend));
        }
        Ok(Self {
            time_limit: job.time_limit,
            mip_gap: job.mip_gap,
            threads: job.threads.unwrap_or_else(available_searches),
            seed: job.seed,
            backend,
            deterministic: job.deterministic,
            ..Self::default()
        })
    }
}

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolveStatus {
    /// The roster is proven optimal.
    Optimal,
    /// Time ran out; the roster (if any) may not be optimal.
    TimeLimit,
    /// The roster is within the requested gap of the bound.
    GapLimit,
    /// No roster satisfies the hard rules.
    Infeasible,
}

/// A progress report, sent whenever the solver has news.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Objective of the best roster so far.
    pub incumbent: Option<f64>,
    /// Best proven lower bound on the objective.
    pub bound: Option<f64>,
    /// Relative gap between the two.
    pub gap: Option<f64>,
    /// Time since the solve started.
    pub elapsed: Duration,
}

/// A roster and its objective as the MIP evaluates it.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterSolution {
    /// The assignments.
    pub roster: Roster,
    /// Objective value; equals the checker's total for the same roster.
    pub objective: f64,
}

/// The outcome of a solve.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveResult {
    /// How it ended.
    pub status: SolveStatus,
    /// The best roster found, if any.
    pub solution: Option<RosterSolution>,
    /// Best proven lower bound, if the backend reported one.
    pub bound: Option<f64>,
    /// Total time taken.
    pub elapsed: Duration,
    /// When the returned roster was found.
    pub time_to_best: Option<Duration>,
    /// Neighbourhoods re-optimised by large-neighbourhood search.
    pub lns_iterations: u32,
    /// Whether the same inputs give this same result on every run: a deterministic solve
    /// (see [`SolveOptions::deterministic`]) that the time limit did not cut short.
    pub reproducible: bool,
}

/// Relative gap between an objective and a lower bound: 0 when the bound reaches the
/// objective, else the shortfall as a share of the objective.
pub fn relative_gap(incumbent: f64, bound: f64) -> f64 {
    let gap = (incumbent - bound).max(0.0);
    if gap <= 1e-9 {
        0.0
    } else {
        gap / incumbent.abs().max(1e-9)
    }
}

#[cfg(test)]
mod tests {
    use super::relative_gap;

    #[test]
    fn the_gap_is_a_share_of_the_objective_and_never_negative() {
        assert_eq!(relative_gap(100.0, 100.0), 0.0);
        assert_eq!(relative_gap(100.0, 120.0), 0.0);
        assert_eq!(relative_gap(200.0, 150.0), 0.25);
    }
}
