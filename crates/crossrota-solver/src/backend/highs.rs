//! HiGHS: the model is built through good_lp, then solved through the `highs` crate's model so
//! that what good_lp's own `solve()` drops is kept.
//!
//! Two things matter here. A time-limited run still has a proven bound (`mip_dual_bound`),
//! which good_lp discards. And a warm start must name only the variables it knows: good_lp
//! fills the rest with zeros, which HiGHS takes as fixed values of the weekend and rest
//! indicators, finds the start infeasible and drops it. Unknown columns are passed as
//! `kHighsUndefined` (infinity) instead, so HiGHS completes the start with a small sub-MIP.

use ::highs::{HighsModelStatus, HighsSolutionStatus};
use good_lp::SolverModel;

use crate::backend::{Limits, RawOutcome, RawSolution, RawStatus};
use crate::error::SolveError;
use crate::linear::Mip;

/// HiGHS's marker for a value the caller does not know.
const UNDEFINED: f64 = f64::INFINITY;

/// Share of HiGHS's work spent on primal heuristics (its default is 0.05). Rosters have tight LP
/// relaxations and the search needs good rosters more than proofs: on Curtois Instance6 a
/// 20 s full MIP finds 2139 instead of 2337 with the same bound.
const HEURISTIC_EFFORT: f64 = 0.3;

pub(super) fn run(
    mip: &Mip,
    limits: &Limits,
    hint: &[(usize, f64)],
) -> Result<RawOutcome, SolveError> {
    let lp = mip.to_good_lp();
    let mut problem = lp.problem.minimise(lp.objective).using(good_lp::highs);
    for constraint in lp.constraints {
        problem.add_constraint(constraint);
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| SolveError::Backend(e.to_string()))?;
    model.make_quiet();
    let seed = i32::try_from(limits.seed % 2_147_483_647).unwrap_or(0);
    let threads = i32::try_from(limits.threads.max(1)).unwrap_or(1);
    let option_failed = |name: &str| SolveError::Backend(format!("HiGHS refused option {name}"));
    model
        .try_set_option("time_limit", limits.time_limit.as_secs_f64())
        .map_err(|_| option_failed("time_limit"))?;
    model
        .try_set_option("mip_rel_gap", limits.mip_gap)
        .map_err(|_| option_failed("mip_rel_gap"))?;
    if mip.integral_objective() {
        // Every roster's objective is a whole number, so a gap below 1 proves optimality.
        model
            .try_set_option("mip_abs_gap", 1.0 - 1e-6)
            .map_err(|_| option_failed("mip_abs_gap"))?;
    }
    model
        .try_set_option("threads", threads)
        .map_err(|_| option_failed("threads"))?;
    model
        .try_set_option("random_seed", seed)
        .map_err(|_| option_failed("random_seed"))?;
    model
        .try_set_option("mip_heuristic_effort", HEURISTIC_EFFORT)
        .map_err(|_| option_failed("mip_heuristic_effort"))?;
    if let Some(cutoff) = limits.cutoff {
        model
            .try_set_option("objective_bound", cutoff)
            .map_err(|_| option_failed("objective_bound"))?;
    }
    if let Some(nodes) = limits.node_limit {
        let nodes = i32::try_from(nodes).unwrap_or(i32::MAX);
        model
            .try_set_option("mip_max_nodes", nodes)
            .map_err(|_| option_failed("mip_max_nodes"))?;
    }
    if !hint.is_empty() {
        let mut columns = vec![UNDEFINED; mip.vars.len()];
        for &(var, value) in hint {
            if let Some(column) = columns.get_mut(var) {
                *column = value;
            }
        }
        model
            .try_set_solution(Some(&columns), None, None, None)
            .map_err(|e| SolveError::Backend(format!("HiGHS refused the warm start: {e:?}")))?;
    }
    let solved = model
        .try_solve()
        .map_err(|e| SolveError::Backend(format!("HiGHS failed: {e:?}")))?;
    let status = match solved.status() {
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return Ok(RawOutcome::Infeasible);
        }
        HighsModelStatus::Optimal
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => {
            if solved.mip_gap().is_finite() && solved.mip_gap() > 0.0 {
                RawStatus::GapLimit
            } else {
                RawStatus::Optimal
            }
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit => RawStatus::TimeLimit,
        other => return Err(SolveError::Backend(format!("HiGHS ended with {other:?}"))),
    };
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        return Ok(RawOutcome::NoSolution);
    }
    let values = solved.get_solution().columns().to_vec();
    let bound = match status {
        RawStatus::Optimal => Some(mip.objective_value(&values) - mip.objective.constant),
        RawStatus::GapLimit | RawStatus::TimeLimit => solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite()),
    };
    Ok(RawOutcome::Solved(RawSolution {
        values,
        status,
        bound,
    }))
}
