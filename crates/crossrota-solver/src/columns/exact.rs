//! Exact pricing: a person's cheapest schedule under cover prices, as a small MIP solved by
//! HiGHS. Slower than the labelling of [`super::pricing`], so it runs only once that finds
//! nothing; with it, column generation reaches the master's true optimum.

use std::time::Duration;

use crate::backend::{self, Limits, RawOutcome};
use crate::formulation::Formulation;
use crate::index::Index;
use crate::options::Backend;

use super::pricing::Schedule;

/// Relative gap at which exact pricing with a cutoff stops.
const CUTOFF_GAP: f64 = 0.05;

/// The MIP of one person's schedules.
pub(crate) struct ExactPricer<'a, 'm> {
    index: &'a Index<'m>,
    s: usize,
    alone: Formulation,
}

impl<'a, 'm> ExactPricer<'a, 'm> {
    pub(crate) fn new(index: &'a Index<'m>, s: usize) -> Self {
        Self {
            index,
            s,
            alone: Formulation::person_alone(index, s),
        }
    }

    /// The cheapest schedule under `price[demand]` whose priced cost (own cost less what it
    /// earns) is below `below`, or `None` if there is none or HiGHS finds none within
    /// `time_limit`. The cutoff lets HiGHS prune from the start, so people with no such
    /// schedule (most of them once column generation nears its end) cost little.
    pub(crate) fn price(
        &self,
        price: &[f64],
        below: f64,
        time_limit: Duration,
    ) -> Option<Schedule> {
        let mut mip = self.alone.mip.clone();
        for (d, options) in self.index.staff[self.s].options.iter().enumerate() {
            for (o, option) in options.iter().enumerate() {
                if let Some(var) = self.alone.variable(self.s, d, o) {
                    mip.objective.add(var, -price[option.demand]);
                }
            }
        }
        // Below the cutoff, any schedule is worth a column and a near-cheapest one will do;
        // without one (the tests' oracle), the cheapest.
        let gap = if below.is_finite() { CUTOFF_GAP } else { 1e-6 };
        let limits = Limits {
            time_limit,
            node_limit: None,
            mip_gap: gap,
            threads: 1,
            seed: 0,
            cutoff: below.is_finite().then_some(below - mip.objective.constant),
        };
        match backend::run(Backend::Highs, &mip, &limits, &[], &mut |_| true) {
            // HiGHS prunes with the cutoff but may still return a schedule at or above it
            // (one its presolve found, say): those are not wanted.
            Ok(RawOutcome::Solved(solution)) if mip.objective_value(&solution.values) < below => {
                Some(self.alone.choice(&solution.values).swap_remove(self.s))
            }
            _ => None,
        }
    }
}
