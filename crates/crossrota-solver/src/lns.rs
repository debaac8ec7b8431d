//! Large-neighbourhood search: re-optimise part of the roster with the rest fixed.
//!
//! A full MIP of a large roster can run out of time far from optimal; a sub-MIP over a few days
//! (everyone free) or over a few people (every day free) is small enough to solve well. Each
//! sub-MIP starts from the incumbent, so it never returns anything worse. A neighbourhood kind
//! grows when its sub-MIPs are solved to optimality and shrinks when they time out. Choices come
//! from a ChaCha RNG seeded from the options, so a run is reproducible.

use std::ops::Range;
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

/// Days in the window of a block neighbourhood.
const BLOCK_DAYS: usize = 14;

/// The shapes of neighbourhood, tried in turn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// A window of days, everyone free.
    Days,
    /// A few people, every day free.
    Staff,
    /// More people over a two-week window.
    Block,
}

const KINDS: [Kind; 3] = [Kind::Days, Kind::Staff, Kind::Block];

/// A part of the roster to re-optimise: the person-days in `days` of the people in `staff`
/// (everyone when `None`).
struct Neighbourhood {
    days: Range<usize>,
    staff: Option<Vec<usize>>,
}

/// The search state kept between rounds.
pub(crate) struct Lns {
    rng: ChaCha8Rng,
    /// Current size of each kind: days for `Days`, people for `Staff` and `Block`.
    sizes: [usize; 3],
    pub(crate) iterations: u32,
}

impl Lns {
    pub(crate) fn new(search: &Search<'_, '_>) -> Self {
        let people = search.index.staff.len();
        Self {
            rng: ChaCha8Rng::seed_from_u64(search.options.seed),
            sizes: [
                search.index.days.min(4),
                people.clamp(1, 4),
                people.clamp(1, 8),
            ],
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
        let mut last_gain = Instant::now();
        while days > 0 && people > 0 && !search.good_enough() && last_gain.elapsed() < stall {
            let left = search.remaining();
            let Some(incumbent) = search.best.as_ref().map(|b| b.choice.clone()) else {
                return Ok(());
            };
            if left < MIN_ITERATION_TIME {
                break;
            }
            let kind = KINDS[self.iterations as usize % KINDS.len()];
            self.iterations += 1;
            let neighbourhood = self.pick(kind, days, people);
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
                    // The roster's own price (see `Search::full_mip`).
                    let choice = sub.choice(&raw.values);
                    let value = Formulation::evaluate(search.index, &choice);
                    if search.offer(choice, value) {
                        last_gain = Instant::now();
                    }
                    raw.status == RawStatus::Optimal
                }
                RawOutcome::Infeasible | RawOutcome::NoSolution => false,
            };
            self.resize(kind, solved, days, people);
        }
        Ok(())
    }

    fn pick(&mut self, kind: Kind, days: usize, people: usize) -> Neighbourhood {
        let size = self.sizes[kind as usize];
        let window = |rng: &mut ChaCha8Rng, length: usize| {
            let length = length.clamp(1, days);
            let first = rng.random_range(0..=days - length);
            first..first + length
        };
        match kind {
            Kind::Days => Neighbourhood {
                days: window(&mut self.rng, size),
                staff: None,
            },
            Kind::Staff => Neighbourhood {
                days: 0..days,
                staff: Some(self.people(size, people)),
            },
            Kind::Block => Neighbourhood {
                days: window(&mut self.rng, BLOCK_DAYS),
                staff: Some(self.people(size, people)),
            },
        }
    }

    /// `size` distinct people at random.
    fn people(&mut self, size: usize, people: usize) -> Vec<usize> {
        let size = size.clamp(1, people);
        let mut chosen: Vec<usize> = (0..people).collect();
        for i in 0..size {
            let j = self.rng.random_range(i..people);
            chosen.swap(i, j);
        }
        chosen.truncate(size);
        chosen
    }

    /// Grows the kind of neighbourhood just used after a proven sub-optimum, shrinks it after
    /// a time-out.
    fn resize(&mut self, kind: Kind, solved: bool, days: usize, people: usize) {
        let max = if kind == Kind::Days { days } else { people };
        let size = &mut self.sizes[kind as usize];
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
            let person_free = neighbourhood
                .staff
                .as_ref()
                .is_none_or(|people| people.contains(&s));
            days.iter()
                .enumerate()
                .map(|(d, chosen)| {
                    if person_free && neighbourhood.days.contains(&d) {
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
        let Construction::Built { choice, value, .. } = construct(
            &index,
            &options,
            Duration::from_secs(5),
            Duration::from_secs(5),
        )
        .expect("constructs") else {
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
            cancel: &std::sync::atomic::AtomicBool::new(false),
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
