//! Large-neighbourhood search: re-optimise part of the roster with the rest fixed.
//!
//! A full MIP of a large roster can run out of time far from optimal; a sub-MIP over a few days
//! (everyone free) or over a few people (every day free) is small enough to solve well. Each
//! sub-MIP starts from the incumbent, so it never returns anything worse. A neighbourhood kind
//! grows when its sub-MIPs are solved to optimality and shrinks when they time out. Choices come
//! from a ChaCha RNG seeded from the options, so a run is reproducible.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::backend::{self, Limits, RawOutcome, RawStatus};
use crate::error::SolveError;
use crate::formulation::{Choice, DayPlan, Formulation};
use crate::search::Search;

/// Below this, starting another sub-MIP is not worth it.
const MIN_ITERATION_TIME: Duration = Duration::from_millis(200);

/// Share of the time limit one sub-MIP may take, within [`ITERATION_TIME`].
const ITERATION_SHARE: f64 = 1.0 / 30.0;

/// Bounds on the time one sub-MIP may take.
const ITERATION_TIME: (Duration, Duration) = (Duration::from_millis(500), Duration::from_secs(5));

/// A part of the roster to re-optimise.
enum Neighbourhood {
    /// Days `first..first + length`, every person.
    Days { first: usize, length: usize },
    /// These people, every day.
    Staff(Vec<usize>),
}

/// The search state kept between rounds.
pub(crate) struct Lns {
    rng: ChaCha8Rng,
    day_window: usize,
    group: usize,
    pub(crate) iterations: u32,
}

impl Lns {
    pub(crate) fn new(search: &Search<'_, '_>) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(search.options.seed),
            day_window: search.index.days.min(4),
            group: search.index.staff.len().clamp(1, 4),
            iterations: 0,
        }
    }

    /// Improves the search's incumbent until `stall` passes without improvement, time runs
    /// out or the incumbent is within the gap of the bound.
    pub(crate) fn round(
        &mut self,
        search: &mut Search<'_, '_>,
        stall: Duration,
    ) -> Result<(), SolveError> {
        let days = search.index.days;
        let people = search.index.staff.len();
        let per_iteration = search
            .options
            .time_limit
            .mul_f64(ITERATION_SHARE)
            .clamp(ITERATION_TIME.0, ITERATION_TIME.1);
        let round_started = Instant::now();
        let mut last_gain = round_started;
        while days > 0 && people > 0 && !search.good_enough() && last_gain.elapsed() < stall {
            let left = search.remaining();
            let Some(incumbent) = search.best.as_ref().map(|b| b.choice.clone()) else {
                return Ok(());
            };
            if left < MIN_ITERATION_TIME {
                break;
            }
            self.iterations += 1;
            let by_days = self.iterations % 2 == 1;
            let neighbourhood = self.pick(by_days, days, people);
            let plan = plan(&incumbent, &neighbourhood);
            let sub = Formulation::build(search.index, Some(&plan), true);
            let limits = Limits {
                time_limit: per_iteration.min(left),
                mip_gap: 0.0,
                threads: search.options.threads,
                seed: search.options.seed.wrapping_add(u64::from(self.iterations)),
            };
            let hint = sub.hint(&incumbent);
            let outcome = backend::run(
                search.options.backend,
                &sub.mip,
                &limits,
                &hint,
                &mut |_| true,
            )?;
            let solved = match outcome {
                RawOutcome::Solved(raw) => {
                    let value = sub.mip.objective_value(&raw.values);
                    if search.offer(sub.choice(&raw.values), value) {
                        last_gain = Instant::now();
                    }
                    raw.status == RawStatus::Optimal
                }
                RawOutcome::Infeasible | RawOutcome::NoSolution => false,
            };
            self.resize(by_days, solved, days, people);
        }
        Ok(())
    }

    fn pick(&mut self, by_days: bool, days: usize, people: usize) -> Neighbourhood {
        if by_days {
            let length = self.day_window.clamp(1, days);
            let first = self.rng.random_range(0..=days - length);
            Neighbourhood::Days { first, length }
        } else {
            let size = self.group.clamp(1, people);
            let mut chosen: Vec<usize> = (0..people).collect();
            for i in 0..size {
                let j = self.rng.random_range(i..people);
                chosen.swap(i, j);
            }
            chosen.truncate(size);
            Neighbourhood::Staff(chosen)
        }
    }

    /// Grows the kind of neighbourhood just used after a proven sub-optimum, shrinks it after
    /// a time-out.
    fn resize(&mut self, by_days: bool, solved: bool, days: usize, people: usize) {
        let (size, max) = if by_days {
            (&mut self.day_window, days)
        } else {
            (&mut self.group, people)
        };
        *size = if solved {
            (*size + 1).min(max)
        } else {
            (*size * 3 / 4).max(1)
        };
    }
}

/// Fixes everything outside the neighbourhood to the incumbent.
fn plan(choice: &Choice, neighbourhood: &Neighbourhood) -> Vec<Vec<DayPlan>> {
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

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use crossrota_domain::roster::check;
    use crossrota_domain::roster::curtois::parse_curtois;

    use super::*;
    use crate::construct::{Construction, construct};
    use crate::index::Index;
    use crate::options::SolveOptions;
    use crate::solve::solution;

    #[test]
    fn lns_alone_improves_a_constructed_roster() {
        let text = include_str!("../../../data/curtois/Instance2.txt");
        let model = parse_curtois(text).expect("Instance2 parses");
        let index = Index::new(&model).expect("indexes");
        let options = SolveOptions {
            time_limit: Duration::from_secs(6),
            ..SolveOptions::default()
        };
        let Construction::Built { choice, value, .. } =
            construct(&index, &options, Duration::from_secs(5)).expect("constructs")
        else {
            panic!("construction should succeed on Instance2");
        };
        let start = solution(&index, &choice, value);
        assert_eq!(check(&model, &start.roster).objective.total, value);
        let mut reports = 0;
        let mut progress = |_: crate::options::Progress| reports += 1;
        let mut search = Search {
            index: &index,
            options: &options,
            started: Instant::now(),
            best: None,
            bound: None,
            progress: &mut progress,
        };
        search.offer(choice, value);
        let mut lns = Lns::new(&search);
        lns.round(&mut search, Duration::from_secs(3))
            .expect("runs");
        let best = search.best.expect("an incumbent");
        assert!(best.value < value, "LNS kept {value}");
        assert!(lns.iterations > 0);
        let improved = solution(&index, &best.choice, best.value);
        let report = check(&model, &improved.roster);
        assert_eq!(report.violations, vec![]);
        assert_eq!(report.objective.total, best.value);
        assert!(reports >= 2);
    }
}
