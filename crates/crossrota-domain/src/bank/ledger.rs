//! The working-time ledger across employers: every commitment of one person at any trust (bank
//! bookings and substantive shifts from published rosters or imports), and the rules of the
//! Working Time Regulations a new booking must keep against them (see
//! `shared/reference/working-time.md`):
//!
//! - no overlap with another commitment;
//! - 11 hours' rest between the end of one shift and the start of the next;
//! - 24 hours' uninterrupted rest in each week, or 48 hours in the fortnight around it;
//! - 48 hours a week on average over the reference period (17 weeks by default, 26 where
//!   agreed), counting history before today, unless the person opted out in writing;
//! - the person's own weekly cap, and the longest shift allowed.
//!
//! Everything is computed from real instants, so a late at one trust followed by an early at
//! another is caught, and a night across a clock change counts its real 11 or 13 hours. Weeks
//! run from Monday 00:00 London time.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::bank::time::{Span, hours_and_minutes, local, local_date, start_of_day};
use crate::ids::OrgId;

/// Where a commitment comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommitmentKind {
    /// A bank booking (its id).
    Bank(i64),
    /// A substantive shift from a published roster or an import.
    Substantive,
}

/// One span of time a person is committed to work, at some trust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// When.
    pub span: Span,
    /// The trust it is worked for.
    pub org: OrgId,
    /// Its code, for words ("RWF").
    pub org_code: String,
    /// Where it comes from.
    pub kind: CommitmentKind,
}

impl Commitment {
    /// "a night at RWF", "a shift at RVV (booking 12)".
    fn described(&self) -> String {
        let what = if self.span.is_night() {
            "a night"
        } else {
            "a shift"
        };
        match self.kind {
            CommitmentKind::Bank(id) => format!("{what} at {} (booking {id})", self.org_code),
            CommitmentKind::Substantive => format!("{what} at {}", self.org_code),
        }
    }
}

/// The limits a booking must keep; the defaults are the Regulations'.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WorkingTimeRules {
    /// Rest between the end of one shift and the start of the next.
    pub min_daily_rest: Duration,
    /// Uninterrupted rest in each week.
    pub weekly_rest: Duration,
    /// ... or this much in the fortnight around it.
    pub fortnightly_rest: Duration,
    /// Average weekly hours over the reference period.
    pub max_average_weekly_hours: f64,
    /// Weeks of the reference period (17 by default; 26 where agreed).
    pub reference_weeks: u32,
    /// The longest shift.
    pub max_shift: Duration,
}

impl Default for WorkingTimeRules {
    fn default() -> Self {
        Self {
            min_daily_rest: Duration::hours(11),
            weekly_rest: Duration::hours(24),
            fortnightly_rest: Duration::hours(48),
            max_average_weekly_hours: 48.0,
            reference_weeks: 17,
            max_shift: Duration::hours(13),
        }
    }
}

/// What the ledger needs to know of the person.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PersonalLimits {
    /// Their own cap on hours in a week, if they set one.
    pub weekly_cap_hours: Option<f64>,
    /// Whether they opted out of the 48-hour average in writing.
    pub opted_out_of_average: bool,
}

/// A rule a booking would break, in words a bank office understands (its `Display`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum Breach {
    /// It overlaps another commitment.
    #[error("already working {what} {from}–{to}")]
    Overlap {
        /// The other commitment, described.
        what: String,
        /// Its London start, e.g. "2026-12-14 19:30".
        from: String,
        /// Its London end time.
        to: String,
    },
    /// Too little rest after an earlier commitment.
    #[error("only {rest} rest after {what} ending {ended}")]
    ShortRestAfter {
        /// The rest there would be ("9 h 30").
        rest: String,
        /// The earlier commitment, described.
        what: String,
        /// When it ends, London time ("07:30").
        ended: String,
    },
    /// Too little rest before a later commitment.
    #[error("only {rest} rest before {what} starting {starts}")]
    ShortRestBefore {
        /// The rest there would be.
        rest: String,
        /// The later commitment, described.
        what: String,
        /// When it starts, London time.
        starts: String,
    },
    /// No weekly rest.
    #[error(
        "no {needed} off in the week from {week} (longest break {longest}), nor {fortnight} in \
         the fortnight"
    )]
    WeeklyRest {
        /// Monday of the week.
        week: NaiveDate,
        /// The rest needed in a week.
        needed: String,
        /// The rest needed in a fortnight.
        fortnight: String,
        /// The longest break the week would have.
        longest: String,
    },
    /// Above the 48-hour average.
    #[error(
        "would average {average:.1} h a week over the {weeks} weeks to {until} (limit {limit} h; \
         not opted out)"
    )]
    AverageHours {
        /// The average.
        average: f64,
        /// Weeks averaged over.
        weeks: u32,
        /// The last day of the reference period.
        until: NaiveDate,
        /// The limit.
        limit: f64,
    },
    /// Above the person's own weekly cap.
    #[error("would work {hours:.1} h in the week from {week} (own cap {cap} h)")]
    WeeklyCap {
        /// Monday of the week.
        week: NaiveDate,
        /// Hours in the week with this booking.
        hours: f64,
        /// Their cap.
        cap: f64,
    },
    /// The shift itself is too long.
    #[error("the shift is {length} long (at most {max})")]
    TooLong {
        /// Its real length.
        length: String,
        /// The longest allowed.
        max: String,
    },
}

/// Monday 00:00 London of the week `date` falls in.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// The week from Monday `monday`, as instants (167 or 169 hours across a clock change).
fn week_span(monday: NaiveDate) -> Span {
    Span::new(start_of_day(monday), start_of_day(monday + Days::new(7)))
}

fn hours(d: Duration) -> f64 {
    d.num_seconds() as f64 / 3600.0
}

fn clock(t: DateTime<Utc>) -> String {
    local(t).format("%H:%M").to_string()
}

fn day_and_clock(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// Every rule `shift` would break for a person already committed to `existing` (other
/// bookings of the same batch included). An empty list means it may be booked.
pub fn breaches(
    shift: Span,
    existing: &[Commitment],
    rules: &WorkingTimeRules,
    limits: &PersonalLimits,
) -> Vec<Breach> {
    let mut found = Vec::new();
    if shift.length() > rules.max_shift {
        found.push(Breach::TooLong {
            length: hours_and_minutes(shift.length()),
            max: hours_and_minutes(rules.max_shift),
        });
    }
    for other in existing {
        if other.span.overlaps(&shift) {
            found.push(Breach::Overlap {
                what: other.described(),
                from: day_and_clock(other.span.start),
                to: clock(other.span.end),
            });
        } else if other.span.end <= shift.start {
            let rest = shift.start - other.span.end;
            if rest < rules.min_daily_rest {
                found.push(Breach::ShortRestAfter {
                    rest: hours_and_minutes(rest),
                    what: other.described(),
                    ended: clock(other.span.end),
                });
            }
        } else {
            let rest = other.span.start - shift.end;
            if rest < rules.min_daily_rest {
                found.push(Breach::ShortRestBefore {
                    rest: hours_and_minutes(rest),
                    what: other.described(),
                    starts: clock(other.span.start),
                });
            }
        }
    }
    let mut spans: Vec<Span> = existing.iter().map(|c| c.span).collect();
    spans.push(shift);
    spans.sort();
    for monday in weeks_touched(&shift) {
        if let Some(breach) = weekly_rest(&spans, monday, rules) {
            found.push(breach);
        }
        if let Some(cap) = limits.weekly_cap_hours {
            let worked = hours_in(&spans, &week_span(monday));
            if worked > cap + 1e-9 {
                found.push(Breach::WeeklyCap {
                    week: monday,
                    hours: worked,
                    cap,
                });
            }
        }
    }
    if !limits.opted_out_of_average {
        let last_monday = week_start(local_date(shift.end));
        let first_monday =
            last_monday - Days::new(7 * u64::from(rules.reference_weeks.saturating_sub(1)));
        let period = Span::new(start_of_day(first_monday), week_span(last_monday).end);
        let average = hours_in(&spans, &period) / f64::from(rules.reference_weeks.max(1));
        if average > rules.max_average_weekly_hours + 1e-9 {
            found.push(Breach::AverageHours {
                average,
                weeks: rules.reference_weeks,
                until: last_monday + Days::new(6),
                limit: rules.max_average_weekly_hours,
            });
        }
    }
    found
}

/// Mondays of the weeks a span touches.
fn weeks_touched(span: &Span) -> Vec<NaiveDate> {
    let mut mondays = vec![week_start(local_date(span.start))];
    let last = week_start(local_date(span.end - Duration::seconds(1)));
    while let Some(&monday) = mondays.last() {
        if monday >= last {
            break;
        }
        mondays.push(monday + Days::new(7));
    }
    mondays
}

/// Hours of `spans` (sorted, possibly overlapping) inside `window`, overlaps counted once.
fn hours_in(spans: &[Span], window: &Span) -> f64 {
    merged(spans)
        .iter()
        .filter_map(|s| s.clipped(window))
        .map(|s| hours(s.length()))
        .sum()
}

/// Sorted spans merged where they overlap or touch.
fn merged(spans: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(*s),
        }
    }
    out
}

/// A break between busy spans: from, to; `None` is unbounded ("forever").
type Break = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The breaks between the busy spans, unbounded at either end.
fn breaks(spans: &[Span]) -> Vec<Break> {
    let busy = merged(spans);
    let mut out = Vec::with_capacity(busy.len() + 1);
    let mut free_from = None;
    for s in &busy {
        out.push((free_from, Some(s.start)));
        free_from = Some(s.end);
    }
    out.push((free_from, None));
    out
}

/// The longest break touching `window`, counted whole (a break from Saturday night to Tuesday
/// is weekly rest for both weeks it touches); `None` for an unbounded one.
fn longest_break(spans: &[Span], window: &Span) -> Option<Duration> {
    let mut longest = Duration::zero();
    for (from, to) in breaks(spans) {
        let touches = from.is_none_or(|f| f < window.end) && to.is_none_or(|t| t > window.start);
        if !touches {
            continue;
        }
        match (from, to) {
            (Some(f), Some(t)) => longest = longest.max(t - f),
            _ => return None,
        }
    }
    Some(longest)
}

/// The weekly-rest breach of the week from `monday`, if it has one: no break of 24 h touches
/// the week, and neither fortnight around it (with the week before, or after) has one of 48 h.
fn weekly_rest(spans: &[Span], monday: NaiveDate, rules: &WorkingTimeRules) -> Option<Breach> {
    let week = week_span(monday);
    let longest = longest_break(spans, &week)?;
    if longest >= rules.weekly_rest {
        return None;
    }
    let before = Span::new(week_span(monday - Days::new(7)).start, week.end);
    let after = Span::new(week.start, week_span(monday + Days::new(7)).end);
    let fortnight_ok =
        |span: &Span| longest_break(spans, span).is_none_or(|l| l >= rules.fortnightly_rest);
    if fortnight_ok(&before) || fortnight_ok(&after) {
        return None;
    }
    Some(Breach::WeeklyRest {
        week: monday,
        needed: hours_and_minutes(rules.weekly_rest),
        fortnight: hours_and_minutes(rules.fortnightly_rest),
        longest: hours_and_minutes(longest),
    })
}

#[cfg(test)]
mod tests;
