//! Certification: the one rule every solver result passes before anyone sees it.
//!
//! A solver reports a result and the objective it believes the result has. An independent
//! checker, which shares no code with the solver, recomputes the objective and every hard
//! rule from the result alone. The result is *certified* when the checker finds no broken
//! hard rule and the same objective (to [`OBJECTIVE_TOLERANCE`]); otherwise it is *refused*,
//! and the refusal says why. Rosters, bank-fill proposals and rotation plans all follow this
//! shape: a checker produces a report implementing [`CheckedResult`], and [`certify`] judges
//! it against the solver's claim. The service, the CLI and the benchmarks call the same
//! function, so they can never disagree about what a good result is.

use serde::{Deserialize, Serialize};

/// How far the checker's objective may be from the solver's, relative to the larger of the
/// two (at least 1): both sum the same terms, though not necessarily in the same order.
pub const OBJECTIVE_TOLERANCE: f64 = 1e-6;

/// What a checker's report must tell certification.
pub trait CheckedResult {
    /// The objective recomputed from the result alone.
    fn checked_objective(&self) -> f64;
    /// Every broken hard rule, as (stable rule code, message for a planner).
    fn broken_rules(&self) -> Vec<(String, String)>;
}

/// Why a solver's result is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    /// The checker found broken hard rules.
    #[error(
        "the independent checker found {count} broken hard rule(s) in the solver's result, \
         first {first_rule}: {first_message}"
    )]
    BrokenRules {
        /// How many.
        count: usize,
        /// Code of the first.
        first_rule: String,
        /// Its message.
        first_message: String,
    },
    /// The checker's objective differs from the solver's.
    #[error("the independent checker's objective {checked} differs from the solver's {claimed}")]
    ObjectiveDiffers {
        /// What the solver reported.
        claimed: f64,
        /// What the checker recomputed.
        checked: f64,
    },
}

/// Whether two objectives agree within [`OBJECTIVE_TOLERANCE`].
pub fn objectives_agree(claimed: f64, checked: f64) -> bool {
    let tolerance = OBJECTIVE_TOLERANCE * checked.abs().max(claimed.abs()).max(1.0);
    claimed.is_finite() && checked.is_finite() && (checked - claimed).abs() <= tolerance
}

/// Judges a checker's `report` against the solver's `claimed` objective: `None` when the
/// result is certified, else the refusal (broken rules first: a broken result is refused
/// whatever its objective).
pub fn certify(report: &impl CheckedResult, claimed: f64) -> Option<Refusal> {
    let broken = report.broken_rules();
    if let Some((first_rule, first_message)) = broken.first() {
        return Some(Refusal::BrokenRules {
            count: broken.len(),
            first_rule: first_rule.clone(),
            first_message: first_message.clone(),
        });
    }
    let checked = report.checked_objective();
    (!objectives_agree(claimed, checked)).then_some(Refusal::ObjectiveDiffers { claimed, checked })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Report {
        objective: f64,
        broken: Vec<(String, String)>,
    }

    impl CheckedResult for Report {
        fn checked_objective(&self) -> f64 {
            self.objective
        }
        fn broken_rules(&self) -> Vec<(String, String)> {
            self.broken.clone()
        }
    }

    fn report(objective: f64, broken: &[(&str, &str)]) -> Report {
        Report {
            objective,
            broken: broken
                .iter()
                .map(|(c, m)| ((*c).to_owned(), (*m).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn agreement_is_relative_to_the_size_of_the_objective() {
        assert_eq!(certify(&report(1_000_000.0, &[]), 1_000_000.5), None);
        assert!(matches!(
            certify(&report(100.0, &[]), 100.01),
            Some(Refusal::ObjectiveDiffers { .. })
        ));
        assert_eq!(certify(&report(0.0, &[]), 1e-7), None);
        assert!(!objectives_agree(f64::NAN, f64::NAN));
    }

    #[test]
    fn broken_rules_are_refused_whatever_the_objective() {
        let refusal = certify(&report(5.0, &[("REST", "9 h rest"), ("X", "y")]), 5.0);
        assert_eq!(
            refusal.map(|r| r.to_string()),
            Some(
                "the independent checker found 2 broken hard rule(s) in the solver's result, \
                 first REST: 9 h rest"
                    .to_owned()
            )
        );
    }
}
