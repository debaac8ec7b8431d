//! A first roster, built one person at a time.
//!
//! Every hard rule except the hard cover minimum concerns one person, and cover shortfalls are
//! only costs, so giving each person in turn their best schedule (with everyone before them
//! fixed) yields a roster that keeps every personal rule. Each of these sub-MIPs is small, so
//! this finds a starting roster long before the full MIP would. If some person has no schedule
//! at all, no roster exists.

use std::time::{Duration, Instant};

use crate::backend::{self, Limits, RawOutcome};
use crate::error::SolveError;
use crate::formulation::{Choice, DayPlan, Formulation};
use crate::index::Index;
use crate::options::SolveOptions;

/// Relative gap at which a person's schedule is good enough; LNS improves it later.
const CONSTRUCTION_GAP: f64 = 0.01;

/// Branch-and-bound nodes a person's schedule gets in deterministic mode, instead of a share
/// of the time.
const PERSON_NODES: u64 = 300;

/// The least time a person's schedule gets once the shared budget is spent.
const MIN_PERSON_TIME: Duration = Duration::from_millis(500);

/// What construction achieved.
pub(crate) enum Construction {
    /// A roster keeping every personal rule, with its objective; `meets_hard_cover` says
    /// whether it also meets the hard cover minimums (which construction does not enforce).
    Built {
        choice: Choice,
        value: f64,
        meets_hard_cover: bool,
    },
    /// Some person's own rules cannot be met.
    Infeasible,
    /// The time budget ran out first.
    OutOfTime,
}

/// Builds a roster. The people share `budget`; when it runs out, each further person still
/// gets [`MIN_PERSON_TIME`] while `deadline` allows, because without a first roster a large
/// model has nothing for LNS to improve.
pub(crate) fn construct(
    index: &Index<'_>,
    options: &SolveOptions,
    budget: Duration,
    deadline: Duration,
) -> Result<Construction, SolveError> {
    let started = Instant::now();
    let people = index.staff.len();
    let mut choice: Choice = index.staff.iter().map(|p| p.pinned.clone()).collect();
    for s in 0..people {
        let share = budget.saturating_sub(started.elapsed()) / (people - s) as u32;
        let hard_left = deadline.saturating_sub(started.elapsed());
        let time_limit = share.max(MIN_PERSON_TIME).min(hard_left);
        if time_limit.is_zero() {
            return Ok(Construction::OutOfTime);
        }
        let plan: Vec<Vec<DayPlan>> = choice
            .iter()
            .enumerate()
            .map(|(other, days)| {
                days.iter()
                    .map(|&chosen| {
                        if other == s {
                            DayPlan::Free
                        } else {
                            DayPlan::Fixed(chosen)
                        }
                    })
                    .collect()
            })
            .collect();
        let mut sub = Formulation::build(index, Some(&plan), false);
        let limits = Limits {
            time_limit: if options.deterministic {
                hard_left
            } else {
                time_limit
            },
            node_limit: options.deterministic.then_some(PERSON_NODES),
            mip_gap: options.mip_gap.max(CONSTRUCTION_GAP),
            threads: options.threads,
            seed: options.seed,
            cutoff: None,
        };
        let mut outcome = backend::run(options.backend, &sub.mip, &limits, &[], &mut |_| true)?;
        if matches!(outcome, RawOutcome::NoSolution) {
            // No schedule found in this person's share of the time: look for any schedule at
            // all, with whatever construction time is left.
            sub = Formulation::person_rules(index, s);
            let limits = Limits {
                time_limit: budget
                    .saturating_sub(started.elapsed())
                    .max(MIN_PERSON_TIME)
                    .min(deadline.saturating_sub(started.elapsed())),
                ..limits
            };
            outcome = backend::run(options.backend, &sub.mip, &limits, &[], &mut |_| true)?;
        }
        match outcome {
            RawOutcome::Solved(raw) => {
                if let Some(days) = sub.choice(&raw.values).into_iter().nth(s) {
                    choice[s] = days;
                }
            }
            RawOutcome::Infeasible => return Ok(Construction::Infeasible),
            RawOutcome::NoSolution => return Ok(Construction::OutOfTime),
        }
    }
    let value = Formulation::evaluate(index, &choice);
    let meets_hard_cover = meets_hard_cover(index, &choice);
    Ok(Construction::Built {
        choice,
        value,
        meets_hard_cover,
    })
}

/// Whether every demand with a hard minimum gets at least that many people.
fn meets_hard_cover(index: &Index<'_>, choice: &Choice) -> bool {
    let mut assigned = vec![0i64; index.model.demands.len()];
    for (person, days) in index.staff.iter().zip(choice) {
        for (opts, chosen) in person.options.iter().zip(days) {
            if let Some(opt) = chosen.and_then(|o| opts.get(o)) {
                assigned[opt.demand] += 1;
            }
        }
    }
    index
        .model
        .demands
        .iter()
        .zip(assigned)
        .all(|(d, n)| d.hard_minimum.is_none_or(|min| n >= i64::from(min)))
}
