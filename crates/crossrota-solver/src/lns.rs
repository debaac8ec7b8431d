//! Large-neighbourhood search: re-optimise part of the roster with the rest fixed.
//!
//! A full MIP of a large roster can run out of time far from optimal; a sub-MIP over a week of
//! days (everyone free) or over a handful of people (every day free) is small enough to solve
//! well. Each sub-MIP starts from the incumbent, so it never returns anything worse. The
//! neighbourhood grows when sub-MIPs are solved to optimality without gain and shrinks when they
//! time out. Choices come from a seeded ChaCha RNG, so a run is reproducible.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::backend::{self, Limits, RawOutcome, RawStatus};
use crate::error::SolveError;
use crate::formulation::{Choice, DayPlan, Formulation};
use crate::index::Index;
use crate::options::{Progress, SolveOptions, SolveStatus, relative_gap};
use crate::solve::remaining;

/// Below this, starting another sub-MIP is not worth it.
const MIN_ITERATION_TIME: Duration = Duration::from_millis(200);

/// Longest time one sub-MIP may take.
const MAX_ITERATION_TIME: Duration = Duration::from_secs(10);

/// The search, around an index and the caller's options.
pub(crate) struct Lns<'a, 'm> {
    pub(crate) index: &'a Index<'m>,
    pub(crate) options: &'a SolveOptions,
    pub(crate) started: Instant,
    /// Lower bound proven by the full MIP, which stays valid.
    pub(crate) bound: Option<f64>,
}

/// The best roster LNS ended with.
pub(crate) struct LnsOutcome {
    pub(crate) choice: Choice,
    pub(crate) value: f64,
    pub(crate) time_to_best: Duration,
    pub(crate) status: SolveStatus,
    pub(crate) iterations: u32,
}

/// A part of the roster to re-optimise.
enum Neighbourhood {
    /// Days `first..first + length`, every person.
    Days { first: usize, length: usize },
    /// These people, every day.
    Staff(Vec<usize>),
}

impl Lns<'_, '_> {
    pub(crate) fn improve(
        &self,
        mut choice: Choice,
        mut value: f64,
        mut time_to_best: Duration,
        progress: &mut impl FnMut(&Progress),
    ) -> Result<LnsOutcome, SolveError> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.options.seed);
        let days = self.index.days;
        let people = self.index.staff.len();
        let mut day_window = days.min(7);
        let mut group = people.clamp(1, 4);
        let mut iterations = 0;
        let per_iteration = MAX_ITERATION_TIME
            .min(self.options.time_limit / 10)
            .max(Duration::from_secs(1));
        loop {
            if self.good_enough(value) {
                break;
            }
            let left = remaining(self.options, self.started);
            if left < MIN_ITERATION_TIME || days == 0 || people == 0 {
                break;
            }
            iterations += 1;
            let by_days = iterations % 2 == 1;
            let neighbourhood = if by_days {
                let first = rng.random_range(0..=days - day_window);
                Neighbourhood::Days {
                    first,
                    length: day_window,
                }
            } else {
                let mut chosen: Vec<usize> = (0..people).collect();
                for i in 0..group {
                    let j = rng.random_range(i..people);
                    chosen.swap(i, j);
                }
                chosen.truncate(group);
                Neighbourhood::Staff(chosen)
            };
            let plan = self.plan(&choice, &neighbourhood);
            let sub = Formulation::build(self.index, Some(&plan));
            let limits = Limits {
                time_limit: per_iteration.min(left),
                mip_gap: 0.0,
                threads: self.options.threads,
                seed: self.options.seed.wrapping_add(u64::from(iterations)),
            };
            let hint = sub.hint(&choice);
            let outcome =
                backend::run(self.options.backend, &sub.mip, &limits, &hint, &mut |_| {
                    true
                })?;
            let RawOutcome::Solved(raw) = outcome else {
                resize(by_days, false, &mut day_window, &mut group, days, people);
                continue;
            };
            let candidate = sub.mip.objective_value(&raw.values);
            if candidate < value - 1e-6 {
                value = candidate;
                choice = sub.choice(&raw.values);
                time_to_best = self.started.elapsed();
                progress(&Progress {
                    incumbent: Some(value),
                    bound: self.bound,
                    gap: self.bound.map(|b| relative_gap(value, b)),
                    elapsed: time_to_best,
                });
            }
            let solved = raw.status == RawStatus::Optimal;
            resize(by_days, solved, &mut day_window, &mut group, days, people);
        }
        let status = match self.bound {
            Some(bound) if relative_gap(value, bound) == 0.0 => SolveStatus::Optimal,
            Some(_) if self.good_enough(value) => SolveStatus::GapLimit,
            _ => SolveStatus::TimeLimit,
        };
        Ok(LnsOutcome {
            choice,
            value,
            time_to_best,
            status,
            iterations,
        })
    }

    fn good_enough(&self, value: f64) -> bool {
        self.bound
            .is_some_and(|b| relative_gap(value, b) <= self.options.mip_gap)
    }

    /// Fixes everything outside the neighbourhood to the incumbent.
    fn plan(&self, choice: &Choice, neighbourhood: &Neighbourhood) -> Vec<Vec<DayPlan>> {
        choice
            .iter()
            .enumerate()
            .map(|(s, days)| {
                days.iter()
                    .enumerate()
                    .map(|(d, chosen)| {
                        let free = match neighbourhood {
                            Neighbourhood::Days { first, length } => {
                                (*first..first + length).contains(&d)
                            }
                            Neighbourhood::Staff(people) => people.contains(&s),
                        };
                        if free {
                            DayPlan::Free
                        } else {
                            DayPlan::Fixed(*chosen)
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// Grows the kind of neighbourhood just used after a proven sub-optimum, shrinks it after a
/// time-out.
fn resize(
    by_days: bool,
    solved: bool,
    day_window: &mut usize,
    group: &mut usize,
    days: usize,
    people: usize,
) {
    let (size, max) = if by_days {
        (day_window, days)
    } else {
        (group, people)
    };
    *size = if solved {
        (*size + 1).min(max)
    } else {
        (*size * 3 / 4).max(1)
    };
}
