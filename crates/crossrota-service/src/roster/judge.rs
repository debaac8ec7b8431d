//! Judging a solver result before anyone sees it: the roster is certified by the domain's one
//! certification path ([`certify_roster`]: the independent checker finds no broken hard rule
//! and the same objective as the solver), or the job fails. A certified result is completed
//! with explanations of uncovered demand. Pure code, run on the solver's blocking thread.
//!
//! Explanations re-run the checker once per person who could take each short shift, which
//! on a regional model can take far longer than the solve. They are computed only when an
//! estimate (one timed check per trial) fits the explanation budget; otherwise the short
//! shifts are listed without reasons and the outcome says why.

use std::time::{Duration, Instant};

use crossrota_domain::jobs::SolveOutcome;
use crossrota_domain::roster::{
    CheckReport, Roster, RosterModel, RosterOutcome, Shortfall, certify_roster, explain_shortfalls,
};
use crossrota_solver::{SolveResult, SolveStatus, relative_gap};

/// A judged result: the outcome, and why the job fails if it does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Judged {
    pub(crate) outcome: RosterOutcome,
    pub(crate) failure: Option<String>,
}

/// Judges `result` for `model`; `published` is the roster a replan started from, and
/// `explain_budget` the time explanations of uncovered demand may take.
pub(crate) fn judge(
    model: &RosterModel,
    result: &SolveResult,
    published: Option<&Roster>,
    explain_budget: Duration,
) -> Judged {
    let mut outcome = RosterOutcome {
        solve_status: match result.status {
            SolveStatus::Optimal => SolveOutcome::Optimal,
            SolveStatus::TimeLimit => SolveOutcome::TimeLimit,
            SolveStatus::GapLimit => SolveOutcome::GapLimit,
            SolveStatus::Infeasible => SolveOutcome::Infeasible,
        },
        roster: None,
        objective: None,
        bound: result.bound,
        gap: None,
        check: None,
        shortfalls: Vec::new(),
        shortfalls_unexplained: None,
        fairness: Vec::new(),
        time_to_best: result.time_to_best,
        solve_time: result.elapsed,
        reproducible: result.reproducible,
        diff: None,
    };
    let Some(solution) = &result.solution else {
        return Judged {
            outcome,
            failure: None,
        };
    };
    let roster = &solution.roster;
    let checking = Instant::now();
    let certificate = certify_roster(model, roster, solution.objective, published);
    let one_check = checking.elapsed();
    let failure = certificate.refusal.as_ref().map(ToString::to_string);
    let report = certificate.report;
    if failure.is_none() {
        let trials = u32::try_from(explanation_trials(model, roster, &report)).unwrap_or(u32::MAX);
        let estimate = one_check.saturating_mul(trials.saturating_add(1));
        if estimate <= explain_budget {
            outcome.shortfalls = explain_shortfalls(model, roster);
        } else {
            outcome.shortfalls = unexplained(&report);
            outcome.shortfalls_unexplained = Some(format!(
                "explaining would take about {:.1} s ({trials} trial checks), more than the \
                 {:.1} s allowed",
                estimate.as_secs_f64(),
                explain_budget.as_secs_f64()
            ));
        }
    }
    outcome.fairness = certificate.fairness;
    outcome.diff = certificate.diff;
    outcome.gap = result.bound.map(|b| relative_gap(solution.objective, b));
    outcome.objective = Some(solution.objective);
    outcome.check = Some(report);
    outcome.roster = Some(roster.clone());
    Judged { outcome, failure }
}

/// How many trial checks [`explain_shortfalls`] would run: one per short line and person
/// allowed at its site who is available and free that day.
fn explanation_trials(model: &RosterModel, roster: &Roster, report: &CheckReport) -> usize {
    report
        .cover
        .iter()
        .filter(|line| line.missing() > 0)
        .map(|line| {
            model
                .staff
                .iter()
                .filter(|s| {
                    s.sites.contains(&line.site)
                        && !s.unavailable_days.contains(&line.day)
                        && !roster
                            .assignments
                            .iter()
                            .any(|a| a.staff == s.code && a.day == line.day)
                })
                .count()
        })
        .sum()
}

/// The short lines without reasons.
fn unexplained(report: &CheckReport) -> Vec<Shortfall> {
    report
        .cover
        .iter()
        .filter(|line| line.missing() > 0)
        .map(|line| Shortfall {
            site: line.site.clone(),
            day: line.day,
            shift: line.shift.clone(),
            skill: line.skill.clone(),
            missing: line.missing(),
            candidates: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crossrota_domain::roster::{FairnessLine, StaffCode, check};
    use crossrota_solver::RosterSolution;
    use crossrota_testkit::roster::fixtures::{on, one_ward_week as model};

    use super::*;

    fn result(roster: Roster, objective: f64) -> SolveResult {
        SolveResult {
            status: SolveStatus::TimeLimit,
            solution: Some(RosterSolution { roster, objective }),
            bound: Some(objective / 2.0),
            elapsed: Duration::from_millis(1500),
            time_to_best: Some(Duration::from_millis(700)),
            lns_iterations: 0,
            reproducible: false,
        }
    }

    #[test]
    fn an_agreeing_result_is_explained_and_measured() {
        let m = model();
        // A works Monday, Tuesday and Saturday; B works Sunday; Wednesday to Friday are open.
        let roster = Roster::new(vec![on("A", 0), on("A", 1), on("A", 5), on("B", 6)]);
        let objective = check(&m, &roster).objective.total;
        let judged = judge(
            &m,
            &result(roster.clone(), objective),
            None,
            Duration::from_secs(5),
        );
        assert_eq!(judged.failure, None);
        let outcome = judged.outcome;
        assert_eq!(outcome.solve_status, SolveOutcome::TimeLimit);
        assert_eq!(outcome.roster, Some(roster));
        assert_eq!(outcome.gap, Some(0.5));
        let open_days: Vec<u32> = outcome.shortfalls.iter().map(|s| s.day).collect();
        assert_eq!(open_days, [2, 3, 4]);
        assert_eq!(
            outcome.fairness,
            [
                FairnessLine {
                    staff: StaffCode::from("A"),
                    worked_minutes: 1440,
                    target_minutes: Some(960),
                    worked_weekends: 1,
                    target_weekends: Some(1),
                },
                FairnessLine {
                    staff: StaffCode::from("B"),
                    worked_minutes: 480,
                    target_minutes: Some(960),
                    worked_weekends: 1,
                    target_weekends: Some(1),
                },
            ]
        );
        assert_eq!(outcome.diff, None);
    }

    #[test]
    fn explanations_beyond_the_budget_are_left_out() {
        let m = model();
        let roster = Roster::new(vec![on("A", 0)]);
        let objective = check(&m, &roster).objective.total;
        let judged = judge(&m, &result(roster, objective), None, Duration::ZERO);
        assert_eq!(judged.failure, None);
        let outcome = judged.outcome;
        let open_days: Vec<u32> = outcome.shortfalls.iter().map(|s| s.day).collect();
        assert_eq!(open_days, [1, 2, 3, 4, 5, 6]);
        assert!(outcome.shortfalls.iter().all(|s| s.candidates.is_empty()));
        let note = outcome.shortfalls_unexplained.unwrap_or_default();
        assert!(note.contains("trial checks"), "{note}");
    }

    #[test]
    fn a_different_objective_fails_the_job() {
        let m = model();
        let roster = Roster::new(vec![on("A", 0)]);
        let objective = check(&m, &roster).objective.total;
        let judged = judge(
            &m,
            &result(roster, objective + 1.0),
            None,
            Duration::from_secs(5),
        );
        let failure = judged.failure.unwrap_or_default();
        assert!(failure.contains("differs from the solver's"), "{failure}");
    }

    #[test]
    fn a_broken_hard_rule_fails_the_job() {
        let mut m = model();
        m.staff[0].unavailable_days = vec![0];
        let roster = Roster::new(vec![on("A", 0)]);
        let objective = check(&m, &roster).objective.total;
        let judged = judge(&m, &result(roster, objective), None, Duration::from_secs(5));
        let failure = judged.failure.unwrap_or_default();
        assert!(failure.contains("1 broken hard rule(s)"), "{failure}");
        assert!(failure.contains("UNAVAILABLE"), "{failure}");
    }

    #[test]
    fn no_roster_means_nothing_to_check() {
        let m = model();
        let none = SolveResult {
            status: SolveStatus::Infeasible,
            solution: None,
            bound: None,
            elapsed: Duration::from_millis(3),
            time_to_best: None,
            lns_iterations: 0,
            reproducible: false,
        };
        let judged = judge(&m, &none, Some(&Roster::default()), Duration::from_secs(5));
        assert_eq!(judged.failure, None);
        assert_eq!(judged.outcome.solve_status, SolveOutcome::Infeasible);
        assert_eq!(judged.outcome.check, None);
        assert_eq!(judged.outcome.diff, None);
    }

    #[test]
    fn a_replan_carries_its_diff() {
        let m = model();
        let published = Roster::new(vec![on("A", 0), on("A", 1)]);
        let new = Roster::new(vec![on("A", 0), on("B", 1)]);
        let objective = check(&m, &new).objective.total;
        let judged = judge(
            &m,
            &result(new, objective),
            Some(&published),
            Duration::from_secs(5),
        );
        let diff = judged.outcome.diff.expect("a replan has a diff");
        assert_eq!(
            (diff.added, diff.removed),
            (vec![on("B", 1)], vec![on("A", 1)])
        );
    }
}
