use chrono::{NaiveDate, TimeZone};
use crossrota_domain::bank::ledger::{Breach, PersonalLimits};

use super::*;
use crate::convert::test_support::err;

/// An instant from a UTC clock reading.
fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a time")
}

/// When the tests post: well before the shifts.
fn now() -> DateTime<Utc> {
    utc(2026, 9, 1, 9, 0)
}

/// A good row: a band 5 stroke-unit shift at Maidstone, £20 an hour.
fn row(start: &str, end: &str) -> pb::OpenShiftInput {
    pb::OpenShiftInput {
        site: "MAID".into(),
        ward: "HASU".into(),
        profile_id: 3,
        band: 5,
        start: start.into(),
        end: end.into(),
        headcount: 1,
        rate_pence_per_hour: 2000,
        reason: pb::BankShiftReason::Sickness as i32,
        release_at: None,
    }
}

fn post(rows: Vec<pb::OpenShiftInput>) -> Result<Vec<OpenShift>, FieldErrors> {
    open_shift_inputs("shifts", rows, now(), OrgId(1))
}

#[test]
fn the_october_night_is_thirteen_hours_and_reads_back_as_posted() {
    let shifts = post(vec![row("2026-10-24T20:00", "2026-10-25T08:00")]).expect("a good row");
    let [shift] = shifts.as_slice() else {
        panic!("one shift: {shifts:?}");
    };
    // 20:00 BST is 19:00 UTC; 08:00 GMT is 08:00 UTC.
    assert_eq!(shift.span.start, utc(2026, 10, 24, 19, 0));
    assert_eq!(shift.span.end, utc(2026, 10, 25, 8, 0));
    assert_eq!(shift.span.length(), Duration::hours(13));
    assert_eq!(shift.org, OrgId(1));
    assert_eq!(shift.release_at, now(), "no release_at: released now");
    assert_eq!(shift.reason, ShiftReason::Sickness);

    let wire = pb::OpenShift::from(shift);
    assert_eq!(
        (wire.start_local.as_str(), wire.end_local.as_str()),
        ("2026-10-24T20:00", "2026-10-25T08:00")
    );
    assert_eq!(wire.length_minutes, 13 * 60);
    assert_eq!(wire.pay_pence, 13 * 2000);
    assert_eq!(wire.start, Some(timestamp(utc(2026, 10, 24, 19, 0))));
    assert_eq!(wire.reason, pb::BankShiftReason::Sickness as i32);
    assert_eq!(wire.release_at, Some(timestamp(now())));

    // The March night is 11 hours; an ordinary one 12.
    let spring = post(vec![row("2026-03-28T20:00", "2026-03-29T08:00")]).expect("exists");
    assert_eq!(pb::OpenShift::from(&spring[0]).length_minutes, 11 * 60);
    assert_eq!(
        spring[0].release_at, spring[0].span.start,
        "a shift that started before now is released at its start, not after it"
    );
    let plain = post(vec![row("2026-12-14T20:00", "2026-12-15T08:00")]).expect("exists");
    assert_eq!(pb::OpenShift::from(&plain[0]).pay_pence, 12 * 2000);
}

#[test]
fn a_time_the_clocks_skip_is_refused_on_its_field() {
    assert_eq!(
        err(post(vec![row("2026-03-29T01:30", "2026-03-29T09:00")])),
        "shifts[0].start: does not exist in London (the clocks go forward)"
    );
    // The doubled October hour is its first, summer-time occurrence.
    let doubled = post(vec![row("2026-10-25T01:30", "2026-10-25T09:30")]).expect("exists");
    assert_eq!(doubled[0].span.start, utc(2026, 10, 25, 0, 30));
    assert_eq!(doubled[0].span.length(), Duration::hours(9));
    assert_eq!(
        pb::OpenShift::from(&doubled[0]).start_local,
        "2026-10-25T01:30"
    );
}

#[test]
fn one_bad_row_names_its_row_and_column_and_posts_nothing() {
    let mut bad = row("2026-12-15T07:30", "2026-12-15T20:00");
    bad.rate_pence_per_hour = -1;
    let rows = vec![
        row("2026-12-14T07:30", "2026-12-14T20:00"),
        bad,
        row("2026-12-16T07:30", "2026-12-16T20:00"),
    ];
    assert_eq!(
        err(post(rows)),
        "shifts[1].rate_pence_per_hour: must not be below zero"
    );
    assert_eq!(err(post(Vec::new())), "shifts: at least one is required");
}

#[test]
fn every_bad_field_of_every_row_is_named() {
    let mut first = row("2026-12-14 07:30", "2026-12-14T25:00");
    first.site = "  ".into();
    first.reason = 42;
    first.headcount = -2;
    let mut second = row("2026-12-15T20:00", "2026-12-15T08:00");
    second.ward = "w".repeat(101);
    second.profile_id = -3;
    second.band = 10;
    second.reason = pb::BankShiftReason::Unspecified as i32;
    second.release_at = Some(prost_types::Timestamp {
        seconds: 0,
        nanos: -1,
    });
    let mut third = row("2026-12-16T07:30", "2026-12-17T08:00");
    third.release_at = Some(timestamp(utc(2026, 12, 16, 8, 0)));
    assert_eq!(
        err(post(vec![first, second, third])),
        "shifts[0].site: required; \
         shifts[0].start: not a London time (expected YYYY-MM-DDTHH:MM); \
         shifts[0].end: not a time (no such day or time of day); \
         shifts[0].reason: unknown value 42; \
         shifts[0].headcount: must be at least 1; \
         shifts[1].ward: at most 100 characters; \
         shifts[1].profile_id: must be positive; \
         shifts[1].band: must be an Agenda for Change band, 1 to 9; \
         shifts[1].reason: required; \
         shifts[1].release_at: not a valid instant; \
         shifts[1].end: must be after the start; \
         shifts[2].end: a shift is at most 24 h long; \
         shifts[2].release_at: must not be after the start"
    );
}

#[test]
fn sites_are_matched_upper_case_and_release_times_kept() {
    let mut input = row("2026-12-14T07:30", "2026-12-14T20:00");
    input.site = " maid ".into();
    input.release_at = Some(timestamp(utc(2026, 12, 1, 0, 0)));
    let shifts = post(vec![input]).expect("good");
    assert_eq!(shifts[0].site, "MAID");
    assert_eq!(shifts[0].release_at, utc(2026, 12, 1, 0, 0));
}

#[test]
fn wall_clock_times_have_one_spelling() {
    for bad in [
        "2026-10-24 20:00",
        "2026-10-24T8:00",
        "2026-10-24T20:00:00",
        "2026-10-24T20:00Z",
        "24/10/2026 20:00",
    ] {
        assert_eq!(
            err(london_time("start", bad)),
            "start: not a London time (expected YYYY-MM-DDTHH:MM)",
            "{bad}"
        );
    }
    assert_eq!(err(london_time("start", "")), "start: required");
    assert_eq!(
        err(london_time("end", "2026-02-30T10:00")),
        "end: not a time (no such day or time of day)"
    );
    let summer = london_time("start", " 2026-07-01T09:15 ").expect("BST");
    assert_eq!(summer, utc(2026, 7, 1, 8, 15));
    assert_eq!(local_text(summer), "2026-07-01T09:15");
}

#[test]
fn every_enum_round_trips() {
    for reason in ShiftReason::ALL {
        let wire = pb::BankShiftReason::from(reason) as i32;
        assert_eq!(shift_reason("reason", wire), Ok(reason));
    }
    for status in BookingStatus::ALL {
        let wire = pb::BankBookingStatus::from(status) as i32;
        assert_eq!(booking_status("status", wire), Ok(status));
    }
    // Every wire value but UNSPECIFIED maps to a distinct domain value.
    assert_eq!(
        pb::BankShiftReason::Other as usize,
        ShiftReason::ALL.len(),
        "a wire reason without a domain reason"
    );
    assert_eq!(
        pb::BankBookingStatus::Cancelled as usize,
        BookingStatus::ALL.len(),
        "a wire status without a domain status"
    );
    assert_eq!(err(shift_reason("reason", 0)), "reason: required");
    assert_eq!(err(booking_status("status", 0)), "status: required");
    assert_eq!(
        err(booking_status("status", 99)),
        "status: unknown value 99"
    );
}

#[test]
fn join_requests_are_read_and_every_bad_field_named() {
    let good = pb::JoinBankRequest {
        bank_id: 2,
        staff_id: 10,
        profile_ids: vec![3, 4],
        band: 5,
        travels_to_org_ids: vec![7],
        weekly_cap_hours: Some(37.5),
        opted_out_of_average: true,
    };
    assert_eq!(
        join_bank(&good),
        Ok(JoinBank {
            bank: BankId(2),
            staff: StaffId(10),
            profiles: vec![ProfileId(3), ProfileId(4)],
            band: 5,
            travels_to: vec![OrgId(7)],
            weekly_cap_hours: Some(37.5),
            opted_out_of_average: true,
        })
    );
    let no_cap = pb::JoinBankRequest {
        weekly_cap_hours: None,
        travels_to_org_ids: Vec::new(),
        ..good.clone()
    };
    assert_eq!(join_bank(&no_cap).map(|j| j.weekly_cap_hours), Ok(None));
    let bad = pb::JoinBankRequest {
        bank_id: 0,
        staff_id: -1,
        profile_ids: Vec::new(),
        band: 0,
        travels_to_org_ids: vec![7, 0],
        weekly_cap_hours: Some(f64::NAN),
        opted_out_of_average: false,
    };
    assert_eq!(
        err(join_bank(&bad)),
        "bank_id: required; staff_id: must be positive; profile_ids: at least one is required; \
         band: must be an Agenda for Change band, 1 to 9; travels_to_org_ids[1]: required; \
         weekly_cap_hours: must be more than 0 and at most 168"
    );
    let over = pb::JoinBankRequest {
        profile_ids: vec![3, -4],
        weekly_cap_hours: Some(168.5),
        ..good
    };
    assert_eq!(
        err(join_bank(&over)),
        "profile_ids[1]: must be positive; weekly_cap_hours: must be more than 0 and at most 168"
    );
}

#[test]
fn sites_and_banks_are_read() {
    assert_eq!(
        create_site(&pb::CreateSiteRequest {
            code: " maid ".into(),
            name: " Maidstone Hospital ".into(),
        }),
        Ok(SiteInput {
            code: "MAID".into(),
            name: "Maidstone Hospital".into(),
        })
    );
    assert_eq!(
        err(create_site(&pb::CreateSiteRequest {
            code: "X".repeat(21),
            name: String::new(),
        })),
        "code: must be 1 to 20 characters; name: required"
    );
    assert_eq!(
        create_bank(&pb::CreateBankRequest {
            network_id: 4,
            own_trust_only: true,
            name: "MTW own bank".into(),
        }),
        Ok(BankInput {
            network: NetworkId(4),
            own_trust_only: true,
            name: "MTW own bank".into(),
        })
    );
    assert_eq!(
        err(create_bank(&pb::CreateBankRequest {
            network_id: 0,
            own_trust_only: false,
            name: "n".repeat(201),
        })),
        "network_id: required; name: at most 200 characters"
    );
}

#[test]
fn list_windows_are_london_days_within_a_limit() {
    let req = |from: &str, to: &str, org_id| pb::ListOpenShiftsRequest {
        from: from.into(),
        to: to.into(),
        org_id,
    };
    let query = list_open_shifts(&req("2026-10-25", "2026-10-25", 0)).expect("one day");
    assert_eq!(query.org, None);
    // The day the clocks go back has 25 hours, from midnight BST to midnight GMT.
    assert_eq!(
        query.window(),
        Span::new(utc(2026, 10, 24, 23, 0), utc(2026, 10, 26, 0, 0))
    );
    let quarter = list_open_shifts(&req("2026-01-01", "2026-04-02", 3)).expect("92 days");
    assert_eq!(quarter.org, Some(OrgId(3)));
    assert_eq!(
        err(list_open_shifts(&req("2026-01-01", "2026-04-03", 0))),
        "to: the range is at most 92 days"
    );
    assert_eq!(
        err(list_open_shifts(&req("2026-07-02", "2026-07-01", -1))),
        "to: before from; org_id: must be positive"
    );
    assert_eq!(
        err(list_open_shifts(&req("", "2026-7-1", 0))),
        "from: required; to: not a date (expected YYYY-MM-DD)"
    );

    let commitments = list_commitments(&pb::ListCommitmentsRequest {
        staff_id: 10,
        from: "2026-01-01".into(),
        to: "2027-01-01".into(),
    })
    .expect("366 days");
    assert_eq!(commitments.staff, StaffId(10));
    assert_eq!(
        commitments.days,
        DateRange::new(
            NaiveDate::from_ymd_opt(2026, 1, 1).expect("d"),
            NaiveDate::from_ymd_opt(2027, 1, 1).expect("d")
        )
        .expect("ordered")
    );
    assert_eq!(
        err(list_commitments(&pb::ListCommitmentsRequest {
            staff_id: 0,
            from: "2026-01-01".into(),
            to: "2027-01-02".into(),
        })),
        "staff_id: required; to: the range is at most 366 days"
    );
}

#[test]
fn booking_requests_are_read() {
    let offer = offer_shift(&pb::OfferShiftRequest {
        shift_id: 5,
        staff_id: 10,
        expires_at: Some(timestamp(utc(2026, 12, 13, 12, 0))),
        idempotency_key: "  ".into(),
        reason: " short notice ".into(),
    })
    .expect("good");
    assert_eq!(
        offer,
        OfferInput {
            shift: OpenShiftId(5),
            staff: StaffId(10),
            expires_at: utc(2026, 12, 13, 12, 0),
            idempotency_key: None,
            reason: "short notice".into(),
        }
    );
    assert_eq!(
        err(offer_shift(&pb::OfferShiftRequest {
            shift_id: 0,
            staff_id: 10,
            expires_at: None,
            idempotency_key: "k".repeat(101),
            reason: "r".repeat(501),
        })),
        "shift_id: required; expires_at: required; idempotency_key: at most 100 characters; \
         reason: at most 500 characters"
    );
    let book = book_shift(&pb::BookShiftRequest {
        shift_id: 5,
        staff_id: 10,
        idempotency_key: "req-1".into(),
        reason: String::new(),
    })
    .expect("good");
    assert_eq!(book.idempotency_key.as_deref(), Some("req-1"));
    assert_eq!(
        err(book_shift(&pb::BookShiftRequest::default())),
        "shift_id: required; staff_id: required"
    );
    assert_eq!(
        booking_action(&pb::BookingActionRequest {
            booking_id: 8,
            reason: "worked".into(),
        }),
        Ok(BookingAction {
            booking: BookingId(8),
            reason: "worked".into(),
        })
    );
    assert_eq!(
        cancel_booking(&pb::CancelBookingRequest {
            booking_id: 8,
            by_member: true,
            reason: "ill".into(),
        }),
        Ok(CancelInput {
            booking: BookingId(8),
            by_member: true,
            reason: "ill".into(),
        })
    );
    assert_eq!(
        err(cancel_booking(&pb::CancelBookingRequest::default())),
        "booking_id: required"
    );
    assert_eq!(
        withdraw_shift(&pb::WithdrawShiftRequest { shift_id: 5 }),
        Ok(OpenShiftId(5))
    );
    assert_eq!(
        err(get_candidates(&pb::GetCandidatesRequest { shift_id: -5 })),
        "shift_id: must be positive"
    );
}

#[test]
fn domain_values_go_out_whole() {
    let night = Span::new(utc(2026, 10, 24, 19, 0), utc(2026, 10, 25, 8, 0));
    let booking = Booking {
        id: BookingId(8),
        shift: OpenShiftId(5),
        org: OrgId(1),
        staff: StaffId(10),
        status: BookingStatus::Cancelled,
        span: night,
        offer_expires: Some(utc(2026, 10, 20, 12, 0)),
        fee_pence: 5000,
        strike: false,
    };
    assert_eq!(
        pb::Booking::from(&booking),
        pb::Booking {
            id: 8,
            shift_id: 5,
            org_id: 1,
            staff_id: 10,
            status: pb::BankBookingStatus::Cancelled as i32,
            start: Some(timestamp(night.start)),
            end: Some(timestamp(night.end)),
            offer_expires_at: Some(timestamp(utc(2026, 10, 20, 12, 0))),
            fee_pence: 5000,
            strike: false,
        }
    );
    let direct = Booking {
        offer_expires: None,
        ..booking
    };
    assert_eq!(pb::Booking::from(direct).offer_expires_at, None);

    let bank_night = Commitment {
        span: night,
        org: OrgId(2),
        org_code: "RVV".into(),
        kind: CommitmentKind::Bank(8),
    };
    let wire = pb::Commitment::from(&bank_night);
    assert_eq!(
        (wire.start_local.as_str(), wire.end_local.as_str()),
        ("2026-10-24T20:00", "2026-10-25T08:00")
    );
    assert_eq!((wire.org_id, wire.org_code.as_str()), (2, "RVV"));
    assert_eq!(wire.booking_id, 8);
    let substantive = Commitment {
        kind: CommitmentKind::Substantive,
        ..bank_night
    };
    assert_eq!(pb::Commitment::from(substantive).booking_id, 0);

    let collaborative = Bank {
        id: BankId(2),
        network: NetworkId(4),
        own_org: None,
        name: "Kent and Medway".into(),
    };
    assert_eq!(pb::Bank::from(&collaborative).own_org_id, 0);
    let own = Bank {
        own_org: Some(OrgId(1)),
        ..collaborative
    };
    assert_eq!(pb::Bank::from(own).own_org_id, 1);

    let site = Site {
        id: crossrota_domain::ids::SiteId(6),
        org: OrgId(1),
        code: "MAID".into(),
        name: "Maidstone Hospital".into(),
    };
    assert_eq!(
        pb::Site::from(site),
        pb::Site {
            id: 6,
            org_id: 1,
            code: "MAID".into(),
            name: "Maidstone Hospital".into(),
        }
    );

    let member = BankMember {
        bank: BankId(2),
        staff: StaffId(10),
        home_org: OrgId(1),
        profiles: vec![ProfileId(3)],
        band: 5,
        travels_to: vec![OrgId(2), OrgId(3)],
        limits: PersonalLimits {
            weekly_cap_hours: Some(40.0),
            opted_out_of_average: false,
        },
        unavailable: Vec::new(),
    };
    assert_eq!(
        pb::BankMember::from(&member),
        pb::BankMember {
            bank_id: 2,
            staff_id: 10,
            home_org_id: 1,
            profile_ids: vec![3],
            band: 5,
            travels_to_org_ids: vec![2, 3],
            weekly_cap_hours: Some(40.0),
            opted_out_of_average: false,
        }
    );
}

#[test]
fn candidates_and_near_misses_carry_their_figures_and_reasons() {
    let ranked = RankedCandidate {
        staff: StaffId(10),
        cost_pence: 26_400,
        shifts_on_ward: 2,
        bank_hours_this_month: 12.5,
    };
    assert_eq!(
        candidate_to_proto(&ranked, "Ada Nurse", OrgId(1)),
        pb::Candidate {
            staff_id: 10,
            name: "Ada Nurse".into(),
            home_org_id: 1,
            cost_pence: 26_400,
            shifts_on_ward: 2,
            bank_hours_this_month: 12.5,
        }
    );
    let reasons = [
        Ineligible::WontTravel { org: "RWF".into() },
        Ineligible::WorkingTime(Breach::Overlap {
            what: "a night at RVV".into(),
            from: "2026-12-14 19:30".into(),
            to: "2026-12-15 07:30".into(),
        }),
    ];
    let miss = near_miss_to_proto(StaffId(11), "Ben Porter", OrgId(2), &reasons);
    assert_eq!((miss.staff_id, miss.home_org_id), (11, 2));
    assert_eq!(
        miss.reasons,
        [
            "does not work at RWF",
            "already working a night at RVV 2026-12-14 19:30–2026-12-15 07:30"
        ]
    );
}

#[test]
fn extreme_values_are_refused_not_panicked_on() {
    let mut rich = row("2026-12-14T07:30", "2026-12-14T20:00");
    rich.rate_pence_per_hour = i64::MAX;
    rich.headcount = i32::MAX;
    let mut end_of_time = row("", "2026-12-14T20:00");
    end_of_time.release_at = Some(prost_types::Timestamp {
        seconds: DateTime::<Utc>::MAX_UTC.timestamp(),
        nanos: 0,
    });
    end_of_time.band = i32::MIN;
    assert_eq!(
        err(post(vec![rich, end_of_time])),
        "shifts[0].rate_pence_per_hour: must be at most 1000000 (£10,000 an hour); \
         shifts[1].band: must be an Agenda for Change band, 1 to 9; shifts[1].start: required"
    );
    let dearest = pb::OpenShiftInput {
        rate_pence_per_hour: MAX_RATE_PENCE_PER_HOUR,
        ..row("2026-12-14T20:00", "2026-12-15T20:00")
    };
    let shifts = post(vec![dearest]).expect("the highest rate for the longest shift");
    assert_eq!(
        pb::OpenShift::from(&shifts[0]).pay_pence,
        24 * MAX_RATE_PENCE_PER_HOUR
    );
}
