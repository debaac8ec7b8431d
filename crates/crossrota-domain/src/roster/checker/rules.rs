//! The catalogue of hard rules a roster must keep, each with a stable code and a description
//! for planners, and the violation the checker reports when one is broken.

use serde::{Deserialize, Serialize};

use crate::roster::codes::StaffCode;

/// The hard rules, each with a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rule {
    /// The assignment names a member of staff, site or shift type the model does not have.
    UnknownReference,
    /// The assignment's day is outside the horizon.
    OutsideHorizon,
    /// The assignment's site is not the site of its shift type.
    SiteMismatch,
    /// More than one shift starts on the same day for one person.
    DoubleBooked,
    /// A shift on a day the person is unavailable.
    Unavailable,
    /// A shift at a site the person may not work at.
    SiteNotAllowed,
    /// A shift as a skill the person does not hold on that day.
    SkillNotEligible,
    /// A shift and skill for which the model has no demand on that day.
    NoDemand,
    /// A shift followed on the next day by one that may not follow it.
    ForbiddenSuccession,
    /// Two shifts that overlap or leave less than the minimum rest between them.
    MinRest,
    /// More shifts of one type than allowed.
    MaxShiftsOfType,
    /// More minutes over the horizon than allowed.
    MaxTotalMinutes,
    /// Fewer minutes over the horizon than required.
    MinTotalMinutes,
    /// More minutes in some 7 consecutive days than allowed.
    MaxMinutesPer7Days,
    /// A run of working days longer than allowed.
    MaxConsecutiveDays,
    /// A run of working days shorter than required.
    MinConsecutiveDays,
    /// A run of days off shorter than required.
    MinConsecutiveDaysOff,
    /// More weekends worked than allowed.
    MaxWeekends,
    /// Some 7 consecutive days without a rest day.
    WeeklyRest,
    /// A pinned assignment is not in the roster.
    PinMissing,
    /// Fewer people on a shift than its hard minimum.
    HardMinimumCover,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 21] = [
        Self::UnknownReference,
        Self::OutsideHorizon,
        Self::SiteMismatch,
        Self::DoubleBooked,
        Self::Unavailable,
        Self::SiteNotAllowed,
        Self::SkillNotEligible,
        Self::NoDemand,
        Self::ForbiddenSuccession,
        Self::MinRest,
        Self::MaxShiftsOfType,
        Self::MaxTotalMinutes,
        Self::MinTotalMinutes,
        Self::MaxMinutesPer7Days,
        Self::MaxConsecutiveDays,
        Self::MinConsecutiveDays,
        Self::MinConsecutiveDaysOff,
        Self::MaxWeekends,
        Self::WeeklyRest,
        Self::PinMissing,
        Self::HardMinimumCover,
    ];

    /// Stable code, for logs, APIs and the violation index.
    pub fn code(self) -> &'static str {
        match self {
            Self::UnknownReference => "UNKNOWN_REFERENCE",
            Self::OutsideHorizon => "OUTSIDE_HORIZON",
            Self::SiteMismatch => "SITE_MISMATCH",
            Self::DoubleBooked => "DOUBLE_BOOKED",
            Self::Unavailable => "UNAVAILABLE",
            Self::SiteNotAllowed => "SITE_NOT_ALLOWED",
            Self::SkillNotEligible => "SKILL_NOT_ELIGIBLE",
            Self::NoDemand => "NO_DEMAND",
            Self::ForbiddenSuccession => "FORBIDDEN_SUCCESSION",
            Self::MinRest => "MIN_REST",
            Self::MaxShiftsOfType => "MAX_SHIFTS_OF_TYPE",
            Self::MaxTotalMinutes => "MAX_TOTAL_MINUTES",
            Self::MinTotalMinutes => "MIN_TOTAL_MINUTES",
            Self::MaxMinutesPer7Days => "MAX_MINUTES_PER_7_DAYS",
            Self::MaxConsecutiveDays => "MAX_CONSECUTIVE_DAYS",
            Self::MinConsecutiveDays => "MIN_CONSECUTIVE_DAYS",
            Self::MinConsecutiveDaysOff => "MIN_CONSECUTIVE_DAYS_OFF",
            Self::MaxWeekends => "MAX_WEEKENDS",
            Self::WeeklyRest => "WEEKLY_REST",
            Self::PinMissing => "PIN_MISSING",
            Self::HardMinimumCover => "HARD_MINIMUM_COVER",
        }
    }

    /// What usually causes the violation and how to fix it: the violation index.
    pub fn help(self) -> &'static str {
        match self {
            Self::UnknownReference => {
                "The roster names a person, site or shift the model lacks; fix the roster or add the item."
            }
            Self::OutsideHorizon => "The day is past the plan's end; move or drop the assignment.",
            Self::SiteMismatch => "The site differs from the shift's site; use the shift's site.",
            Self::DoubleBooked => "Two shifts start the same day; keep one.",
            Self::Unavailable => {
                "The person is on leave or elsewhere; take them off or update their availability."
            }
            Self::SiteNotAllowed => {
                "No agreement lets the person work at that site; choose someone else or add the site."
            }
            Self::SkillNotEligible => {
                "The skill is not held that day, often a lapsed passport credential; renew it or use someone else."
            }
            Self::NoDemand => {
                "Nobody is wanted on that shift with that skill; remove the assignment."
            }
            Self::ForbiddenSuccession => {
                "The next day's shift may not follow this one (e.g. early after late); change either."
            }
            Self::MinRest => {
                "Too little rest between shifts (11 h by default) or overlapping shifts; move one shift."
            }
            Self::MaxShiftsOfType => "Too many shifts of one type; give some to others.",
            Self::MaxTotalMinutes => "Above contracted hours; remove shifts or agree overtime.",
            Self::MinTotalMinutes => "Below contracted hours; add shifts.",
            Self::MaxMinutesPer7Days => "Too many hours within 7 days; spread the shifts out.",
            Self::MaxConsecutiveDays => {
                "Too many days in a row (history counts); insert a day off."
            }
            Self::MinConsecutiveDays => {
                "An isolated short run of working days; extend or remove it."
            }
            Self::MinConsecutiveDaysOff => "A break too short to rest; lengthen it or close it.",
            Self::MaxWeekends => "Too many weekends worked; free a weekend.",
            Self::WeeklyRest => {
                "No 24 h rest in some 7 days (Working Time Regulations); add a day off with a long gap."
            }
            Self::PinMissing => "A fixed assignment was dropped; put it back.",
            Self::HardMinimumCover => {
                "Fewer people than the safe minimum; add staff, bank or agency cover."
            }
        }
    }

    /// Inverse of [`Rule::code`].
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// One broken hard rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Which rule.
    pub rule: Rule,
    /// The person concerned, if the rule is about one person.
    pub staff: Option<StaffCode>,
    /// The first day concerned, if any.
    pub day: Option<u32>,
    /// What happened, for a planner.
    pub message: String,
}
