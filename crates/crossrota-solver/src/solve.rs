//! The solve driver: validate, build the full MIP, search it, then (if time remains and the
//! roster is not proven good enough) hand over to large-neighbourhood search.

use std::time::{Duration, Instant};

use crossrota_domain::roster::{
    Assignment, ModelError, ModelErrorKind, Roster, RosterModel, validate,
};
use good_lp::solvers::{
    ResolutionError, Solver, SolverModel, WithInitialSolution, WithMipGap, WithTimeLimit,
};

use crate::backend::{self, Limits, RawOutcome, RawSolution, RawStatus, Slice};
use crate::error::SolveError;
use crate::formulation::{Choice, Formulation};
use crate::index::Index;
use crate::lns::Lns;
use crate::options::{
    Progress, RosterSolution, SolveOptions, SolveResult, SolveStatus, relative_gap,
};

/// Share of the time limit the full MIP gets before LNS may take over (when it has a roster).
const FULL_MIP_SHARE: f64 = 0.4;

/// Solves `model`. `progress` is called with every improvement (and, on microlp, between
/// time slices).
pub fn solve(
    model: &RosterModel,
    options: &SolveOptions,
    mut progress: impl FnMut(&Progress),
) -> Result<SolveResult, SolveError> {
    let started = Instant::now();
    let index = prepare(model, options)?;
    let full = Formulation::build(&index, None);
    let constant = full.mip.objective.constant;
    let hand_over = options
        .time_limit
        .mul_f64(if options.large_neighbourhood_search {
            FULL_MIP_SHARE
        } else {
            1.0
        });
    let mut best: Option<f64> = None;
    let mut time_to_best = None;
    let mut on_slice = |slice: Slice| {
        let incumbent = slice.incumbent.map(|v| v + constant);
        let bound = slice.bound.map(|v| v + constant);
        if let Some(value) = incumbent
            && best.is_none_or(|b| value < b - 1e-9)
        {
            best = Some(value);
            time_to_best = Some(started.elapsed());
        }
        progress(&Progress {
            incumbent,
            bound,
            gap: incumbent.zip(bound).map(|(i, b)| relative_gap(i, b)),
            elapsed: started.elapsed(),
        });
        // Keep searching the full model until LNS may take over and has something to improve.
        !(incumbent.is_some() && started.elapsed() >= hand_over)
    };
    let limits = Limits {
        time_limit: options.time_limit,
        mip_gap: options.mip_gap,
        threads: options.threads,
        seed: options.seed,
    };
    let outcome = backend::run(options.backend, &full.mip, &limits, &[], &mut on_slice)?;
    let raw = match outcome {
        RawOutcome::Solved(raw) => raw,
        RawOutcome::Infeasible => return Ok(finished(SolveStatus::Infeasible, None, started)),
        RawOutcome::NoSolution => return Ok(finished(SolveStatus::TimeLimit, None, started)),
    };
    let value = full.mip.objective_value(&raw.values);
    let time_to_best = time_to_best.unwrap_or_else(|| started.elapsed());
    let bound = raw.bound.map(|b| b + constant);
    let choice = full.choice(&raw.values);
    let status = match raw.status {
        RawStatus::Optimal => SolveStatus::Optimal,
        RawStatus::GapLimit => SolveStatus::GapLimit,
        RawStatus::TimeLimit => SolveStatus::TimeLimit,
    };
    if status != SolveStatus::TimeLimit || !options.large_neighbourhood_search {
        return Ok(SolveResult {
            status,
            solution: Some(solution(&index, &choice, value)),
            bound,
            elapsed: started.elapsed(),
            time_to_best: Some(time_to_best),
            lns_iterations: 0,
        });
    }
    let outcome = Lns {
        index: &index,
        options,
        started,
        bound,
    }
    .improve(choice, value, time_to_best, &mut progress)?;
    Ok(SolveResult {
        status: outcome.status,
        solution: Some(solution(&index, &outcome.choice, outcome.value)),
        bound,
        elapsed: started.elapsed(),
        time_to_best: Some(outcome.time_to_best),
        lns_iterations: outcome.iterations,
    })
}

/// Solves `model` once with any good_lp solver through good_lp's own API: no progress
/// reports and no LNS. `configure` sets solver-specific options, e.g. HiGHS threads.
pub fn solve_with<S>(
    model: &RosterModel,
    options: &SolveOptions,
    solver: S,
    configure: impl FnOnce(S::Model) -> S::Model,
) -> Result<SolveResult, SolveError>
where
    S: Solver,
    S::Model:
        SolverModel<Error = ResolutionError> + WithTimeLimit + WithMipGap + WithInitialSolution,
{
    let started = Instant::now();
    let index = prepare(model, options)?;
    let full = Formulation::build(&index, None);
    if full.mip.trivially_infeasible {
        return Ok(finished(SolveStatus::Infeasible, None, started));
    }
    let limits = Limits {
        time_limit: options.time_limit,
        mip_gap: options.mip_gap,
        threads: options.threads,
        seed: options.seed,
    };
    let raw: RawSolution = match backend::run_generic(&full.mip, solver, &limits, &[], configure)? {
        RawOutcome::Solved(raw) => raw,
        RawOutcome::Infeasible => return Ok(finished(SolveStatus::Infeasible, None, started)),
        RawOutcome::NoSolution => return Ok(finished(SolveStatus::TimeLimit, None, started)),
    };
    let value = full.mip.objective_value(&raw.values);
    let status = match raw.status {
        RawStatus::Optimal => SolveStatus::Optimal,
        RawStatus::GapLimit => SolveStatus::GapLimit,
        RawStatus::TimeLimit => SolveStatus::TimeLimit,
    };
    Ok(SolveResult {
        status,
        solution: Some(solution(&index, &full.choice(&raw.values), value)),
        bound: raw.bound.map(|b| b + full.mip.objective.constant),
        elapsed: started.elapsed(),
        time_to_best: Some(started.elapsed()),
        lns_iterations: 0,
    })
}

/// Validates the model and the options and indexes the model.
fn prepare<'m>(model: &'m RosterModel, options: &SolveOptions) -> Result<Index<'m>, SolveError> {
    if !options.mip_gap.is_finite() || options.mip_gap < 0.0 {
        return Err(SolveError::InvalidOptions(format!(
            "mip_gap {} is not a finite non-negative number",
            options.mip_gap
        )));
    }
    validate(model).map_err(SolveError::InvalidModel)?;
    Index::new(model).map_err(|pin| {
        SolveError::InvalidModel(vec![ModelError {
            item: format!("staff[{}].pinned", pin.staff),
            kind: ModelErrorKind::PinBreaksRule,
            message: format!("no shift can be worked as pinned on day {}", pin.day),
        }])
    })
}

fn finished(
    status: SolveStatus,
    solution: Option<RosterSolution>,
    started: Instant,
) -> SolveResult {
    SolveResult {
        status,
        solution,
        bound: None,
        elapsed: started.elapsed(),
        time_to_best: None,
        lns_iterations: 0,
    }
}

/// Turns a choice into a roster.
pub(crate) fn solution(index: &Index<'_>, choice: &Choice, objective: f64) -> RosterSolution {
    let mut assignments = Vec::new();
    for ((member, person), days) in index.model.staff.iter().zip(&index.staff).zip(choice) {
        for (day, chosen) in days.iter().enumerate() {
            let Some(opt) = chosen.and_then(|o| person.options[day].get(o)) else {
                continue;
            };
            let shift = &index.model.shift_types[opt.shift];
            assignments.push(Assignment {
                staff: member.code.clone(),
                day: day as u32,
                site: shift.site.clone(),
                shift: shift.code.clone(),
                skill: index.skills[opt.skill].clone(),
            });
        }
    }
    RosterSolution {
        roster: Roster::new(assignments),
        objective,
    }
}

/// How much of the time limit is left.
pub(crate) fn remaining(options: &SolveOptions, started: Instant) -> Duration {
    options.time_limit.saturating_sub(started.elapsed())
}
