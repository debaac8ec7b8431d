//! Large-neighbourhood search: re-optimise part of the roster with the rest fixed.
//!
//! A full MIP of a large roster can run out of time far from optimal; a sub-MIP over a few days
//! (everyone free), short runs of days scattered over the horizon (everyone free), a few people
//! (every day free), a block of both, or the person-days where the roster disagrees with the LP
//! relaxation (RINS) is small enough to solve well. Each sub-MIP
//! starts from the incumbent, so it never returns anything worse. A kind of neighbourhood grows
//! when its sub-MIPs are solved to optimality and shrinks when they time out, and kinds are
//! drawn in proportion to how much they have been gaining per second on this model. Choices come
//! from a ChaCha RNG seeded from the options.

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

/// A sub-MIP proved within this share of its time is quick: its kind grows faster.
const QUICK_SHARE: f64 = 0.25;

/// How far an LP value may be from the incumbent's 0 or 1 and still agree with it.
const GUIDE_TOLERANCE: f64 = 0.1;

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
    /// The person-days where the incumbent disagrees with the LP relaxation's optimum, and the
    /// days either side of each (relaxation-induced neighbourhood search, RINS). When the LP
    /// bound is close to the optimum, the disagreements point at what is worth changing.
    Guided,
    /// Short runs of days scattered over the horizon, everyone free. Limits over the whole
    /// horizon (shifts of a type, weekends, total minutes) bind people far from any one
    /// window: moving a night or a weekend from one part of the horizon to another needs both
    /// parts free at once.
    Scattered,
}

const KINDS: [Kind; 5] = [
    Kind::Days,
    Kind::Staff,
    Kind::Block,
    Kind::Guided,
    Kind::Scattered,
];

/// Longest run of days in a scattered neighbourhood.
const SCATTERED_RUN: usize = 3;

/// A part of the roster to re-optimise: `free[person][day]`.
struct Neighbourhood {
    free: Vec<Vec<bool>>,
}

impl Neighbourhood {
    /// The person-days in `days` of the people in `staff` (everyone when `None`).
    fn rectangle(
        people: usize,
        days_total: usize,
        days: Range<usize>,
        staff: Option<&[usize]>,
    ) -> Self {
        let free = (0..people)
            .map(|s| {
                let person_free = staff.is_none_or(|chosen| chosen.contains(&s));
                (0..days_total)
                    .map(|d| person_free && days.contains(&d))
                    .collect()
            })
            .collect();
        Self { free }
    }
}

/// Weight of the latest result in a kind's running rate of gain.
const RATE_MEMORY: f64 = 0.3;

/// Every kind keeps at least this share of the best kind's chance, so a kind that failed
/// early is still tried now and then.
const RATE_FLOOR: f64 = 0.15;

/// Branch-and-bound nodes of one sub-MIP in deterministic mode.
const SUB_MIP_NODES: u64 = 500;

/// How long a round of LNS goes on without a better roster.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Patience {
    /// This much time.
    Time(Duration),
    /// This many neighbourhoods (deterministic mode).
    Neighbourhoods(u32),
}

impl Patience {
    /// Twice as patient.
    pub(crate) fn doubled(self) -> Self {
        match self {
            Self::Time(time) => Self::Time(time * 2),
            Self::Neighbourhoods(count) => Self::Neighbourhoods(count.saturating_mul(2)),
        }
    }
}

/// The search state kept between rounds.
pub(crate) struct Lns {
    rng: ChaCha8Rng,
    /// Current size of each kind: days for `Days` and `Scattered`, people for `Staff` and
    /// `Block`, person-days for `Guided`.
    sizes: [usize; 5],
    /// `lp[person][day][option]`: the LP relaxation's optimum, computed when first needed;
    /// `Some(None)` when it could not be.
    lp: Option<Option<Vec<Vec<Vec<f64>>>>>,
    /// Running rate of objective gained per second of sub-MIP, per kind: kinds that pay off on
    /// this model are chosen more often.
    rates: [f64; 5],
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
                (people * search.index.days / 8).max(1),
                search.index.days.min(6),
            ],
            lp: None,
            rates: [f64::INFINITY; 5],
            iterations: 0,
        }
    }

    /// Guided neighbourhoods without the LP relaxation: they fall back to random people over a
    /// window, as when the relaxation cannot be solved. For models whose relaxation would take
    /// longer than RINS gives it (Curtois Instance20: over 4 s, lost once per search).
    pub(crate) fn without_relaxation(mut self) -> Self {
        self.lp = Some(None);
        self
    }

    /// Improves the search's incumbent until `patience` runs out without improvement, time
    /// runs out or the incumbent is within the gap of the bound. Returns whether it found a
    /// better roster.
    pub(crate) fn round(
        &mut self,
        search: &mut Search<'_, '_>,
        patience: Patience,
    ) -> Result<bool, SolveError> {
        let days = search.index.days;
        let people = search.index.staff.len();
        let per_iteration = search
            .options
            .time_limit
            .mul_f64(ITERATION_SHARE)
            .clamp(ITERATION_TIME.0, ITERATION_TIME.1);
        let mut last_gain = Instant::now();
        let mut since_gain = 0u32;
        let mut gained = false;
        let patient = |last_gain: Instant, since_gain: u32| match patience {
            Patience::Time(time) => last_gain.elapsed() < time,
            Patience::Neighbourhoods(count) => since_gain < count,
        };
        while days > 0 && people > 0 && !search.good_enough() && patient(last_gain, since_gain) {
            search.adopt_shared();
            let left = search.remaining();
            let Some(incumbent) = search.best.as_ref().map(|b| b.choice.clone()) else {
                return Ok(gained);
            };
            if left < MIN_ITERATION_TIME {
                break;
            }
            let kind = self.choose_kind();
            self.iterations += 1;
            let before = search.best.as_ref().map_or(f64::INFINITY, |b| b.value);
            let iteration_started = Instant::now();
            if kind == Kind::Guided && self.lp.is_none() {
                self.lp = Some(relaxation(search, per_iteration)?);
            }
            let neighbourhood = self.pick(kind, days, people, &incumbent);
            let plan = plan(&incumbent, &neighbourhood);
            let sub = Formulation::build(search.index, Some(&plan), true);
            let limits = Limits {
                time_limit: if search.options.deterministic {
                    left
                } else {
                    per_iteration.min(left)
                },
                node_limit: search.options.deterministic.then_some(SUB_MIP_NODES),
                mip_gap: 0.0,
                threads: search.options.threads,
                seed: search.options.seed.wrapping_add(u64::from(self.iterations)),
                cutoff: None,
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
                    let (choice, value) = sub.roster_of(search.index, &raw.values);
                    if search.offer(choice, value) {
                        last_gain = Instant::now();
                        since_gain = 0;
                        gained = true;
                    } else {
                        since_gain += 1;
                    }
                    raw.status == RawStatus::Optimal
                }
                RawOutcome::Infeasible | RawOutcome::NoSolution => {
                    since_gain += 1;
                    false
                }
            };
            let quick = solved && iteration_started.elapsed() < per_iteration.mul_f64(QUICK_SHARE);
            self.resize(kind, solved, quick, days, people);
            let after = search.best.as_ref().map_or(before, |b| b.value);
            let gain = if before.is_finite() {
                before - after
            } else {
                0.0
            };
            // Gain per neighbourhood in deterministic mode, where time must not steer.
            let took = if search.options.deterministic {
                Duration::from_secs(1)
            } else {
                iteration_started.elapsed()
            };
            self.learn(kind, gain, took);
        }
        Ok(gained)
    }

    /// Each kind is tried once first; then kinds are drawn in proportion to their running
    /// rate of gain, each with at least [`RATE_FLOOR`] of the best kind's weight.
    fn choose_kind(&mut self) -> Kind {
        if let Some(untried) = KINDS
            .iter()
            .position(|k| self.rates[*k as usize].is_infinite())
        {
            return KINDS[untried];
        }
        let best = self.rates.iter().copied().fold(0.0, f64::max);
        let floor = (best * RATE_FLOOR).max(1e-9);
        let weights: Vec<f64> = self.rates.iter().map(|r| r.max(floor)).collect();
        let total: f64 = weights.iter().sum();
        let mut pick = self.rng.random_range(0.0..total);
        for (kind, weight) in KINDS.iter().zip(&weights) {
            if pick < *weight {
                return *kind;
            }
            pick -= weight;
        }
        KINDS[KINDS.len() - 1]
    }

    /// Folds one sub-MIP's gain per second into its kind's running rate.
    fn learn(&mut self, kind: Kind, gain: f64, took: Duration) {
        let rate = gain.max(0.0) / took.as_secs_f64().max(1e-3);
        let slot = &mut self.rates[kind as usize];
        *slot = if slot.is_infinite() {
            rate
        } else {
            (1.0 - RATE_MEMORY) * *slot + RATE_MEMORY * rate
        };
    }

    fn pick(
        &mut self,
        kind: Kind,
        days: usize,
        people: usize,
        incumbent: &Choice,
    ) -> Neighbourhood {
        let size = self.sizes[kind as usize];
        let window = |rng: &mut ChaCha8Rng, length: usize| {
            let length = length.clamp(1, days);
            let first = rng.random_range(0..=days - length);
            first..first + length
        };
        match kind {
            Kind::Days => {
                let range = window(&mut self.rng, size);
                Neighbourhood::rectangle(people, days, range, None)
            }
            Kind::Staff => {
                let staff = self.people(size, people);
                Neighbourhood::rectangle(people, days, 0..days, Some(&staff))
            }
            Kind::Block => {
                let range = window(&mut self.rng, BLOCK_DAYS);
                let staff = self.people(size, people);
                Neighbourhood::rectangle(people, days, range, Some(&staff))
            }
            Kind::Guided => self.guided(size, days, people, incumbent),
            Kind::Scattered => self.scattered(size, days, people),
        }
    }

    /// Up to `size` person-days where the incumbent and the LP optimum disagree, each with
    /// the day before and after; random people over a window when they agree everywhere (or
    /// there is no LP optimum).
    fn guided(
        &mut self,
        size: usize,
        days: usize,
        people: usize,
        incumbent: &Choice,
    ) -> Neighbourhood {
        let mut disagreements = Vec::new();
        if let Some(Some(lp)) = &self.lp {
            for (s, (person, chosen_days)) in lp.iter().zip(incumbent).enumerate() {
                for (d, (values, chosen)) in person.iter().zip(chosen_days).enumerate() {
                    let differs = values.iter().enumerate().any(|(o, &v)| {
                        let worked = if *chosen == Some(o) { 1.0 } else { 0.0 };
                        (v - worked).abs() > GUIDE_TOLERANCE
                    });
                    if differs {
                        disagreements.push((s, d));
                    }
                }
            }
        }
        if disagreements.is_empty() {
            let staff = self.people(people.div_ceil(4), people);
            let first = self.rng.random_range(0..days);
            let range = first..(first + BLOCK_DAYS).min(days);
            return Neighbourhood::rectangle(people, days, range, Some(&staff));
        }
        for i in 0..disagreements.len().min(size) {
            let j = self.rng.random_range(i..disagreements.len());
            disagreements.swap(i, j);
        }
        disagreements.truncate(size);
        let mut free = vec![vec![false; days]; people];
        for (s, d) in disagreements {
            let around = d.saturating_sub(1)..(d + 2).min(days);
            for cell in &mut free[s][around] {
                *cell = true;
            }
        }
        Neighbourhood { free }
    }

    /// About `size` days in runs of one to [`SCATTERED_RUN`] days at random places, everyone
    /// free.
    fn scattered(&mut self, size: usize, days: usize, people: usize) -> Neighbourhood {
        let size = size.clamp(1, days);
        let mut chosen = vec![false; days];
        let mut count = 0;
        while count < size {
            let length = self.rng.random_range(1..=SCATTERED_RUN).min(size - count);
            let first = self.rng.random_range(0..=days - length);
            for day in &mut chosen[first..first + length] {
                if !*day {
                    *day = true;
                    count += 1;
                }
            }
        }
        Neighbourhood {
            free: vec![chosen; people],
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

    /// Grows the kind of neighbourhood just used after a proven sub-optimum (by a quarter when
    /// the proof was quick, so sizes that are far too small do not take many rounds to leave),
    /// shrinks it after a time-out.
    fn resize(&mut self, kind: Kind, solved: bool, quick: bool, days: usize, people: usize) {
        let max = match kind {
            Kind::Days | Kind::Scattered => days,
            Kind::Staff | Kind::Block => people,
            Kind::Guided => people * days,
        };
        let size = &mut self.sizes[kind as usize];
        *size = if quick {
            (*size + (*size / 4).max(1)).min(max)
        } else if solved {
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
        .zip(&neighbourhood.free)
        .map(|(days, free)| {
            days.iter()
                .zip(free)
                .map(|(chosen, &free)| {
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

/// The LP relaxation's optimum of the full model per person, day and option, or `None` when
/// the backend finds none in its time.
fn relaxation(
    search: &Search<'_, '_>,
    time_limit: Duration,
) -> Result<Option<Vec<Vec<Vec<f64>>>>, SolveError> {
    let full = Formulation::full(search.index);
    let relaxed = full.mip.relaxed();
    let limits = Limits {
        time_limit: if search.options.deterministic {
            search.remaining()
        } else {
            (time_limit * 2).min(search.remaining())
        },
        node_limit: None,
        mip_gap: 0.0,
        threads: search.options.threads,
        seed: search.options.seed,
        cutoff: None,
    };
    Ok(
        match backend::run(search.options.backend, &relaxed, &limits, &[], &mut |_| {
            true
        })? {
            RawOutcome::Solved(raw) => Some(full.assignment_values(&raw.values)),
            RawOutcome::Infeasible | RawOutcome::NoSolution => None,
        },
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crossrota_domain::roster::check;
    use crossrota_domain::roster::curtois::parse_curtois;

    use super::*;
    use crate::construct::{Construction, construct};
    use crate::index::Index;
    use crate::options::SolveOptions;
    use crate::search::fresh_search;
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
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let mut search = fresh_search(&index, &options, &mut progress, &cancel, None);
        search.offer(choice, value);
        let mut lns = Lns::new(&search);
        lns.round(&mut search, Patience::Time(Duration::from_secs(3)))
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

    /// A scattered neighbourhood frees the same `size` days for everyone, and over many draws
    /// they are not one window: that is what lets a limit over the horizon move between parts.
    #[test]
    fn a_scattered_neighbourhood_frees_size_days_for_everyone() {
        let text = include_str!("../../../data/curtois/Instance2.txt");
        let model = parse_curtois(text).expect("Instance2 parses");
        let index = Index::new(&model).expect("indexes");
        let options = SolveOptions::default();
        let mut progress = |_: crate::options::Progress| {};
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let search = fresh_search(&index, &options, &mut progress, &cancel, None);
        let mut lns = Lns::new(&search);
        let (days, people) = (index.days, index.staff.len());
        let mut split = 0;
        for size in 1..=days {
            let n = lns.scattered(size, days, people);
            assert_eq!(n.free.len(), people);
            assert!(n.free.iter().all(|d| *d == n.free[0]), "same days for all");
            let freed: Vec<usize> = (0..days).filter(|&d| n.free[0][d]).collect();
            assert_eq!(freed.len(), size);
            if freed
                .last()
                .zip(freed.first())
                .is_some_and(|(l, f)| l - f + 1 > size)
            {
                split += 1;
            }
        }
        assert!(split > 0, "some draws leave gaps between their days");
    }

    /// Without the LP relaxation a guided neighbourhood is a quarter of the people over one
    /// window of up to [`BLOCK_DAYS`] days, and no relaxation is solved for it.
    #[test]
    fn guided_neighbourhoods_without_the_relaxation_free_a_block_of_people() {
        let text = include_str!("../../../data/curtois/Instance8.txt");
        let model = parse_curtois(text).expect("Instance8 parses");
        let index = Index::new(&model).expect("indexes");
        let options = SolveOptions::default();
        let mut progress = |_: crate::options::Progress| {};
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let search = fresh_search(&index, &options, &mut progress, &cancel, None);
        let mut lns = Lns::new(&search).without_relaxation();
        let (days, people) = (index.days, index.staff.len());
        let incumbent: Choice = vec![vec![None; days]; people];
        for _ in 0..10 {
            let n = lns.pick(Kind::Guided, days, people, &incumbent);
            let chosen: Vec<&Vec<bool>> = n.free.iter().filter(|d| d.contains(&true)).collect();
            assert_eq!(chosen.len(), people.div_ceil(4));
            let window: Vec<usize> = (0..days).filter(|&d| chosen[0][d]).collect();
            assert!(chosen.iter().all(|d| d == &chosen[0]), "one window for all");
            assert!(!window.is_empty() && window.len() <= BLOCK_DAYS);
            assert_eq!(window.last().map(|l| l - window[0] + 1), Some(window.len()));
        }
        assert!(matches!(lns.lp, Some(None)), "no relaxation was solved");
    }
}
