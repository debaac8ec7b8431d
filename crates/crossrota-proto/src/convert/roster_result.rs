//! Rosters and their judgement on the wire: assignments (both ways), the checker's report, the
//! explanations of uncovered demand, and a job's status, progress and outcome.

use std::time::Duration;

use crossrota_domain::FieldErrors;
use crossrota_domain::ids::RosterJobId;
use crossrota_domain::jobs::{JobProgress, JobStatus, SolveOutcome};
use crossrota_domain::roster::{
    Assignment, Candidate, CheckReport, FairnessLine, ObjectiveBreakdown, Reason, Roster,
    RosterOutcome, ShiftCode, Shortfall, SiteCode, SkillCode, StaffCode, Violation,
};

use crate::convert::fields::{collect, non_negative, saturating_i32};
use crate::crossrota::v1 as pb;

impl From<&Assignment> for pb::RosterAssignment {
    fn from(a: &Assignment) -> Self {
        Self {
            staff: a.staff.0.clone(),
            day: saturating_i32(a.day),
            site: a.site.0.clone(),
            shift: a.shift.0.clone(),
            skill: a.skill.0.clone(),
        }
    }
}

/// Assignments as sent, e.g. a published roster; errors name `path[i].field`. Whether the
/// codes exist in a model is for the caller to judge.
pub fn roster_from_wire(
    path: &str,
    items: Vec<pb::RosterAssignment>,
) -> Result<Roster, FieldErrors> {
    let mut errs = FieldErrors::new();
    let mut assignments = Vec::with_capacity(items.len());
    for (i, a) in items.into_iter().enumerate() {
        let at = format!("{path}[{i}]");
        let text = |errs: &mut FieldErrors, field: &str, value: String| {
            if value.trim().is_empty() {
                errs.push(format!("{at}.{field}"), "required");
                None
            } else {
                Some(value)
            }
        };
        let staff = text(&mut errs, "staff", a.staff);
        let day = collect(&mut errs, non_negative(&format!("{at}.day"), a.day));
        let site = text(&mut errs, "site", a.site);
        let shift = text(&mut errs, "shift", a.shift);
        let skill = text(&mut errs, "skill", a.skill);
        if let (Some(staff), Some(day), Some(site), Some(shift), Some(skill)) =
            (staff, day, site, shift, skill)
        {
            assignments.push(Assignment {
                staff: StaffCode(staff),
                day,
                site: SiteCode(site),
                shift: ShiftCode(shift),
                skill: SkillCode(skill),
            });
        }
    }
    errs.into_result(Roster::new(assignments))
}

/// Assignments for the wire, in the roster's order.
pub fn assignments_to_proto(assignments: &[Assignment]) -> Vec<pb::RosterAssignment> {
    assignments.iter().map(pb::RosterAssignment::from).collect()
}

impl From<&ObjectiveBreakdown> for pb::RosterObjective {
    fn from(o: &ObjectiveBreakdown) -> Self {
        Self {
            uncovered: o.uncovered,
            over_cover: o.over_cover,
            requests: o.requests,
            pay: o.pay,
            fairness: o.fairness,
            total: o.total,
        }
    }
}

impl From<&Violation> for pb::RosterViolation {
    fn from(v: &Violation) -> Self {
        Self {
            rule: v.rule.code().to_owned(),
            staff: v.staff.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
            day: v.day.map(saturating_i32),
            message: v.message.clone(),
        }
    }
}

impl From<&CheckReport> for pb::RosterCheckReport {
    fn from(r: &CheckReport) -> Self {
        Self {
            objective: Some(pb::RosterObjective::from(&r.objective)),
            violations: r.violations.iter().map(pb::RosterViolation::from).collect(),
        }
    }
}

/// Whether a person could ever fill the shift: allowed at the site and holding the skill.
fn eligible(reason: &Reason) -> bool {
    !matches!(reason, Reason::NotAtSite | Reason::LacksSkill)
}

impl From<&Candidate> for pb::ShortfallCandidate {
    fn from(c: &Candidate) -> Self {
        let (reason, other_shift, would_break) = match &c.reason {
            Reason::NotAtSite => (pb::ShortfallReason::NotAtSite, String::new(), Vec::new()),
            Reason::LacksSkill => (pb::ShortfallReason::LacksSkill, String::new(), Vec::new()),
            Reason::Unavailable => (pb::ShortfallReason::Unavailable, String::new(), Vec::new()),
            Reason::WorksOtherShift(shift) => (
                pb::ShortfallReason::WorksOtherShift,
                shift.0.clone(),
                Vec::new(),
            ),
            Reason::WouldBreak(rules) => (
                pb::ShortfallReason::WouldBreak,
                String::new(),
                rules.iter().map(|r| r.code().to_owned()).collect(),
            ),
            Reason::Available => (pb::ShortfallReason::Available, String::new(), Vec::new()),
        };
        Self {
            staff: c.staff.0.clone(),
            reason: reason as i32,
            other_shift,
            would_break,
        }
    }
}

impl From<&Shortfall> for pb::RosterShortfall {
    /// Keeps the people who could fill the shift; the rest are only counted, so a shortfall in
    /// a region of hundreds of staff stays readable (and small).
    fn from(s: &Shortfall) -> Self {
        let (candidates, not_eligible): (Vec<&Candidate>, Vec<&Candidate>) =
            s.candidates.iter().partition(|c| eligible(&c.reason));
        Self {
            site: s.site.0.clone(),
            day: saturating_i32(s.day),
            shift: s.shift.0.clone(),
            skill: s.skill.0.clone(),
            missing: saturating_i32(s.missing),
            candidates: candidates
                .into_iter()
                .map(pb::ShortfallCandidate::from)
                .collect(),
            not_eligible: i32::try_from(not_eligible.len()).unwrap_or(i32::MAX),
        }
    }
}

from_owned!(CheckReport => pb::RosterCheckReport, Shortfall => pb::RosterShortfall);

impl From<JobStatus> for pb::RosterJobStatus {
    fn from(status: JobStatus) -> Self {
        match status {
            JobStatus::Queued => Self::Queued,
            JobStatus::Running => Self::Running,
            JobStatus::Succeeded => Self::Succeeded,
            JobStatus::Failed => Self::Failed,
            JobStatus::Cancelled => Self::Cancelled,
        }
    }
}

/// A status filter read from the wire: unspecified means no filter, an unknown value is an
/// error on `field`.
pub fn job_status_filter(field: &str, raw: i32) -> Result<Option<JobStatus>, FieldErrors> {
    match pb::RosterJobStatus::try_from(raw) {
        Ok(pb::RosterJobStatus::Unspecified) => Ok(None),
        Ok(pb::RosterJobStatus::Queued) => Ok(Some(JobStatus::Queued)),
        Ok(pb::RosterJobStatus::Running) => Ok(Some(JobStatus::Running)),
        Ok(pb::RosterJobStatus::Succeeded) => Ok(Some(JobStatus::Succeeded)),
        Ok(pb::RosterJobStatus::Failed) => Ok(Some(JobStatus::Failed)),
        Ok(pb::RosterJobStatus::Cancelled) => Ok(Some(JobStatus::Cancelled)),
        Err(_) => Err(FieldErrors::single(field, format!("unknown value {raw}"))),
    }
}

/// Milliseconds of a duration, saturating.
pub fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// A progress event of job `job` in `status`, with the figures if there are any.
pub fn job_event(
    job: RosterJobId,
    status: JobStatus,
    progress: Option<&JobProgress>,
) -> pb::RosterJobEvent {
    pb::RosterJobEvent {
        job_id: job.0,
        status: pb::RosterJobStatus::from(status) as i32,
        incumbent: progress.and_then(|p| p.incumbent),
        bound: progress.and_then(|p| p.bound),
        gap: progress.and_then(|p| p.gap),
        elapsed_ms: progress.map_or(0, |p| millis(p.elapsed)),
    }
}

impl From<&FairnessLine> for pb::RosterFairness {
    fn from(f: &FairnessLine) -> Self {
        let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        Self {
            staff: f.staff.0.clone(),
            worked_minutes: count(f.worked_minutes),
            target_minutes: f.target_minutes.map(count),
            worked_weekends: count(f.worked_weekends),
            target_weekends: f.target_weekends.map(count),
        }
    }
}

impl From<SolveOutcome> for pb::RosterSolveStatus {
    fn from(o: SolveOutcome) -> Self {
        match o {
            SolveOutcome::Optimal => Self::Optimal,
            SolveOutcome::TimeLimit => Self::TimeLimit,
            SolveOutcome::GapLimit => Self::GapLimit,
            SolveOutcome::Infeasible => Self::Infeasible,
        }
    }
}

impl From<&RosterOutcome> for pb::RosterResult {
    fn from(o: &RosterOutcome) -> Self {
        Self {
            solve_status: pb::RosterSolveStatus::from(o.solve_status) as i32,
            assignments: o
                .roster
                .as_ref()
                .map(|r| assignments_to_proto(&r.assignments))
                .unwrap_or_default(),
            objective: o.objective,
            bound: o.bound,
            gap: o.gap,
            check: o.check.as_ref().map(pb::RosterCheckReport::from),
            shortfalls: o.shortfalls.iter().map(pb::RosterShortfall::from).collect(),
            shortfalls_unexplained: o.shortfalls_unexplained.clone().unwrap_or_default(),
            fairness: o.fairness.iter().map(pb::RosterFairness::from).collect(),
            time_to_best_ms: o.time_to_best.map(millis),
            solve_ms: millis(o.solve_time),
            reproducible: o.reproducible,
            diff: o.diff.as_ref().map(|d| pb::RosterDiff {
                added: assignments_to_proto(&d.added),
                removed: assignments_to_proto(&d.removed),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;
    use crossrota_domain::roster::Rule;

    fn assignment(staff: &str, day: u32) -> Assignment {
        Assignment {
            staff: StaffCode::from(staff),
            day,
            site: SiteCode::from("W7"),
            shift: ShiftCode::from("E"),
            skill: SkillCode::from("RN"),
        }
    }

    #[test]
    fn assignments_round_trip_sorted() {
        let roster = Roster::new(vec![assignment("B", 2), assignment("A", 5)]);
        let wire: Vec<_> = roster
            .assignments
            .iter()
            .rev()
            .map(pb::RosterAssignment::from)
            .collect();
        assert_eq!(
            roster_from_wire("published_roster.assignments", wire),
            Ok(roster)
        );
    }

    #[test]
    fn bad_assignments_are_named() {
        let wire = vec![
            pb::RosterAssignment::from(&assignment("A", 1)),
            pb::RosterAssignment {
                staff: " ".into(),
                day: -1,
                ..pb::RosterAssignment::from(&assignment("A", 1))
            },
        ];
        assert_eq!(
            err(roster_from_wire("published_roster.assignments", wire)),
            "published_roster.assignments[1].staff: required; \
             published_roster.assignments[1].day: must not be negative"
        );
    }

    #[test]
    fn shortfalls_keep_eligible_people_and_count_the_rest() {
        let candidate = |staff: &str, reason: Reason| Candidate {
            staff: StaffCode::from(staff),
            reason,
        };
        let shortfall = Shortfall {
            site: SiteCode::from("W7"),
            day: 3,
            shift: ShiftCode::from("N"),
            skill: SkillCode::from("RN"),
            missing: 2,
            candidates: vec![
                candidate("A", Reason::NotAtSite),
                candidate("B", Reason::WorksOtherShift(ShiftCode::from("E"))),
                candidate("C", Reason::LacksSkill),
                candidate(
                    "D",
                    Reason::WouldBreak(vec![Rule::MinRest, Rule::MaxWeekends]),
                ),
                candidate("E", Reason::Available),
            ],
        };
        let wire = pb::RosterShortfall::from(&shortfall);
        assert_eq!(wire.missing, 2);
        assert_eq!(wire.not_eligible, 2);
        let staff: Vec<&str> = wire.candidates.iter().map(|c| c.staff.as_str()).collect();
        assert_eq!(staff, ["B", "D", "E"]);
        assert_eq!(wire.candidates[0].other_shift, "E");
        assert_eq!(wire.candidates[1].would_break, ["MIN_REST", "MAX_WEEKENDS"]);
        assert_eq!(
            wire.candidates[2].reason,
            pb::ShortfallReason::Available as i32
        );
    }
}
