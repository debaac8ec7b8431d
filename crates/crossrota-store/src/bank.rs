//! The collaborative bank's tables: sites, banks and their members, open shifts, bookings with
//! their events, and substantive commitments for the working-time ledger.
//!
//! **No double booking, guaranteed by the database.** Two bookings of one person that hold
//! time (offered, booked, worked, approved) may never overlap nor leave less than 11 hours'
//! rest between them. On PostgreSQL an exclusion constraint over `[start, end + 11 h)` per
//! person enforces it whatever instance writes; on SQLite the booking runs in one serialised
//! write transaction that looks for a clash first. Either way [`Store::book`] answers with the
//! clashing booking instead of an error. Times are seconds since the Unix epoch in both
//! dialects, so they compare as integers.

use chrono::{DateTime, TimeZone, Utc};
use crossrota_domain::bank::booking::{Booking, BookingChange, BookingStatus};
use crossrota_domain::bank::ledger::{Commitment, CommitmentKind, PersonalLimits};
use crossrota_domain::bank::model::{Bank, BankMember, OpenShift, ShiftReason, Site};
use crossrota_domain::bank::time::Span;
use crossrota_domain::ids::{
    BankId, BookingId, NetworkId, OpenShiftId, OrgId, ProfileId, SiteId, StaffId,
};

use crate::db::{Conn, db_time, on_conn, on_pool};
use crate::error::{Context, Result, StoreError, corrupt};
use crate::store::Store;

/// Rest that must separate two bookings of one person, in seconds (11 hours).
pub const MIN_REST_SECONDS: i64 = 11 * 3600;

/// Statuses that hold a person's time, as SQL.
const HOLDING: &str = "('offered', 'booked', 'worked', 'approved')";

/// A bank to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBank {
    /// The network whose member trusts share it.
    pub network: NetworkId,
    /// For a trust's own bank: the trust.
    pub own_org: Option<OrgId>,
    /// Its name (unique).
    pub name: String,
}

/// A booking to make: an offer (with an expiry) or a direct booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBooking {
    /// The shift.
    pub shift: OpenShiftId,
    /// The member.
    pub staff: StaffId,
    /// Offered or booked.
    pub status: BookingStatus,
    /// When an offer lapses.
    pub offer_expires: Option<DateTime<Utc>>,
    /// The requester's key: a retried request gets the same booking.
    pub idempotency_key: Option<String>,
    /// Who asks, and why, for the first event.
    pub event: BookingEvent,
}

/// One transition of a booking, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingEvent {
    /// The trust that acted, if a trust did.
    pub actor_org: Option<OrgId>,
    /// The member who acted, if the member did.
    pub actor_staff: Option<StaffId>,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, in words.
    pub reason: String,
}

/// What [`Store::book`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingOutcome {
    /// A new booking.
    Created(Booking),
    /// The request was made before with the same key: the booking it made.
    Repeated(Booking),
    /// The person has a booking that overlaps this one or leaves under 11 hours' rest.
    Clash(BookingId),
    /// The shift already has as many people as it needs.
    Full,
}

#[derive(sqlx::FromRow)]
struct BookingRow {
    id: i64,
    shift_id: i64,
    org_id: i64,
    staff_id: i64,
    status: String,
    start_s: i64,
    end_s: i64,
    offer_expires_s: Option<i64>,
    fee_pence: i64,
    strike: bool,
}

const BOOKING_COLUMNS: &str =
    "id, shift_id, org_id, staff_id, status, start_s, end_s, offer_expires_s, fee_pence, strike";

impl TryFrom<BookingRow> for Booking {
    type Error = StoreError;

    fn try_from(r: BookingRow) -> Result<Self> {
        Ok(Self {
            id: BookingId(r.id),
            shift: OpenShiftId(r.shift_id),
            org: OrgId(r.org_id),
            staff: StaffId(r.staff_id),
            status: BookingStatus::parse(&r.status)
                .ok_or_else(|| corrupt("bookings.status", &r.status))?,
            span: Span::new(instant(r.start_s)?, instant(r.end_s)?),
            offer_expires: r.offer_expires_s.map(instant).transpose()?,
            fee_pence: r.fee_pence,
            strike: r.strike,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ShiftRow {
    id: i64,
    org_id: i64,
    site_code: String,
    ward: String,
    profile_id: i64,
    band: i32,
    start_s: i64,
    end_s: i64,
    headcount: i32,
    rate_pence: i64,
    reason: String,
    release_s: i64,
}

impl TryFrom<ShiftRow> for OpenShift {
    type Error = StoreError;

    fn try_from(r: ShiftRow) -> Result<Self> {
        Ok(Self {
            id: OpenShiftId(r.id),
            org: OrgId(r.org_id),
            site: r.site_code,
            ward: r.ward,
            profile: ProfileId(r.profile_id),
            band: u8::try_from(r.band).map_err(|_| corrupt("open_shifts.band", r.band))?,
            span: Span::new(instant(r.start_s)?, instant(r.end_s)?),
            headcount: u32::try_from(r.headcount)
                .map_err(|_| corrupt("open_shifts.headcount", r.headcount))?,
            rate_pence_per_hour: r.rate_pence,
            reason: ShiftReason::parse(&r.reason)
                .ok_or_else(|| corrupt("open_shifts.reason", &r.reason))?,
            release_at: instant(r.release_s)?,
        })
    }
}

const SHIFT_SELECT: &str = "SELECT s.id, s.org_id, t.code AS site_code, s.ward, s.profile_id, \
     s.band, s.start_s, s.end_s, s.headcount, s.rate_pence, s.reason, s.release_s \
     FROM open_shifts s JOIN sites t ON t.id = s.site_id";

fn instant(seconds: i64) -> Result<DateTime<Utc>> {
    Utc.timestamp_opt(seconds, 0)
        .single()
        .ok_or_else(|| corrupt("a bank time", seconds))
}

fn seconds(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

impl Store {
    /// Records a site of a trust; `AlreadyExists` when the trust has the code already.
    pub async fn create_site(&self, org: OrgId, code: &str, name: &str) -> Result<Site> {
        let id: i64 = on_pool!(&self.pool, |p| {
            sqlx::query_scalar(
                "INSERT INTO sites (org_id, code, name) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(org.0)
            .bind(code)
            .bind(name)
            .fetch_one(p)
            .await
        })
        .unique_as("site", || format!("{org} {code}"))?;
        Ok(Site {
            id: SiteId(id),
            org,
            code: code.to_owned(),
            name: name.to_owned(),
        })
    }

    /// Creates a bank; `AlreadyExists` when the name is taken.
    pub async fn create_bank(&self, b: &NewBank) -> Result<Bank> {
        let id: i64 = on_pool!(&self.pool, |p| {
            sqlx::query_scalar(
                "INSERT INTO banks (network_id, own_org_id, name) VALUES ($1, $2, $3) \
                 RETURNING id",
            )
            .bind(b.network.0)
            .bind(b.own_org.map(|o| o.0))
            .bind(&b.name)
            .fetch_one(p)
            .await
        })
        .unique_as("bank", || b.name.clone())?;
        Ok(Bank {
            id: BankId(id),
            network: b.network,
            own_org: b.own_org,
            name: b.name.clone(),
        })
    }

    /// Adds a member of staff to a bank with what they offer, in one transaction;
    /// `AlreadyExists` when they are a member already.
    pub async fn join_bank(&self, m: &BankMember) -> Result<()> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        on_conn!(c, |c| {
            sqlx::query(
                "INSERT INTO bank_members (bank_id, staff_id, band, weekly_cap_hours, opted_out) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(m.bank.0)
            .bind(m.staff.0)
            .bind(i32::from(m.band))
            .bind(m.limits.weekly_cap_hours)
            .bind(m.limits.opted_out_of_average)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected())
        })
        .unique_as("bank member", || format!("{} in bank {}", m.staff, m.bank))?;
        for profile in &m.profiles {
            on_conn!(c, |c| {
                sqlx::query(
                    "INSERT INTO bank_member_profiles (bank_id, staff_id, profile_id) \
                     VALUES ($1, $2, $3)",
                )
                .bind(m.bank.0)
                .bind(m.staff.0)
                .bind(profile.0)
                .execute(&mut *c)
                .await
                .map(|r| r.rows_affected())
            })
            .unique_as("bank member profile", || profile.to_string())?;
        }
        for org in &m.travels_to {
            on_conn!(c, |c| {
                sqlx::query(
                    "INSERT INTO bank_member_orgs (bank_id, staff_id, org_id) VALUES ($1, $2, $3)",
                )
                .bind(m.bank.0)
                .bind(m.staff.0)
                .bind(org.0)
                .execute(&mut *c)
                .await
                .map(|r| r.rows_affected())
            })
            .unique_as("bank member trust", || org.to_string())?;
        }
        tx.commit().await
    }

    /// Every member of a bank with what they offer, by staff id.
    pub async fn bank_members(&self, bank: BankId) -> Result<Vec<BankMember>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            staff_id: i64,
            home_org: i64,
            band: i32,
            weekly_cap_hours: Option<f64>,
            opted_out: bool,
        }
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let rows: Vec<Row> = on_conn!(c, |c| {
            sqlx::query_as(
                "SELECT m.staff_id, s.org_id AS home_org, m.band, m.weekly_cap_hours, m.opted_out \
                 FROM bank_members m JOIN staff s ON s.id = m.staff_id \
                 WHERE m.bank_id = $1 ORDER BY m.staff_id",
            )
            .bind(bank.0)
            .fetch_all(&mut *c)
            .await
        })?;
        let profiles: Vec<(i64, i64)> = on_conn!(c, |c| {
            sqlx::query_as(
                "SELECT staff_id, profile_id FROM bank_member_profiles WHERE bank_id = $1 \
                 ORDER BY staff_id, profile_id",
            )
            .bind(bank.0)
            .fetch_all(&mut *c)
            .await
        })?;
        let orgs: Vec<(i64, i64)> = on_conn!(c, |c| {
            sqlx::query_as(
                "SELECT staff_id, org_id FROM bank_member_orgs WHERE bank_id = $1 \
                 ORDER BY staff_id, org_id",
            )
            .bind(bank.0)
            .fetch_all(&mut *c)
            .await
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(BankMember {
                    bank,
                    staff: StaffId(r.staff_id),
                    home_org: OrgId(r.home_org),
                    profiles: profiles
                        .iter()
                        .filter(|(s, _)| *s == r.staff_id)
                        .map(|(_, p)| ProfileId(*p))
                        .collect(),
                    band: u8::try_from(r.band).map_err(|_| corrupt("bank_members.band", r.band))?,
                    travels_to: orgs
                        .iter()
                        .filter(|(s, _)| *s == r.staff_id)
                        .map(|(_, o)| OrgId(*o))
                        .collect(),
                    limits: PersonalLimits {
                        weekly_cap_hours: r.weekly_cap_hours,
                        opted_out_of_average: r.opted_out,
                    },
                    unavailable: Vec::new(),
                })
            })
            .collect()
    }

    /// Posts shifts, all or none: an unknown site names the row (`NotFound`), and nothing is
    /// stored unless every row is. Returns the ids in order.
    pub async fn post_shifts(&self, shifts: &[OpenShift]) -> Result<Vec<OpenShiftId>> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        let mut ids = Vec::with_capacity(shifts.len());
        for (row, s) in shifts.iter().enumerate() {
            let site: Option<i64> = on_conn!(c, |c| {
                sqlx::query_scalar("SELECT id FROM sites WHERE org_id = $1 AND code = $2")
                    .bind(s.org.0)
                    .bind(&s.site)
                    .fetch_optional(&mut *c)
                    .await
            })?;
            let site = site.ok_or_else(|| {
                StoreError::not_found("site", format!("{} of row {}", s.site, row + 1))
            })?;
            let id: i64 = on_conn!(c, |c| {
                sqlx::query_scalar(
                    "INSERT INTO open_shifts (org_id, site_id, ward, profile_id, band, start_s, \
                     end_s, headcount, rate_pence, reason, release_s) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                )
                .bind(s.org.0)
                .bind(site)
                .bind(&s.ward)
                .bind(s.profile.0)
                .bind(i32::from(s.band))
                .bind(seconds(s.span.start))
                .bind(seconds(s.span.end))
                .bind(i32::try_from(s.headcount).unwrap_or(i32::MAX))
                .bind(s.rate_pence_per_hour)
                .bind(s.reason.as_str())
                .bind(seconds(s.release_at))
                .fetch_one(&mut *c)
                .await
            })?;
            ids.push(OpenShiftId(id));
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// One shift that has not been withdrawn.
    pub async fn open_shift(&self, id: OpenShiftId) -> Result<OpenShift> {
        let row: Option<ShiftRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{SHIFT_SELECT} WHERE s.id = $1 AND s.withdrawn = $2"
            )))
            .bind(id.0)
            .bind(false)
            .fetch_optional(p)
            .await
        })?;
        row.ok_or_else(|| StoreError::not_found("open shift", id))?
            .try_into()
    }

    /// Open shifts starting in `window`, of one trust or all, by start.
    pub async fn list_open_shifts(
        &self,
        org: Option<OrgId>,
        window: Span,
    ) -> Result<Vec<OpenShift>> {
        let rows: Vec<ShiftRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{SHIFT_SELECT} WHERE s.withdrawn = $1 AND s.start_s >= $2 AND s.start_s < $3 \
                 AND ($4 = 0 OR s.org_id = $4) ORDER BY s.start_s, s.id"
            )))
            .bind(false)
            .bind(seconds(window.start))
            .bind(seconds(window.end))
            .bind(org.map_or(0, |o| o.0))
            .fetch_all(p)
            .await
        })?;
        rows.into_iter().map(OpenShift::try_from).collect()
    }

    /// Withdraws an open shift; false when it was not open.
    pub async fn withdraw_shift(&self, id: OpenShiftId) -> Result<bool> {
        let done = on_pool!(&self.pool, |p| {
            sqlx::query("UPDATE open_shifts SET withdrawn = $1 WHERE id = $2 AND withdrawn = $3")
                .bind(true)
                .bind(id.0)
                .bind(false)
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(done == 1)
    }

    /// Books (or offers) a shift to a member, unless they hold time within 11 hours of it
    /// ([`BookingOutcome::Clash`]) or the shift is full. A request repeated with the same
    /// idempotency key gets the booking it made the first time.
    pub async fn book(&self, b: &NewBooking) -> Result<BookingOutcome> {
        let shift = self.open_shift(b.shift).await?;
        let attempt = self.try_book(b, &shift).await;
        match attempt {
            Err(e) if is_exclusion_violation(&e) => {
                // PostgreSQL's constraint caught a booking another instance made meanwhile.
                match self.clash(b.staff, shift.span, None).await? {
                    Some(id) => Ok(BookingOutcome::Clash(id)),
                    None => Err(e),
                }
            }
            Err(StoreError::AlreadyExists { .. }) if b.idempotency_key.is_some() => {
                // A concurrent repeat of the same request won the insert.
                match self.by_key(shift.org, b.idempotency_key.as_deref()).await? {
                    Some(existing) => Ok(BookingOutcome::Repeated(existing)),
                    None => Err(StoreError::Conflict("idempotency key reused".into())),
                }
            }
            other => other,
        }
    }

    async fn try_book(&self, b: &NewBooking, shift: &OpenShift) -> Result<BookingOutcome> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        if let Some(existing) = by_key(c, shift.org, b.idempotency_key.as_deref()).await? {
            return Ok(BookingOutcome::Repeated(existing));
        }
        // Serialise bookings of one shift (PostgreSQL row lock; SQLite's write lock already
        // serialises everything), so its headcount holds too.
        lock_shift(c, shift.id).await?;
        expire_offers(c, b.staff, &b.event).await?;
        if let Some(id) = clash_in(c, b.staff, shift.span, None).await? {
            return Ok(BookingOutcome::Clash(id));
        }
        let taken: i64 = on_conn!(c, |c| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM bookings WHERE shift_id = $1 AND status IN {HOLDING}"
            )))
            .bind(shift.id.0)
            .fetch_one(&mut *c)
            .await
        })?;
        if taken >= i64::from(shift.headcount) {
            return Ok(BookingOutcome::Full);
        }
        let row: BookingRow = on_conn!(c, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "INSERT INTO bookings (shift_id, org_id, staff_id, status, start_s, end_s, \
                 offer_expires_s, idempotency_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 RETURNING {BOOKING_COLUMNS}"
            )))
            .bind(shift.id.0)
            .bind(shift.org.0)
            .bind(b.staff.0)
            .bind(b.status.as_str())
            .bind(seconds(shift.span.start))
            .bind(seconds(shift.span.end))
            .bind(b.offer_expires.map(seconds))
            .bind(b.idempotency_key.as_deref())
            .fetch_one(&mut *c)
            .await
        })
        .unique_as("booking", || b.idempotency_key.clone().unwrap_or_default())?;
        let record = Booking::try_from(row)?;
        insert_event(c, record.id, b.status, &b.event).await?;
        tx.commit().await?;
        Ok(BookingOutcome::Created(record))
    }

    /// The booking of the person that holds time within 11 hours of `span`, if any (other
    /// than `except`).
    pub async fn clash(
        &self,
        staff: StaffId,
        span: Span,
        except: Option<BookingId>,
    ) -> Result<Option<BookingId>> {
        let mut tx = self.snapshot().await?;
        clash_in(&mut tx.conn(), staff, span, except).await
    }

    /// The booking a trust's request with idempotency key `key` made, if any.
    pub async fn booking_by_key(&self, org: OrgId, key: &str) -> Result<Option<Booking>> {
        self.by_key(org, Some(key)).await
    }

    async fn by_key(&self, org: OrgId, key: Option<&str>) -> Result<Option<Booking>> {
        let mut tx = self.snapshot().await?;
        by_key(&mut tx.conn(), org, key).await
    }

    /// One booking.
    pub async fn booking(&self, id: BookingId) -> Result<Booking> {
        let row: Option<BookingRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1"
            )))
            .bind(id.0)
            .fetch_optional(p)
            .await
        })?;
        row.ok_or_else(|| StoreError::not_found("booking", id))?
            .try_into()
    }

    /// The recorded transitions of a booking, oldest first.
    pub async fn booking_changes(&self, id: BookingId) -> Result<Vec<BookingChange>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            status: String,
            actor_org: Option<i64>,
            actor_staff: Option<i64>,
            at: DateTime<Utc>,
            reason: String,
        }
        let rows: Vec<Row> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "SELECT status, actor_org, actor_staff, at, reason FROM booking_events \
                 WHERE booking_id = $1 ORDER BY id",
            )
            .bind(id.0)
            .fetch_all(p)
            .await
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(BookingChange {
                    status: BookingStatus::parse(&r.status)
                        .ok_or_else(|| corrupt("booking_events.status", &r.status))?,
                    actor_org: r.actor_org.map(OrgId),
                    actor_staff: r.actor_staff.map(StaffId),
                    at: r.at,
                    reason: r.reason,
                })
            })
            .collect()
    }

    /// Every booking of a shift, by id.
    pub async fn bookings_of_shift(&self, shift: OpenShiftId) -> Result<Vec<Booking>> {
        let rows: Vec<BookingRow> = on_pool!(&self.pool, |p| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {BOOKING_COLUMNS} FROM bookings WHERE shift_id = $1 ORDER BY id"
            )))
            .bind(shift.0)
            .fetch_all(p)
            .await
        })?;
        rows.into_iter().map(Booking::try_from).collect()
    }

    /// Moves a booking from `from` to `to` and records the event, if it is still `from`
    /// (false otherwise: someone else moved it first).
    pub async fn transition_booking(
        &self,
        id: BookingId,
        from: BookingStatus,
        to: BookingStatus,
        fee_pence: i64,
        strike: bool,
        event: &BookingEvent,
    ) -> Result<bool> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        let done = on_conn!(c, |c| {
            sqlx::query(
                "UPDATE bookings SET status = $1, fee_pence = fee_pence + $2, \
                 strike = (strike OR $3) WHERE id = $4 AND status = $5",
            )
            .bind(to.as_str())
            .bind(fee_pence)
            .bind(strike)
            .bind(id.0)
            .bind(from.as_str())
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected())
        })?;
        if done != 1 {
            return Ok(false);
        }
        insert_event(c, id, to, event).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records a substantive shift of a person at their employer.
    pub async fn add_commitment(
        &self,
        staff: StaffId,
        org: OrgId,
        span: Span,
        source: &str,
    ) -> Result<()> {
        on_pool!(&self.pool, |p| {
            sqlx::query(
                "INSERT INTO commitments (staff_id, org_id, start_s, end_s, source) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(staff.0)
            .bind(org.0)
            .bind(seconds(span.start))
            .bind(seconds(span.end))
            .bind(source)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Everything a person is committed to that ends after `window.start` and starts before
    /// `window.end`, at every trust: bookings that hold time and substantive shifts, by start.
    pub async fn commitments(&self, staff: StaffId, window: Span) -> Result<Vec<Commitment>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            start_s: i64,
            end_s: i64,
            org_id: i64,
            code: String,
            booking: Option<i64>,
        }
        let rows: Vec<Row> = on_pool!(&self.pool, |p| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT b.start_s, b.end_s, b.org_id, o.code, b.id AS booking FROM bookings b \
                 JOIN organisations o ON o.id = b.org_id \
                 WHERE b.staff_id = $1 AND b.status IN {HOLDING} AND b.end_s > $2 AND b.start_s < $3 \
                 UNION ALL \
                 SELECT c.start_s, c.end_s, c.org_id, o.code, NULL AS booking FROM commitments c \
                 JOIN organisations o ON o.id = c.org_id \
                 WHERE c.staff_id = $1 AND c.end_s > $2 AND c.start_s < $3 \
                 ORDER BY 1, 2"
            )))
            .bind(staff.0)
            .bind(seconds(window.start))
            .bind(seconds(window.end))
            .fetch_all(p)
            .await
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(Commitment {
                    span: Span::new(instant(r.start_s)?, instant(r.end_s)?),
                    org: OrgId(r.org_id),
                    org_code: r.code,
                    kind: r
                        .booking
                        .map_or(CommitmentKind::Substantive, CommitmentKind::Bank),
                })
            })
            .collect()
    }
}

async fn by_key(c: &mut Conn<'_>, org: OrgId, key: Option<&str>) -> Result<Option<Booking>> {
    let Some(key) = key else {
        return Ok(None);
    };
    let row: Option<BookingRow> = on_conn!(c, |c| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {BOOKING_COLUMNS} FROM bookings WHERE org_id = $1 AND idempotency_key = $2"
        )))
        .bind(org.0)
        .bind(key)
        .fetch_optional(&mut *c)
        .await
    })?;
    row.map(Booking::try_from).transpose()
}

/// Marks the person's offers whose expiry has passed (by `event.at`) as expired, with an event
/// each, so they stop holding time before a new booking is judged.
async fn expire_offers(c: &mut Conn<'_>, staff: StaffId, event: &BookingEvent) -> Result<()> {
    let lapsed: Vec<i64> = on_conn!(c, |c| {
        sqlx::query_scalar(
            "UPDATE bookings SET status = 'expired' WHERE staff_id = $1 AND status = 'offered' \
             AND offer_expires_s <= $2 RETURNING id",
        )
        .bind(staff.0)
        .bind(seconds(event.at))
        .fetch_all(&mut *c)
        .await
    })?;
    let lapse = BookingEvent {
        actor_org: None,
        actor_staff: None,
        at: event.at,
        reason: "the offer expired unanswered".into(),
    };
    for id in lapsed {
        insert_event(c, BookingId(id), BookingStatus::Expired, &lapse).await?;
    }
    Ok(())
}

async fn lock_shift(c: &mut Conn<'_>, shift: OpenShiftId) -> Result<()> {
    if let Conn::Postgres(pg) = c {
        sqlx::query("SELECT id FROM open_shifts WHERE id = $1 FOR UPDATE")
            .bind(shift.0)
            .fetch_optional(&mut **pg)
            .await?;
    }
    Ok(())
}

/// The first booking of `staff` holding time within 11 hours of `span`.
async fn clash_in(
    c: &mut Conn<'_>,
    staff: StaffId,
    span: Span,
    except: Option<BookingId>,
) -> Result<Option<BookingId>> {
    let id: Option<i64> = on_conn!(c, |c| {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM bookings WHERE staff_id = $1 AND status IN {HOLDING} \
             AND start_s < $2 AND end_s > $3 AND id <> $4 ORDER BY start_s LIMIT 1"
        )))
        .bind(staff.0)
        .bind(seconds(span.end) + MIN_REST_SECONDS)
        .bind(seconds(span.start) - MIN_REST_SECONDS)
        .bind(except.map_or(0, |b| b.0))
        .fetch_optional(&mut *c)
        .await
    })?;
    Ok(id.map(BookingId))
}

async fn insert_event(
    c: &mut Conn<'_>,
    booking: BookingId,
    status: BookingStatus,
    e: &BookingEvent,
) -> Result<()> {
    on_conn!(c, |c| {
        sqlx::query(
            "INSERT INTO booking_events (booking_id, status, actor_org, actor_staff, at, reason) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(booking.0)
        .bind(status.as_str())
        .bind(e.actor_org.map(|o| o.0))
        .bind(e.actor_staff.map(|s| s.0))
        .bind(db_time(e.at))
        .bind(&e.reason)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// True for PostgreSQL's exclusion-constraint violation (SQLSTATE 23P01).
fn is_exclusion_violation(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(sqlx::Error::Database(db)) if db.code().as_deref() == Some("23P01"))
}

impl Store {
    /// One bank.
    pub async fn bank(&self, id: BankId) -> Result<Bank> {
        let row: Option<(i64, i64, Option<i64>, String)> = on_pool!(&self.pool, |p| {
            sqlx::query_as("SELECT id, network_id, own_org_id, name FROM banks WHERE id = $1")
                .bind(id.0)
                .fetch_optional(p)
                .await
        })?;
        let (id, network, own, name) = row.ok_or_else(|| StoreError::not_found("bank", id))?;
        Ok(Bank {
            id: BankId(id),
            network: NetworkId(network),
            own_org: own.map(OrgId),
            name,
        })
    }

    /// The banks `org` takes part in: collaborative banks of its networks, and its own.
    pub async fn banks_of_org(&self, org: OrgId) -> Result<Vec<Bank>> {
        let rows: Vec<(i64, i64, Option<i64>, String)> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "SELECT b.id, b.network_id, b.own_org_id, b.name FROM banks b \
                 JOIN network_members n ON n.network_id = b.network_id AND n.org_id = $1 \
                 WHERE b.own_org_id IS NULL OR b.own_org_id = $1 ORDER BY b.id",
            )
            .bind(org.0)
            .fetch_all(p)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, network, own, name)| Bank {
                id: BankId(id),
                network: NetworkId(network),
                own_org: own.map(OrgId),
                name,
            })
            .collect())
    }

    /// The sites of a trust, by code.
    pub async fn sites_of(&self, org: OrgId) -> Result<Vec<Site>> {
        let rows: Vec<(i64, String, String)> = on_pool!(&self.pool, |p| {
            sqlx::query_as("SELECT id, code, name FROM sites WHERE org_id = $1 ORDER BY code")
                .bind(org.0)
                .fetch_all(p)
                .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, code, name)| Site {
                id: SiteId(id),
                org,
                code,
                name,
            })
            .collect())
    }

    /// The commitments of many people in `window` at once (see [`Store::commitments`]).
    pub async fn commitments_many(
        &self,
        staff: &[StaffId],
        window: Span,
    ) -> Result<std::collections::HashMap<StaffId, Vec<Commitment>>> {
        let mut out: std::collections::HashMap<StaffId, Vec<Commitment>> =
            staff.iter().map(|s| (*s, Vec::new())).collect();
        // One pass over each table for the window; people outside `staff` are dropped.
        #[derive(sqlx::FromRow)]
        struct Row {
            staff_id: i64,
            start_s: i64,
            end_s: i64,
            org_id: i64,
            code: String,
            booking: Option<i64>,
        }
        let rows: Vec<Row> = on_pool!(&self.pool, |p| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT b.staff_id, b.start_s, b.end_s, b.org_id, o.code, b.id AS booking \
                 FROM bookings b JOIN organisations o ON o.id = b.org_id \
                 WHERE b.status IN {HOLDING} AND b.end_s > $1 AND b.start_s < $2 \
                 UNION ALL \
                 SELECT c.staff_id, c.start_s, c.end_s, c.org_id, o.code, NULL AS booking \
                 FROM commitments c JOIN organisations o ON o.id = c.org_id \
                 WHERE c.end_s > $1 AND c.start_s < $2 ORDER BY 2, 3"
            )))
            .bind(seconds(window.start))
            .bind(seconds(window.end))
            .fetch_all(p)
            .await
        })?;
        for r in rows {
            if let Some(list) = out.get_mut(&StaffId(r.staff_id)) {
                list.push(Commitment {
                    span: Span::new(instant(r.start_s)?, instant(r.end_s)?),
                    org: OrgId(r.org_id),
                    org_code: r.code,
                    kind: r
                        .booking
                        .map_or(CommitmentKind::Substantive, CommitmentKind::Bank),
                });
            }
        }
        Ok(out)
    }

    /// How many shifts each person has worked on `ward` of `org` (worked or approved
    /// bookings), for continuity.
    pub async fn shifts_on_ward(
        &self,
        org: OrgId,
        ward: &str,
    ) -> Result<std::collections::HashMap<StaffId, u32>> {
        let rows: Vec<(i64, i64)> = on_pool!(&self.pool, |p| {
            sqlx::query_as(
                "SELECT b.staff_id, COUNT(*) FROM bookings b \
                 JOIN open_shifts s ON s.id = b.shift_id \
                 WHERE b.org_id = $1 AND s.ward = $2 AND b.status IN ('worked', 'approved') \
                 GROUP BY b.staff_id",
            )
            .bind(org.0)
            .bind(ward)
            .fetch_all(p)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(s, n)| (StaffId(s), u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }
}
