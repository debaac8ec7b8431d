//! Running a [`Mip`] on a MIP backend and reading back values, status and bound.

mod generic;
#[cfg(feature = "highs")]
mod highs;
mod microlp;

use std::time::Duration;

pub(crate) use generic::run_generic;

use crate::error::SolveError;
use crate::linear::Mip;
use crate::options::Backend;

/// What one backend call may spend.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) time_limit: Duration,
    /// Branch-and-bound nodes the call may explore: a budget that, unlike time, gives the
    /// same answer on every run (deterministic mode). The time limit still applies.
    pub(crate) node_limit: Option<u64>,
    pub(crate) mip_gap: f64,
    /// Read by HiGHS only.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(crate) threads: u32,
    /// Read by HiGHS only; microlp is deterministic.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(crate) seed: u64,
    /// Only solutions whose objective (without the constant) is below this are wanted: HiGHS
    /// prunes with it from the start and reports none when there is none. Read by HiGHS only.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(crate) cutoff: Option<f64>,
}

/// Why a backend stopped with a solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawStatus {
    Optimal,
    GapLimit,
    TimeLimit,
}

/// Variable values by index, with the backend's view of their quality. Objective values and
/// bounds exclude the objective's constant.
#[derive(Debug, Clone)]
pub(crate) struct RawSolution {
    pub(crate) values: Vec<f64>,
    pub(crate) status: RawStatus,
    pub(crate) bound: Option<f64>,
}

/// The result of one backend call.
#[derive(Debug)]
pub(crate) enum RawOutcome {
    Solved(RawSolution),
    Infeasible,
    /// A limit was hit before any solution was found.
    NoSolution,
}

/// News from inside a running search, excluding the objective's constant.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slice {
    pub(crate) incumbent: Option<f64>,
    pub(crate) bound: Option<f64>,
}

/// Whether `backend` reports progress while it runs, so a long search can be watched, handed
/// over when it stalls, and cancelled. HiGHS only reports when it returns.
pub(crate) fn reports_progress(backend: Backend) -> bool {
    match backend {
        Backend::Microlp => true,
        Backend::Highs => false,
    }
}

/// Solves `mip` with a warm-start `hint` (variable index, value). `on_slice` hears about
/// progress where the backend allows it and returns `false` to stop the search early.
pub(crate) fn run(
    backend: Backend,
    mip: &Mip,
    limits: &Limits,
    hint: &[(usize, f64)],
    on_slice: &mut dyn FnMut(Slice) -> bool,
) -> Result<RawOutcome, SolveError> {
    if mip.trivially_infeasible {
        return Ok(RawOutcome::Infeasible);
    }
    if mip.vars.is_empty() {
        // Everything is decided; good_lp backends reject empty models.
        return Ok(RawOutcome::Solved(RawSolution {
            values: Vec::new(),
            status: RawStatus::Optimal,
            bound: Some(0.0),
        }));
    }
    match backend {
        Backend::Microlp => microlp::run(mip, limits, hint, on_slice),
        #[cfg(feature = "highs")]
        Backend::Highs => {
            let outcome = highs::run(mip, limits, hint)?;
            if let RawOutcome::Solved(solution) = &outcome {
                on_slice(Slice {
                    incumbent: Some(mip.objective_value(&solution.values) - mip.objective.constant),
                    bound: solution.bound,
                });
            }
            Ok(outcome)
        }
        #[cfg(not(feature = "highs"))]
        Backend::Highs => Err(SolveError::BackendNotBuilt(backend)),
    }
}
