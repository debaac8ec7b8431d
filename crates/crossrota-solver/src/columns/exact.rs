//! Exact pricing: a person's cheapest schedule under cover prices, as a small MIP solved by
//! HiGHS. Slower than the labelling of [`super::pricing`], so it runs only once that finds
//! nothing; with it, column generation reaches the master's true optimum.

use std::time::Duration;

use crate::backend::{self, Limits, RawOutcome};
use crate::formulation::Formulation;
use crate::index::Index;
use crate::options::Backend;

use super::pricing::Schedule;

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

    /// The cheapest schedule under `price[demand]`, or `None` if HiGHS finds none within
    /// `time_limit`.
    pub(crate) fn price(&self, price: &[f64], time_limit: Duration) -> Option<Schedule> {
        let mut mip = self.alone.mip.clone();
        for (d, options) in self.index.staff[self.s].options.iter().enumerate() {
            for (o, option) in options.iter().enumerate() {
                if let Some(var) = self.alone.variable(self.s, d, o) {
                    mip.objective.add(var, -price[option.demand]);
                }
            }
        }
        let limits = Limits {
            time_limit,
            node_limit: None,
            mip_gap: 1e-6,
            threads: 1,
            seed: 0,
        };
        match backend::run(Backend::Highs, &mip, &limits, &[], &mut |_| true) {
            Ok(RawOutcome::Solved(solution)) => {
                Some(self.alone.choice(&solution.values).swap_remove(self.s))
            }
            _ => None,
        }
    }
}
