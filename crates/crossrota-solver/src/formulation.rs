//! The MIP: binary `x[person, day, option]`, cover shortfall/excess variables, every hard rule
//! as linear rows, and an objective identical in meaning to the checker's.
//!
//! Any part of the roster can be fixed (pins always, and everything outside the neighbourhood
//! during large-neighbourhood search); fixed assignments enter as constants, so the same code
//! builds the full model and every sub-model.

mod person;

use crate::index::Index;
use crate::linear::{Lin, Mip, Sense};

use person::PersonRows;

/// For each person and day, the option worked (`None` = day off).
pub(crate) type Choice = Vec<Vec<Option<usize>>>;

/// What the formulation may change on one person-day.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum DayPlan {
    /// The solver chooses.
    Free,
    /// Decided already: this option, or a day off.
    Fixed(Option<usize>),
}

/// A built model and the map back from its variables to assignments.
pub(crate) struct Formulation {
    pub(crate) mip: Mip,
    /// `x[staff][day][option]`.
    x: Vec<Vec<Vec<X>>>,
}

/// One assignment term: a variable or a decided value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum X {
    Var(usize),
    One,
    Zero,
}

impl Formulation {
    /// The full model: every person-day free except pins.
    pub(crate) fn full(index: &Index<'_>) -> Self {
        Self::build(index, None, true)
    }

    /// Builds the model. `plan[staff][day]` says which person-days are free (`None` frees
    /// all). The rules of a person with no free day are not written: their roster is given and
    /// was checked when it was chosen, and during construction it is not finished yet. Only
    /// their costs count. `hard_cover` switches the hard cover minimums on, which couple people.
    pub(crate) fn build(
        index: &Index<'_>,
        plan: Option<&[Vec<DayPlan>]>,
        hard_cover: bool,
    ) -> Self {
        let mut mip = Mip::default();
        let x = assignment_terms(index, plan, &mut mip);
        let mut f = Self { mip, x };
        for (s, member) in index.model.staff.iter().enumerate() {
            // Judged by the plan, not by the variables: a person with no options at all still
            // has rules (a minimum of minutes, say) that must be seen to fail.
            let decided = plan
                .and_then(|p| p.get(s))
                .is_some_and(|days| days.iter().all(|d| matches!(d, DayPlan::Fixed(_))));
            let rows = PersonRows {
                index,
                s,
                member,
                x: &f.x[s],
                mip: &mut f.mip,
            };
            if decided {
                rows.add_costs_only();
            } else {
                rows.add_all();
            }
        }
        f.add_cover(index, hard_cover);
        f
    }

    /// Only the rules of person `s`, everyone else off and no objective: a search for any
    /// schedule at all for them.
    pub(crate) fn person_rules(index: &Index<'_>, s: usize) -> Self {
        let plan: Vec<Vec<DayPlan>> = index
            .staff
            .iter()
            .enumerate()
            .map(|(other, person)| {
                let day = if other == s {
                    DayPlan::Free
                } else {
                    DayPlan::Fixed(None)
                };
                vec![day; person.options.len()]
            })
            .collect();
        let mut mip = Mip::default();
        let x = assignment_terms(index, Some(&plan), &mut mip);
        let mut f = Self { mip, x };
        if let Some(member) = index.model.staff.get(s) {
            PersonRows {
                index,
                s,
                member,
                x: &f.x[s],
                mip: &mut f.mip,
            }
            .add_rules_only();
        }
        f
    }

    /// Person `s` alone: their rules and own costs (requests, pay, fairness), everyone else
    /// off, and no cover. Exact pricing (see `columns`) adds what each shift earns to its
    /// objective.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(crate) fn person_alone(index: &Index<'_>, s: usize) -> Self {
        let plan: Vec<Vec<DayPlan>> = index
            .staff
            .iter()
            .enumerate()
            .map(|(other, person)| {
                let day = if other == s {
                    DayPlan::Free
                } else {
                    DayPlan::Fixed(None)
                };
                vec![day; person.options.len()]
            })
            .collect();
        let mut mip = Mip::default();
        let x = assignment_terms(index, Some(&plan), &mut mip);
        let mut f = Self { mip, x };
        if let Some(member) = index.model.staff.get(s) {
            PersonRows {
                index,
                s,
                member,
                x: &f.x[s],
                mip: &mut f.mip,
            }
            .add_all();
        }
        f
    }

    /// The variable of person `s` working option `o` on day `d`, if it is free.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(crate) fn variable(&self, s: usize, d: usize, o: usize) -> Option<usize> {
        match self.x.get(s)?.get(d)?.get(o)? {
            X::Var(v) => Some(*v),
            X::One | X::Zero => None,
        }
    }

    /// Objective of a complete roster. With every person-day fixed, each cost term folds
    /// into the objective's constant (only the hard cover minimums would need rows, and they
    /// are left out), so no solver is needed.
    pub(crate) fn evaluate(index: &Index<'_>, choice: &Choice) -> f64 {
        let plan: Vec<Vec<DayPlan>> = choice
            .iter()
            .map(|days| days.iter().map(|&c| DayPlan::Fixed(c)).collect())
            .collect();
        let f = Self::build(index, Some(&plan), false);
        f.mip.objective_value(&[])
    }

    /// The roster a backend's solution describes, priced as a roster. A time-limited solution
    /// may carry slack (shortage, excess, distance) variables above what its assignments
    /// imply, so the MIP's objective of those values can exceed the roster's; the objective
    /// reported for a roster must be the roster's own, as the checker computes it.
    pub(crate) fn roster_of(&self, index: &Index<'_>, values: &[f64]) -> (Choice, f64) {
        let choice = self.choice(values);
        let value = Self::evaluate(index, &choice);
        (choice, value)
    }

    /// The value of every assignment term in a (possibly fractional) solution,
    /// `[person][day][option]`.
    pub(crate) fn assignment_values(&self, values: &[f64]) -> Vec<Vec<Vec<f64>>> {
        self.x
            .iter()
            .map(|days| {
                days.iter()
                    .map(|opts| {
                        opts.iter()
                            .map(|term| match *term {
                                X::Var(v) => values.get(v).copied().unwrap_or(0.0),
                                X::One => 1.0,
                                X::Zero => 0.0,
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    /// The options worked in a solution.
    pub(crate) fn choice(&self, values: &[f64]) -> Choice {
        self.x
            .iter()
            .map(|days| {
                days.iter()
                    .map(|opts| {
                        opts.iter().position(|term| match *term {
                            X::Var(v) => values.get(v).is_some_and(|&value| value > 0.5),
                            X::One => true,
                            X::Zero => false,
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// Values of the assignment variables that reproduce `choice`, as a warm start.
    pub(crate) fn hint(&self, choice: &Choice) -> Vec<(usize, f64)> {
        let mut hint = Vec::new();
        for (days, chosen_days) in self.x.iter().zip(choice) {
            for (opts, chosen) in days.iter().zip(chosen_days) {
                for (o, term) in opts.iter().enumerate() {
                    if let X::Var(v) = *term {
                        hint.push((v, if *chosen == Some(o) { 1.0 } else { 0.0 }));
                    }
                }
            }
        }
        hint
    }

    /// Cover rows, shortfall and excess costs.
    fn add_cover(&mut self, index: &Index<'_>, hard_cover: bool) {
        let weights = index.model.weights;
        let mut assigned = vec![Lin::default(); index.model.demands.len()];
        for (s, days) in index.staff.iter().enumerate() {
            for (d, opts) in days.options.iter().enumerate() {
                for (o, opt) in opts.iter().enumerate() {
                    add_term(&mut assigned[opt.demand], self.x[s][d][o], 1.0);
                }
            }
        }
        for (demand, lin) in index.model.demands.iter().zip(assigned) {
            let required = f64::from(demand.required);
            let missing_cost = weights.uncovered * demand.cost_per_missing;
            if missing_cost > 0.0 {
                let mut shortfall = Lin::default();
                shortfall.add_constant(required);
                shortfall.add_scaled(&lin, -1.0);
                let short = self.mip.positive_part(shortfall);
                self.mip.objective.add_scaled(&short, missing_cost);
            }
            let extra_cost = weights.over_cover * demand.cost_per_extra;
            if extra_cost > 0.0 {
                let mut excess = lin.clone();
                excess.add_constant(-required);
                let extra = self.mip.positive_part(excess);
                self.mip.objective.add_scaled(&extra, extra_cost);
            }
            if let Some(min) = demand.hard_minimum
                && hard_cover
            {
                self.mip.constrain(lin, Sense::AtLeast, f64::from(min));
            }
        }
    }
}

/// Adds an assignment term to `lin`.
fn add_term(lin: &mut Lin, term: X, coefficient: f64) {
    match term {
        X::Var(v) => lin.add(v, coefficient),
        X::One => lin.add_constant(coefficient),
        X::Zero => {}
    }
}

/// Creates a variable for every free option and constants for pinned or fixed ones.
fn assignment_terms(
    index: &Index<'_>,
    plan: Option<&[Vec<DayPlan>]>,
    mip: &mut Mip,
) -> Vec<Vec<Vec<X>>> {
    index
        .staff
        .iter()
        .enumerate()
        .map(|(s, person)| {
            person
                .options
                .iter()
                .enumerate()
                .map(|(d, opts)| {
                    let day_plan = plan
                        .and_then(|p| p.get(s))
                        .and_then(|days| days.get(d))
                        .copied()
                        .unwrap_or(DayPlan::Free);
                    let decided = match (person.pinned[d], day_plan) {
                        (Some(pin), _) => Some(Some(pin)),
                        (None, DayPlan::Fixed(choice)) => Some(choice),
                        (None, DayPlan::Free) => None,
                    };
                    (0..opts.len())
                        .map(|o| match decided {
                            Some(choice) if choice == Some(o) => X::One,
                            Some(_) => X::Zero,
                            None => X::Var(mip.binary()),
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crossrota_domain::roster::check;
    use crossrota_domain::roster::curtois::parse_curtois;

    use super::*;
    use crate::solve::solution;

    /// A time-limited backend may return slack variables above what its assignments imply.
    /// The objective reported for the roster must still be the roster's own (the checker's),
    /// not the MIP's objective of those values: the bug this guards against reported 4126
    /// for a roster the checker priced at 3024.
    #[test]
    fn a_solution_with_loose_slack_is_priced_as_its_roster() {
        let text = include_str!("../../../data/curtois/Instance1.txt");
        let model = parse_curtois(text).expect("Instance1 parses");
        let index = Index::new(&model).expect("indexes");
        let full = Formulation::full(&index);
        // Everyone works their first option on day 0 only; every other variable (shortfall,
        // excess, weekend and rest indicators) is far above what that roster implies.
        let choice: Choice = index
            .staff
            .iter()
            .map(|person| {
                (0..person.options.len())
                    .map(|d| (d == 0 && !person.options[0].is_empty()).then_some(0))
                    .collect()
            })
            .collect();
        let mut values = vec![7.0; full.mip.vars.len()];
        for (var, value) in full.hint(&choice) {
            values[var] = value;
        }
        let (read, value) = full.roster_of(&index, &values);
        assert_eq!(read, choice);
        let roster = solution(&index, &read, value).roster;
        let checked = check(&model, &roster).objective.total;
        assert_eq!(value, checked);
        let loose = full.mip.objective_value(&values);
        assert!(
            loose > checked + 1.0,
            "the inflated slack must matter for this test to mean anything: {loose} vs {checked}"
        );
    }
}
