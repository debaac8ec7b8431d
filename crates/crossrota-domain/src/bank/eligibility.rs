//! Who may work an open shift, and why not, in words a bank office understands.
//!
//! A member is eligible for a shift when they are in a bank the posting trust belongs to, offer
//! its requirement profile, will travel to the trust, are compliant with the profile on the
//! shift's dates (the passport verdict, under the sharing agreement's accepted issuers), are
//! available, and the working-time ledger allows it. Every reason is reported, not only the
//! first: a near miss with one reason is worth a phone call, one with four is not.

use serde::{Deserialize, Serialize};

use crate::bank::ledger::{Breach, Commitment, WorkingTimeRules, breaches};
use crate::bank::model::{BankMember, OpenShift};
use crate::bank::time::local;
use crate::compliance::{RequirementStatus, Verdict};

/// One reason a member may not work a shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum Ineligible {
    /// Not a member of any bank the posting trust belongs to.
    #[error("not in a bank {org} belongs to")]
    NotInBank {
        /// The posting trust's code.
        org: String,
    },
    /// Does not offer the shift's profile.
    #[error("does not offer to work {profile}")]
    ProfileNotOffered {
        /// The profile's name.
        profile: String,
    },
    /// Will not travel to the trust.
    #[error("does not work at {org}")]
    WontTravel {
        /// The posting trust's code.
        org: String,
    },
    /// A requirement of the profile is not met on the shift's dates.
    #[error("{0}")]
    Passport(String),
    /// Not available then.
    #[error("unavailable {from}–{to}")]
    Unavailable {
        /// London start of the unavailable span.
        from: String,
        /// London end.
        to: String,
    },
    /// A working-time rule would break.
    #[error(transparent)]
    WorkingTime(#[from] Breach),
}

/// What is known of one member for one shift.
#[derive(Debug, Clone, Copy)]
pub struct MemberFacts<'a> {
    /// The member.
    pub member: &'a BankMember,
    /// Whether they are in a bank the posting trust belongs to.
    pub in_a_bank_of_the_trust: bool,
    /// Their passport verdict for the shift's profile over the shift's dates.
    pub verdict: &'a Verdict,
    /// Their commitments at every trust.
    pub commitments: &'a [Commitment],
}

/// The shift and the words to name its parts.
#[derive(Debug, Clone, Copy)]
pub struct ShiftFacts<'a> {
    /// The shift.
    pub shift: &'a OpenShift,
    /// The posting trust's code.
    pub org_code: &'a str,
    /// The profile's name.
    pub profile_name: &'a str,
}

/// Every reason `facts.member` may not work `shift`; empty when they may.
pub fn ineligibility(
    shift: &ShiftFacts<'_>,
    facts: &MemberFacts<'_>,
    rules: &WorkingTimeRules,
) -> Vec<Ineligible> {
    let member = facts.member;
    let s = shift.shift;
    let mut reasons = Vec::new();
    if !facts.in_a_bank_of_the_trust {
        reasons.push(Ineligible::NotInBank {
            org: shift.org_code.to_owned(),
        });
    }
    if !member.profiles.contains(&s.profile) {
        reasons.push(Ineligible::ProfileNotOffered {
            profile: shift.profile_name.to_owned(),
        });
    }
    if !member.travels_to(s.org) {
        reasons.push(Ineligible::WontTravel {
            org: shift.org_code.to_owned(),
        });
    }
    reasons.extend(
        passport_gaps(facts.verdict)
            .into_iter()
            .map(Ineligible::Passport),
    );
    for away in member.unavailable.iter().filter(|u| u.overlaps(&s.span)) {
        reasons.push(Ineligible::Unavailable {
            from: local(away.start).format("%Y-%m-%d %H:%M").to_string(),
            to: local(away.end).format("%Y-%m-%d %H:%M").to_string(),
        });
    }
    reasons.extend(
        breaches(s.span, facts.commitments, rules, &member.limits)
            .into_iter()
            .map(Ineligible::WorkingTime),
    );
    reasons
}

/// The unmet requirements of a verdict, in words: "CSTF-RES expired 2026-11-30".
pub fn passport_gaps(verdict: &Verdict) -> Vec<String> {
    verdict
        .outcomes
        .iter()
        .filter(|o| !o.status.is_met())
        .map(|o| {
            let code = &o.requirement.code;
            match &o.status {
                RequirementStatus::Missing => format!("{code} missing"),
                RequirementStatus::Expired { on, .. } => format!("{code} expired {on}"),
                RequirementStatus::NotYetAchieved { achieved_on, .. } => {
                    format!("{code} only from {achieved_on}")
                }
                RequirementStatus::Revoked { reason, .. } => format!("{code} revoked: {reason}"),
                RequirementStatus::LevelTooLow { have, need, .. } => {
                    format!("{code} at level {have}, needs {need}")
                }
                RequirementStatus::IssuerNotAccepted { issuer, .. } => {
                    format!("{code} issued by organisation {issuer}, not accepted here")
                }
                RequirementStatus::Satisfied { .. } | RequirementStatus::ExpiringSoon { .. } => {
                    format!("{code} met")
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
