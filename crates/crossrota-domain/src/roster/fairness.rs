//! Fairness figures of a roster: hours and weekends per person against their fair-share
//! targets, and a summary naming who works most and least.
//!
//! The objective folds fairness into one number; a planner asked "is it fair?" needs to see
//! each person's figures and the extremes, so both are computed here, once, for the service,
//! the CLI and the benchmarks.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::roster::calendar::weekend_of;
use crate::roster::codes::StaffCode;
use crate::roster::model::{Roster, RosterModel};

/// One person's worked time and weekends against their targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairnessLine {
    /// Who.
    pub staff: StaffCode,
    /// Minutes rostered.
    pub worked_minutes: u32,
    /// Their target, if any.
    pub target_minutes: Option<u32>,
    /// Weekends with at least one shift.
    pub worked_weekends: u32,
    /// Their target, if any.
    pub target_weekends: Option<u32>,
}

/// Worked minutes and weekends of every person, in model order. Assignments naming unknown
/// shifts count no minutes (the checker reports them).
pub fn fairness_lines(model: &RosterModel, roster: &Roster) -> Vec<FairnessLine> {
    model
        .staff
        .iter()
        .map(|member| {
            let mut minutes: u32 = 0;
            let mut weekends = BTreeSet::new();
            for a in roster.assignments.iter().filter(|a| a.staff == member.code) {
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

/// The lowest and highest value of one figure, and who has them.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    /// Lowest value.
    pub min: f64,
    /// Who has it (the first in model order).
    pub min_staff: StaffCode,
    /// Highest value.
    pub max: f64,
    /// Who has it (the first in model order).
    pub max_staff: StaffCode,
}

impl Range {
    /// Max minus min.
    pub fn spread(&self) -> f64 {
        self.max - self.min
    }

    fn of(values: impl IntoIterator<Item = (StaffCode, f64)>) -> Option<Self> {
        let mut range: Option<Self> = None;
        for (staff, value) in values {
            match &mut range {
                None => {
                    range = Some(Self {
                        min: value,
                        min_staff: staff.clone(),
                        max: value,
                        max_staff: staff,
                    })
                }
                Some(r) => {
                    if value < r.min {
                        r.min = value;
                        r.min_staff = staff.clone();
                    }
                    if value > r.max {
                        r.max = value;
                        r.max_staff = staff;
                    }
                }
            }
        }
        range
    }
}

/// Figures over all staff, and over those with a target.
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessSummary {
    /// Hours worked.
    pub hours: Option<Range>,
    /// Hours worked minus target hours, over staff with an hours target.
    pub hours_vs_target: Option<Range>,
    /// Staff with an hours target.
    pub with_hours_target: usize,
    /// Weekends worked.
    pub weekends: Option<Range>,
    /// Weekends worked minus target, over staff with a weekends target.
    pub weekends_vs_target: Option<Range>,
    /// Staff with a weekends target.
    pub with_weekends_target: usize,
}

impl FairnessSummary {
    /// Summarises per-person lines.
    pub fn of(lines: &[FairnessLine]) -> Self {
        let hours = |l: &FairnessLine| f64::from(l.worked_minutes) / 60.0;
        let weekends = |l: &FairnessLine| f64::from(l.worked_weekends);
        let with_hours: Vec<_> = lines
            .iter()
            .filter_map(|l| Some((l, f64::from(l.target_minutes?) / 60.0)))
            .collect();
        let with_weekends: Vec<_> = lines
            .iter()
            .filter_map(|l| Some((l, f64::from(l.target_weekends?))))
            .collect();
        Self {
            hours: Range::of(lines.iter().map(|l| (l.staff.clone(), hours(l)))),
            hours_vs_target: Range::of(
                with_hours
                    .iter()
                    .map(|(l, target)| (l.staff.clone(), hours(l) - target)),
            ),
            with_hours_target: with_hours.len(),
            weekends: Range::of(lines.iter().map(|l| (l.staff.clone(), weekends(l)))),
            weekends_vs_target: Range::of(
                with_weekends
                    .iter()
                    .map(|(l, target)| (l.staff.clone(), weekends(l) - target)),
            ),
            with_weekends_target: with_weekends.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::fixtures;

    #[test]
    fn hours_and_weekends_are_counted_per_person_and_summarised() {
        // 2024-01-01 is a Monday: days 5 and 6 are one weekend, day 12 another.
        let mut model = fixtures::model(14);
        model.staff.push(fixtures::person("B"));
        model.staff[0].targets.minutes = Some(960);
        let roster = Roster::new(
            [0, 5, 6, 12]
                .into_iter()
                .map(|day| fixtures::on(&model.staff[0].code.0, day, "E"))
                .collect(),
        );
        let lines = fairness_lines(&model, &roster);
        assert_eq!(lines[0].worked_minutes, 4 * 480);
        assert_eq!(lines[0].worked_weekends, 2);
        assert_eq!(lines[1].worked_minutes, 0);
        let summary = FairnessSummary::of(&lines);
        let hours = summary.hours.expect("staff exist");
        assert_eq!((hours.max, hours.min), (32.0, 0.0));
        assert_eq!(hours.max_staff, model.staff[0].code);
        assert_eq!(summary.weekends.expect("staff exist").spread(), 2.0);
        assert_eq!(summary.with_hours_target, 1);
        let vs = summary.hours_vs_target.expect("one target");
        assert_eq!(vs.max, 32.0 - 16.0);
    }
}
