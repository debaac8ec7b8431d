//! Validation of a roster model before anything is solved or checked against it.
//!
//! `validate` collects every problem at once and names the bad item with a path such as
//! `staff[A].requests[2]`, so a planner can fix a model file in one pass. A model that passes
//! has resolvable references, counts and costs that make sense, and pinned assignments that
//! break no hard rule that more work could not repair.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::roster::checker::{Rule, check};
use crate::roster::model::{Assignment, MINUTES_PER_DAY, Roster, RosterModel, RosterStaff};

/// What kind of problem a [`ModelError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelErrorKind {
    /// A code that names no site, shift type or member of staff.
    UnknownReference,
    /// Two items with the same identity.
    Duplicate,
    /// A day index outside the horizon.
    OutsideHorizon,
    /// A count below zero.
    NegativeCount,
    /// A cost or weight that is negative, infinite or not a number.
    InvalidNumber,
    /// A shift of zero length or longer than 24 hours.
    InvalidShiftLength,
    /// Values that contradict each other (e.g. a minimum above a maximum).
    Inconsistent,
    /// A pinned assignment that breaks a hard rule.
    PinBreaksRule,
}

/// One bad item of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ModelError {
    /// Path of the item, e.g. `demands[4]` or `staff[A].pinned[0]`.
    pub item: String,
    /// Classification.
    pub kind: ModelErrorKind,
    /// What is wrong, lower case.
    pub message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.item, self.message)
    }
}

/// Collects errors while walking the model.
struct Errors(Vec<ModelError>);

impl Errors {
    fn push(&mut self, item: impl Into<String>, kind: ModelErrorKind, message: impl Into<String>) {
        self.0.push(ModelError {
            item: item.into(),
            kind,
            message: message.into(),
        });
    }

    fn number(&mut self, item: impl Into<String>, value: f64) {
        if !value.is_finite() || value < 0.0 {
            self.push(
                item,
                ModelErrorKind::InvalidNumber,
                format!("{value} is not a finite non-negative number"),
            );
        }
    }

    fn day(&mut self, item: impl Into<String>, day: u32, model: &RosterModel) {
        if !model.horizon.contains(day) {
            self.push(
                item,
                ModelErrorKind::OutsideHorizon,
                format!(
                    "day {day} is outside the horizon of {} days",
                    model.horizon.days
                ),
            );
        }
    }
}

/// Checks a model; `Err` lists every bad item.
pub fn validate(model: &RosterModel) -> Result<(), Vec<ModelError>> {
    let mut errors = Errors(Vec::new());
    check_horizon(model, &mut errors);
    check_sites_and_shifts(model, &mut errors);
    check_demands(model, &mut errors);
    check_staff_codes(model, &mut errors);
    for member in &model.staff {
        check_staff(model, member, &mut errors);
    }
    check_weights(model, &mut errors);
    // Pins are judged by the checker, which needs every reference to resolve first.
    if errors.0.is_empty() {
        check_pins(model, &mut errors);
    }
    if errors.0.is_empty() {
        Ok(())
    } else {
        Err(errors.0)
    }
}

fn check_horizon(model: &RosterModel, errors: &mut Errors) {
    let horizon = model.horizon;
    if horizon.days == 0 {
        errors.push(
            "horizon.days",
            ModelErrorKind::Inconsistent,
            "must be at least 1",
        );
    } else if horizon.date(horizon.days - 1).is_none() {
        errors.push(
            "horizon.days",
            ModelErrorKind::Inconsistent,
            "runs past the end of the calendar",
        );
    }
}

fn check_sites_and_shifts(model: &RosterModel, errors: &mut Errors) {
    let mut seen = BTreeSet::new();
    for site in &model.sites {
        if !seen.insert(&site.code) {
            errors.push(
                format!("sites[{}]", site.code),
                ModelErrorKind::Duplicate,
                "site code used twice",
            );
        }
    }
    let mut seen = BTreeSet::new();
    for shift in &model.shift_types {
        let item = format!("shift_types[{}]", shift.code);
        if !seen.insert(&shift.code) {
            errors.push(&item, ModelErrorKind::Duplicate, "shift code used twice");
        }
        if model.site(&shift.site).is_none() {
            errors.push(
                &item,
                ModelErrorKind::UnknownReference,
                format!("unknown site {}", shift.site),
            );
        }
        if shift.minutes == 0 || shift.minutes > MINUTES_PER_DAY {
            errors.push(
                &item,
                ModelErrorKind::InvalidShiftLength,
                format!(
                    "length {} minutes is not between 1 minute and 24 hours",
                    shift.minutes
                ),
            );
        }
    }
}

fn check_demands(model: &RosterModel, errors: &mut Errors) {
    let mut seen = BTreeSet::new();
    for (i, demand) in model.demands.iter().enumerate() {
        let item = format!("demands[{i}]");
        errors.day(&item, demand.day, model);
        if model.site(&demand.site).is_none() {
            errors.push(
                &item,
                ModelErrorKind::UnknownReference,
                format!("unknown site {}", demand.site),
            );
        }
        match model.shift_type(&demand.shift) {
            None => errors.push(
                &item,
                ModelErrorKind::UnknownReference,
                format!("unknown shift type {}", demand.shift),
            ),
            Some(shift) if shift.site != demand.site => errors.push(
                &item,
                ModelErrorKind::Inconsistent,
                format!(
                    "shift type {} belongs to site {}, not {}",
                    shift.code, shift.site, demand.site
                ),
            ),
            Some(_) => {}
        }
        if demand.required < 0 {
            errors.push(
                &item,
                ModelErrorKind::NegativeCount,
                format!("required count {} is negative", demand.required),
            );
        }
        match demand.hard_minimum {
            Some(min) if min < 0 => errors.push(
                &item,
                ModelErrorKind::NegativeCount,
                format!("hard minimum {min} is negative"),
            ),
            Some(min) if min > demand.required => errors.push(
                &item,
                ModelErrorKind::Inconsistent,
                format!(
                    "hard minimum {min} is above the required count {}",
                    demand.required
                ),
            ),
            _ => {}
        }
        errors.number(format!("{item}.cost_per_missing"), demand.cost_per_missing);
        errors.number(format!("{item}.cost_per_extra"), demand.cost_per_extra);
        let key = (&demand.site, demand.day, &demand.shift, &demand.skill);
        if !seen.insert(key) {
            errors.push(
                &item,
                ModelErrorKind::Duplicate,
                format!(
                    "a second demand for {} {} as {} on day {}",
                    demand.site, demand.shift, demand.skill, demand.day
                ),
            );
        }
    }
}

fn check_staff_codes(model: &RosterModel, errors: &mut Errors) {
    let mut seen = BTreeSet::new();
    for member in &model.staff {
        if !seen.insert(&member.code) {
            errors.push(
                format!("staff[{}]", member.code),
                ModelErrorKind::Duplicate,
                "staff code used twice",
            );
        }
    }
}

fn check_staff(model: &RosterModel, member: &RosterStaff, errors: &mut Errors) {
    let at = format!("staff[{}]", member.code);
    for (i, site) in member.sites.iter().enumerate() {
        if model.site(site).is_none() {
            errors.push(
                format!("{at}.sites[{i}]"),
                ModelErrorKind::UnknownReference,
                format!("unknown site {site}"),
            );
        }
    }
    for (i, grant) in member.skills.iter().enumerate() {
        if let (Some(from), Some(until)) = (grant.eligible_from, grant.eligible_until)
            && until < from
        {
            errors.push(
                format!("{at}.skills[{i}]"),
                ModelErrorKind::Inconsistent,
                format!("eligible until {until}, before eligible from {from}"),
            );
        }
    }
    for (i, &day) in member.unavailable_days.iter().enumerate() {
        errors.day(format!("{at}.unavailable_days[{i}]"), day, model);
    }
    for (i, request) in member.requests.iter().enumerate() {
        let item = format!("{at}.requests[{i}]");
        errors.day(&item, request.day, model);
        if let Some(shift) = &request.shift
            && model.shift_type(shift).is_none()
        {
            errors.push(
                &item,
                ModelErrorKind::UnknownReference,
                format!("unknown shift type {shift}"),
            );
        }
        errors.number(format!("{item}.weight"), request.weight);
    }
    for (i, pin) in member.pinned.iter().enumerate() {
        let item = format!("{at}.pinned[{i}]");
        errors.day(&item, pin.day, model);
        if model.shift_type(&pin.shift).is_none() {
            errors.push(
                &item,
                ModelErrorKind::UnknownReference,
                format!("unknown shift type {}", pin.shift),
            );
        }
    }
    errors.number(format!("{at}.cost_per_hour"), member.cost_per_hour);
    check_rules(model, member, &at, errors);
    if let Some(end) = member.history.last_shift_end
        && end > MINUTES_PER_DAY as i32
    {
        errors.push(
            format!("{at}.history.last_shift_end"),
            ModelErrorKind::Inconsistent,
            format!("{end} minutes into the horizon is later than any shift begun before it"),
        );
    }
}

fn check_rules(model: &RosterModel, member: &RosterStaff, at: &str, errors: &mut Errors) {
    let rules = &member.rules;
    for shift in rules.max_shifts_per_type.keys() {
        if model.shift_type(shift).is_none() {
            errors.push(
                format!("{at}.rules.max_shifts_per_type[{shift}]"),
                ModelErrorKind::UnknownReference,
                format!("unknown shift type {shift}"),
            );
        }
    }
    for (i, succession) in rules.forbidden_successions.iter().enumerate() {
        for code in [&succession.first, &succession.next] {
            if model.shift_type(code).is_none() {
                errors.push(
                    format!("{at}.rules.forbidden_successions[{i}]"),
                    ModelErrorKind::UnknownReference,
                    format!("unknown shift type {code}"),
                );
            }
        }
    }
    let pairs = [
        (
            "total_minutes",
            rules.min_total_minutes,
            rules.max_total_minutes,
        ),
        (
            "consecutive_days",
            rules.min_consecutive_days,
            rules.max_consecutive_days,
        ),
    ];
    for (name, min, max) in pairs {
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            errors.push(
                format!("{at}.rules.min_{name}"),
                ModelErrorKind::Inconsistent,
                format!("minimum {min} is above maximum {max}"),
            );
        }
    }
    if let Some(rest) = rules.weekly_rest_minutes
        && rest > MINUTES_PER_DAY
    {
        errors.push(
            format!("{at}.rules.weekly_rest_minutes"),
            ModelErrorKind::Inconsistent,
            format!("{rest} minutes is more than the 24 hours a rest day can give"),
        );
    }
}

fn check_weights(model: &RosterModel, errors: &mut Errors) {
    let w = model.weights;
    for (name, value) in [
        ("uncovered", w.uncovered),
        ("over_cover", w.over_cover),
        ("requests", w.requests),
        ("pay", w.pay),
        ("fairness_per_hour", w.fairness_per_hour),
        ("fairness_per_weekend", w.fairness_per_weekend),
    ] {
        errors.number(format!("weights.{name}"), value);
    }
}

/// Runs the checker on a roster made of the pins alone and reports the violations that adding
/// more assignments could never repair.
fn check_pins(model: &RosterModel, errors: &mut Errors) {
    let mut assignments = Vec::new();
    for member in &model.staff {
        for pin in &member.pinned {
            if let Some(shift) = model.shift_type(&pin.shift) {
                assignments.push(Assignment {
                    staff: member.code.clone(),
                    day: pin.day,
                    site: shift.site.clone(),
                    shift: pin.shift.clone(),
                    skill: pin.skill.clone(),
                });
            }
        }
    }
    if assignments.is_empty() {
        return;
    }
    let report = check(model, &Roster::new(assignments));
    for violation in report.violations {
        if !more_work_cannot_repair(violation.rule) {
            continue;
        }
        let item = match &violation.staff {
            Some(staff) => format!("staff[{staff}].pinned"),
            None => "pinned".to_owned(),
        };
        errors.push(
            item,
            ModelErrorKind::PinBreaksRule,
            format!("{}: {}", violation.rule.code(), violation.message),
        );
    }
}

/// Whether a violation by pins alone stays whatever else is rostered. Minimum rules (total
/// minutes, run lengths, cover) can still be met by adding shifts, so they are not reported.
fn more_work_cannot_repair(rule: Rule) -> bool {
    match rule {
        Rule::UnknownReference
        | Rule::OutsideHorizon
        | Rule::SiteMismatch
        | Rule::DoubleBooked
        | Rule::Unavailable
        | Rule::SiteNotAllowed
        | Rule::SkillNotEligible
        | Rule::NoDemand
        | Rule::ForbiddenSuccession
        | Rule::MinRest
        | Rule::MaxShiftsOfType
        | Rule::MaxTotalMinutes
        | Rule::MaxMinutesPer7Days
        | Rule::MaxConsecutiveDays
        | Rule::MaxWeekends
        | Rule::WeeklyRest => true,
        Rule::MinTotalMinutes
        | Rule::MinConsecutiveDays
        | Rule::MinConsecutiveDaysOff
        | Rule::PinMissing
        | Rule::HardMinimumCover => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::codes::{ShiftCode, SiteCode, SkillCode};
    use crate::roster::fixtures::model;
    use crate::roster::model::Pin;

    fn errors(model: &RosterModel) -> Vec<ModelError> {
        validate(model).err().unwrap_or_default()
    }

    fn has(errors: &[ModelError], item: &str, kind: ModelErrorKind) -> bool {
        errors.iter().any(|e| e.item == item && e.kind == kind)
    }

    #[test]
    fn the_fixture_model_is_valid() {
        assert_eq!(validate(&model(14)), Ok(()));
    }

    #[test]
    fn unknown_references_are_named() {
        let mut m = model(14);
        m.demands[0].shift = ShiftCode::new("Q");
        m.staff[0].sites.push(SiteCode::new("nowhere"));
        m.staff[0]
            .rules
            .max_shifts_per_type
            .insert(ShiftCode::new("Z"), 1);
        let found = errors(&m);
        assert!(has(&found, "demands[0]", ModelErrorKind::UnknownReference));
        assert!(has(
            &found,
            "staff[A].sites[1]",
            ModelErrorKind::UnknownReference
        ));
        assert!(has(
            &found,
            "staff[A].rules.max_shifts_per_type[Z]",
            ModelErrorKind::UnknownReference
        ));
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn days_outside_the_horizon_and_negative_counts() {
        let mut m = model(14);
        m.demands[3].day = 14;
        m.demands[4].required = -1;
        m.demands[5].hard_minimum = Some(2);
        m.staff[0].unavailable_days = vec![13, 20];
        let found = errors(&m);
        assert!(has(&found, "demands[3]", ModelErrorKind::OutsideHorizon));
        assert!(has(&found, "demands[4]", ModelErrorKind::NegativeCount));
        assert!(has(&found, "demands[5]", ModelErrorKind::Inconsistent));
        assert!(has(
            &found,
            "staff[A].unavailable_days[1]",
            ModelErrorKind::OutsideHorizon
        ));
        assert!(!has(
            &found,
            "staff[A].unavailable_days[0]",
            ModelErrorKind::OutsideHorizon
        ));
    }

    #[test]
    fn shifts_longer_than_a_day_are_rejected() {
        let mut m = model(7);
        m.shift_types[0].minutes = 1440;
        assert_eq!(validate(&m), Ok(()));
        m.shift_types[0].minutes = 1441;
        assert!(has(
            &errors(&m),
            "shift_types[E]",
            ModelErrorKind::InvalidShiftLength
        ));
    }

    #[test]
    fn duplicates_and_bad_numbers() {
        let mut m = model(7);
        m.demands.push(m.demands[0].clone());
        m.staff.push(m.staff[0].clone());
        m.weights.pay = f64::NAN;
        m.demands[1].cost_per_missing = -5.0;
        let found = errors(&m);
        let last = format!("demands[{}]", m.demands.len() - 1);
        assert!(has(&found, &last, ModelErrorKind::Duplicate));
        assert!(has(&found, "staff[A]", ModelErrorKind::Duplicate));
        assert!(has(&found, "weights.pay", ModelErrorKind::InvalidNumber));
        assert!(has(
            &found,
            "demands[1].cost_per_missing",
            ModelErrorKind::InvalidNumber
        ));
    }

    #[test]
    fn pins_that_break_hard_rules_are_rejected() {
        let pin = |day, shift: &str| Pin {
            day,
            shift: ShiftCode::new(shift),
            skill: SkillCode::new("RN"),
        };
        let mut m = model(14);
        m.staff[0].unavailable_days = vec![3];
        m.staff[0].pinned = vec![pin(3, "E")];
        let found = errors(&m);
        assert!(has(
            &found,
            "staff[A].pinned",
            ModelErrorKind::PinBreaksRule
        ));
        assert!(found[0].message.starts_with("UNAVAILABLE"), "{found:?}");

        let mut m = model(14);
        m.staff[0].rules.min_rest_minutes = Some(660);
        m.staff[0].pinned = vec![pin(0, "L"), pin(1, "E")];
        assert!(errors(&m)[0].message.starts_with("MIN_REST"));

        // A lone pinned day breaks a minimum run, but more shifts around it can repair that.
        let mut m = model(14);
        m.staff[0].rules.min_consecutive_days = Some(3);
        m.staff[0].rules.min_total_minutes = Some(3000);
        m.staff[0].pinned = vec![pin(5, "E")];
        assert_eq!(validate(&m), Ok(()));
    }
}
