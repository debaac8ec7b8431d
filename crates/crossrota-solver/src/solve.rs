//! The solve driver: validate and index the model, build a first roster, then alternate the
//! full MIP with rounds of large-neighbourhood search until the roster is proven good enough
//! or time runs out. Also the single-shot generic path for any good_lp solver.

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crossrota_domain::roster::{
    Assignment, ModelError, ModelErrorKind, Roster, RosterModel, validate,
};
use good_lp::solvers::{
    ResolutionError, Solver, SolverModel, WithInitialSolution, WithMipGap, WithTimeLimit,
};

use crate::backend::{self, Limits, RawOutcome, RawSolution, RawStatus};
use crate::construct::{Construction, construct};
use crate::error::SolveError;
use crate::formulation::{Choice, Formulation};
use crate::index::Index;
use crate::lns::{Lns, Patience};
use crate::options::{Progress, RosterSolution, SolveOptions, SolveResult, SolveStatus};
use crate::search::{FullMip, Search, SharedBest};

/// Neighbourhoods without a better roster that end a round of LNS in deterministic mode, at
/// first (doubling like the time-based patience).
const DETERMINISTIC_PATIENCE: u32 = 30;

/// A full MIP with more variables than this starts after a first round of large-neighbourhood
/// search instead of before it. Its first slice of time (see `search`) would go on a root node
/// it cannot finish: Curtois Instance20 (38,642 variables) ends 60 s at 11,814–12,739 with two
/// searches that start with LNS, against 13,852 when both first spend 6 s in HiGHS's root.
/// The medium benchmark instances (Instance11, 5,836 variables) and smaller ones keep the full
/// MIP first, which proves many of them optimal in seconds.
const LNS_FIRST_VARIABLES: usize = 20_000;

/// Most of the time limit that price-and-branch may take (see `columns`).
#[cfg(feature = "highs")]
const PRICE_AND_BRANCH_SHARE: f64 = 0.3;

/// Share of the time limit that construction of a first roster should take.
const CONSTRUCTION_SHARE: f64 = 0.3;

/// Share of the time limit after which construction gives up.
const CONSTRUCTION_DEADLINE_SHARE: f64 = 0.8;

/// One search on the calling thread. The `lead` search of a portfolio (and a lone search) is
/// the one that builds a roster by price-and-branch (see `columns`); the others go straight
/// to LNS and adopt its roster through `shared` once it is better than theirs.
pub(crate) fn solve_one(
    model: &RosterModel,
    options: &SolveOptions,
    cancel: &AtomicBool,
    shared: Option<&SharedBest>,
    #[cfg_attr(not(feature = "highs"), allow(unused_variables))] lead: bool,
    mut progress: impl FnMut(Progress),
) -> Result<SolveResult, SolveError> {
    let started = Instant::now();
    let index = prepare(model, options)?;
    let full = Formulation::full(&index);
    if full.mip.trivially_infeasible {
        return Ok(finished(SolveStatus::Infeasible, None, started));
    }
    let mut search = Search {
        index: &index,
        options,
        started,
        best: None,
        bound: None,
        progress: &mut progress,
        cancel,
        shared,
    };
    let budget = options.time_limit.mul_f64(CONSTRUCTION_SHARE);
    let deadline = options.time_limit.mul_f64(CONSTRUCTION_DEADLINE_SHARE);
    match construct(&index, options, budget, deadline)? {
        Construction::Infeasible => return Ok(finished(SolveStatus::Infeasible, None, started)),
        Construction::Built {
            choice,
            value,
            meets_hard_cover: true,
        } => {
            search.offer(choice, value);
        }
        Construction::Built { .. } | Construction::OutOfTime => {}
    }
    let mut lns = Lns::new(&search);
    if too_big_for_a_full_mip_slice(&full) {
        // Its LP relaxation would not be solved within the time RINS gives it either.
        lns = lns.without_relaxation();
    }
    #[cfg(feature = "highs")]
    if lead && price_and_branch_on(options) && !too_big_for_a_full_mip_slice(&full) {
        crate::columns::price_and_branch(
            &mut search,
            options.time_limit.mul_f64(PRICE_AND_BRANCH_SHARE),
        );
    }
    let lns_on = options.large_neighbourhood_search;
    // LNS rounds last until this much passes without a better roster; it doubles whenever a
    // full-MIP phase achieves nothing, so hopeless full MIPs take ever less of the time.
    let mut patience = if options.deterministic {
        Patience::Neighbourhoods(DETERMINISTIC_PATIENCE)
    } else {
        Patience::Time(search.stall().mul_f64(4.0))
    };
    let mut lns_first = starts_with_lns(&full, lns_on, search.best.is_some());
    loop {
        let full_productive = if std::mem::take(&mut lns_first) {
            // No full MIP has run yet: not a sign that it is hopeless.
            true
        } else {
            match search.full_mip(&full, lns_on)? {
                FullMip::Finished(SolveStatus::Infeasible) => {
                    return Ok(finished(SolveStatus::Infeasible, None, started));
                }
                FullMip::Finished(_) => break,
                FullMip::Stopped { productive } => productive,
            }
        };
        if !full_productive {
            patience = patience.doubled();
        }
        if !lns_on || search.best.is_none() || search.remaining().is_zero() {
            break;
        }
        let lns_gained = lns.round(&mut search, patience)?;
        if search.remaining().is_zero() || search.good_enough() {
            break;
        }
        if options.deterministic && !full_productive && !lns_gained {
            // Neither phase can improve any more within its work budget: stop here rather
            // than at a clock-dependent point.
            break;
        }
    }
    let reproducible = options.deterministic && !search.remaining().is_zero();
    let status = search.status();
    let bound = search.bound;
    let Some(best) = search.best else {
        return Ok(finished(SolveStatus::TimeLimit, None, started));
    };
    Ok(SolveResult {
        status,
        solution: Some(solution(&index, &best.choice, best.value)),
        bound,
        elapsed: started.elapsed(),
        time_to_best: Some(best.found_at),
        lns_iterations: lns.iterations,
        reproducible,
    })
}

/// Whether a search builds a roster by price-and-branch before LNS: with HiGHS (it solves the
/// master), when LNS is on (the roster is only a start), and not in deterministic mode (column
/// generation stops on the clock). Models too big for a slice of the full MIP skip it too
/// (see `solve_one`): their master LPs are not time-limited, and on Curtois Instance20 they
/// took the search 20% past its time limit.
#[cfg(feature = "highs")]
fn price_and_branch_on(options: &SolveOptions) -> bool {
    options.backend == crate::options::Backend::Highs
        && options.large_neighbourhood_search
        && !options.deterministic
}

/// Whether a search starts with a round of large-neighbourhood search instead of the full
/// MIP: when LNS is on, there is a roster to improve, and the full MIP is too big for its first
/// slice of time (see [`LNS_FIRST_VARIABLES`]).
fn starts_with_lns(full: &Formulation, lns_on: bool, has_roster: bool) -> bool {
    lns_on && has_roster && too_big_for_a_full_mip_slice(full)
}

/// Whether the full MIP has more than [`LNS_FIRST_VARIABLES`] variables.
fn too_big_for_a_full_mip_slice(full: &Formulation) -> bool {
    full.mip.vars.len() > LNS_FIRST_VARIABLES
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
    let full = Formulation::full(&index);
    if full.mip.trivially_infeasible {
        return Ok(finished(SolveStatus::Infeasible, None, started));
    }
    let limits = Limits {
        time_limit: options.time_limit,
        node_limit: None,
        mip_gap: options.mip_gap,
        threads: options.threads,
        seed: options.seed,
        cutoff: None,
    };
    let raw: RawSolution = match backend::run_generic(&full.mip, solver, &limits, &[], configure)? {
        RawOutcome::Solved(raw) => raw,
        RawOutcome::Infeasible => return Ok(finished(SolveStatus::Infeasible, None, started)),
        RawOutcome::NoSolution => return Ok(finished(SolveStatus::TimeLimit, None, started)),
    };
    // The roster's own price (see `Search::full_mip`).
    let (choice, value) = full.roster_of(&index, &raw.values);
    let status = match raw.status {
        RawStatus::Optimal => SolveStatus::Optimal,
        RawStatus::GapLimit => SolveStatus::GapLimit,
        RawStatus::TimeLimit => SolveStatus::TimeLimit,
    };
    Ok(SolveResult {
        status,
        solution: Some(solution(&index, &choice, value)),
        bound: raw.bound.map(|b| b + full.mip.objective.constant),
        elapsed: started.elapsed(),
        time_to_best: Some(started.elapsed()),
        lns_iterations: 0,
        reproducible: false,
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
        reproducible: status == SolveStatus::Infeasible,
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

#[cfg(test)]
mod tests {
    use crossrota_domain::roster::curtois::parse_curtois;
    use crossrota_testkit::roster::generator::{GeneratorParams, generate};

    use super::*;

    /// Small and medium models start with the full MIP, which proves many of them optimal in
    /// seconds; a regional network's full MIP is far above the line and starts with LNS, but
    /// only when LNS is on and there is a roster for it to improve.
    #[test]
    fn only_models_too_big_for_a_first_full_mip_slice_start_with_lns() {
        let text = include_str!("../../../data/curtois/Instance8.txt");
        let medium = parse_curtois(text).expect("Instance8 parses");
        let index = Index::new(&medium).expect("indexes");
        let full = Formulation::full(&index);
        assert!(full.mip.vars.len() < LNS_FIRST_VARIABLES);
        assert!(!starts_with_lns(&full, true, true));

        let network = generate(&GeneratorParams::stroke_network(), 3);
        let index = Index::new(&network).expect("indexes");
        let full = Formulation::full(&index);
        assert!(full.mip.vars.len() > LNS_FIRST_VARIABLES);
        assert!(starts_with_lns(&full, true, true));
        assert!(!starts_with_lns(&full, false, true), "LNS off");
        assert!(!starts_with_lns(&full, true, false), "no roster yet");
    }
}
