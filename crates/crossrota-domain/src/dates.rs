//! Date helpers: inclusive date ranges and month arithmetic for refresher periods.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::FieldErrors;

/// An inclusive range of calendar days that cannot be built inverted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

impl DateRange {
    /// Builds `[from, to]`; `to` before `from` is an error on field `to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, FieldErrors> {
        if to < from {
            return Err(FieldErrors::single("to", "before from"));
        }
        Ok(Self { from, to })
    }

    /// A one-day range.
    pub fn day(d: NaiveDate) -> Self {
        Self { from: d, to: d }
    }

    /// First day, inclusive.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Last day, inclusive.
    pub fn to(&self) -> NaiveDate {
        self.to
    }
}

/// `date` plus `months` calendar months, clamped to the month end (31 Jan + 1 month = 28/29 Feb).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}
