//! Offers and bookings through their lifecycle: a bank office offers or books a shift of its
//! trust to an eligible member; the member's home trust answers offers and may cancel for the
//! member; the posting trust cancels, marks the shift worked and approves the timesheet. Every
//! transition is recorded with who, when and why, and audited against the member's passport.

use chrono::{DateTime, Utc};
use crossrota_domain::access::{AuditAction, NewAuditEntry, Role};
use crossrota_domain::bank::booking::{
    Actor, Booking, BookingChange, BookingStatus, Transition, apply,
};
use crossrota_domain::bank::ledger::Commitment;
use crossrota_domain::bank::time::Span;
use crossrota_domain::ids::{BookingId, OpenShiftId, StaffId};
use crossrota_domain::staff::Staff;
use crossrota_store::{BookingEvent, BookingOutcome, NewBooking};

use super::BankService;
use crate::access::Caller;
use crate::error::{Result, ServiceError};

/// The longest idempotency key.
pub const MAX_KEY_LEN: usize = 200;

/// An offer or a booking asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    /// The shift.
    pub shift: OpenShiftId,
    /// The member.
    pub staff: StaffId,
    /// For an offer: until when it stands; `None` books directly.
    pub offer_expires: Option<DateTime<Utc>>,
    /// The requester's key, so a retried request gets the same booking.
    pub idempotency_key: Option<String>,
    /// Why, for the record.
    pub reason: String,
}

impl BankService {
    /// Offers (with an expiry) or books a shift of the caller's trust to a member, who must
    /// be eligible now: every reason they are not is a failed precondition, and so is a clash
    /// with another booking of theirs (named). A repeated request returns the first booking.
    pub async fn book(&self, caller: &Caller, req: BookingRequest) -> Result<Booking> {
        caller.require_any(&[Role::BankOffice, Role::Admin], "booking bank staff")?;
        if req
            .idempotency_key
            .as_ref()
            .is_some_and(|k| k.is_empty() || k.len() > MAX_KEY_LEN)
        {
            return Err(ServiceError::invalid(
                "idempotency_key",
                format!("must be 1 to {MAX_KEY_LEN} characters"),
            ));
        }
        let now = self.clock().now();
        if req.offer_expires.is_some_and(|e| e <= now) {
            return Err(ServiceError::invalid("expires_at", "must be in the future"));
        }
        let shift = self.visible_shift(caller, req.shift).await?;
        caller.require_own_org(shift.org, "booking a shift")?;
        if shift.span.start <= now {
            return Err(ServiceError::Precondition(format!(
                "shift {} has already started",
                shift.id
            )));
        }
        // A repeated request is answered with the booking it made, whatever changed since.
        if let Some(key) = &req.idempotency_key
            && let Some(made) = self.store().booking_by_key(shift.org, key).await?
        {
            return Ok(made);
        }
        let assessed = self.assess(&shift, Some(req.staff)).await?;
        let Some(person) = assessed.into_iter().next() else {
            return Err(ServiceError::invalid("staff_id", "not a bank member"));
        };
        let reasons: Vec<String> = person.reasons.iter().map(ToString::to_string).collect();
        if !reasons.is_empty() {
            return Err(ServiceError::Precondition(format!(
                "staff {} may not work shift {}: {}",
                req.staff,
                shift.id,
                reasons.join("; ")
            )));
        }
        let status = if req.offer_expires.is_some() {
            BookingStatus::Offered
        } else {
            BookingStatus::Booked
        };
        let outcome = self
            .store()
            .book(&NewBooking {
                shift: shift.id,
                staff: req.staff,
                status,
                offer_expires: req.offer_expires,
                idempotency_key: req.idempotency_key.clone(),
                event: BookingEvent {
                    actor_org: Some(caller.org()),
                    actor_staff: None,
                    at: now,
                    reason: req.reason.clone(),
                },
            })
            .await?;
        match outcome {
            BookingOutcome::Created(b) => {
                self.audit_booking(caller, &person.staff, &b, status, &req.reason)
                    .await?;
                Ok(b)
            }
            BookingOutcome::Repeated(b) => Ok(b),
            BookingOutcome::Clash(other) => Err(ServiceError::Precondition(format!(
                "staff {} already holds booking {other}, which overlaps shift {} or leaves under \
                 11 h rest",
                req.staff, shift.id
            ))),
            BookingOutcome::Full => Err(ServiceError::Precondition(format!(
                "shift {} already has its {} people",
                shift.id, shift.headcount
            ))),
        }
    }

    /// Moves a booking on: the member accepts or declines an offer through their home trust;
    /// the posting trust marks the shift worked (after it ends) or approves the timesheet. For
    /// cancelling, see [`BankService::cancel`], which either side may do.
    pub async fn act(
        &self,
        caller: &Caller,
        id: BookingId,
        transition: Transition,
        reason: &str,
    ) -> Result<Booking> {
        let as_member = matches!(transition, Transition::Accept | Transition::Decline);
        self.transition(caller, id, transition, as_member, reason)
            .await
    }

    /// Cancels a booking or withdraws an offer: `by_member` through the member's home trust,
    /// otherwise by the posting trust (bank office or admin), under the cancellation rules.
    pub async fn cancel(
        &self,
        caller: &Caller,
        id: BookingId,
        by_member: bool,
        reason: &str,
    ) -> Result<Booking> {
        self.transition(caller, id, Transition::Cancel, by_member, reason)
            .await
    }

    /// A booking the caller may see: of its trust's shift, or of one of its staff.
    pub async fn booking(&self, caller: &Caller, id: BookingId) -> Result<Booking> {
        let b = self.store().booking(id).await?;
        let staff = self.store().get_staff(b.staff).await?;
        if b.org != caller.org() && staff.org != caller.org() {
            return Err(ServiceError::NotFound(format!("booking {id}")));
        }
        Ok(b)
    }

    /// Every recorded transition of a booking, oldest first: who made it, when and why (the
    /// posting trust and the member's home trust).
    pub async fn booking_changes(
        &self,
        caller: &Caller,
        id: BookingId,
    ) -> Result<Vec<BookingChange>> {
        self.booking(caller, id).await?;
        Ok(self.store().booking_changes(id).await?)
    }

    /// Everything a person of the caller's trust is committed to in `window`, at every trust
    /// (only their home trust sees this).
    pub async fn commitments(
        &self,
        caller: &Caller,
        staff: StaffId,
        window: Span,
    ) -> Result<Vec<Commitment>> {
        let person = self.store().get_staff(staff).await?;
        if person.org != caller.org() {
            return Err(ServiceError::PermissionDenied(
                "a person's commitments are seen by their home trust only".into(),
            ));
        }
        Ok(self.store().commitments(staff, window).await?)
    }

    async fn transition(
        &self,
        caller: &Caller,
        id: BookingId,
        transition: Transition,
        as_member: bool,
        reason: &str,
    ) -> Result<Booking> {
        caller.require_any(&[Role::BankOffice, Role::Admin], "changing a booking")?;
        let booking = self.booking(caller, id).await?;
        let staff = self.store().get_staff(booking.staff).await?;
        let actor = if as_member {
            caller.require_own_org(staff.org, "acting for a bank member")?;
            Actor::Member(staff.id)
        } else {
            caller.require_own_org(booking.org, "acting for the posting trust")?;
            Actor::Trust(booking.org)
        };
        let now = self.clock().now();
        let (to, terms) = apply(
            &booking.facts(),
            transition,
            actor,
            now,
            &self.rules.cancellation,
        )
        .map_err(|e| ServiceError::Precondition(format!("booking {id}: {e}")))?;
        let event = BookingEvent {
            actor_org: Some(caller.org()),
            actor_staff: as_member.then_some(staff.id),
            at: now,
            reason: reason.to_owned(),
        };
        let moved = self
            .store()
            .transition_booking(
                id,
                booking.status,
                to,
                terms.fee_pence,
                terms.strike,
                &event,
            )
            .await?;
        if !moved {
            return Err(ServiceError::Precondition(format!(
                "booking {id} changed meanwhile; read it again"
            )));
        }
        let updated = self.store().booking(id).await?;
        self.audit_booking(caller, &staff, &updated, to, reason)
            .await?;
        Ok(updated)
    }

    /// One audit entry per transition, against the member's passport: their home trust lists
    /// it, and it names the acting trust.
    async fn audit_booking(
        &self,
        caller: &Caller,
        staff: &Staff,
        booking: &Booking,
        status: BookingStatus,
        reason: &str,
    ) -> Result<()> {
        let words = format!(
            "bank booking {} of shift {} {}: {}",
            booking.id,
            booking.shift,
            status.as_str(),
            if reason.trim().is_empty() {
                "(no reason given)"
            } else {
                reason.trim()
            }
        );
        self.store()
            .append_audit(&[NewAuditEntry {
                at: self.clock().now(),
                actor_org: caller.org(),
                key: caller.key.id,
                staff: staff.id,
                staff_org: staff.org,
                action: AuditAction::Verify,
                reason: words.chars().take(500).collect(),
            }])
            .await?;
        Ok(())
    }
}
