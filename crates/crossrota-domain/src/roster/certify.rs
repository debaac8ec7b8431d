//! Certifying a solved roster: the independent checker's report, agreement of its objective
//! with the solver's ([`crate::certify`]), the fairness figures and, for a re-plan, the diff
//! against the roster it replaces. The roster service, the CLI and the benchmarks all call
//! [`certify_roster`].

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::certify::{CheckedResult, Refusal, certify};
use crate::roster::checker::{CheckReport, check};
use crate::roster::fairness::{FairnessLine, fairness_lines};
use crate::roster::model::{Assignment, Roster, RosterModel};

impl CheckedResult for CheckReport {
    fn checked_objective(&self) -> f64 {
        self.objective.total
    }

    fn broken_rules(&self) -> Vec<(String, String)> {
        self.violations
            .iter()
            .map(|v| (v.rule.code().to_owned(), v.message.clone()))
            .collect()
    }
}

/// Assignments that differ between a published roster and a re-planned one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RosterDiff {
    /// In the new roster only.
    pub added: Vec<Assignment>,
    /// In the published roster only.
    pub removed: Vec<Assignment>,
}

impl RosterDiff {
    /// Assignments added to and removed from `published` by `new`.
    pub fn between(published: &Roster, new: &Roster) -> Self {
        let before: BTreeSet<_> = published.assignments.iter().collect();
        let after: BTreeSet<_> = new.assignments.iter().collect();
        Self {
            added: after.difference(&before).map(|a| (*a).clone()).collect(),
            removed: before.difference(&after).map(|a| (*a).clone()).collect(),
        }
    }
}

/// Everything certification found about one roster.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterCertificate {
    /// The checker's report: the objective term by term, every broken rule, cover per line.
    pub report: CheckReport,
    /// Why the roster is refused; `None` when it is certified.
    pub refusal: Option<Refusal>,
    /// Worked minutes and weekends per person, in model order.
    pub fairness: Vec<FairnessLine>,
    /// Against the previous roster, when one was given.
    pub diff: Option<RosterDiff>,
}

impl RosterCertificate {
    /// Whether the roster may be shown as the solver's result.
    pub fn is_certified(&self) -> bool {
        self.refusal.is_none()
    }
}

/// Certifies `roster`, which a solver reports with objective `claimed`, for `model`;
/// `previous` is the roster a re-plan replaces.
pub fn certify_roster(
    model: &RosterModel,
    roster: &Roster,
    claimed: f64,
    previous: Option<&Roster>,
) -> RosterCertificate {
    let report = check(model, roster);
    let refusal = certify(&report, claimed);
    RosterCertificate {
        refusal,
        fairness: fairness_lines(model, roster),
        diff: previous.map(|p| RosterDiff::between(p, roster)),
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::checker::Rule;
    use crate::roster::fixtures::{model, on};

    #[test]
    fn an_agreeing_roster_is_certified_with_its_figures() {
        let m = model(7);
        let roster = Roster::new(vec![on("A", 0, "E"), on("A", 5, "E")]);
        let objective = check(&m, &roster).objective.total;
        let cert = certify_roster(&m, &roster, objective, Some(&Roster::default()));
        assert!(cert.is_certified(), "{:?}", cert.refusal);
        assert_eq!(cert.fairness[0].worked_minutes, 960);
        assert_eq!(cert.fairness[0].worked_weekends, 1);
        assert_eq!(cert.diff.map(|d| d.added.len()), Some(2));
    }

    #[test]
    fn a_wrong_objective_or_a_broken_rule_is_refused() {
        let mut m = model(7);
        let roster = Roster::new(vec![on("A", 0, "E")]);
        let objective = check(&m, &roster).objective.total;
        let wrong = certify_roster(&m, &roster, objective + 1.0, None);
        assert!(matches!(
            wrong.refusal,
            Some(Refusal::ObjectiveDiffers { .. })
        ));
        m.staff[0].unavailable_days = vec![0];
        let broken = certify_roster(&m, &roster, check(&m, &roster).objective.total, None);
        match broken.refusal {
            Some(Refusal::BrokenRules { first_rule, .. }) => {
                assert_eq!(first_rule, Rule::Unavailable.code());
            }
            other => panic!("expected broken rules, got {other:?}"),
        }
    }

    #[test]
    fn the_diff_lists_both_directions() {
        let published = Roster::new(vec![on("A", 0, "E"), on("A", 1, "E"), on("B", 2, "E")]);
        let new = Roster::new(vec![
            on("A", 0, "E"),
            on("B", 1, "E"),
            on("B", 2, "E"),
            on("B", 3, "E"),
        ]);
        assert_eq!(
            RosterDiff::between(&published, &new),
            RosterDiff {
                added: vec![on("B", 1, "E"), on("B", 3, "E")],
                removed: vec![on("A", 1, "E")],
            }
        );
    }
}
