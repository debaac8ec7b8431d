use chrono::{NaiveDate, NaiveDateTime};

use super::*;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .expect("a valid time")
}

fn span(from: NaiveDateTime, to: NaiveDateTime) -> Span {
    Span::london(from, to).expect("London times that exist")
}

fn at_trust(code: &str, span: Span) -> Commitment {
    Commitment {
        span,
        org: OrgId(1),
        org_code: code.into(),
        kind: CommitmentKind::Substantive,
    }
}

const NO_LIMITS: PersonalLimits = PersonalLimits {
    weekly_cap_hours: None,
    opted_out_of_average: false,
};

fn check(shift: Span, existing: &[Commitment]) -> Vec<String> {
    breaches(shift, existing, &WorkingTimeRules::default(), &NO_LIMITS)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_late_at_one_trust_then_an_early_at_another_is_short_of_rest() {
    // Late at RWF 14:30–22:00, then an early at RVV at 07:00 next day: 9 h rest.
    let late = at_trust(
        "RWF",
        span(at(2026, 12, 14, 14, 30), at(2026, 12, 14, 22, 0)),
    );
    let early = span(at(2026, 12, 15, 7, 0), at(2026, 12, 15, 15, 0));
    assert_eq!(
        check(early, std::slice::from_ref(&late)),
        ["only 9 h rest after a shift at RWF ending 22:00"]
    );
    // Booked the other way round, the rest is before the existing shift.
    let early_before = span(at(2026, 12, 14, 7, 0), at(2026, 12, 14, 15, 0));
    assert_eq!(
        check(early_before, &[late]),
        ["already working a shift at RWF 2026-12-14 14:30–22:00"]
    );
}

#[test]
fn eleven_hours_rest_is_enough_and_a_minute_less_is_not() {
    let night = at_trust(
        "RWF",
        span(at(2026, 12, 14, 19, 30), at(2026, 12, 15, 7, 30)),
    );
    let exactly = span(at(2026, 12, 15, 18, 30), at(2026, 12, 16, 6, 30));
    assert!(check(exactly, std::slice::from_ref(&night)).is_empty());
    let short = span(at(2026, 12, 15, 17, 0), at(2026, 12, 16, 5, 0));
    assert_eq!(
        check(short, std::slice::from_ref(&night)),
        ["only 9 h 30 rest after a night at RWF ending 07:30"]
    );
    let minute_short = span(at(2026, 12, 15, 18, 29), at(2026, 12, 16, 6, 29));
    assert_eq!(
        check(minute_short, &[night]),
        ["only 10 h 59 rest after a night at RWF ending 07:30"]
    );
}

#[test]
fn rest_across_the_clock_changes_counts_real_hours() {
    // October: a shift ending 22:00 on Saturday 24th and one starting 08:00 on Sunday 25th
    // are 11 real hours apart (the clocks go back at 02:00), though 10 on the wall clock.
    let saturday = at_trust(
        "RWF",
        span(at(2026, 10, 24, 14, 0), at(2026, 10, 24, 22, 0)),
    );
    let sunday = span(at(2026, 10, 25, 8, 0), at(2026, 10, 25, 16, 0));
    assert!(check(sunday, &[saturday]).is_empty());
    // March: 22:00 Saturday 28th to 09:00 Sunday 29th is 11 on the wall clock, 10 real.
    let saturday = at_trust("RWF", span(at(2026, 3, 28, 14, 0), at(2026, 3, 28, 22, 0)));
    let sunday = span(at(2026, 3, 29, 9, 0), at(2026, 3, 29, 17, 0));
    assert_eq!(
        check(sunday, &[saturday]),
        ["only 10 h rest after a shift at RWF ending 22:00"]
    );
}

#[test]
fn shift_length_is_real_length() {
    // The October night is 13 h: allowed at a 13 h maximum; a 12.5 h March day is fine; a
    // 14 h day is not.
    let autumn_night = span(at(2026, 10, 24, 20, 0), at(2026, 10, 25, 8, 0));
    assert!(check(autumn_night, &[]).is_empty());
    let rules = WorkingTimeRules {
        max_shift: Duration::hours(12),
        ..WorkingTimeRules::default()
    };
    let found: Vec<String> = breaches(autumn_night, &[], &rules, &NO_LIMITS)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(found, ["the shift is 13 h long (at most 12 h)"]);
    let long_day = span(at(2026, 12, 14, 7, 0), at(2026, 12, 14, 21, 0));
    assert_eq!(
        check(long_day, &[]),
        ["the shift is 14 h long (at most 13 h)"]
    );
}

#[test]
fn overlaps_across_midnight_are_caught() {
    let night = at_trust("RVV", span(at(2026, 12, 31, 20, 0), at(2027, 1, 1, 8, 0)));
    let new_year = span(at(2027, 1, 1, 7, 0), at(2027, 1, 1, 15, 0));
    assert_eq!(
        check(new_year, &[night]),
        ["already working a night at RVV 2026-12-31 20:00–08:00"]
    );
}

/// Seven 12-hour days from Monday 07:00 to 19:00: every break is 12 h.
fn seven_days(monday: NaiveDate, skip: Option<u64>) -> Vec<Commitment> {
    (0..7)
        .filter(|d| Some(*d) != skip)
        .map(|d| {
            let day = monday + Days::new(d);
            at_trust(
                "RWF",
                span(
                    day.and_hms_opt(7, 0, 0).expect("t"),
                    day.and_hms_opt(19, 0, 0).expect("t"),
                ),
            )
        })
        .collect()
}

#[test]
fn weekly_rest_needs_a_day_off_or_two_in_the_fortnight() {
    let monday = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a Monday");
    let rules = WorkingTimeRules {
        // Isolate weekly rest from the averaging rule.
        max_average_weekly_hours: 1000.0,
        ..WorkingTimeRules::default()
    };
    // Monday to Saturday worked, Sunday free; the two weeks before and after are busy too
    // (unknown time beyond what is recorded counts as rest).
    let mut existing = seven_days(monday - Days::new(14), None);
    existing.extend(seven_days(monday - Days::new(7), None));
    existing.extend(seven_days(monday, Some(6)));
    existing.extend(seven_days(monday + Days::new(7), None));
    existing.extend(seven_days(monday + Days::new(14), None));
    let sunday = span(at(2026, 12, 13, 7, 0), at(2026, 12, 13, 19, 0));
    let found: Vec<String> = breaches(sunday, &existing, &rules, &NO_LIMITS)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        found.contains(&"no 24 h off in the week from 2026-12-07 (longest break 12 h), nor 48 h in the fortnight".to_owned()),
        "{found:?}"
    );
    // With the week after free from Monday to Wednesday, the fortnight has its 48 h.
    let mut relaxed = seven_days(monday - Days::new(14), None);
    relaxed.extend(seven_days(monday - Days::new(7), None));
    relaxed.extend(seven_days(monday, Some(6)));
    relaxed.extend(seven_days(monday + Days::new(7), None).into_iter().skip(3));
    relaxed.extend(seven_days(monday + Days::new(14), None));
    assert!(breaches(sunday, &relaxed, &rules, &NO_LIMITS).is_empty());
}

#[test]
fn the_average_counts_history_and_stops_at_the_window_edges() {
    let rules = WorkingTimeRules {
        reference_weeks: 2,
        max_average_weekly_hours: 48.0,
        ..WorkingTimeRules::default()
    };
    // Two weeks from Monday 7 December: 4 × 12 h in the first week and, with the Sunday 20th
    // booked, 4 × 12 h in the second make 96 h: 48 h on average, at the limit.
    let day = |d: u32| span(at(2026, 12, d, 7, 0), at(2026, 12, d, 19, 0));
    let existing: Vec<Commitment> = [7, 9, 11, 12, 14, 16, 18]
        .into_iter()
        .map(|d| at_trust("RWF", day(d)))
        .collect();
    let limits = PersonalLimits {
        weekly_cap_hours: None,
        opted_out_of_average: false,
    };
    let fits = day(20);
    assert!(breaches(fits, &existing, &rules, &limits).is_empty());
    // One more hour in the window breaks it.
    let mut more = existing.clone();
    more.push(at_trust(
        "RVV",
        span(at(2026, 12, 13, 8, 0), at(2026, 12, 13, 9, 0)),
    ));
    let found = breaches(fits, &more, &rules, &limits);
    assert!(
        matches!(found.as_slice(), [Breach::AverageHours { average, weeks: 2, .. }] if (*average - 48.5).abs() < 1e-9),
        "{found:?}"
    );
    // The same hour just before the window (Sunday 6 December) does not count.
    let mut before = existing.clone();
    before.push(at_trust(
        "RVV",
        span(at(2026, 12, 6, 10, 0), at(2026, 12, 6, 11, 0)),
    ));
    assert!(breaches(fits, &before, &rules, &limits).is_empty());
    // Opted out: no average at all.
    let opted = PersonalLimits {
        opted_out_of_average: true,
        ..limits
    };
    assert!(breaches(fits, &more, &rules, &opted).is_empty());
}

#[test]
fn the_weekly_cap_is_the_persons_own() {
    let day = |d: u32| span(at(2026, 12, d, 7, 0), at(2026, 12, d, 19, 0));
    let existing: Vec<Commitment> = [14, 15, 16]
        .into_iter()
        .map(|d| at_trust("RWF", day(d)))
        .collect();
    let capped = PersonalLimits {
        weekly_cap_hours: Some(40.0),
        opted_out_of_average: true,
    };
    let found: Vec<String> = breaches(day(18), &existing, &WorkingTimeRules::default(), &capped)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        ["would work 48.0 h in the week from 2026-12-14 (own cap 40 h)"]
    );
    // The next Monday is another week.
    assert!(breaches(day(21), &existing, &WorkingTimeRules::default(), &capped).is_empty());
}
