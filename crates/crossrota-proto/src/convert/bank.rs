//! The collaborative bank on the wire: requests read into checked values whose field errors are
//! rooted at the request (`shifts[2].end: must be after the start`), and the bank's domain
//! values written back.
//!
//! Shift times travel two ways. Into the server they are London wall-clock text
//! (`2026-10-24T20:00`), because that is what a bank office types from a rota; they are turned
//! into instants here with [`time::london`], so a time the clocks skip is refused on its field
//! and a night across a clock change gets its real length. Out of the server they go both as
//! instants (for programs) and as London wall-clock text (for people), so a caller sees the
//! 13-hour October night as 20:00–08:00.
//!
//! Only shapes are checked here, plus [`OpenShift::validate`]'s ranges; whether a site, profile
//! or member exists, and who may do what, is the bank service's to judge.

use chrono::{DateTime, Days, Duration, NaiveDateTime, Utc};
use crossrota_domain::FieldErrors;
use crossrota_domain::bank::booking::{Booking, BookingChange, BookingStatus};
use crossrota_domain::bank::candidates::RankedCandidate;
use crossrota_domain::bank::eligibility::Ineligible;
use crossrota_domain::bank::ledger::{Commitment, CommitmentKind};
use crossrota_domain::bank::model::{Bank, BankMember, JoinBank, OpenShift, ShiftReason, Site};
use crossrota_domain::bank::time::{self, Span};
use crossrota_domain::dates::DateRange;
use crossrota_domain::ids::{BankId, BookingId, NetworkId, OpenShiftId, OrgId, ProfileId, StaffId};

use crate::convert::dates::{datetime_from_timestamp, required_date, timestamp};
use crate::convert::fields::{collect, merge_preferring_own, saturating_i32};
use crate::convert::ids::{id_list, optional_id, required_id};
use crate::crossrota::v1 as pb;

/// The one wire format of London wall-clock times, e.g. `2026-10-24T20:00`.
pub const LOCAL_TIME_FORMAT: &str = "%Y-%m-%dT%H:%M";
/// The longest site code.
pub const MAX_SITE_CODE_LEN: usize = 20;
/// The longest site or bank name.
pub const MAX_NAME_LEN: usize = 200;
/// The longest ward name.
pub const MAX_WARD_LEN: usize = 100;
/// The longest idempotency key.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 100;
/// The longest reason given for a booking action.
pub const MAX_REASON_LEN: usize = 500;
/// The most London days one ListOpenShifts call covers (a quarter), so one answer stays small.
pub const MAX_OPEN_SHIFT_DAYS: u64 = 92;
/// The most London days one ListCommitments call covers: a year, enough for the longest
/// working-time reference period (26 weeks) with room either side.
pub const MAX_COMMITMENT_DAYS: u64 = 366;
/// The highest bank rate a shift may be posted at, in pence per hour (£10,000): far above any
/// rate card, and low enough that pay and cost sums cannot overflow.
pub const MAX_RATE_PENCE_PER_HOUR: i64 = 1_000_000;
/// The highest weekly cap a member may set: every hour of the week.
pub const MAX_WEEKLY_CAP_HOURS: f64 = 168.0;

// ---------------------------------------------------------------------------------------------
// Field readers
// ---------------------------------------------------------------------------------------------

/// Reads a London wall-clock time `YYYY-MM-DDTHH:MM` into the instant it names.
///
/// A time the clocks skip (01:00–01:59 on the last Sunday of March) is refused on `path`; a
/// time they pass twice is its first occurrence, as [`time::london`] decides. One spelling per
/// time, as for dates: chrono alone would also take `2026-10-4T8:00`.
pub fn london_time(path: &str, text: &str) -> Result<DateTime<Utc>, FieldErrors> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldErrors::single(path, "required"));
    }
    let shaped = text.len() == 16
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 => b == b':',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(FieldErrors::single(
            path,
            "not a London time (expected YYYY-MM-DDTHH:MM)",
        ));
    }
    let local = NaiveDateTime::parse_from_str(text, LOCAL_TIME_FORMAT)
        .map_err(|_| FieldErrors::single(path, "not a time (no such day or time of day)"))?;
    time::london(local)
        .map_err(|_| FieldErrors::single(path, "does not exist in London (the clocks go forward)"))
}

/// An instant as London wall-clock text, `YYYY-MM-DDTHH:MM`.
pub fn local_text(instant: DateTime<Utc>) -> String {
    time::local(instant).format(LOCAL_TIME_FORMAT).to_string()
}

/// An optional timestamp: absent is `None`; one chrono cannot hold is an error on `path`.
fn optional_instant(
    path: &str,
    ts: Option<&prost_types::Timestamp>,
) -> Result<Option<DateTime<Utc>>, FieldErrors> {
    ts.map(|ts| {
        datetime_from_timestamp(ts).ok_or_else(|| FieldErrors::single(path, "not a valid instant"))
    })
    .transpose()
}

/// A required timestamp.
fn required_instant(
    path: &str,
    ts: Option<&prost_types::Timestamp>,
) -> Result<DateTime<Utc>, FieldErrors> {
    optional_instant(path, ts)?.ok_or_else(|| FieldErrors::single(path, "required"))
}

/// Required text, trimmed, at most `max` characters.
fn required_text(path: &str, text: &str, max: usize) -> Result<String, FieldErrors> {
    let text = text.trim();
    if text.is_empty() {
        Err(FieldErrors::single(path, "required"))
    } else {
        bounded_text(path, text, max)
    }
}

/// Optional text, trimmed (empty allowed), at most `max` characters.
fn bounded_text(path: &str, text: &str, max: usize) -> Result<String, FieldErrors> {
    let text = text.trim();
    if text.chars().count() > max {
        Err(FieldErrors::single(
            path,
            format!("at most {max} characters"),
        ))
    } else {
        Ok(text.to_owned())
    }
}

/// An idempotency key: empty is none.
fn idempotency_key(path: &str, key: &str) -> Result<Option<String>, FieldErrors> {
    bounded_text(path, key, MAX_IDEMPOTENCY_KEY_LEN).map(|k| (!k.is_empty()).then_some(k))
}

/// An Agenda for Change band, 1 to 9.
fn band(path: &str, raw: i32) -> Result<u8, FieldErrors> {
    u8::try_from(raw)
        .ok()
        .filter(|b| (1..=9).contains(b))
        .ok_or_else(|| FieldErrors::single(path, "must be an Agenda for Change band, 1 to 9"))
}

/// A required `from`..=`to` pair of London days, at most `max_days` of them.
fn london_days(
    (from_path, from): (&str, &str),
    (to_path, to): (&str, &str),
    max_days: u64,
) -> Result<DateRange, FieldErrors> {
    let mut errs = FieldErrors::new();
    let from = collect(&mut errs, required_date(from_path, from));
    let to = collect(&mut errs, required_date(to_path, to));
    let (Some(from), Some(to)) = (from, to) else {
        return Err(errs);
    };
    let range =
        DateRange::new(from, to).map_err(|_| FieldErrors::single(to_path, "before from"))?;
    if from
        .checked_add_days(Days::new(max_days))
        .is_none_or(|limit| to >= limit)
    {
        return Err(FieldErrors::single(
            to_path,
            format!("the range is at most {max_days} days"),
        ));
    }
    Ok(range)
}

/// The instants of a range of London days: from midnight at the start of the first to midnight
/// at the end of the last (23 or 25 hours for the day the clocks change).
pub fn london_window(days: &DateRange) -> Span {
    let after = days.to().succ_opt().unwrap_or(days.to());
    Span::new(time::start_of_day(days.from()), time::start_of_day(after))
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

impl From<ShiftReason> for pb::BankShiftReason {
    fn from(reason: ShiftReason) -> Self {
        match reason {
            ShiftReason::Vacancy => Self::Vacancy,
            ShiftReason::Sickness => Self::Sickness,
            ShiftReason::Acuity => Self::Acuity,
            ShiftReason::Leave => Self::Leave,
            ShiftReason::Training => Self::Training,
            ShiftReason::Other => Self::Other,
        }
    }
}

/// Reads a required shift reason.
pub fn shift_reason(path: &str, raw: i32) -> Result<ShiftReason, FieldErrors> {
    match pb::BankShiftReason::try_from(raw) {
        Ok(pb::BankShiftReason::Vacancy) => Ok(ShiftReason::Vacancy),
        Ok(pb::BankShiftReason::Sickness) => Ok(ShiftReason::Sickness),
        Ok(pb::BankShiftReason::Acuity) => Ok(ShiftReason::Acuity),
        Ok(pb::BankShiftReason::Leave) => Ok(ShiftReason::Leave),
        Ok(pb::BankShiftReason::Training) => Ok(ShiftReason::Training),
        Ok(pb::BankShiftReason::Other) => Ok(ShiftReason::Other),
        Ok(pb::BankShiftReason::Unspecified) => Err(FieldErrors::single(path, "required")),
        Err(_) => Err(FieldErrors::single(path, format!("unknown value {raw}"))),
    }
}

impl From<BookingStatus> for pb::BankBookingStatus {
    fn from(status: BookingStatus) -> Self {
        match status {
            BookingStatus::Offered => Self::Offered,
            BookingStatus::Booked => Self::Booked,
            BookingStatus::Worked => Self::Worked,
            BookingStatus::Approved => Self::Approved,
            BookingStatus::Declined => Self::Declined,
            BookingStatus::Expired => Self::Expired,
            BookingStatus::Cancelled => Self::Cancelled,
        }
    }
}

/// Reads a required booking status (for filters and clients that send one back).
pub fn booking_status(path: &str, raw: i32) -> Result<BookingStatus, FieldErrors> {
    match pb::BankBookingStatus::try_from(raw) {
        Ok(pb::BankBookingStatus::Offered) => Ok(BookingStatus::Offered),
        Ok(pb::BankBookingStatus::Booked) => Ok(BookingStatus::Booked),
        Ok(pb::BankBookingStatus::Worked) => Ok(BookingStatus::Worked),
        Ok(pb::BankBookingStatus::Approved) => Ok(BookingStatus::Approved),
        Ok(pb::BankBookingStatus::Declined) => Ok(BookingStatus::Declined),
        Ok(pb::BankBookingStatus::Expired) => Ok(BookingStatus::Expired),
        Ok(pb::BankBookingStatus::Cancelled) => Ok(BookingStatus::Cancelled),
        Ok(pb::BankBookingStatus::Unspecified) => Err(FieldErrors::single(path, "required")),
        Err(_) => Err(FieldErrors::single(path, format!("unknown value {raw}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/// A checked CreateSite request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInput {
    /// The code, trimmed and upper-cased (sites are stored upper case).
    pub code: String,
    /// The name, trimmed.
    pub name: String,
}

/// Reads a CreateSite request.
pub fn create_site(req: &pb::CreateSiteRequest) -> Result<SiteInput, FieldErrors> {
    let mut errs = FieldErrors::new();
    let code = req.code.trim().to_ascii_uppercase();
    if code.is_empty() || code.chars().count() > MAX_SITE_CODE_LEN {
        errs.push(
            "code",
            format!("must be 1 to {MAX_SITE_CODE_LEN} characters"),
        );
    }
    let name = collect(&mut errs, required_text("name", &req.name, MAX_NAME_LEN));
    match name {
        Some(name) if errs.is_empty() => Ok(SiteInput { code, name }),
        _ => Err(errs),
    }
}

/// A checked CreateBank request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankInput {
    /// The network that runs it.
    pub network: NetworkId,
    /// Whether it is the caller's trust's own bank.
    pub own_trust_only: bool,
    /// The name, trimmed.
    pub name: String,
}

/// Reads a CreateBank request.
pub fn create_bank(req: &pb::CreateBankRequest) -> Result<BankInput, FieldErrors> {
    let mut errs = FieldErrors::new();
    let network = collect(&mut errs, required_id("network_id", req.network_id));
    let name = collect(&mut errs, required_text("name", &req.name, MAX_NAME_LEN));
    match (network, name) {
        (Some(network), Some(name)) => Ok(BankInput {
            network: NetworkId(network),
            own_trust_only: req.own_trust_only,
            name,
        }),
        _ => Err(errs),
    }
}

/// Reads a JoinBank request, naming every bad field.
/// What the service makes of it (whether the profiles and bank exist, the person's home
/// trust) is the service's to find.
pub fn join_bank(req: &pb::JoinBankRequest) -> Result<JoinBank, FieldErrors> {
    let mut errs = FieldErrors::new();
    let bank = collect(&mut errs, required_id("bank_id", req.bank_id).map(BankId));
    let staff = collect(
        &mut errs,
        required_id("staff_id", req.staff_id).map(StaffId),
    );
    let profiles = if req.profile_ids.is_empty() {
        errs.push("profile_ids", "at least one is required");
        None
    } else {
        collect(
            &mut errs,
            id_list("profile_ids", &req.profile_ids, ProfileId),
        )
    };
    let band = collect(&mut errs, band("band", req.band));
    let travels_to = collect(
        &mut errs,
        id_list("travels_to_org_ids", &req.travels_to_org_ids, OrgId),
    );
    let cap = req.weekly_cap_hours;
    if cap.is_some_and(|h| !(h.is_finite() && h > 0.0 && h <= MAX_WEEKLY_CAP_HOURS)) {
        errs.push("weekly_cap_hours", "must be more than 0 and at most 168");
    }
    match (bank, staff, profiles, band, travels_to) {
        (Some(bank), Some(staff), Some(profiles), Some(band), Some(travels_to))
            if errs.is_empty() =>
        {
            Ok(JoinBank {
                bank,
                staff,
                profiles,
                band,
                travels_to,
                weekly_cap_hours: cap,
                opted_out_of_average: req.opted_out_of_average,
            })
        }
        _ => Err(errs),
    }
}

/// Reads the shifts of a PostShifts request (`path` is `shifts`), posted by `org` at `now`:
/// all or none. Every bad field of every row is named (`shifts[1].start: does not exist in
/// London (the clocks go forward)`), and a single bad row gives no shifts at all.
///
/// Times are London wall-clock text; a shift with no `release_at` is released `now` (or at its
/// start, if that is earlier). Each row
/// is then checked by [`OpenShift::validate`] (end after start, at most 24 h, band, headcount,
/// rate, release no later than the start).
pub fn open_shift_inputs(
    path: &str,
    inputs: Vec<pb::OpenShiftInput>,
    now: DateTime<Utc>,
    org: OrgId,
) -> Result<Vec<OpenShift>, FieldErrors> {
    if inputs.is_empty() {
        return Err(FieldErrors::single(path, "at least one is required"));
    }
    let mut errs = FieldErrors::new();
    let shifts: Vec<OpenShift> = inputs
        .into_iter()
        .enumerate()
        .filter_map(|(i, input)| {
            collect(
                &mut errs,
                open_shift_input(&format!("{path}[{i}]"), input, now, org),
            )
        })
        .collect();
    errs.into_result(shifts)
}

/// One row of a PostShifts request.
///
/// Our own readers run first; the domain's validation then runs on what could be read (with
/// harmless stand-ins for what could not), so every bad field is reported at once, and where
/// both complain about one field our more precise message wins.
fn open_shift_input(
    path: &str,
    input: pb::OpenShiftInput,
    now: DateTime<Utc>,
    org: OrgId,
) -> Result<OpenShift, FieldErrors> {
    let mut errs = FieldErrors::new();
    let field = |name: &str| format!("{path}.{name}");
    let site = collect(
        &mut errs,
        required_text(&field("site"), &input.site, MAX_SITE_CODE_LEN),
    )
    .map(|s| s.to_ascii_uppercase());
    let ward = collect(
        &mut errs,
        required_text(&field("ward"), &input.ward, MAX_WARD_LEN),
    );
    let profile = collect(
        &mut errs,
        required_id(&field("profile_id"), input.profile_id),
    );
    let band = collect(&mut errs, band(&field("band"), input.band));
    let start = collect(&mut errs, london_time(&field("start"), &input.start));
    let end = collect(&mut errs, london_time(&field("end"), &input.end));
    let reason = collect(&mut errs, shift_reason(&field("reason"), input.reason));
    let release_at = collect(
        &mut errs,
        optional_instant(&field("release_at"), input.release_at.as_ref()),
    );
    // Stand-ins where a time could not be read: a span the domain accepts, so it judges only
    // the fields we could read.
    let (span, release_at) = match (start, end) {
        (Some(start), Some(end)) => (
            Span::new(start, end),
            // No release time: released now, or at its start if that has passed (whether a
            // shift may start in the past is the service's to judge, not a release time the
            // caller never sent).
            release_at.map_or(start, |at| at.unwrap_or(now.min(start))),
        ),
        _ => {
            let base = release_at.flatten().unwrap_or(now);
            // An hour after a release at the end of time does not exist: an hour before it.
            let span = base.checked_add_signed(Duration::hours(1)).map_or_else(
                || Span::new(base - Duration::hours(1), base),
                |end| Span::new(base, end),
            );
            (span, span.start)
        }
    };
    let shift = OpenShift {
        id: OpenShiftId(0),
        org,
        site: site.unwrap_or_default(),
        ward: ward.unwrap_or_default(),
        profile: ProfileId(profile.unwrap_or(0)),
        band: band.unwrap_or(0),
        span,
        // A negative headcount reads as 0, which the domain refuses as "must be at least 1".
        headcount: u32::try_from(input.headcount).unwrap_or(0),
        rate_pence_per_hour: input.rate_pence_per_hour,
        reason: reason.unwrap_or(ShiftReason::Other),
        release_at,
    };
    // The domain refuses a negative rate; an absurd one would overflow pay and cost sums.
    if shift.rate_pence_per_hour > MAX_RATE_PENCE_PER_HOUR {
        errs.push(
            field("rate_pence_per_hour"),
            format!("must be at most {MAX_RATE_PENCE_PER_HOUR} (£10,000 an hour)"),
        );
    }
    if let Err(domain) = shift.validate(path) {
        merge_preferring_own(&mut errs, wire_names(path, domain));
    }
    errs.into_result(shift)
}

/// The domain calls the rate `rate`; the wire calls it `rate_pence_per_hour`.
fn wire_names(path: &str, mut errs: FieldErrors) -> FieldErrors {
    let domain_rate = format!("{path}.rate");
    for e in &mut errs.0 {
        if e.field == domain_rate {
            e.field = format!("{path}.rate_pence_per_hour");
        }
    }
    errs
}

/// Reads the open shift of a WithdrawShift request.
pub fn withdraw_shift(req: &pb::WithdrawShiftRequest) -> Result<OpenShiftId, FieldErrors> {
    required_id("shift_id", req.shift_id).map(OpenShiftId)
}

/// Reads the open shift of a GetCandidates request.
pub fn get_candidates(req: &pb::GetCandidatesRequest) -> Result<OpenShiftId, FieldErrors> {
    required_id("shift_id", req.shift_id).map(OpenShiftId)
}

/// A checked ListOpenShifts request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenShiftQuery {
    /// The London days on which the shifts start.
    pub days: DateRange,
    /// Only this trust's shifts; `None` for every trust the caller's banks cover.
    pub org: Option<OrgId>,
}

impl OpenShiftQuery {
    /// The instants the shifts start in.
    pub fn window(&self) -> Span {
        london_window(&self.days)
    }
}

/// Reads a ListOpenShifts request.
pub fn list_open_shifts(req: &pb::ListOpenShiftsRequest) -> Result<OpenShiftQuery, FieldErrors> {
    let mut errs = FieldErrors::new();
    let days = collect(
        &mut errs,
        london_days(("from", &req.from), ("to", &req.to), MAX_OPEN_SHIFT_DAYS),
    );
    let org = collect(&mut errs, optional_id("org_id", req.org_id));
    match (days, org) {
        (Some(days), Some(org)) => Ok(OpenShiftQuery {
            days,
            org: org.map(OrgId),
        }),
        _ => Err(errs),
    }
}

/// A checked OfferShift request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferInput {
    /// The open shift.
    pub shift: OpenShiftId,
    /// The member offered it.
    pub staff: StaffId,
    /// When the offer lapses (whether that is in the future is the service's to judge).
    pub expires_at: DateTime<Utc>,
    /// The caller's key for the request, if any.
    pub idempotency_key: Option<String>,
    /// Why, trimmed; may be empty.
    pub reason: String,
}

/// Reads an OfferShift request.
pub fn offer_shift(req: &pb::OfferShiftRequest) -> Result<OfferInput, FieldErrors> {
    let mut errs = FieldErrors::new();
    let shift = collect(&mut errs, required_id("shift_id", req.shift_id));
    let staff = collect(&mut errs, required_id("staff_id", req.staff_id));
    let expires_at = collect(
        &mut errs,
        required_instant("expires_at", req.expires_at.as_ref()),
    );
    let key = collect(
        &mut errs,
        idempotency_key("idempotency_key", &req.idempotency_key),
    );
    let reason = collect(
        &mut errs,
        bounded_text("reason", &req.reason, MAX_REASON_LEN),
    );
    match (shift, staff, expires_at, key, reason) {
        (Some(shift), Some(staff), Some(expires_at), Some(idempotency_key), Some(reason)) => {
            Ok(OfferInput {
                shift: OpenShiftId(shift),
                staff: StaffId(staff),
                expires_at,
                idempotency_key,
                reason,
            })
        }
        _ => Err(errs),
    }
}

/// A checked BookShift request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookInput {
    /// The open shift.
    pub shift: OpenShiftId,
    /// The member booked.
    pub staff: StaffId,
    /// The caller's key for the request, if any.
    pub idempotency_key: Option<String>,
    /// Why, trimmed; may be empty.
    pub reason: String,
}

/// Reads a BookShift request.
pub fn book_shift(req: &pb::BookShiftRequest) -> Result<BookInput, FieldErrors> {
    let mut errs = FieldErrors::new();
    let shift = collect(&mut errs, required_id("shift_id", req.shift_id));
    let staff = collect(&mut errs, required_id("staff_id", req.staff_id));
    let key = collect(
        &mut errs,
        idempotency_key("idempotency_key", &req.idempotency_key),
    );
    let reason = collect(
        &mut errs,
        bounded_text("reason", &req.reason, MAX_REASON_LEN),
    );
    match (shift, staff, key, reason) {
        (Some(shift), Some(staff), Some(idempotency_key), Some(reason)) => Ok(BookInput {
            shift: OpenShiftId(shift),
            staff: StaffId(staff),
            idempotency_key,
            reason,
        }),
        _ => Err(errs),
    }
}

/// A checked AcceptOffer, DeclineOffer, MarkWorked or ApproveTimesheet request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingAction {
    /// The booking.
    pub booking: BookingId,
    /// Why, trimmed; may be empty.
    pub reason: String,
}

/// Reads a BookingActionRequest.
pub fn booking_action(req: &pb::BookingActionRequest) -> Result<BookingAction, FieldErrors> {
    let mut errs = FieldErrors::new();
    let booking = collect(&mut errs, required_id("booking_id", req.booking_id));
    let reason = collect(
        &mut errs,
        bounded_text("reason", &req.reason, MAX_REASON_LEN),
    );
    match (booking, reason) {
        (Some(booking), Some(reason)) => Ok(BookingAction {
            booking: BookingId(booking),
            reason,
        }),
        _ => Err(errs),
    }
}

/// A checked CancelBooking request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelInput {
    /// The booking.
    pub booking: BookingId,
    /// Whether the member cancels (else the posting trust).
    pub by_member: bool,
    /// Why, trimmed; may be empty.
    pub reason: String,
}

/// Reads a CancelBooking request.
pub fn cancel_booking(req: &pb::CancelBookingRequest) -> Result<CancelInput, FieldErrors> {
    let action = booking_action(&pb::BookingActionRequest {
        booking_id: req.booking_id,
        reason: req.reason.clone(),
    })?;
    Ok(CancelInput {
        booking: action.booking,
        by_member: req.by_member,
        reason: action.reason,
    })
}

/// A checked ListCommitments request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentQuery {
    /// Whose.
    pub staff: StaffId,
    /// The London days the commitments overlap.
    pub days: DateRange,
}

impl CommitmentQuery {
    /// The instants the commitments overlap.
    pub fn window(&self) -> Span {
        london_window(&self.days)
    }
}

/// Reads a ListCommitments request.
pub fn list_commitments(req: &pb::ListCommitmentsRequest) -> Result<CommitmentQuery, FieldErrors> {
    let mut errs = FieldErrors::new();
    let staff = collect(&mut errs, required_id("staff_id", req.staff_id));
    let days = collect(
        &mut errs,
        london_days(("from", &req.from), ("to", &req.to), MAX_COMMITMENT_DAYS),
    );
    match (staff, days) {
        (Some(staff), Some(days)) => Ok(CommitmentQuery {
            staff: StaffId(staff),
            days,
        }),
        _ => Err(errs),
    }
}

// ---------------------------------------------------------------------------------------------
// Domain to wire
// ---------------------------------------------------------------------------------------------

impl From<&Site> for pb::Site {
    fn from(s: &Site) -> Self {
        Self {
            id: s.id.0,
            org_id: s.org.0,
            code: s.code.clone(),
            name: s.name.clone(),
        }
    }
}

impl From<&Bank> for pb::Bank {
    fn from(b: &Bank) -> Self {
        Self {
            id: b.id.0,
            network_id: b.network.0,
            own_org_id: b.own_org.map_or(0, |o| o.0),
            name: b.name.clone(),
        }
    }
}

impl From<&BankMember> for pb::BankMember {
    fn from(m: &BankMember) -> Self {
        Self {
            bank_id: m.bank.0,
            staff_id: m.staff.0,
            home_org_id: m.home_org.0,
            profile_ids: m.profiles.iter().map(|p| p.0).collect(),
            band: i32::from(m.band),
            travels_to_org_ids: m.travels_to.iter().map(|o| o.0).collect(),
            weekly_cap_hours: m.limits.weekly_cap_hours,
            opted_out_of_average: m.limits.opted_out_of_average,
        }
    }
}

impl From<&OpenShift> for pb::OpenShift {
    fn from(s: &OpenShift) -> Self {
        Self {
            id: s.id.0,
            org_id: s.org.0,
            site: s.site.clone(),
            ward: s.ward.clone(),
            profile_id: s.profile.0,
            band: i32::from(s.band),
            start: Some(timestamp(s.span.start)),
            end: Some(timestamp(s.span.end)),
            start_local: local_text(s.span.start),
            end_local: local_text(s.span.end),
            length_minutes: i32::try_from(s.span.length().num_minutes()).unwrap_or(i32::MAX),
            headcount: saturating_i32(s.headcount),
            rate_pence_per_hour: s.rate_pence_per_hour,
            pay_pence: s.pay_pence(),
            reason: pb::BankShiftReason::from(s.reason) as i32,
            release_at: Some(timestamp(s.release_at)),
        }
    }
}

impl From<&Booking> for pb::Booking {
    fn from(b: &Booking) -> Self {
        Self {
            id: b.id.0,
            shift_id: b.shift.0,
            org_id: b.org.0,
            staff_id: b.staff.0,
            status: pb::BankBookingStatus::from(b.status) as i32,
            start: Some(timestamp(b.span.start)),
            end: Some(timestamp(b.span.end)),
            offer_expires_at: b.offer_expires.map(timestamp),
            fee_pence: b.fee_pence,
            strike: b.strike,
        }
    }
}

impl From<&BookingChange> for pb::BookingEvent {
    fn from(c: &BookingChange) -> Self {
        Self {
            status: pb::BankBookingStatus::from(c.status) as i32,
            actor_org_id: c.actor_org.map_or(0, |o| o.0),
            actor_staff_id: c.actor_staff.map_or(0, |s| s.0),
            at: Some(timestamp(c.at)),
            reason: c.reason.clone(),
        }
    }
}

/// Reads a ListBookingEvents request.
pub fn list_booking_events(req: &pb::ListBookingEventsRequest) -> Result<BookingId, FieldErrors> {
    required_id("booking_id", req.booking_id).map(BookingId)
}

impl From<&Commitment> for pb::Commitment {
    fn from(c: &Commitment) -> Self {
        Self {
            org_id: c.org.0,
            org_code: c.org_code.clone(),
            start: Some(timestamp(c.span.start)),
            end: Some(timestamp(c.span.end)),
            start_local: local_text(c.span.start),
            end_local: local_text(c.span.end),
            booking_id: match c.kind {
                CommitmentKind::Bank(id) => id,
                CommitmentKind::Substantive => 0,
            },
        }
    }
}

from_owned!(
    Site => pb::Site,
    Bank => pb::Bank,
    BankMember => pb::BankMember,
    OpenShift => pb::OpenShift,
    Booking => pb::Booking,
    Commitment => pb::Commitment,
);

/// An eligible member for the wire: the ranking figures, with the name and home trust the
/// ranking does not carry.
pub fn candidate_to_proto(c: &RankedCandidate, name: &str, home_org: OrgId) -> pb::Candidate {
    pb::Candidate {
        staff_id: c.staff.0,
        name: name.to_owned(),
        home_org_id: home_org.0,
        cost_pence: c.cost_pence,
        shifts_on_ward: saturating_i32(c.shifts_on_ward),
        bank_hours_this_month: c.bank_hours_this_month,
    }
}

/// A member who may not work a shift, with every reason in words.
pub fn near_miss_to_proto(
    staff: StaffId,
    name: &str,
    home_org: OrgId,
    reasons: &[Ineligible],
) -> pb::NearMiss {
    pb::NearMiss {
        staff_id: staff.0,
        name: name.to_owned(),
        home_org_id: home_org.0,
        reasons: reasons.iter().map(ToString::to_string).collect(),
    }
}

#[cfg(test)]
mod tests;
