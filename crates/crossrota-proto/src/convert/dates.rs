//! Dates as `"YYYY-MM-DD"` text (empty = absent) and instants as `google.protobuf.Timestamp`.

use chrono::{DateTime, NaiveDate, Utc};
use crossrota_domain::FieldErrors;
use crossrota_domain::dates::DateRange;

use crate::crossrota::v1 as pb;

/// The one wire format for calendar days.
const DATE_FORMAT: &str = "%Y-%m-%d";

/// Parses an optional date: empty (or blank) is `None`; anything but exactly `YYYY-MM-DD`
/// naming a real day is an error on `path`.
///
/// Stricter than chrono's parser, which also takes `2026-7-1` and signed years: one spelling
/// per day keeps stored and compared dates unambiguous.
pub fn parse_date(path: &str, text: &str) -> Result<Option<NaiveDate>, FieldErrors> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(FieldErrors::single(
            path,
            "not a date (expected YYYY-MM-DD)",
        ));
    }
    NaiveDate::parse_from_str(text, DATE_FORMAT)
        .map(Some)
        .map_err(|_| FieldErrors::single(path, "not a date (no such day)"))
}

/// Parses a required date: empty is `path: required`.
pub fn required_date(path: &str, text: &str) -> Result<NaiveDate, FieldErrors> {
    parse_date(path, text)?.ok_or_else(|| FieldErrors::single(path, "required"))
}

/// A day as `YYYY-MM-DD`.
pub fn date_text(date: NaiveDate) -> String {
    date.format(DATE_FORMAT).to_string()
}

/// An optional day as `YYYY-MM-DD`, or the empty string for `None`.
pub fn optional_date_text(date: Option<NaiveDate>) -> String {
    date.map(date_text).unwrap_or_default()
}

/// An instant as a protobuf timestamp (a leap second is clamped into the valid nanos range).
pub fn timestamp(at: DateTime<Utc>) -> prost_types::Timestamp {
    let nanos = at.timestamp_subsec_nanos().min(999_999_999);
    prost_types::Timestamp {
        seconds: at.timestamp(),
        nanos: i32::try_from(nanos).unwrap_or(999_999_999),
    }
}

/// A protobuf timestamp as an instant; `None` when it is out of chrono's range or its nanos
/// are invalid.
pub fn datetime_from_timestamp(ts: &prost_types::Timestamp) -> Option<DateTime<Utc>> {
    let nanos = u32::try_from(ts.nanos).ok()?;
    DateTime::from_timestamp(ts.seconds, nanos)
}

impl From<&DateRange> for pb::DateRange {
    fn from(range: &DateRange) -> Self {
        Self {
            from: date_text(range.from()),
            to: date_text(range.to()),
        }
    }
}

from_owned!(DateRange => pb::DateRange);

/// Converts a required `range` field: `range: required`, `range.from: ...`, `range.to: before from`.
pub fn date_range(path: &str, range: Option<&pb::DateRange>) -> Result<DateRange, FieldErrors> {
    let range = range.ok_or_else(|| FieldErrors::single(path, "required"))?;
    let mut errs = FieldErrors::new();
    let from = crate::convert::fields::collect(
        &mut errs,
        required_date(&format!("{path}.from"), &range.from),
    );
    let to =
        crate::convert::fields::collect(&mut errs, required_date(&format!("{path}.to"), &range.to));
    match (from, to) {
        (Some(from), Some(to)) if errs.is_empty() => DateRange::new(from, to).map_err(|e| {
            let mut scoped = FieldErrors::new();
            scoped.extend_scoped(path, e);
            scoped
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;
    use chrono::TimeZone;

    #[test]
    fn parses_exact_dates_and_treats_empty_as_absent() {
        assert_eq!(
            parse_date("d", "2026-06-30"),
            Ok(NaiveDate::from_ymd_opt(2026, 6, 30))
        );
        assert_eq!(
            parse_date("d", " 2024-02-29 "),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29))
        );
        assert_eq!(parse_date("d", ""), Ok(None));
        assert_eq!(parse_date("d", "   "), Ok(None));
        assert_eq!(err(required_date("range.from", "")), "range.from: required");
    }

    #[test]
    fn rejects_other_spellings_and_impossible_days() {
        for bad in [
            "2026-6-30",
            "30/06/2026",
            "+2026-06-30",
            "2026-06-30T00:00:00",
            "20260630",
            "２０２６-06-30",
            "2026-06-3x",
        ] {
            assert_eq!(
                err(parse_date("credential.achieved_on", bad)),
                "credential.achieved_on: not a date (expected YYYY-MM-DD)",
                "{bad}"
            );
        }
        assert_eq!(
            err(parse_date("as_of", "2026-02-30")),
            "as_of: not a date (no such day)"
        );
        assert_eq!(
            err(parse_date("as_of", "2025-02-29")),
            "as_of: not a date (no such day)"
        );
    }

    #[test]
    fn date_text_round_trips() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(date_text(day), "2026-01-05");
        assert_eq!(parse_date("d", &date_text(day)), Ok(Some(day)));
        assert_eq!(optional_date_text(None), "");
    }

    #[test]
    fn timestamps_round_trip_and_bad_ones_are_none() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 15).unwrap()
            + chrono::Duration::nanoseconds(123_456_789);
        let ts = timestamp(at);
        assert_eq!(ts.nanos, 123_456_789);
        assert_eq!(datetime_from_timestamp(&ts), Some(at));
        let bad_nanos = prost_types::Timestamp {
            seconds: 0,
            nanos: -1,
        };
        assert_eq!(datetime_from_timestamp(&bad_nanos), None);
        let out_of_range = prost_types::Timestamp {
            seconds: i64::MAX,
            nanos: 0,
        };
        assert_eq!(datetime_from_timestamp(&out_of_range), None);
    }

    #[test]
    fn ranges_need_both_days_in_order() {
        let wire = |from: &str, to: &str| pb::DateRange {
            from: from.into(),
            to: to.into(),
        };
        let ok = date_range("range", Some(&wire("2026-07-01", "2026-07-31"))).unwrap();
        assert_eq!(pb::DateRange::from(ok), wire("2026-07-01", "2026-07-31"));
        assert_eq!(err(date_range("range", None)), "range: required");
        assert_eq!(
            err(date_range("range", Some(&wire("", "x")))),
            "range.from: required; range.to: not a date (expected YYYY-MM-DD)"
        );
        assert_eq!(
            err(date_range("range", Some(&wire("2026-07-31", "2026-07-01")))),
            "range.to: before from"
        );
    }
}
