//! Calendar facts the roster rules and figures share.

use chrono::{Datelike, NaiveDate, Weekday};

/// The Saturday that identifies the weekend a date belongs to, if it is a Saturday or Sunday.
/// Weekend rules, weekend counts and fairness figures all count weekends this way.
pub fn weekend_of(date: NaiveDate) -> Option<NaiveDate> {
    match date.weekday() {
        Weekday::Sat => Some(date),
        Weekday::Sun => date.pred_opt(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weekend_is_named_by_its_saturday() {
        let sat = NaiveDate::from_ymd_opt(2026, 12, 12).expect("a date");
        assert_eq!(weekend_of(sat), Some(sat));
        assert_eq!(weekend_of(sat.succ_opt().expect("sunday")), Some(sat));
        assert_eq!(weekend_of(sat.pred_opt().expect("friday")), None);
    }
}
