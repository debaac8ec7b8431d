//! Judging a solver result before anyone sees it: the independent checker must find no broken
//! hard rule and the same objective as the solver, or the job fails. A passing result is
//! completed with explanations of uncovered demand, fairness figures and, for a replan, the
//! diff against the published roster. Pure code, run on the solver's blocking thread.
//!
//! Explanations re-run the checker once per person who could take each short shift, which
//! on a regional model can take far longer than the solve. They are computed only when an
//! estimate (one timed check per trial) fits the explanation budget; otherwise the short
//! shifts are listed without reasons and the outcome says why.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, Weekday};
use crossrota_domain::roster::{
    CheckReport, Roster, RosterModel, Shortfall, check, explain_shortfalls,
};
use crossrota_solver::{SolveResult, SolveStatus, relative_gap};

use crate::roster::job::{FairnessLine, RosterDiff, RosterOutcome, SolveOutcome};

/// How far the checker's objective may be from the solver's, relative to its size: both sum
/// the same terms, but not necessarily in the same order.
const OBJECTIVE_TOLERANCE: f64 = 1e-6;

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
    let report = check(model, roster);
    let one_check = checking.elapsed();
    let failure = disagreement(
        report.objective.total,
        solution.objective,
        &report.violations,
    );
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
    outcome.fairness = fairness(model, roster);
    outcome.diff = published.map(|p| diff(p, roster));
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

/// Why the checker disagrees with the solver, if it does.
fn disagreement(
    checked: f64,
    solver: f64,
    violations: &[crossrota_domain::roster::Violation],
) -> Option<String> {
    if let Some(first) = violations.first() {
        return Some(format!(
            "the independent checker found {} broken hard rule(s) in the solver's roster, \
             first {}: {}",
            violations.len(),
            first.rule.code(),
            first.message
        ));
    }
    let tolerance = OBJECTIVE_TOLERANCE * checked.abs().max(solver.abs()).max(1.0);
    if (checked - solver).abs() > tolerance || !checked.is_finite() {
        return Some(format!(
            "the independent checker's objective {checked} differs from the solver's {solver}"
        ));
    }
    None
}

/// The Saturday of the weekend `date` falls in, if it is a weekend day (as the checker counts
/// weekends).
fn weekend_of(date: NaiveDate) -> Option<NaiveDate> {
    match date.weekday() {
        Weekday::Sat => Some(date),
        Weekday::Sun => date.pred_opt(),
        _ => None,
    }
}

/// Worked minutes and weekends of every person, in model order.
pub(crate) fn fairness(model: &RosterModel, roster: &Roster) -> Vec<FairnessLine> {
    model
        .staff
        .iter()
        .map(|member| {
            let mine = roster.assignments.iter().filter(|a| a.staff == member.code);
            let mut minutes: u32 = 0;
            let mut weekends = BTreeSet::new();
            for a in mine {
                let length = model.shift_type(&a.shift).map_or(0, |s| s.minutes);
                minutes = minutes.saturating_add(length);
                if let Some(saturday) = model.horizon.date(a.day).and_then(weekend_of) {
                    weekends.insert(saturday);
                }
            }
            FairnessLine {
                staff: member.code.clone(),
                worked_minutes: minutes,
                target_minutes: member.targets.minutes,
                worked_weekends: u32::try_from(weekends.len()).unwrap_or(u32::MAX),
                target_weekends: member.targets.weekends,
            }
        })
        .collect()
}

/// Assignments added to and removed from `published` by `new`.
pub(crate) fn diff(published: &Roster, new: &Roster) -> RosterDiff {
    let before: BTreeSet<_> = published.assignments.iter().collect();
    let after: BTreeSet<_> = new.assignments.iter().collect();
    RosterDiff {
        added: after.difference(&before).map(|a| (*a).clone()).collect(),
        removed: before.difference(&after).map(|a| (*a).clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;
    use crossrota_domain::ids::OrgId;
    use crossrota_domain::roster::{
        Assignment, Demand, FairnessTargets, Horizon, ObjectiveWeights, RosterStaff, ShiftCode,
        ShiftType, Site, SiteCode, SkillCode, SkillGrant, StaffCode, WorkRules,
    };
    use crossrota_solver::RosterSolution;

    use super::*;

    /// One ward, an 8-hour early shift wanting one nurse a day for a week from Monday
    /// 2026-11-23, and two nurses.
    fn model() -> RosterModel {
        let staff = |code: &str| RosterStaff {
            code: StaffCode::from(code),
            home_org: OrgId(1),
            sites: vec![SiteCode::from("W")],
            skills: vec![SkillGrant::always(SkillCode::from("RN"))],
            unavailable_days: vec![],
            requests: vec![],
            pinned: vec![],
            cost_per_hour: 10.0,
            rules: WorkRules::default(),
            history: Default::default(),
            targets: FairnessTargets {
                minutes: Some(960),
                weekends: Some(1),
            },
        };
        RosterModel {
            horizon: Horizon {
                start: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                days: 7,
            },
            sites: vec![Site {
                code: SiteCode::from("W"),
                org: OrgId(1),
                name: "Ward".into(),
            }],
            shift_types: vec![ShiftType {
                code: ShiftCode::from("E"),
                site: SiteCode::from("W"),
                start: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
                minutes: 480,
            }],
            demands: (0..7)
                .map(|day| Demand {
                    site: SiteCode::from("W"),
                    day,
                    shift: ShiftCode::from("E"),
                    skill: SkillCode::from("RN"),
                    required: 1,
                    cost_per_missing: 500.0,
                    cost_per_extra: 5.0,
                    hard_minimum: None,
                })
                .collect(),
            staff: vec![staff("A"), staff("B")],
            weights: ObjectiveWeights::default(),
        }
    }

    fn on(staff: &str, day: u32) -> Assignment {
        Assignment {
            staff: StaffCode::from(staff),
            day,
            site: SiteCode::from("W"),
            shift: ShiftCode::from("E"),
            skill: SkillCode::from("RN"),
        }
    }

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
    fn the_diff_lists_both_directions() {
        let published = Roster::new(vec![on("A", 0), on("A", 1), on("B", 2)]);
        let new = Roster::new(vec![on("A", 0), on("B", 1), on("B", 2), on("B", 3)]);
        assert_eq!(
            diff(&published, &new),
            RosterDiff {
                added: vec![on("B", 1), on("B", 3)],
                removed: vec![on("A", 1)],
            }
        );
    }
}
