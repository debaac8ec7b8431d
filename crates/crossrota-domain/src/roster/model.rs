//! The roster model: everything the roster engine needs to know to build and judge a roster.
//!
//! A model is plain data (it round-trips through JSON), so a planning problem can be saved,
//! shared between trusts and replayed. Conventions used throughout:
//!
//! * A **day** is an index into the horizon, `0..horizon.days`; day 0 is `horizon.start`.
//! * A shift **belongs to the day it starts on**. A person *works* day `d` when one of their
//!   shifts starts on `d`; a night shift that ends on `d + 1` does not make `d + 1` a working day,
//!   but its real end time still counts for rest rules.
//! * **Times** are minutes. A shift of type `t` on day `d` occupies the clock interval
//!   `[d·1440 + start(t), d·1440 + start(t) + minutes(t))`, measured from midnight at the start of
//!   the horizon. Local clock time is used as is (no daylight-saving adjustment).
//! * A **weekend** is the Saturday and Sunday of one calendar week; it is worked when either day
//!   is worked. A horizon that starts on a Sunday has a first weekend of one day.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::ids::OrgId;
use crate::roster::codes::{ShiftCode, SiteCode, SkillCode, StaffCode};

/// Minutes in one day.
pub const MINUTES_PER_DAY: u32 = 1440;

/// The default minimum rest between two shifts: 11 hours (Working Time Regulations).
pub const DEFAULT_MIN_REST_MINUTES: u32 = 11 * 60;

/// The default weekly rest: 24 uninterrupted hours in every 7 days (Working Time Regulations).
pub const DEFAULT_WEEKLY_REST_MINUTES: u32 = 24 * 60;

/// A complete planning problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterModel {
    /// The days being planned.
    pub horizon: Horizon,
    /// Places where shifts happen.
    pub sites: Vec<Site>,
    /// The kinds of shift, each at one site.
    pub shift_types: Vec<ShiftType>,
    /// How many people of which skill each shift needs, and what a gap costs.
    pub demands: Vec<Demand>,
    /// The people who can be rostered.
    pub staff: Vec<RosterStaff>,
    /// How the objective terms are weighed against each other.
    #[serde(default)]
    pub weights: ObjectiveWeights,
}

/// The planning period: `days` consecutive calendar days from `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Horizon {
    /// Calendar date of day 0.
    pub start: NaiveDate,
    /// Number of days; day indexes run `0..days`.
    pub days: u32,
}

impl Horizon {
    /// Calendar date of day `day`, or `None` past the end of the calendar.
    pub fn date(&self, day: u32) -> Option<NaiveDate> {
        self.start.checked_add_days(Days::new(u64::from(day)))
    }

    /// Whether `day` lies inside the horizon.
    pub fn contains(&self, day: u32) -> bool {
        day < self.days
    }
}

/// A place where shifts happen, owned by one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// Code used by shift types, demands and staff.
    pub code: SiteCode,
    /// The organisation (trust) running the site.
    pub org: OrgId,
    /// Human name, e.g. `Ward 7, St Elsewhere`.
    pub name: String,
}

/// A kind of shift at one site, with real clock times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftType {
    /// Unique across all sites of the model.
    pub code: ShiftCode,
    /// Where the shift is worked.
    pub site: SiteCode,
    /// Local clock time at which it starts.
    pub start: NaiveTime,
    /// Paid length in minutes; at most 24 hours.
    pub minutes: u32,
}

impl ShiftType {
    /// Minutes after midnight at which the shift starts.
    pub fn start_minute(&self) -> u32 {
        self.start.hour() * 60 + self.start.minute()
    }

    /// Whether the shift ends on a later calendar day than it starts.
    pub fn crosses_midnight(&self) -> bool {
        self.start_minute() + self.minutes > MINUTES_PER_DAY
    }
}

/// The need for people of one skill on one shift on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Demand {
    /// Site of the shift.
    pub site: SiteCode,
    /// Day index.
    pub day: u32,
    /// Shift type; must belong to `site`.
    pub shift: ShiftCode,
    /// Skill each of these people must hold.
    pub skill: SkillCode,
    /// How many people are wanted. Signed so that a bad count is reported, not rejected by
    /// the parser.
    pub required: i32,
    /// Cost of each missing person, e.g. the agency rate for filling the gap.
    pub cost_per_missing: f64,
    /// Cost of each person beyond `required`.
    pub cost_per_extra: f64,
    /// If set, at least this many people must be rostered (a hard rule).
    #[serde(default)]
    pub hard_minimum: Option<i32>,
}

/// One person who can be rostered, with their rules and wishes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterStaff {
    /// Unique within the model.
    pub code: StaffCode,
    /// The organisation that employs them.
    pub home_org: OrgId,
    /// Sites they may work at (their own and any shared under an agreement).
    pub sites: Vec<SiteCode>,
    /// Skills they hold and the dates between which each counts.
    pub skills: Vec<SkillGrant>,
    /// Days on which they cannot work at all (leave, training, another employer).
    #[serde(default)]
    pub unavailable_days: Vec<u32>,
    /// Wishes to work or not work particular shifts; soft.
    #[serde(default)]
    pub requests: Vec<ShiftRequest>,
    /// Assignments that must appear in the roster.
    #[serde(default)]
    pub pinned: Vec<Pin>,
    /// Cost of one hour of their time.
    #[serde(default)]
    pub cost_per_hour: f64,
    /// Hard working-time and contract rules.
    #[serde(default)]
    pub rules: WorkRules,
    /// What they worked just before the horizon, so rules can look back across its start.
    #[serde(default)]
    pub history: CarriedHistory,
    /// Fair-share targets used by the fairness objective term.
    #[serde(default)]
    pub targets: FairnessTargets,
}

/// A skill a person holds, valid between two dates (both inclusive; `None` = open-ended).
///
/// `eligible_until` is typically the day before a passport credential expires, so a person
/// drops out of skill-restricted shifts the day their training lapses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillGrant {
    /// The skill.
    pub skill: SkillCode,
    /// First day it counts.
    #[serde(default)]
    pub eligible_from: Option<NaiveDate>,
    /// Last day it counts.
    #[serde(default)]
    pub eligible_until: Option<NaiveDate>,
}

impl SkillGrant {
    /// A grant with no date limits.
    pub fn always(skill: SkillCode) -> Self {
        Self {
            skill,
            eligible_from: None,
            eligible_until: None,
        }
    }
}

/// Whether a request asks to work or not to work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Costs `weight` when the person does *not* work the shift.
    On,
    /// Costs `weight` when the person *does* work the shift.
    Off,
}

/// A soft wish about one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftRequest {
    /// Day index.
    pub day: u32,
    /// The shift meant; `None` means any shift (a wish to work that day, or a day off).
    #[serde(default)]
    pub shift: Option<ShiftCode>,
    /// On or off.
    pub kind: RequestKind,
    /// Cost of not honouring it.
    pub weight: f64,
}

/// An assignment fixed in advance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// Day index.
    pub day: u32,
    /// Shift type.
    pub shift: ShiftCode,
    /// Skill they work as.
    pub skill: SkillCode,
}

/// A shift type that may not be followed by another on the next day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Succession {
    /// Shift on day `d`.
    pub first: ShiftCode,
    /// Shift that may not be worked on day `d + 1`.
    pub next: ShiftCode,
}

/// Hard rules for one person. `None` switches a rule off.
///
/// Run rules (`min_consecutive_days`, `min_consecutive_days_off`) ignore runs that touch the
/// first or last day of the horizon, because their true length is not known there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkRules {
    /// Most shifts of each listed type over the horizon; unlisted types are unlimited.
    #[serde(default)]
    pub max_shifts_per_type: BTreeMap<ShiftCode, u32>,
    /// Fewest minutes over the horizon.
    #[serde(default)]
    pub min_total_minutes: Option<u32>,
    /// Most minutes over the horizon.
    #[serde(default)]
    pub max_total_minutes: Option<u32>,
    /// Most minutes of shifts starting in any 7 consecutive days (carried-in days count).
    #[serde(default)]
    pub max_minutes_per_7_days: Option<u32>,
    /// Longest run of working days (carried-in working days count).
    #[serde(default)]
    pub max_consecutive_days: Option<u32>,
    /// Shortest run of working days.
    #[serde(default)]
    pub min_consecutive_days: Option<u32>,
    /// Shortest run of days off.
    #[serde(default)]
    pub min_consecutive_days_off: Option<u32>,
    /// Most weekends worked.
    #[serde(default)]
    pub max_weekends: Option<u32>,
    /// Least time between the end of one shift and the start of the next. Shifts may never
    /// overlap, even when this is `None`.
    #[serde(default = "default_min_rest")]
    pub min_rest_minutes: Option<u32>,
    /// Weekly rest: every 7 consecutive days must contain a *rest day*, a day off such that the
    /// time from the end of the shift before it to the start of the shift after it is at least
    /// this long (at most 24 h). Days before the horizon count as worked for
    /// `history.consecutive_days_worked` days and as rest days before that.
    #[serde(default = "default_weekly_rest")]
    pub weekly_rest_minutes: Option<u32>,
    /// Shift pairs that may not be worked on consecutive days.
    #[serde(default)]
    pub forbidden_successions: Vec<Succession>,
}

fn default_min_rest() -> Option<u32> {
    Some(DEFAULT_MIN_REST_MINUTES)
}

fn default_weekly_rest() -> Option<u32> {
    Some(DEFAULT_WEEKLY_REST_MINUTES)
}

impl Default for WorkRules {
    /// No contract limits, but the statutory daily and weekly rest.
    fn default() -> Self {
        Self {
            max_shifts_per_type: BTreeMap::new(),
            min_total_minutes: None,
            max_total_minutes: None,
            max_minutes_per_7_days: None,
            max_consecutive_days: None,
            min_consecutive_days: None,
            min_consecutive_days_off: None,
            max_weekends: None,
            min_rest_minutes: default_min_rest(),
            weekly_rest_minutes: default_weekly_rest(),
            forbidden_successions: Vec::new(),
        }
    }
}

impl WorkRules {
    /// No rules at all, not even statutory rest; a starting point for benchmark imports.
    pub fn none() -> Self {
        Self {
            min_rest_minutes: None,
            weekly_rest_minutes: None,
            ..Self::default()
        }
    }
}

/// What a person worked just before the horizon.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CarriedHistory {
    /// Length of the run of working days that ends on the day before the horizon.
    #[serde(default)]
    pub consecutive_days_worked: u32,
    /// Minutes of shifts that started on each day before the horizon, most recent first
    /// (`[day −1, day −2, …]`); only the first six matter.
    #[serde(default)]
    pub recent_minutes: Vec<u32>,
    /// When their last shift ended, in minutes from the start of day 0 (negative = before the
    /// horizon; positive when a night shift runs into day 0). `None` = unknown, no rest limit.
    #[serde(default)]
    pub last_shift_end: Option<i32>,
}

/// Fair-share targets for one person; the objective charges the distance from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FairnessTargets {
    /// Minutes they should work over the horizon.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// Weekends they should work.
    #[serde(default)]
    pub weekends: Option<u32>,
}

/// Multipliers of the objective terms; the objective is minimised.
///
/// `objective = uncovered·Σ cost_per_missing·missing + over_cover·Σ cost_per_extra·extra
///  + requests·Σ weight of requests not honoured + pay·Σ cost_per_hour·hours
///  + fairness_per_hour·Σ |minutes − target|/60 + fairness_per_weekend·Σ |weekends − target|`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveWeights {
    /// Multiplies each demand's cost per missing person.
    pub uncovered: f64,
    /// Multiplies each demand's cost per extra person.
    pub over_cover: f64,
    /// Multiplies request weights.
    pub requests: f64,
    /// Multiplies pay (cost per hour × hours).
    pub pay: f64,
    /// Cost of each hour between a person's worked minutes and their target.
    pub fairness_per_hour: f64,
    /// Cost of each weekend between a person's worked weekends and their target.
    pub fairness_per_weekend: f64,
}

impl Default for ObjectiveWeights {
    /// Every cost counts once; fairness is off until targets and weights are chosen.
    fn default() -> Self {
        Self {
            uncovered: 1.0,
            over_cover: 1.0,
            requests: 1.0,
            pay: 1.0,
            fairness_per_hour: 0.0,
            fairness_per_weekend: 0.0,
        }
    }
}

/// One person working one shift on one day, as one skill.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Assignment {
    /// Who.
    pub staff: StaffCode,
    /// Day index.
    pub day: u32,
    /// Site of the shift.
    pub site: SiteCode,
    /// Shift type.
    pub shift: ShiftCode,
    /// Skill they cover.
    pub skill: SkillCode,
}

/// A roster: the list of assignments. Days without an assignment are days off.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Roster {
    /// The assignments, in no particular order.
    pub assignments: Vec<Assignment>,
}

impl Roster {
    /// A roster from assignments, sorted so that equal rosters compare equal.
    pub fn new(mut assignments: Vec<Assignment>) -> Self {
        assignments.sort();
        Self { assignments }
    }
}

impl RosterModel {
    /// The shift type with this code.
    pub fn shift_type(&self, code: &ShiftCode) -> Option<&ShiftType> {
        self.shift_types.iter().find(|s| &s.code == code)
    }

    /// The site with this code.
    pub fn site(&self, code: &SiteCode) -> Option<&Site> {
        self.sites.iter().find(|s| &s.code == code)
    }

    /// The member of staff with this code.
    pub fn staff_member(&self, code: &StaffCode) -> Option<&RosterStaff> {
        self.staff.iter().find(|s| &s.code == code)
    }
}
