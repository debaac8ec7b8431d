//! Ranking the members who may work a shift, the order a bank office offers it in: lowest cost
//! first, then continuity (who has worked this ward before), then whoever has worked the
//! fewest bank hours this month, so work is spread.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::bank::model::{BankMember, OpenShift};
use crate::ids::StaffId;

/// What a trust pays on top of the rate card for a member of another trust (the collaborative
/// bank's cross-trust supplement), per hour, in pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CrossTrustSupplement(pub i64);

/// One eligible member and the figures they are ranked by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedCandidate {
    /// Who.
    pub staff: StaffId,
    /// What the shift would cost with them, in pence.
    pub cost_pence: i64,
    /// Shifts they have worked on this ward before.
    pub shifts_on_ward: u32,
    /// Bank hours they have worked this month.
    pub bank_hours_this_month: f64,
}

/// The cost of `member` working `shift`: its pay at the rate card for its real length, plus
/// the supplement for a member of another trust.
pub fn cost_pence(shift: &OpenShift, member: &BankMember, supplement: CrossTrustSupplement) -> i64 {
    let extra = if member.home_org == shift.org {
        0
    } else {
        (supplement.0 * shift.span.length().num_minutes() + 30) / 60
    };
    shift.pay_pence() + extra
}

/// Sorts candidates into offering order; ties go to the lower staff id, so the order is the
/// same on every call.
pub fn rank(candidates: &mut [RankedCandidate]) {
    candidates.sort_by(|a, b| {
        a.cost_pence
            .cmp(&b.cost_pence)
            .then(b.shifts_on_ward.cmp(&a.shifts_on_ward))
            .then(
                a.bank_hours_this_month
                    .partial_cmp(&b.bank_hours_this_month)
                    .unwrap_or(Ordering::Equal),
            )
            .then(a.staff.cmp(&b.staff))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(staff: i64, cost: i64, ward: u32, hours: f64) -> RankedCandidate {
        RankedCandidate {
            staff: StaffId(staff),
            cost_pence: cost,
            shifts_on_ward: ward,
            bank_hours_this_month: hours,
        }
    }

    #[test]
    fn cheapest_then_continuity_then_fewest_hours() {
        let mut list = vec![
            c(1, 30_000, 5, 0.0),
            c(2, 26_400, 0, 40.0),
            c(3, 26_400, 2, 60.0),
            c(4, 26_400, 2, 12.0),
            c(5, 26_400, 2, 12.0),
        ];
        rank(&mut list);
        let order: Vec<i64> = list.iter().map(|c| c.staff.0).collect();
        assert_eq!(order, [4, 5, 3, 2, 1]);
    }
}
