//! The state shared by the phases of a solve: the best roster, the best bound, the clock and
//! the progress callback; and the full-MIP phase itself.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::backend::{self, Limits, RawOutcome, RawStatus, Slice};
use crate::error::SolveError;
use crate::formulation::{Choice, Formulation};
use crate::index::Index;
use crate::options::{Progress, SolveOptions, SolveStatus, relative_gap};

/// Share of the time limit without a better roster after which a full MIP hands over to LNS.
const STALL_SHARE: f64 = 0.05;

/// The shortest such stall.
const MIN_STALL: Duration = Duration::from_secs(1);

/// Share of the gap a bound must gain to count as progress of a full MIP.
const BOUND_NEWS: f64 = 0.001;

/// A full MIP this close to its bound keeps going for the proof instead of handing over.
const HAND_OVER_GAP: f64 = 0.02;

/// Share of the time limit a full MIP gets at a time on a backend that cannot report progress
/// while it runs (HiGHS): it cannot be told to hand over when it stalls, so it is given a
/// slice, and large-neighbourhood search gets the time in between.
const BLIND_SLICE_SHARE: f64 = 0.1;

/// Branch-and-bound nodes of one full-MIP phase in deterministic mode.
const FULL_MIP_NODES: u64 = 5_000;

/// Progress reports (of about a hundred nodes each, see the microlp backend) without news
/// after which a full MIP hands over in deterministic mode.
const STALL_REPORTS: u32 = 10;

/// The best roster so far.
#[derive(Clone)]
pub(crate) struct Incumbent {
    pub(crate) choice: Choice,
    pub(crate) value: f64,
    pub(crate) found_at: Duration,
}

/// The best roster of every search in a portfolio. Each search publishes its better rosters
/// here and starts each neighbourhood from the best of all, so the searches improve one roster
/// together instead of racing on their own. Not used in deterministic mode, where what one
/// search sees must not depend on how fast the others run.
#[derive(Default)]
pub(crate) struct SharedBest(Mutex<Option<Incumbent>>);

impl SharedBest {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Incumbent>> {
        // A search that panicked while holding the lock left a complete incumbent or none.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What the phases share.
pub(crate) struct Search<'a, 'm> {
    pub(crate) index: &'a Index<'m>,
    pub(crate) options: &'a SolveOptions,
    pub(crate) started: Instant,
    pub(crate) best: Option<Incumbent>,
    pub(crate) bound: Option<f64>,
    pub(crate) progress: &'a mut dyn FnMut(Progress),
    /// Set by the caller to stop early; the search then ends as if time ran out.
    pub(crate) cancel: &'a AtomicBool,
    /// The portfolio's best roster, when this search is one of several working together.
    pub(crate) shared: Option<&'a SharedBest>,
}

/// How a full-MIP phase ended.
pub(crate) enum FullMip {
    /// The solve is over with this status.
    Finished(SolveStatus),
    /// It handed over (stalled) or ran out of time; `productive` says whether it found a
    /// better roster or moved its bound on the way.
    Stopped { productive: bool },
}

impl Search<'_, '_> {
    /// How long until the time limit.
    pub(crate) fn remaining(&self) -> Duration {
        if self.cancel.load(Ordering::Relaxed) {
            return Duration::ZERO;
        }
        self.options
            .time_limit
            .saturating_sub(self.started.elapsed())
    }

    /// How long without improvement counts as a stall.
    pub(crate) fn stall(&self) -> Duration {
        self.options.time_limit.mul_f64(STALL_SHARE).max(MIN_STALL)
    }

    /// Whether the incumbent is within the requested gap of the bound.
    pub(crate) fn good_enough(&self) -> bool {
        match (&self.best, self.bound) {
            (Some(best), Some(bound)) => relative_gap(best.value, bound) <= self.options.mip_gap,
            _ => false,
        }
    }

    /// The final status for the current incumbent and bound.
    pub(crate) fn status(&self) -> SolveStatus {
        match (&self.best, self.bound) {
            (Some(best), Some(bound)) if relative_gap(best.value, bound) == 0.0 => {
                SolveStatus::Optimal
            }
            _ if self.good_enough() => SolveStatus::GapLimit,
            _ => SolveStatus::TimeLimit,
        }
    }

    /// Takes `choice` if it beats the incumbent; reports progress when it does.
    pub(crate) fn offer(&mut self, choice: Choice, value: f64) -> bool {
        if self.best.as_ref().is_some_and(|b| value >= b.value - 1e-6) {
            return false;
        }
        let found_at = self.started.elapsed();
        self.best = Some(Incumbent {
            choice,
            value,
            found_at,
        });
        self.publish();
        (self.progress)(Progress {
            incumbent: Some(value),
            bound: self.bound,
            gap: self.bound.map(|b| relative_gap(value, b)),
            elapsed: found_at,
        });
        true
    }

    /// Shares the incumbent with the rest of the portfolio if it beats theirs.
    fn publish(&self) {
        let (Some(shared), Some(best)) = (self.shared, &self.best) else {
            return;
        };
        let mut theirs = shared.lock();
        if theirs.as_ref().is_none_or(|t| best.value < t.value - 1e-6) {
            *theirs = Some(best.clone());
        }
    }

    /// Takes the portfolio's best roster if it beats this search's own.
    pub(crate) fn adopt_shared(&mut self) {
        let Some(shared) = self.shared else { return };
        let theirs = shared.lock();
        if let Some(theirs) = theirs.as_ref()
            && self
                .best
                .as_ref()
                .is_none_or(|b| theirs.value < b.value - 1e-6)
        {
            // Cloned only when better: this runs before every neighbourhood.
            self.best = Some(theirs.clone());
        }
    }

    /// Runs the full MIP, warm-started from the incumbent, until it proves its roster, runs
    /// out of time, or (when `hand_over` and unless its proof is close) stalls.
    pub(crate) fn full_mip(
        &mut self,
        full: &Formulation,
        hand_over: bool,
    ) -> Result<FullMip, SolveError> {
        self.adopt_shared();
        let constant = full.mip.objective.constant;
        let hint = self
            .best
            .as_ref()
            .map(|b| full.hint(&b.choice))
            .unwrap_or_default();
        let started = self.started;
        let stall = self.stall();
        let deterministic = self.options.deterministic;
        let time_limit =
            if hand_over && !deterministic && !backend::reports_progress(self.options.backend) {
                self.remaining()
                    .min(self.options.time_limit.mul_f64(BLIND_SLICE_SHARE))
            } else {
                self.remaining()
            };
        let limits = Limits {
            time_limit,
            node_limit: (deterministic && hand_over).then_some(FULL_MIP_NODES),
            mip_gap: self.options.mip_gap,
            threads: self.options.threads,
            seed: self.options.seed,
            cutoff: None,
        };
        let backend = self.options.backend;
        let mut best_value = self.best.as_ref().map_or(f64::INFINITY, |b| b.value);
        let mut best_bound = self.bound;
        let mut best_at: Option<Duration> = None;
        let mut last_news = started.elapsed();
        let mut reports_without_news = 0u32;
        let mut productive = false;
        let have_roster = self.best.is_some();
        let progress = &mut *self.progress;
        let cancel = self.cancel;
        let mut on_slice = |slice: Slice| {
            let incumbent = slice.incumbent.map(|v| v + constant);
            if let Some(bound) = slice.bound.map(|v| v + constant) {
                // A bound closing the gap noticeably is news too: the proof is progressing.
                let gap = best_value - best_bound.unwrap_or(f64::NEG_INFINITY);
                if best_bound.is_none_or(|b| bound > b + BOUND_NEWS * gap) {
                    last_news = started.elapsed();
                    reports_without_news = 0;
                    productive = true;
                }
                best_bound = Some(best_bound.map_or(bound, |b: f64| b.max(bound)));
            }
            if let Some(value) = incumbent
                && value < best_value - 1e-6
            {
                best_value = value;
                best_at = Some(started.elapsed());
                last_news = started.elapsed();
                reports_without_news = 0;
                productive = true;
            }
            let shown = incumbent.map(|_| best_value);
            let gap = shown.zip(best_bound).map(|(i, b)| relative_gap(i, b));
            progress(Progress {
                incumbent: shown,
                bound: best_bound,
                gap,
                elapsed: started.elapsed(),
            });
            let close = gap.is_some_and(|g| g <= HAND_OVER_GAP);
            reports_without_news += 1;
            let stalled = if deterministic {
                reports_without_news > STALL_REPORTS
            } else {
                started.elapsed().saturating_sub(last_news) >= stall
            };
            let has_roster = have_roster || incumbent.is_some();
            let hand_back = hand_over && has_roster && stalled && !close;
            !(cancel.load(Ordering::Relaxed) || hand_back)
        };
        let outcome = backend::run(backend, &full.mip, &limits, &hint, &mut on_slice)?;
        self.bound = best_bound;
        let raw = match outcome {
            RawOutcome::Solved(raw) => raw,
            RawOutcome::Infeasible => return Ok(FullMip::Finished(SolveStatus::Infeasible)),
            RawOutcome::NoSolution => return Ok(FullMip::Stopped { productive }),
        };
        let (choice, value) = full.roster_of(self.index, &raw.values);
        if let Some(bound) = raw.bound.map(|b| b + constant) {
            self.bound = Some(self.bound.map_or(bound, |b| b.max(bound)));
        }
        if self.best.as_ref().is_none_or(|b| value < b.value - 1e-6) {
            self.best = Some(Incumbent {
                choice,
                value,
                found_at: best_at.unwrap_or_else(|| started.elapsed()),
            });
            self.publish();
        }
        Ok(match raw.status {
            RawStatus::Optimal | RawStatus::GapLimit => FullMip::Finished(self.status()),
            RawStatus::TimeLimit => FullMip::Stopped { productive },
        })
    }
}

/// A search with nothing found yet, for the crate's unit tests.
#[cfg(test)]
pub(crate) fn fresh_search<'a, 'm>(
    index: &'a Index<'m>,
    options: &'a SolveOptions,
    progress: &'a mut dyn FnMut(Progress),
    cancel: &'a AtomicBool,
    shared: Option<&'a SharedBest>,
) -> Search<'a, 'm> {
    Search {
        index,
        options,
        started: Instant::now(),
        best: None,
        bound: None,
        progress,
        cancel,
        shared,
    }
}

#[cfg(test)]
mod tests {
    use crossrota_domain::roster::curtois::parse_curtois;

    use super::*;
    use crate::construct::{Construction, construct};

    /// Searches of one portfolio: a better roster one of them finds becomes the others'
    /// starting point, and a worse one never replaces the shared best or a search's own.
    #[test]
    fn searches_sharing_a_best_roster_adopt_only_better_ones() {
        let text = include_str!("../../../data/curtois/Instance1.txt");
        let model = parse_curtois(text).expect("Instance1 parses");
        let index = Index::new(&model).expect("indexes");
        let options = SolveOptions::default();
        let Construction::Built {
            choice: worse,
            value: worse_value,
            ..
        } = construct(
            &index,
            &options,
            Duration::from_secs(5),
            Duration::from_secs(5),
        )
        .expect("constructs")
        else {
            panic!("construction should succeed on Instance1");
        };
        // A second, different roster priced by the formulation: everyone off.
        let empty: Choice = index
            .staff
            .iter()
            .map(|p| vec![None; p.options.len()])
            .collect();
        let empty_value = Formulation::evaluate(&index, &empty);
        assert!(
            worse_value < empty_value,
            "construction beats an empty roster"
        );
        let (better, better_value, worse, worse_value) = (worse, worse_value, empty, empty_value);

        let shared = SharedBest::default();
        let cancel = AtomicBool::new(false);
        let (mut heard_a, mut heard_b) = (0, 0);
        let mut progress_a = |_: Progress| heard_a += 1;
        let mut progress_b = |_: Progress| heard_b += 1;
        let mut a = fresh_search(&index, &options, &mut progress_a, &cancel, Some(&shared));
        let mut b = fresh_search(&index, &options, &mut progress_b, &cancel, Some(&shared));

        assert!(a.offer(worse.clone(), worse_value));
        b.adopt_shared();
        assert_eq!(b.best.as_ref().map(|x| x.value), Some(worse_value));
        assert_eq!(b.best.as_ref().map(|x| &x.choice), Some(&worse));

        assert!(b.offer(better.clone(), better_value));
        a.adopt_shared();
        assert_eq!(a.best.as_ref().map(|x| x.value), Some(better_value));
        assert_eq!(a.best.as_ref().map(|x| &x.choice), Some(&better));

        // A newcomer's worse roster is its own best but does not replace the shared one.
        let mut progress_c = |_: Progress| {};
        let mut c = fresh_search(&index, &options, &mut progress_c, &cancel, Some(&shared));
        assert!(c.offer(worse.clone(), worse_value));
        b.adopt_shared();
        assert_eq!(b.best.as_ref().map(|x| x.value), Some(better_value));
        c.adopt_shared();
        assert_eq!(c.best.as_ref().map(|x| x.value), Some(better_value));
        drop((a, b));
        assert_eq!(
            heard_a, 1,
            "adopting a roster is not reported as one's own find"
        );
        assert_eq!(heard_b, 1);
    }
}
