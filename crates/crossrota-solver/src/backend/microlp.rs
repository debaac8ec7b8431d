//! microlp through good_lp, driven in time slices so progress can be reported.
//!
//! good_lp's own `solve()` discards microlp's bound and gap and cannot pause, so this calls
//! `as_inner().solve_with(..)` on the built model and then `resume_with(..)` slice by slice.
//! microlp names variables by creation index and good_lp creates them in index order; a scratch
//! `microlp::Problem` with as many variables yields the same handles, which is how a warm start
//! and the values are addressed.

use std::time::{Duration, Instant};

use good_lp::SolverModel;
use microlp::{
    OptimizationDirection, ResumeOptions, SolveOptions, SolveOutcome, TerminationReason,
};

use crate::backend::{Limits, RawOutcome, RawSolution, RawStatus, Slice};
use crate::error::SolveError;
use crate::linear::Mip;

/// Longest uninterrupted stretch of search between progress reports.
const SLICE: Duration = Duration::from_millis(500);

/// Branch-and-bound nodes between progress reports when the call has a node budget: the
/// slices then end by work, not by the clock, so the search is the same on every run.
const SLICE_NODES: u64 = 100;

pub(super) fn run(
    mip: &Mip,
    limits: &Limits,
    hint: &[(usize, f64)],
    on_slice: &mut dyn FnMut(Slice) -> bool,
) -> Result<RawOutcome, SolveError> {
    let lp = mip.to_good_lp();
    let mut model = lp.problem.minimise(lp.objective).using(good_lp::microlp);
    for constraint in lp.constraints {
        model.add_constraint(constraint);
    }
    let handles = handles(mip.vars.len());
    let started = Instant::now();
    let time_left = |started: Instant| limits.time_limit.saturating_sub(started.elapsed());
    let slice = |started: Instant| match limits.node_limit {
        Some(_) => time_left(started),
        None => SLICE.min(time_left(started)),
    };
    let slice_nodes = |spent: u64| {
        limits
            .node_limit
            .map(|budget| SLICE_NODES.min(budget.saturating_sub(spent)).max(1))
    };
    let mut options = SolveOptions::default();
    options.time_limit = Some(slice(started));
    options.node_limit = slice_nodes(0);
    options.mip_gap = limits.mip_gap;
    if !hint.is_empty() {
        options.warm_start = Some(
            hint.iter()
                .filter_map(|&(var, value)| Some((*handles.get(var)?, value)))
                .collect(),
        );
    }
    let mut outcome = match model.as_inner().solve_with(options) {
        Ok(outcome) => outcome,
        Err(microlp::Error::Infeasible) => return Ok(RawOutcome::Infeasible),
        Err(other) => return Err(SolveError::Backend(other.to_string())),
    };
    loop {
        let stats = outcome.stats();
        let keep_going = on_slice(Slice {
            incumbent: outcome.solution().map(microlp::Solution::objective),
            bound: stats.best_bound,
        });
        let status = match outcome.termination_reason() {
            TerminationReason::ProvenOptimal => Some(RawStatus::Optimal),
            TerminationReason::MipGap => Some(RawStatus::GapLimit),
            // Time, node or any future limit: resume unless the budget is spent.
            _ => {
                let out_of_time = started.elapsed() >= limits.time_limit;
                let out_of_nodes = limits
                    .node_limit
                    .is_some_and(|budget| stats.nodes_solved >= budget);
                (out_of_time || out_of_nodes || !keep_going).then_some(RawStatus::TimeLimit)
            }
        };
        if let Some(status) = status {
            return Ok(finish(&outcome, &handles, status));
        }
        let mut resume = ResumeOptions::default();
        resume.time_limit = Some(slice(started));
        resume.node_limit = slice_nodes(stats.nodes_solved);
        resume.mip_gap = Some(limits.mip_gap);
        outcome = match outcome.resume_with(resume) {
            Ok(outcome) => outcome,
            Err(microlp::Error::Infeasible) => return Ok(RawOutcome::Infeasible),
            Err(other) => return Err(SolveError::Backend(other.to_string())),
        };
    }
}

fn finish(outcome: &SolveOutcome, handles: &[microlp::Variable], status: RawStatus) -> RawOutcome {
    let Some(solution) = outcome.solution() else {
        return RawOutcome::NoSolution;
    };
    let values = handles.iter().map(|&h| solution.var_value_raw(h)).collect();
    let bound = match status {
        RawStatus::Optimal => Some(solution.objective()),
        _ => outcome.stats().best_bound,
    };
    RawOutcome::Solved(RawSolution {
        values,
        status,
        bound,
    })
}

/// microlp handles for variables `0..count`.
fn handles(count: usize) -> Vec<microlp::Variable> {
    let mut scratch = microlp::Problem::new(OptimizationDirection::Minimize);
    (0..count)
        .map(|_| scratch.add_var(0.0, (0.0, 1.0)))
        .collect()
}
