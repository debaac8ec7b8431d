//! Explanations for uncovered demand: for each short shift, why each person is not on it.
//!
//! A planner looking at a gap needs to know whether it can be filled from the roster's own
//! staff (and at what cost to the rules) or needs the bank or an agency. The explanation is
//! computed with the checker: the person is added to the shift and the hard rules that newly
//! break are reported.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::roster::checker::{CoverLine, Rule, check};
use crate::roster::codes::{ShiftCode, SiteCode, SkillCode, StaffCode};
use crate::roster::model::{Assignment, Roster, RosterModel, RosterStaff};

/// Why one person is not covering a short shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// They may not work at the site.
    NotAtSite,
    /// They do not hold the skill on that day.
    LacksSkill,
    /// They are unavailable that day.
    Unavailable,
    /// They already work another shift that day.
    WorksOtherShift(ShiftCode),
    /// Adding the shift would break these hard rules.
    WouldBreak(Vec<Rule>),
    /// They could take it without breaking a rule; it was left open for cost reasons.
    Available,
}

/// One person and why they are not on the shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The person.
    pub staff: StaffCode,
    /// Why not.
    pub reason: Reason,
}

/// A demand line with people missing, and every person's reason for not filling it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortfall {
    /// Site.
    pub site: SiteCode,
    /// Day.
    pub day: u32,
    /// Shift type.
    pub shift: ShiftCode,
    /// Skill.
    pub skill: SkillCode,
    /// People missing.
    pub missing: u32,
    /// Everyone in the model, in model order.
    pub candidates: Vec<Candidate>,
}

/// Explains every demand line that `roster` leaves short.
pub fn explain_shortfalls(model: &RosterModel, roster: &Roster) -> Vec<Shortfall> {
    let baseline = rule_counts(model, roster);
    check(model, roster)
        .cover
        .into_iter()
        .filter(|line| line.missing() > 0)
        .map(|line| {
            let candidates = model
                .staff
                .iter()
                .map(|member| Candidate {
                    staff: member.code.clone(),
                    reason: reason(model, roster, &baseline, member, &line),
                })
                .collect();
            Shortfall {
                missing: line.missing(),
                site: line.site,
                day: line.day,
                shift: line.shift,
                skill: line.skill,
                candidates,
            }
        })
        .collect()
}

/// How many violations of each rule each person (or nobody) has.
fn rule_counts(model: &RosterModel, roster: &Roster) -> BTreeMap<(Option<StaffCode>, Rule), usize> {
    let mut counts = BTreeMap::new();
    for v in check(model, roster).violations {
        *counts.entry((v.staff, v.rule)).or_default() += 1;
    }
    counts
}

/// Why `member` is not on the short `line`.
fn reason(
    model: &RosterModel,
    roster: &Roster,
    baseline: &BTreeMap<(Option<StaffCode>, Rule), usize>,
    member: &RosterStaff,
    line: &CoverLine,
) -> Reason {
    let day = line.day;
    if !member.sites.contains(&line.site) {
        return Reason::NotAtSite;
    }
    if member.unavailable_days.contains(&day) {
        return Reason::Unavailable;
    }
    if let Some(other) = roster
        .assignments
        .iter()
        .find(|a| a.staff == member.code && a.day == day)
    {
        return Reason::WorksOtherShift(other.shift.clone());
    }
    let mut trial = roster.clone();
    trial.assignments.push(Assignment {
        staff: member.code.clone(),
        day,
        site: line.site.clone(),
        shift: line.shift.clone(),
        skill: line.skill.clone(),
    });
    let broken: Vec<Rule> = rule_counts(model, &trial)
        .into_iter()
        .filter(|((staff, rule), count)| {
            staff.as_ref() == Some(&member.code)
                && *count > baseline.get(&(staff.clone(), *rule)).copied().unwrap_or(0)
        })
        .map(|((_, rule), _)| rule)
        .collect();
    if broken.contains(&Rule::SkillNotEligible) {
        return Reason::LacksSkill;
    }
    if broken.is_empty() {
        Reason::Available
    } else {
        Reason::WouldBreak(broken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::fixtures::{model, on, person};

    #[test]
    fn each_person_gets_a_reason() {
        let mut m = model(7);
        m.demands.retain(|d| d.shift.as_str() == "E");
        for name in ["B", "C", "D", "F"] {
            m.staff.push(person(name));
        }
        m.staff[1].sites.clear();
        m.staff[2].unavailable_days = vec![3];
        m.staff[3].skills.clear();
        m.staff[4].rules.max_total_minutes = Some(480);
        m.staff[0].rules.max_consecutive_days = Some(3);
        m.staff.push(person("E"));
        // Only day 3 is left open; A taking it would make a run of five.
        let roster = Roster::new(vec![
            on("A", 0, "E"),
            on("A", 1, "E"),
            on("A", 2, "E"),
            on("A", 4, "E"),
            on("F", 5, "E"),
            on("E", 6, "E"),
        ]);
        let shortfalls = explain_shortfalls(&m, &roster);
        let day3 = shortfalls
            .iter()
            .find(|s| s.day == 3 && s.shift.as_str() == "E")
            .expect("day 3 is short");
        assert_eq!(day3.missing, 1);
        let reasons: BTreeMap<&str, &Reason> = day3
            .candidates
            .iter()
            .map(|c| (c.staff.as_str(), &c.reason))
            .collect();
        assert_eq!(
            reasons["A"],
            &Reason::WouldBreak(vec![Rule::MaxConsecutiveDays])
        );
        assert_eq!(reasons["B"], &Reason::NotAtSite);
        assert_eq!(reasons["C"], &Reason::Unavailable);
        assert_eq!(reasons["D"], &Reason::LacksSkill);
        assert_eq!(
            reasons["F"],
            &Reason::WouldBreak(vec![Rule::MaxTotalMinutes])
        );
        assert_eq!(reasons["E"], &Reason::Available);
        // Every other day is covered.
        assert_eq!(shortfalls.len(), 1);
    }

    #[test]
    fn a_person_on_another_shift_says_which() {
        let m = model(2);
        let roster = Roster::new(vec![on("A", 0, "L")]);
        let shortfalls = explain_shortfalls(&m, &roster);
        let early = shortfalls
            .iter()
            .find(|s| s.day == 0 && s.shift.as_str() == "E")
            .expect("E on day 0 is short");
        assert_eq!(
            early.candidates[0].reason,
            Reason::WorksOtherShift(ShiftCode::new("L"))
        );
    }
}
