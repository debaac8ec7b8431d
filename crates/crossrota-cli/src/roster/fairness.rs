//! Fairness figures of a roster: hours and weekends per person, and their distance from each
//! person's fair-share target, summarised as min, max and spread.
//!
//! The objective folds fairness into one number; a planner asked "is it fair?" needs to see
//! who works most and least, so the extremes are named.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use crossrota_domain::roster::{Roster, RosterModel, StaffCode};

/// The lowest and highest value of one figure, and who has them.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Range {
    pub(super) min: f64,
    pub(super) min_staff: StaffCode,
    pub(super) max: f64,
    pub(super) max_staff: StaffCode,
}

impl Range {
    /// Max minus min.
    pub(super) fn spread(&self) -> f64 {
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
pub(super) struct Fairness {
    /// Hours worked.
    pub(super) hours: Option<Range>,
    /// Hours worked minus target hours, over staff with an hours target.
    pub(super) hours_vs_target: Option<Range>,
    /// Staff with an hours target.
    pub(super) with_hours_target: usize,
    /// Weekends worked.
    pub(super) weekends: Option<Range>,
    /// Weekends worked minus target, over staff with a weekends target.
    pub(super) weekends_vs_target: Option<Range>,
    /// Staff with a weekends target.
    pub(super) with_weekends_target: usize,
}

/// Computes the figures; assignments naming unknown staff or shifts are ignored (the checker
/// reports them).
pub(super) fn fairness(model: &RosterModel, roster: &Roster) -> Fairness {
    let mut minutes: BTreeMap<&StaffCode, u32> = BTreeMap::new();
    let mut weekends: BTreeMap<&StaffCode, BTreeSet<NaiveDate>> = BTreeMap::new();
    for a in &roster.assignments {
        let Some(shift) = model.shift_type(&a.shift) else {
            continue;
        };
        *minutes.entry(&a.staff).or_default() += shift.minutes;
        if let Some(saturday) = model.horizon.date(a.day).and_then(weekend_of) {
            weekends.entry(&a.staff).or_default().insert(saturday);
        }
    }
    let worked = |code: &StaffCode| f64::from(minutes.get(code).copied().unwrap_or(0)) / 60.0;
    let weekends_of = |code: &StaffCode| weekends.get(code).map_or(0, BTreeSet::len) as f64;
    let staff = &model.staff;
    let hour_targets: Vec<_> = staff
        .iter()
        .filter_map(|s| Some((s, f64::from(s.targets.minutes?) / 60.0)))
        .collect();
    let weekend_targets: Vec<_> = staff
        .iter()
        .filter_map(|s| Some((s, f64::from(s.targets.weekends?))))
        .collect();
    Fairness {
        hours: Range::of(staff.iter().map(|s| (s.code.clone(), worked(&s.code)))),
        hours_vs_target: Range::of(
            hour_targets
                .iter()
                .map(|(s, target)| (s.code.clone(), worked(&s.code) - target)),
        ),
        with_hours_target: hour_targets.len(),
        weekends: Range::of(staff.iter().map(|s| (s.code.clone(), weekends_of(&s.code)))),
        weekends_vs_target: Range::of(
            weekend_targets
                .iter()
                .map(|(s, target)| (s.code.clone(), weekends_of(&s.code) - target)),
        ),
        with_weekends_target: weekend_targets.len(),
    }
}

/// The Saturday of the weekend a date belongs to, if it is a Saturday or Sunday (the same
/// definition as the checker's).
fn weekend_of(date: NaiveDate) -> Option<NaiveDate> {
    match date.weekday() {
        Weekday::Sat => Some(date),
        Weekday::Sun => date.pred_opt(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrota_domain::roster::{Assignment, SkillCode};
    use crossrota_testkit::roster::generator::{GeneratorParams, generate};

    #[test]
    fn hours_and_weekends_are_counted_per_person() {
        let model = generate(&GeneratorParams::small(), 5);
        let first = &model.staff[0];
        let shift = model
            .shift_types
            .iter()
            .find(|s| first.sites.contains(&s.site))
            .cloned()
            .unwrap_or_else(|| model.shift_types[0].clone());
        // Days 5 and 6 are one weekend (day 0 is a Monday), day 12 another.
        let roster = Roster::new(
            [0, 5, 6, 12]
                .into_iter()
                .map(|day| Assignment {
                    staff: first.code.clone(),
                    day,
                    site: shift.site.clone(),
                    shift: shift.code.clone(),
                    skill: SkillCode::new("any"),
                })
                .collect(),
        );
        let f = fairness(&model, &roster);
        let hours = f.hours.expect("staff exist");
        assert_eq!(hours.max, 4.0 * f64::from(shift.minutes) / 60.0);
        assert_eq!(hours.max_staff, first.code);
        assert_eq!(hours.min, 0.0);
        let weekends = f.weekends.expect("staff exist");
        assert_eq!(weekends.max, 2.0);
        assert_eq!(weekends.spread(), 2.0);
        let with_target = model
            .staff
            .iter()
            .filter(|s| s.targets.minutes.is_some())
            .count();
        assert_eq!(f.with_hours_target, with_target);
    }
}
