//! The independent roster checker: the objective term by term and every hard-rule violation.
//!
//! This is the test oracle for the optimiser, so it is written directly from the rule
//! definitions in [`crate::roster::model`] and shares no code with the MIP formulation: it
//! walks the actual shifts in time order rather than reasoning about windows of variables.
//! It never fails half-way; a roster that names unknown items gets violations, not an error.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, Timelike};

mod report;
mod rules;

pub use report::{CheckReport, CoverLine, ObjectiveBreakdown};
pub use rules::{Rule, Violation};

use crate::roster::calendar::weekend_of;
use crate::roster::codes::{ShiftCode, SiteCode, SkillCode, StaffCode};
use crate::roster::model::{
    Assignment, MINUTES_PER_DAY, RequestKind, Roster, RosterModel, RosterStaff, ShiftType,
};

/// A shift a person works, resolved against the model; the basis of every per-person rule.
struct Worked<'m> {
    day: u32,
    shift: &'m ShiftType,
}

impl Worked<'_> {
    /// Clock minute (from the start of day 0) at which the shift starts.
    fn start(&self) -> i64 {
        let clock = self.shift.start;
        i64::from(self.day) * i64::from(MINUTES_PER_DAY)
            + i64::from(clock.hour()) * 60
            + i64::from(clock.minute())
    }

    /// Clock minute at which it ends.
    fn end(&self) -> i64 {
        self.start() + i64::from(self.shift.minutes)
    }
}

/// Judges `roster` against `model`.
pub fn check(model: &RosterModel, roster: &Roster) -> CheckReport {
    let mut violations = Vec::new();
    let mut worked: BTreeMap<&StaffCode, Vec<Worked<'_>>> = BTreeMap::new();
    for assignment in &roster.assignments {
        if let Some(w) = check_assignment(model, assignment, &mut violations) {
            worked.entry(&assignment.staff).or_default().push(w);
        }
    }
    let mut objective = ObjectiveBreakdown::default();
    for member in &model.staff {
        let mut shifts = worked.remove(&member.code).unwrap_or_default();
        shifts.sort_by_key(|w| (w.start(), w.shift.code.clone()));
        PersonCheck {
            model,
            member,
            shifts: &shifts,
            violations: &mut violations,
        }
        .run();
        add_personal_costs(model, member, &shifts, &mut objective);
    }
    check_pins(model, roster, &mut violations);
    let cover = cover_lines(model, roster);
    for (line, demand) in cover.iter().zip(&model.demands) {
        objective.uncovered +=
            model.weights.uncovered * demand.cost_per_missing * f64::from(line.missing());
        objective.over_cover +=
            model.weights.over_cover * demand.cost_per_extra * f64::from(line.extra());
        if let Some(min) = demand.hard_minimum
            && i64::from(line.assigned) < i64::from(min)
        {
            violations.push(Violation {
                rule: Rule::HardMinimumCover,
                staff: None,
                day: Some(line.day),
                message: format!(
                    "{} {} on day {} has {} {}, below the hard minimum of {min}",
                    line.site, line.shift, line.day, line.assigned, line.skill
                ),
            });
        }
    }
    objective.total = objective.uncovered
        + objective.over_cover
        + objective.requests
        + objective.pay
        + objective.fairness;
    CheckReport {
        objective,
        violations,
        cover,
    }
}

/// Checks what can be judged from one assignment alone. Returns the worked shift when the
/// person, day and shift type are all known, so per-person rules can use it.
fn check_assignment<'m>(
    model: &'m RosterModel,
    a: &Assignment,
    violations: &mut Vec<Violation>,
) -> Option<Worked<'m>> {
    let mut flag = |rule: Rule, message: String| {
        violations.push(Violation {
            rule,
            staff: Some(a.staff.clone()),
            day: Some(a.day),
            message,
        })
    };
    let member = model.staff.iter().find(|s| s.code == a.staff);
    let shift = model.shift_types.iter().find(|s| s.code == a.shift);
    let site_known = model.sites.iter().any(|s| s.code == a.site);
    if member.is_none() {
        flag(
            Rule::UnknownReference,
            format!("unknown member of staff {}", a.staff),
        );
    }
    if shift.is_none() {
        flag(
            Rule::UnknownReference,
            format!("unknown shift type {}", a.shift),
        );
    }
    if !site_known {
        flag(Rule::UnknownReference, format!("unknown site {}", a.site));
    }
    let in_horizon = a.day < model.horizon.days;
    if !in_horizon {
        flag(
            Rule::OutsideHorizon,
            format!(
                "day {} is outside the horizon of {} days",
                a.day, model.horizon.days
            ),
        );
    }
    if let Some(shift) = shift
        && shift.site != a.site
    {
        flag(
            Rule::SiteMismatch,
            format!(
                "shift {} is worked at {}, not {}",
                shift.code, shift.site, a.site
            ),
        );
    }
    let member = member?;
    if !member.sites.contains(&a.site) {
        flag(
            Rule::SiteNotAllowed,
            format!("{} may not work at {}", member.code, a.site),
        );
    }
    if member.unavailable_days.contains(&a.day) {
        flag(
            Rule::Unavailable,
            format!("{} is unavailable on day {}", member.code, a.day),
        );
    }
    let date = day_date(model, a.day);
    let eligible = member.skills.iter().any(|g| {
        g.skill == a.skill
            && date.is_some_and(|d| {
                g.eligible_from.is_none_or(|from| from <= d)
                    && g.eligible_until.is_none_or(|until| d <= until)
            })
    });
    if !eligible {
        flag(
            Rule::SkillNotEligible,
            format!("{} does not hold {} on day {}", member.code, a.skill, a.day),
        );
    }
    let demanded = model
        .demands
        .iter()
        .any(|d| d.site == a.site && d.day == a.day && d.shift == a.shift && d.skill == a.skill);
    if !demanded {
        flag(
            Rule::NoDemand,
            format!(
                "no demand for {} {} as {} on day {}",
                a.site, a.shift, a.skill, a.day
            ),
        );
    }
    let shift = shift?;
    in_horizon.then_some(Worked { day: a.day, shift })
}

/// Calendar date of a day index, computed here rather than through model helpers.
fn day_date(model: &RosterModel, day: u32) -> Option<NaiveDate> {
    model
        .horizon
        .start
        .checked_add_signed(chrono::Duration::days(i64::from(day)))
}

/// The per-person rules, over the person's shifts sorted by start time.
struct PersonCheck<'a, 'm> {
    model: &'m RosterModel,
    member: &'m RosterStaff,
    shifts: &'a [Worked<'m>],
    violations: &'a mut Vec<Violation>,
}

impl PersonCheck<'_, '_> {
    fn flag(&mut self, rule: Rule, day: Option<u32>, message: String) {
        self.violations.push(Violation {
            rule,
            staff: Some(self.member.code.clone()),
            day,
            message,
        });
    }

    fn days(&self) -> u32 {
        self.model.horizon.days
    }

    /// `worked[d]`: some shift starts on day `d`.
    fn worked_days(&self) -> Vec<bool> {
        let mut worked = vec![false; self.days() as usize];
        for w in self.shifts {
            worked[w.day as usize] = true;
        }
        worked
    }

    fn run(mut self) {
        self.double_bookings();
        self.successions();
        self.rest_between_shifts();
        self.shift_type_limits();
        self.total_minutes();
        self.minutes_in_7_days();
        self.working_runs();
        self.weekends();
        self.weekly_rest();
    }

    fn double_bookings(&mut self) {
        let mut per_day: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
        for w in self.shifts {
            per_day
                .entry(w.day)
                .or_default()
                .push(w.shift.code.as_str());
        }
        for (day, codes) in per_day {
            if codes.len() > 1 {
                self.flag(
                    Rule::DoubleBooked,
                    Some(day),
                    format!(
                        "{} works {} shifts on day {day}: {}",
                        self.member.code,
                        codes.len(),
                        codes.join(", ")
                    ),
                );
            }
        }
    }

    fn successions(&mut self) {
        let mut found = Vec::new();
        for first in self.shifts {
            for next in self.shifts.iter().filter(|n| n.day == first.day + 1) {
                let forbidden = self
                    .member
                    .rules
                    .forbidden_successions
                    .iter()
                    .any(|s| s.first == first.shift.code && s.next == next.shift.code);
                if forbidden {
                    found.push((first.day, first.shift.code.clone(), next.shift.code.clone()));
                }
            }
        }
        for (day, first, next) in found {
            self.flag(
                Rule::ForbiddenSuccession,
                Some(day),
                format!(
                    "{} works {next} on day {} after {first} on day {day}",
                    self.member.code,
                    day + 1
                ),
            );
        }
    }

    /// Rest between each shift and the next one in time (and the last shift before the
    /// horizon). Shifts on the same day are left to `double_bookings`.
    fn rest_between_shifts(&mut self) {
        let needed = i64::from(self.member.rules.min_rest_minutes.unwrap_or(0));
        let mut found = Vec::new();
        if let (Some(end), Some(first)) = (self.member.history.last_shift_end, self.shifts.first())
        {
            let gap = first.start() - i64::from(end);
            if gap < needed {
                found.push((
                    first.day,
                    gap,
                    "their last shift before the horizon".to_owned(),
                ));
            }
        }
        for pair in self.shifts.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            if before.day == after.day {
                continue;
            }
            let gap = after.start() - before.end();
            if gap < needed {
                found.push((
                    after.day,
                    gap,
                    format!("{} on day {}", before.shift.code, before.day),
                ));
            }
        }
        for (day, gap, before) in found {
            let what = if gap < 0 {
                format!("overlaps {before} by {} min", -gap)
            } else {
                format!("starts {gap} min after {before} ends; {needed} min rest needed")
            };
            self.flag(
                Rule::MinRest,
                Some(day),
                format!("{}'s shift on day {day} {what}", self.member.code),
            );
        }
    }

    fn shift_type_limits(&mut self) {
        let mut counts: BTreeMap<&ShiftCode, u32> = BTreeMap::new();
        for w in self.shifts {
            *counts.entry(&w.shift.code).or_default() += 1;
        }
        let mut found = Vec::new();
        for (code, max) in &self.member.rules.max_shifts_per_type {
            let count = counts.get(code).copied().unwrap_or(0);
            if count > *max {
                found.push(format!(
                    "{} works {count} {code} shifts, at most {max} allowed",
                    self.member.code
                ));
            }
        }
        for message in found {
            self.flag(Rule::MaxShiftsOfType, None, message);
        }
    }

    fn total_minutes(&mut self) {
        let total: u64 = self.shifts.iter().map(|w| u64::from(w.shift.minutes)).sum();
        let rules = &self.member.rules;
        if let Some(max) = rules.max_total_minutes
            && total > u64::from(max)
        {
            let message = format!(
                "{} works {total} min, at most {max} allowed",
                self.member.code
            );
            self.flag(Rule::MaxTotalMinutes, None, message);
        }
        if let Some(min) = self.member.rules.min_total_minutes
            && total < u64::from(min)
        {
            let message = format!(
                "{} works {total} min, at least {min} required",
                self.member.code
            );
            self.flag(Rule::MinTotalMinutes, None, message);
        }
    }

    /// Every 7-day window that holds at least one of this roster's shifts, including windows
    /// that start before the horizon (their earlier days use the carried-in minutes).
    fn minutes_in_7_days(&mut self) {
        let Some(max) = self.member.rules.max_minutes_per_7_days else {
            return;
        };
        let days = i64::from(self.days());
        let mut found = Vec::new();
        for first in -6..days {
            let last = first + 6;
            let in_window: Vec<&Worked<'_>> = self
                .shifts
                .iter()
                .filter(|w| (first..=last).contains(&i64::from(w.day)))
                .collect();
            if in_window.is_empty() {
                continue;
            }
            let carried: u64 = (first..0)
                .filter_map(|day| {
                    let back = usize::try_from(-day - 1).ok()?;
                    self.member.history.recent_minutes.get(back).copied()
                })
                .map(u64::from)
                .sum();
            let here: u64 = in_window.iter().map(|w| u64::from(w.shift.minutes)).sum();
            if carried + here > u64::from(max) {
                found.push((first, carried + here));
            }
        }
        for (first, total) in found {
            let day = u32::try_from(first.max(0)).ok();
            self.flag(
                Rule::MaxMinutesPer7Days,
                day,
                format!(
                    "{} works {total} min in the 7 days from day {first}, at most {max} allowed",
                    self.member.code
                ),
            );
        }
    }

    /// Lengths of working runs and of runs of days off.
    fn working_runs(&mut self) {
        let worked = self.worked_days();
        let days = worked.len();
        let rules = self.member.rules.clone();
        let carried = self.member.history.consecutive_days_worked as usize;
        let mut start = 0;
        while start < days {
            let on = worked[start];
            let mut end = start;
            while end + 1 < days && worked[end + 1] == on {
                end += 1;
            }
            let mut length = end - start + 1;
            let inside = start > 0 && end + 1 < days;
            let first_day = start as u32;
            if on {
                if start == 0 {
                    length += carried;
                }
                if let Some(max) = rules.max_consecutive_days
                    && length > max as usize
                {
                    let message = format!(
                        "{} works {length} days in a row from day {first_day}{}, at most {max} allowed",
                        self.member.code,
                        if start == 0 && carried > 0 {
                            format!(" (with {carried} carried in)")
                        } else {
                            String::new()
                        }
                    );
                    self.flag(Rule::MaxConsecutiveDays, Some(first_day), message);
                }
                if let Some(min) = rules.min_consecutive_days
                    && inside
                    && length < min as usize
                {
                    let message = format!(
                        "{} works only {length} days in a row from day {first_day}, at least {min} required",
                        self.member.code
                    );
                    self.flag(Rule::MinConsecutiveDays, Some(first_day), message);
                }
            } else if let Some(min) = rules.min_consecutive_days_off
                && inside
                && length < min as usize
            {
                let message = format!(
                    "{} has only {length} days off in a row from day {first_day}, at least {min} required",
                    self.member.code
                );
                self.flag(Rule::MinConsecutiveDaysOff, Some(first_day), message);
            }
            start = end + 1;
        }
    }

    fn weekends(&mut self) {
        let Some(max) = self.member.rules.max_weekends else {
            return;
        };
        let weekends: BTreeSet<NaiveDate> = self
            .shifts
            .iter()
            .filter_map(|w| weekend_of(day_date(self.model, w.day)?))
            .collect();
        if weekends.len() > max as usize {
            let list = weekends
                .iter()
                .map(|s| s.format("%Y-%m-%d").to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let message = format!(
                "{} works {} weekends ({list}), at most {max} allowed",
                self.member.code,
                weekends.len()
            );
            self.flag(Rule::MaxWeekends, None, message);
        }
    }

    /// Every 7 consecutive days must hold a rest day: a day off whose surrounding gap (end of
    /// the previous shift to start of the next) is long enough.
    fn weekly_rest(&mut self) {
        let Some(needed) = self.member.rules.weekly_rest_minutes else {
            return;
        };
        let worked = self.worked_days();
        let days = worked.len() as i64;
        let rest_day: Vec<bool> = (0..worked.len())
            .map(|d| {
                !worked[d]
                    && self
                        .gap_around(d as u32)
                        .is_none_or(|g| g >= i64::from(needed))
            })
            .collect();
        let carried = i64::from(self.member.history.consecutive_days_worked);
        let mut found = Vec::new();
        for first in (-carried).max(-6)..=(days - 7) {
            let from = first.max(0);
            let has_rest = (from..=first + 6).any(|d| rest_day[d as usize]);
            if !has_rest {
                found.push(first);
            }
        }
        for first in found {
            self.flag(
                Rule::WeeklyRest,
                u32::try_from(first.max(0)).ok(),
                format!(
                    "{} has no day off with {needed} min of rest in the 7 days from day {first}",
                    self.member.code
                ),
            );
        }
    }

    /// Minutes from the end of the last shift starting before `day` to the start of the first
    /// shift starting after it; `None` when either side is unknown (no such shift).
    fn gap_around(&self, day: u32) -> Option<i64> {
        let before = self
            .shifts
            .iter()
            .filter(|w| w.day < day)
            .map(Worked::end)
            .chain(self.member.history.last_shift_end.map(i64::from))
            .max()?;
        let after = self
            .shifts
            .iter()
            .filter(|w| w.day > day)
            .map(Worked::start)
            .min()?;
        Some(after - before)
    }
}

/// Requests, pay and fairness of one person.
fn add_personal_costs(
    model: &RosterModel,
    member: &RosterStaff,
    shifts: &[Worked<'_>],
    objective: &mut ObjectiveBreakdown,
) {
    let weights = model.weights;
    for request in &member.requests {
        let works_it = shifts.iter().any(|w| {
            w.day == request.day && request.shift.as_ref().is_none_or(|s| *s == w.shift.code)
        });
        let honoured = match request.kind {
            RequestKind::On => works_it,
            RequestKind::Off => !works_it,
        };
        if !honoured {
            objective.requests += weights.requests * request.weight;
        }
    }
    let minutes: u64 = shifts.iter().map(|w| u64::from(w.shift.minutes)).sum();
    objective.pay += weights.pay * member.cost_per_hour * minutes as f64 / 60.0;
    if let Some(target) = member.targets.minutes {
        let distance = (minutes as f64 - f64::from(target)).abs();
        objective.fairness += weights.fairness_per_hour * distance / 60.0;
    }
    if let Some(target) = member.targets.weekends {
        let weekends: BTreeSet<NaiveDate> = shifts
            .iter()
            .filter_map(|w| weekend_of(day_date(model, w.day)?))
            .collect();
        let distance = (weekends.len() as f64 - f64::from(target)).abs();
        objective.fairness += weights.fairness_per_weekend * distance;
    }
}

/// Counts the assignments matching each demand line.
fn cover_lines(model: &RosterModel, roster: &Roster) -> Vec<CoverLine> {
    let mut counts: BTreeMap<(&SiteCode, u32, &ShiftCode, &SkillCode), u32> = BTreeMap::new();
    for a in &roster.assignments {
        *counts
            .entry((&a.site, a.day, &a.shift, &a.skill))
            .or_default() += 1;
    }
    model
        .demands
        .iter()
        .map(|d| CoverLine {
            site: d.site.clone(),
            day: d.day,
            shift: d.shift.clone(),
            skill: d.skill.clone(),
            required: d.required,
            assigned: counts
                .get(&(&d.site, d.day, &d.shift, &d.skill))
                .copied()
                .unwrap_or(0),
        })
        .collect()
}

/// Every pin must appear as an assignment.
fn check_pins(model: &RosterModel, roster: &Roster, violations: &mut Vec<Violation>) {
    for member in &model.staff {
        for pin in &member.pinned {
            let present = roster.assignments.iter().any(|a| {
                a.staff == member.code
                    && a.day == pin.day
                    && a.shift == pin.shift
                    && a.skill == pin.skill
            });
            if !present {
                violations.push(Violation {
                    rule: Rule::PinMissing,
                    staff: Some(member.code.clone()),
                    day: Some(pin.day),
                    message: format!(
                        "{} is pinned to {} as {} on day {} but not rostered",
                        member.code, pin.shift, pin.skill, pin.day
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
