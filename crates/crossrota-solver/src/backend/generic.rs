//! Any good_lp solver with a time limit, a MIP gap and warm starts, through good_lp's own API.
//!
//! This is how HiGHS runs; it is also public (through [`crate::solve_with`]) so other good_lp
//! backends can be tried without touching the formulation. good_lp reports neither a bound nor
//! progress, so the bound is only known when the backend proves optimality.

use good_lp::solvers::{
    ResolutionError, Solution, SolutionStatus, Solver, SolverModel, WithInitialSolution,
    WithMipGap, WithTimeLimit,
};

use crate::backend::{Limits, RawOutcome, RawSolution, RawStatus};
use crate::error::SolveError;
use crate::linear::Mip;

/// Solves `mip` with `solver`; `configure` sets backend-specific options last.
pub(crate) fn run_generic<S>(
    mip: &Mip,
    solver: S,
    limits: &Limits,
    hint: &[(usize, f64)],
    configure: impl FnOnce(S::Model) -> S::Model,
) -> Result<RawOutcome, SolveError>
where
    S: Solver,
    S::Model:
        SolverModel<Error = ResolutionError> + WithTimeLimit + WithMipGap + WithInitialSolution,
{
    let lp = mip.to_good_lp();
    let mut model = lp.problem.minimise(lp.objective).using(solver);
    for constraint in lp.constraints {
        model.add_constraint(constraint);
    }
    let mut model = model
        .with_time_limit(limits.time_limit.as_secs_f64())
        .with_mip_gap(limits.mip_gap as f32)
        .map_err(|e| SolveError::InvalidOptions(e.to_string()))?;
    if !hint.is_empty() {
        let handles = &lp.handles;
        model = model.with_initial_solution(
            hint.iter()
                .filter_map(|&(var, value)| Some((*handles.get(var)?, value))),
        );
    }
    match configure(model).solve() {
        Ok(solution) => {
            let values: Vec<f64> = lp.handles.iter().map(|&h| solution.value(h)).collect();
            let status = match solution.status() {
                SolutionStatus::Optimal => RawStatus::Optimal,
                SolutionStatus::GapLimit => RawStatus::GapLimit,
                SolutionStatus::TimeLimit => RawStatus::TimeLimit,
            };
            let bound = (status == RawStatus::Optimal)
                .then(|| mip.objective_value(&values) - mip.objective.constant);
            Ok(RawOutcome::Solved(RawSolution {
                values,
                status,
                bound,
            }))
        }
        Err(ResolutionError::Infeasible) => Ok(RawOutcome::Infeasible),
        Err(ResolutionError::Other(reason))
            if reason.contains("Time limit") || reason == "NoSolutionFound" =>
        {
            Ok(RawOutcome::NoSolution)
        }
        Err(other) => Err(SolveError::Backend(other.to_string())),
    }
}
