//! Rosters and their judgement on the wire: assignments (both ways), the checker's report and
//! the explanations of uncovered demand.

use crossrota_domain::FieldErrors;
use crossrota_domain::roster::{
    Assignment, Candidate, CheckReport, ObjectiveBreakdown, Reason, Roster, ShiftCode, Shortfall,
    SiteCode, SkillCode, StaffCode, Violation,
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
