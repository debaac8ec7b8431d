//! The booking lifecycle: a shift is offered to one member (until an expiry), accepted or
//! declined, booked, worked, and its timesheet approved; the trust or the member may cancel
//! before it is worked, under the trust's cancellation rules (notice, late-cancellation fee,
//! strikes against a member who cancels late). Every transition names who made it, when and
//! why; this module decides which transitions are allowed and what they cost.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::bank::time::Span;
use crate::ids::{BookingId, OpenShiftId, OrgId, StaffId};

/// Where a booking is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Offered to the member, who has until the expiry to accept.
    Offered,
    /// The member works the shift.
    Booked,
    /// Worked; the timesheet awaits approval.
    Worked,
    /// The timesheet is approved: the shift is paid.
    Approved,
    /// The member declined the offer.
    Declined,
    /// The offer expired unanswered.
    Expired,
    /// Cancelled by the trust or the member.
    Cancelled,
}

impl BookingStatus {
    /// Every status.
    pub const ALL: [Self; 7] = [
        Self::Offered,
        Self::Booked,
        Self::Worked,
        Self::Approved,
        Self::Declined,
        Self::Expired,
        Self::Cancelled,
    ];

    /// Stable text form, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offered => "offered",
            Self::Booked => "booked",
            Self::Worked => "worked",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
        }
    }

    /// Inverse of [`BookingStatus::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Whether the member is committed to the shift's time (it counts in their ledger and no
    /// other booking may overlap it): an open offer holds the time too, so two offers for one
    /// night cannot both be accepted.
    pub fn holds_time(self) -> bool {
        matches!(
            self,
            Self::Offered | Self::Booked | Self::Worked | Self::Approved
        )
    }
}

/// One person's offer or booking of one open shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    /// Identity.
    pub id: BookingId,
    /// The shift.
    pub shift: OpenShiftId,
    /// The posting trust.
    pub org: OrgId,
    /// The member.
    pub staff: StaffId,
    /// Where it is in its life.
    pub status: BookingStatus,
    /// The shift's time (kept with the booking for the ledger).
    pub span: Span,
    /// When an offer lapses.
    pub offer_expires: Option<DateTime<Utc>>,
    /// What late cancellation by the trust cost it, in pence.
    pub fee_pence: i64,
    /// Whether the member got a strike for cancelling late.
    pub strike: bool,
}

impl Booking {
    /// The facts a transition needs.
    pub fn facts(&self) -> BookingFacts {
        BookingFacts {
            status: self.status,
            member: self.staff,
            org: self.org,
            offer_expires: self.offer_expires,
            starts: self.span.start,
            ends: self.span.end,
        }
    }
}

/// One recorded transition of a booking: what it became, who made it, when and why. The
/// posting trust's record of its bookings, and the member's home trust's too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingChange {
    /// The status it moved to.
    pub status: BookingStatus,
    /// The trust that acted, if a trust did (none when an offer lapsed by itself).
    pub actor_org: Option<OrgId>,
    /// The member, when the change was made on their behalf.
    pub actor_staff: Option<StaffId>,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, as given.
    pub reason: String,
}

/// Who acts on a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// A bank office (or admin) of a trust.
    Trust(OrgId),
    /// The member themselves.
    Member(StaffId),
}

/// A change asked of a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// The member accepts an offer.
    Accept,
    /// The member declines an offer.
    Decline,
    /// The trust or the member cancels.
    Cancel,
    /// The trust records the shift as worked.
    MarkWorked,
    /// The trust approves the timesheet.
    ApproveTimesheet,
}

/// A trust's cancellation rules, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationRules {
    /// Notice the trust must give; cancelling later pays the member the late fee.
    pub trust_notice: Duration,
    /// What the trust pays a member it cancels late, in pence.
    pub late_fee_pence: i64,
    /// Notice a member must give; cancelling later is a strike against them.
    pub member_notice: Duration,
}

impl Default for CancellationRules {
    /// 48 hours' notice either way, a £50 late-cancellation fee.
    fn default() -> Self {
        Self {
            trust_notice: Duration::hours(48),
            late_fee_pence: 5000,
            member_notice: Duration::hours(48),
        }
    }
}

/// What a cancellation costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CancellationTerms {
    /// The fee the trust pays the member.
    pub fee_pence: i64,
    /// Whether the member gets a strike.
    pub strike: bool,
}

/// Why a transition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// Not allowed from the current status.
    #[error("a booking that is {from} cannot be {action}")]
    NotFrom {
        /// The current status.
        from: &'static str,
        /// What was asked, in words ("accepted").
        action: &'static str,
    },
    /// The offer expired before it was answered.
    #[error("the offer expired at {0}")]
    OfferExpired(DateTime<Utc>),
    /// The actor may not make this transition.
    #[error("only {0} may do that")]
    WrongActor(&'static str),
    /// A shift cannot be worked before it ends.
    #[error("the shift has not ended yet (it ends at {0})")]
    NotEnded(DateTime<Utc>),
}

/// The booking facts a transition needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingFacts {
    /// Its status.
    pub status: BookingStatus,
    /// The member.
    pub member: StaffId,
    /// The posting trust.
    pub org: OrgId,
    /// When an offer expires.
    pub offer_expires: Option<DateTime<Utc>>,
    /// The shift's start and end.
    pub starts: DateTime<Utc>,
    /// When it ends.
    pub ends: DateTime<Utc>,
}

/// The status after `transition` by `actor` at `now`, and, for a cancellation, its terms.
pub fn apply(
    booking: &BookingFacts,
    transition: Transition,
    actor: Actor,
    now: DateTime<Utc>,
    rules: &CancellationRules,
) -> Result<(BookingStatus, CancellationTerms), TransitionError> {
    use BookingStatus as S;
    let from = booking.status;
    let refuse = |action: &'static str| TransitionError::NotFrom {
        from: from.as_str(),
        action,
    };
    let member_only = |actor: Actor| match actor {
        Actor::Member(m) if m == booking.member => Ok(()),
        _ => Err(TransitionError::WrongActor("the member offered the shift")),
    };
    let trust_only = |actor: Actor| match actor {
        Actor::Trust(org) if org == booking.org => Ok(()),
        _ => Err(TransitionError::WrongActor(
            "the trust that posted the shift",
        )),
    };
    let none = CancellationTerms::default();
    match transition {
        Transition::Accept | Transition::Decline => {
            member_only(actor)?;
            if from != S::Offered {
                return Err(refuse(if transition == Transition::Accept {
                    "accepted"
                } else {
                    "declined"
                }));
            }
            if let Some(expiry) = booking.offer_expires
                && now >= expiry
            {
                return Err(TransitionError::OfferExpired(expiry));
            }
            let to = if transition == Transition::Accept {
                S::Booked
            } else {
                S::Declined
            };
            Ok((to, none))
        }
        Transition::Cancel => {
            if !matches!(from, S::Offered | S::Booked) {
                return Err(refuse("cancelled"));
            }
            if now >= booking.starts {
                return Err(refuse("cancelled after the shift started"));
            }
            let notice = booking.starts - now;
            let terms = match actor {
                Actor::Trust(org) if org == booking.org => CancellationTerms {
                    fee_pence: if from == S::Booked && notice < rules.trust_notice {
                        rules.late_fee_pence
                    } else {
                        0
                    },
                    strike: false,
                },
                Actor::Member(m) if m == booking.member => CancellationTerms {
                    fee_pence: 0,
                    strike: from == S::Booked && notice < rules.member_notice,
                },
                _ => {
                    return Err(TransitionError::WrongActor(
                        "the posting trust or the member",
                    ));
                }
            };
            Ok((S::Cancelled, terms))
        }
        Transition::MarkWorked => {
            trust_only(actor)?;
            if from != S::Booked {
                return Err(refuse("marked worked"));
            }
            if now < booking.ends {
                return Err(TransitionError::NotEnded(booking.ends));
            }
            Ok((S::Worked, none))
        }
        Transition::ApproveTimesheet => {
            trust_only(actor)?;
            if from != S::Worked {
                return Err(refuse("approved"));
            }
            Ok((S::Approved, none))
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0)
            .single()
            .expect("a time")
    }

    fn booking(status: BookingStatus) -> BookingFacts {
        BookingFacts {
            status,
            member: StaffId(7),
            org: OrgId(2),
            offer_expires: Some(t(14, 12)),
            starts: t(15, 19),
            ends: t(16, 7),
        }
    }

    const MEMBER: Actor = Actor::Member(StaffId(7));
    const TRUST: Actor = Actor::Trust(OrgId(2));

    #[test]
    fn the_happy_path_runs_from_offer_to_approved_timesheet() {
        let rules = CancellationRules::default();
        let (s, _) = apply(
            &booking(BookingStatus::Offered),
            Transition::Accept,
            MEMBER,
            t(14, 9),
            &rules,
        )
        .expect("accepted in time");
        assert_eq!(s, BookingStatus::Booked);
        let (s, _) = apply(&booking(s), Transition::MarkWorked, TRUST, t(16, 8), &rules)
            .expect("worked after the end");
        assert_eq!(s, BookingStatus::Worked);
        let (s, _) = apply(
            &booking(s),
            Transition::ApproveTimesheet,
            TRUST,
            t(17, 9),
            &rules,
        )
        .expect("approved");
        assert_eq!(s, BookingStatus::Approved);
        assert!(BookingStatus::Offered.holds_time() && !BookingStatus::Declined.holds_time());
    }

    #[test]
    fn wrong_moves_are_refused_with_the_rule() {
        let rules = CancellationRules::default();
        let offered = booking(BookingStatus::Offered);
        let late = apply(&offered, Transition::Accept, MEMBER, t(14, 12), &rules);
        assert_eq!(late, Err(TransitionError::OfferExpired(t(14, 12))));
        let stranger = apply(
            &offered,
            Transition::Accept,
            Actor::Member(StaffId(8)),
            t(14, 9),
            &rules,
        );
        assert!(matches!(stranger, Err(TransitionError::WrongActor(_))));
        let early = apply(
            &booking(BookingStatus::Booked),
            Transition::MarkWorked,
            TRUST,
            t(16, 6),
            &rules,
        );
        assert_eq!(early, Err(TransitionError::NotEnded(t(16, 7))));
        let twice = apply(
            &booking(BookingStatus::Approved),
            Transition::Cancel,
            TRUST,
            t(14, 9),
            &rules,
        );
        assert_eq!(
            twice.map_err(|e| e.to_string()),
            Err("a booking that is approved cannot be cancelled".to_owned())
        );
    }

    #[test]
    fn late_cancellations_cost_the_trust_a_fee_and_the_member_a_strike() {
        let rules = CancellationRules::default();
        let booked = booking(BookingStatus::Booked);
        // The shift starts 15th 19:00: 48 h before is 13th 19:00.
        let (_, early) = apply(&booked, Transition::Cancel, TRUST, t(13, 19), &rules).expect("ok");
        assert_eq!(early, CancellationTerms::default());
        let (_, late) = apply(&booked, Transition::Cancel, TRUST, t(13, 20), &rules).expect("ok");
        assert_eq!(late.fee_pence, 5000);
        let (_, member_late) =
            apply(&booked, Transition::Cancel, MEMBER, t(15, 9), &rules).expect("ok");
        assert!(member_late.strike);
        let (_, withdrawn) = apply(
            &booking(BookingStatus::Offered),
            Transition::Cancel,
            TRUST,
            t(15, 9),
            &rules,
        )
        .expect("ok");
        assert_eq!(
            withdrawn,
            CancellationTerms::default(),
            "withdrawing an offer is free"
        );
    }
}
