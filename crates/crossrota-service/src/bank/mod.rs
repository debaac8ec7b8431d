//! The collaborative bank's use cases: sites and banks, members joining, bank offices posting
//! shifts, candidates for a shift with every reason someone may not work it, and bookings
//! through their lifecycle, over a store shared by every server instance.
//!
//! Rules: a bank office (or admin) posts, offers and books for its own trust only; a trust
//! enrols its own staff in a bank its network runs; a member's home trust answers offers and
//! cancels on the member's behalf and sees its people's commitments everywhere; nobody else
//! sees them. A booking is only made for a member who is eligible when it is made (the domain's
//! `bank::eligibility`), and never double-books anyone (the store's guarantee).

mod bookings;
mod candidates;
mod setup;
mod shifts;

use crossrota_domain::bank::booking::CancellationRules;
use crossrota_domain::bank::candidates::CrossTrustSupplement;
use crossrota_domain::bank::ledger::WorkingTimeRules;
use crossrota_store::Store;

pub use bookings::{BookingRequest, MAX_KEY_LEN};
pub use candidates::{Candidate, Candidates, NearMiss};
pub use shifts::MAX_BATCH;

use crate::clock::Clock;
use crate::passport::PassportService;

/// The rules a bank runs by (one set for the region today; per trust when the cascade comes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BankRules {
    /// The Working Time Regulations as parameters.
    pub working_time: WorkingTimeRules,
    /// Notice, late-cancellation fee and strikes.
    pub cancellation: CancellationRules,
    /// What a trust pays on top of its rate card for another trust's member.
    pub supplement: CrossTrustSupplement,
    /// How many near misses a candidates call lists at most.
    pub near_misses: usize,
}

impl Default for BankRules {
    fn default() -> Self {
        Self {
            working_time: WorkingTimeRules::default(),
            cancellation: CancellationRules::default(),
            supplement: CrossTrustSupplement::default(),
            near_misses: 50,
        }
    }
}

/// The bank use cases. Cheap to clone.
#[derive(Debug, Clone)]
pub struct BankService {
    passport: PassportService,
    rules: BankRules,
}

impl BankService {
    /// The bank over the passport service's store and clock.
    pub fn new(passport: PassportService, rules: BankRules) -> Self {
        Self { passport, rules }
    }

    fn store(&self) -> &Store {
        self.passport.store()
    }

    fn clock(&self) -> &Clock {
        self.passport.clock()
    }
}
