//! Shift times as the people who work them live them: wall-clock times in Europe/London,
//! stored as instants. A night across the October clock change is 13 hours long and one across
//! the March change 11, and pay and rest follow the real length.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

/// Why a wall-clock time is not one instant in London.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    /// The clocks skip it (01:00–02:00 on the last Sunday of March).
    #[error("{0} does not exist in London (the clocks go forward)")]
    Skipped(NaiveDateTime),
}

/// The instant of a London wall-clock time. A time the clocks pass twice (01:00–02:00 on the
/// last Sunday of October) is its first occurrence, in summer time: a night shift written as
/// starting at 01:30 that day starts before the change.
pub fn london(local: NaiveDateTime) -> Result<DateTime<Utc>, LocalTimeError> {
    match London.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(LocalTimeError::Skipped(local)),
    }
}

/// The London wall-clock time of an instant.
pub fn local(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&London).naive_local()
}

/// The London date an instant falls on.
pub fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    local(instant).date()
}

/// Midnight at the start of a London date, as an instant (midnight always exists in London).
pub fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    london(date.and_time(NaiveTime::MIN))
        .unwrap_or_else(|_| date.and_time(NaiveTime::MIN).and_utc())
}

/// A span of time a person works or is committed, between two instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First instant.
    pub start: DateTime<Utc>,
    /// First instant after it.
    pub end: DateTime<Utc>,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self { start, end }
    }

    /// A span between two London wall-clock times.
    pub fn london(start: NaiveDateTime, end: NaiveDateTime) -> Result<Self, LocalTimeError> {
        Ok(Self::new(london(start)?, london(end)?))
    }

    /// Real length (an 8 p.m. to 8 a.m. night across the October change is 13 h).
    pub fn length(&self) -> chrono::Duration {
        self.end - self.start
    }

    /// Whether the two spans share any instant.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The part of this span inside `window`, if any.
    pub fn clipped(&self, window: &Span) -> Option<Span> {
        let start = self.start.max(window.start);
        let end = self.end.min(window.end);
        (start < end).then_some(Span { start, end })
    }

    /// Hours worked in the night period 23:00–06:00 London time.
    pub fn night_hours(&self) -> f64 {
        let mut hours = 0.0;
        let mut day = local_date(self.start).pred_opt().unwrap_or(NaiveDate::MIN);
        let last = local_date(self.end);
        while day <= last {
            let (Some(eleven), Some(next)) = (day.and_hms_opt(23, 0, 0), day.succ_opt()) else {
                break;
            };
            let Some(six) = next.and_hms_opt(6, 0, 0) else {
                break;
            };
            if let (Ok(from), Ok(to)) = (london(eleven), london(six))
                && let Some(part) = self.clipped(&Span::new(from, to))
            {
                hours += part.length().num_seconds() as f64 / 3600.0;
            }
            day = next;
        }
        hours
    }

    /// A night shift: at least 3 hours in the night period, as the regulations count.
    pub fn is_night(&self) -> bool {
        self.night_hours() >= 3.0
    }
}

/// A duration in words: "9 h 30", "11 h".
pub fn hours_and_minutes(d: chrono::Duration) -> String {
    let minutes = d.num_minutes().max(0);
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .expect("a valid time")
    }

    #[test]
    fn nights_across_the_clock_changes_are_eleven_and_thirteen_hours() {
        // 2026: clocks go forward on Sunday 29 March, back on Sunday 25 October.
        let spring = Span::london(at(2026, 3, 28, 20, 0), at(2026, 3, 29, 8, 0)).expect("exists");
        assert_eq!(spring.length(), chrono::Duration::hours(11));
        let autumn = Span::london(at(2026, 10, 24, 20, 0), at(2026, 10, 25, 8, 0)).expect("exists");
        assert_eq!(autumn.length(), chrono::Duration::hours(13));
        let ordinary =
            Span::london(at(2026, 12, 14, 20, 0), at(2026, 12, 15, 8, 0)).expect("exists");
        assert_eq!(ordinary.length(), chrono::Duration::hours(12));
        assert!(autumn.is_night() && spring.is_night());
    }

    #[test]
    fn skipped_times_are_refused_and_doubled_ones_take_the_first() {
        assert!(matches!(
            london(at(2026, 3, 29, 1, 30)),
            Err(LocalTimeError::Skipped(_))
        ));
        let doubled = london(at(2026, 10, 25, 1, 30)).expect("exists twice");
        // The first 01:30 is summer time: 00:30 UTC.
        assert_eq!(doubled, at(2026, 10, 25, 0, 30).and_utc());
        assert_eq!(local(doubled), at(2026, 10, 25, 1, 30));
    }

    #[test]
    fn midnight_splits_the_dates_and_night_hours_count_london_time() {
        let late = Span::london(at(2026, 12, 14, 14, 30), at(2026, 12, 14, 23, 0)).expect("exists");
        assert_eq!(late.night_hours(), 0.0);
        assert!(!late.is_night());
        let summer_night =
            Span::london(at(2026, 7, 1, 22, 0), at(2026, 7, 2, 2, 0)).expect("exists");
        assert_eq!(summer_night.night_hours(), 3.0);
        assert_eq!(
            local_date(summer_night.end),
            NaiveDate::from_ymd_opt(2026, 7, 2).expect("d")
        );
        assert_eq!(hours_and_minutes(chrono::Duration::minutes(570)), "9 h 30");
        assert_eq!(hours_and_minutes(chrono::Duration::hours(11)), "11 h");
    }
}
