//! Day arithmetic that never panics: the generator dates everything relative to `as_of`.

use chrono::{Days, Months, NaiveDate};
use crossrota_domain::dates::add_months;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The first achievement day whose expiry (`day + months`, month-end clamped) is after
/// `threshold`. Searched forward from a little before the naive answer, because month-end
/// clamping makes the inverse of [`add_months`] inexact.
pub(super) fn first_day_lapsing_after(threshold: NaiveDate, months: u32) -> NaiveDate {
    let mut day = threshold
        .checked_sub_months(Months::new(months))
        .map_or(NaiveDate::MIN, |d| days_before(d, 4));
    while day < threshold && add_months(day, months) <= threshold {
        day = day.succ_opt().unwrap_or(threshold);
    }
    day
}

pub(super) fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

pub(super) fn days_after(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// A uniformly drawn day in `[from, to]`; `from` when the range is empty.
pub(super) fn day_between(rng: &mut ChaCha8Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = u64::try_from(to.signed_duration_since(from).num_days()).unwrap_or(0);
    days_after(from, rng.random_range(0..=span))
}
