//! The solver's own reading of a roster model: dense indexes, clock times and, for every
//! person and day, the shift-and-skill options they could possibly be given.
//!
//! Options that could never appear in a feasible roster (unavailable day, wrong site, skill
//! not held that day, no demand, a type capped at zero, too close to the last shift before the
//! horizon) get no variable at all, which keeps the MIP small.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Timelike, Weekday};
use crossrota_domain::roster::{RosterModel, RosterStaff, ShiftCode, SkillCode};

/// Minutes in a day, as a signed number for clock arithmetic.
pub(crate) const DAY: i64 = 1440;

/// A shift type with its clock times.
pub(crate) struct ShiftInfo {
    pub(crate) code: ShiftCode,
    /// Minutes after midnight.
    pub(crate) start: i64,
    pub(crate) minutes: i64,
}

impl ShiftInfo {
    /// Start on `day`, in minutes from the start of the horizon.
    pub(crate) fn start_on(&self, day: usize) -> i64 {
        day as i64 * DAY + self.start
    }

    /// End when started on `day`.
    pub(crate) fn end_on(&self, day: usize) -> i64 {
        self.start_on(day) + self.minutes
    }
}

/// One way a person can work a day.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Opt {
    pub(crate) shift: usize,
    pub(crate) skill: usize,
    pub(crate) demand: usize,
}

/// A person's options and pins.
pub(crate) struct StaffIndex {
    /// `options[day]`: what they may work that day.
    pub(crate) options: Vec<Vec<Opt>>,
    /// `pinned[day]`: the option index they must work, if pinned.
    pub(crate) pinned: Vec<Option<usize>>,
}

/// Why a model cannot be indexed (validation normally catches these first).
#[derive(Debug)]
pub(crate) struct PinWithoutOption {
    pub(crate) staff: String,
    pub(crate) day: u32,
}

/// Everything the formulation needs, by index.
pub(crate) struct Index<'m> {
    pub(crate) model: &'m RosterModel,
    pub(crate) days: usize,
    pub(crate) shifts: Vec<ShiftInfo>,
    pub(crate) skills: Vec<SkillCode>,
    pub(crate) staff: Vec<StaffIndex>,
    /// Days of each weekend (Saturday and Sunday of one week) inside the horizon.
    pub(crate) weekends: Vec<Vec<usize>>,
}

impl<'m> Index<'m> {
    /// Indexes a validated model.
    pub(crate) fn new(model: &'m RosterModel) -> Result<Self, PinWithoutOption> {
        let days = model.horizon.days as usize;
        let shifts: Vec<ShiftInfo> = model
            .shift_types
            .iter()
            .map(|s| ShiftInfo {
                code: s.code.clone(),
                start: i64::from(s.start.hour()) * 60 + i64::from(s.start.minute()),
                minutes: i64::from(s.minutes),
            })
            .collect();
        let mut skills: Vec<SkillCode> = model.demands.iter().map(|d| d.skill.clone()).collect();
        skills.sort();
        skills.dedup();
        let shift_ix = |code: &ShiftCode| shifts.iter().position(|s| &s.code == code);
        let mut demand_of = BTreeMap::new();
        for (i, d) in model.demands.iter().enumerate() {
            let shift = shift_ix(&d.shift).unwrap_or(0);
            let skill = skills.binary_search(&d.skill).unwrap_or(0);
            demand_of.insert((d.day as usize, shift, skill), i);
        }
        let dates: Vec<Option<NaiveDate>> =
            (0..days).map(|d| model.horizon.date(d as u32)).collect();
        let mut staff = Vec::new();
        for member in &model.staff {
            let options: Vec<Vec<Opt>> = (0..days)
                .map(|day| {
                    let mut opts = Vec::new();
                    for (shift, info) in shifts.iter().enumerate() {
                        for (skill, skill_code) in skills.iter().enumerate() {
                            let Some(&demand) = demand_of.get(&(day, shift, skill)) else {
                                continue;
                            };
                            if may_work(model, member, day, dates[day], info, skill_code) {
                                opts.push(Opt {
                                    shift,
                                    skill,
                                    demand,
                                });
                            }
                        }
                    }
                    opts
                })
                .collect();
            let mut pinned = vec![None; days];
            for pin in &member.pinned {
                let day = pin.day as usize;
                let found = options.get(day).and_then(|opts| {
                    opts.iter().position(|o| {
                        shifts[o.shift].code == pin.shift && skills[o.skill] == pin.skill
                    })
                });
                match (found, pinned.get_mut(day)) {
                    (Some(o), Some(slot)) => *slot = Some(o),
                    _ => {
                        return Err(PinWithoutOption {
                            staff: member.code.to_string(),
                            day: pin.day,
                        });
                    }
                }
            }
            staff.push(StaffIndex { options, pinned });
        }
        let mut weekends: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
        for (day, date) in dates.iter().enumerate() {
            let Some(date) = date else { continue };
            let saturday = match date.weekday() {
                Weekday::Sat => Some(*date),
                Weekday::Sun => date.pred_opt(),
                _ => None,
            };
            if let Some(saturday) = saturday {
                weekends.entry(saturday).or_default().push(day);
            }
        }
        Ok(Self {
            model,
            days,
            shifts,
            skills,
            staff,
            weekends: weekends.into_values().collect(),
        })
    }
}

/// Whether `member` could ever work `shift` as `skill` on `day`, judged on that day alone.
fn may_work(
    model: &RosterModel,
    member: &RosterStaff,
    day: usize,
    date: Option<NaiveDate>,
    shift: &ShiftInfo,
    skill: &SkillCode,
) -> bool {
    let Some(date) = date else { return false };
    let Some(shift_type) = model.shift_type(&shift.code) else {
        return false;
    };
    let skilled = member.skills.iter().any(|g| {
        &g.skill == skill
            && g.eligible_from.is_none_or(|f| f <= date)
            && g.eligible_until.is_none_or(|u| date <= u)
    });
    let capped_at_zero = member.rules.max_shifts_per_type.get(&shift.code) == Some(&0);
    let rest = i64::from(member.rules.min_rest_minutes.unwrap_or(0));
    let too_soon = member
        .history
        .last_shift_end
        .is_some_and(|end| shift.start_on(day) - i64::from(end) < rest);
    skilled
        && !capped_at_zero
        && !too_soon
        && member.sites.contains(&shift_type.site)
        && !member.unavailable_days.contains(&(day as u32))
}
