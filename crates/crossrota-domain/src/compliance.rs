//! The compliance verdict: does a person's passport meet a requirement profile over a date range?
//!
//! A pure function of the passport history, the catalogue, the verifier's acceptance policy and
//! the dates passed in. It never fails half-way: every requirement gets an outcome.
//!
//! Validity convention: a fact is valid on day `d` when `achieved_on <= d < expires_on`
//! (`expires_on` is the first day it no longer counts; `None` never expires).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::agreement::AcceptancePolicy;
use crate::catalogue::{Catalogue, CredentialKind};
use crate::dates::DateRange;
use crate::fact::{CredentialFact, FactState, resolve_history};
use crate::ids::{FactId, OrgId, ProfileId, StaffId};
use crate::profile::{Requirement, RequirementProfile};
use crate::staff::Staff;

/// How one requirement fares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequirementStatus {
    /// Met for the whole range and beyond the warning window.
    Satisfied {
        /// The fact that meets it (`None` when the professional register does).
        fact: Option<FactId>,
        /// Level held.
        level: u8,
        /// First day it stops counting; `None` = never.
        valid_until: Option<NaiveDate>,
    },
    /// Met for the whole range, but lapses within the warning window after it.
    ExpiringSoon {
        /// The fact that meets it (`None` for the register).
        fact: Option<FactId>,
        /// Level held.
        level: u8,
        /// First day it stops counting.
        expires_on: NaiveDate,
    },
    /// No fact of this credential at all.
    Missing,
    /// Held, but lapses on or before the range end.
    Expired {
        /// The best fact found.
        fact: Option<FactId>,
        /// First day it stops counting.
        on: NaiveDate,
    },
    /// Only achieved after the range starts.
    NotYetAchieved {
        /// The fact.
        fact: FactId,
        /// When it was achieved.
        achieved_on: NaiveDate,
    },
    /// The only facts were revoked.
    Revoked {
        /// The revoked fact.
        fact: FactId,
        /// Reason given.
        reason: String,
    },
    /// Held, but below the minimum level.
    LevelTooLow {
        /// The fact.
        fact: FactId,
        /// Level held.
        have: u8,
        /// Level required.
        need: u8,
    },
    /// Held, but issued by an organisation the verifier does not accept for this credential;
    /// counts as missing.
    IssuerNotAccepted {
        /// The fact.
        fact: FactId,
        /// Its issuer.
        issuer: OrgId,
    },
}

impl RequirementStatus {
    /// True when the requirement is met over the range (expiring soon still counts as met).
    pub fn is_met(&self) -> bool {
        matches!(self, Self::Satisfied { .. } | Self::ExpiringSoon { .. })
    }

    /// Stable short code for reports and the API, e.g. `expired`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Satisfied { .. } => "satisfied",
            Self::ExpiringSoon { .. } => "expiring_soon",
            Self::Missing => "missing",
            Self::Expired { .. } => "expired",
            Self::NotYetAchieved { .. } => "not_yet_achieved",
            Self::Revoked { .. } => "revoked",
            Self::LevelTooLow { .. } => "level_too_low",
            Self::IssuerNotAccepted { .. } => "issuer_not_accepted",
        }
    }

    /// Preference when several facts could answer one requirement: higher is better.
    fn rank(&self) -> (u8, NaiveDate) {
        let far = NaiveDate::MAX;
        match self {
            Self::Satisfied { valid_until, .. } => (8, valid_until.unwrap_or(far)),
            Self::ExpiringSoon { expires_on, .. } => (7, *expires_on),
            Self::Expired { on, .. } => (6, *on),
            Self::LevelTooLow { .. } => (5, far),
            Self::NotYetAchieved { .. } => (4, far),
            Self::IssuerNotAccepted { .. } => (3, far),
            Self::Revoked { .. } => (2, far),
            Self::Missing => (0, far),
        }
    }
}

/// One requirement and how it fares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementOutcome {
    /// The requirement.
    pub requirement: Requirement,
    /// Its status.
    pub status: RequirementStatus,
}

/// The verdict for one person against one profile over one range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Who.
    pub staff: StaffId,
    /// Against what.
    pub profile: ProfileId,
    /// Over which days.
    pub range: DateRange,
    /// True when every requirement is met.
    pub compliant: bool,
    /// One outcome per requirement, in profile order.
    pub outcomes: Vec<RequirementOutcome>,
}

/// Everything the verdict is computed from.
#[derive(Debug, Clone)]
pub struct VerifyRequest<'a> {
    /// The person.
    pub staff: &'a Staff,
    /// Their complete fact history (every record, correction and revocation).
    pub history: &'a [CredentialFact],
    /// The role's profile.
    pub profile: &'a RequirementProfile,
    /// The catalogue (for credential kinds).
    pub catalogue: &'a Catalogue,
    /// The verifying organisation's acceptance policy.
    pub policy: &'a AcceptancePolicy<'a>,
    /// The days the person must be compliant on.
    pub range: DateRange,
    /// Flag facts that lapse within this many days after the range end.
    pub warn_within_days: u32,
}

/// Computes the verdict. Pure: the same request always gives the same verdict.
pub fn verify(req: &VerifyRequest<'_>) -> Verdict {
    let resolved = resolve_history(req.history);
    let outcomes: Vec<RequirementOutcome> = req
        .profile
        .requirements
        .iter()
        .map(|r| RequirementOutcome {
            requirement: r.clone(),
            status: evaluate_requirement(req, r, &resolved),
        })
        .collect();
    Verdict {
        staff: req.staff.id,
        profile: req.profile.id,
        range: req.range,
        compliant: outcomes.iter().all(|o| o.status.is_met()),
        outcomes,
    }
}

fn evaluate_requirement(
    req: &VerifyRequest<'_>,
    requirement: &Requirement,
    resolved: &[(&CredentialFact, FactState)],
) -> RequirementStatus {
    let kind = req
        .catalogue
        .get(&requirement.code)
        .map(|d| d.kind)
        .unwrap_or(CredentialKind::Training);
    let mut best = RequirementStatus::Missing;
    let mut consider = |candidate: RequirementStatus| {
        if candidate.rank() > best.rank() {
            best = candidate;
        }
    };
    for (fact, state) in resolved.iter().filter(|(f, _)| f.code == requirement.code) {
        let candidate = match state {
            FactState::Superseded { .. } => continue,
            FactState::Revoked { reason, .. } => RequirementStatus::Revoked {
                fact: fact.id,
                reason: reason.clone(),
            },
            FactState::Current => {
                if !req.policy.accepts(fact.issuer, &fact.code, kind) {
                    RequirementStatus::IssuerNotAccepted {
                        fact: fact.id,
                        issuer: fact.issuer,
                    }
                } else if fact.level < requirement.min_level {
                    RequirementStatus::LevelTooLow {
                        fact: fact.id,
                        have: fact.level,
                        need: requirement.min_level,
                    }
                } else {
                    timed_status(
                        req,
                        Some(fact.id),
                        fact.level,
                        fact.achieved_on,
                        fact.expires_on,
                    )
                }
            }
        };
        consider(candidate);
    }
    if kind == CredentialKind::Registration
        && let Some(reg) = &req.staff.registration
        && reg.body.credential_code() == requirement.code.as_str()
    {
        consider(timed_status(
            req,
            None,
            1,
            NaiveDate::MIN,
            Some(reg.expires_on),
        ));
    }
    best
}

/// Status of an accepted fact of sufficient level, judged on dates alone.
fn timed_status(
    req: &VerifyRequest<'_>,
    fact: Option<FactId>,
    level: u8,
    achieved_on: NaiveDate,
    expires_on: Option<NaiveDate>,
) -> RequirementStatus {
    if achieved_on > req.range.from()
        && let Some(fact) = fact
    {
        return RequirementStatus::NotYetAchieved { fact, achieved_on };
    }
    let Some(expires_on) = expires_on else {
        return RequirementStatus::Satisfied {
            fact,
            level,
            valid_until: None,
        };
    };
    if expires_on <= req.range.to() {
        return RequirementStatus::Expired {
            fact,
            on: expires_on,
        };
    }
    let warn_end = req
        .range
        .to()
        .checked_add_days(Days::new(u64::from(req.warn_within_days)))
        .unwrap_or(NaiveDate::MAX);
    if expires_on <= warn_end {
        RequirementStatus::ExpiringSoon {
            fact,
            level,
            expires_on,
        }
    } else {
        RequirementStatus::Satisfied {
            fact,
            level,
            valid_until: Some(expires_on),
        }
    }
}

/// A current fact that lapses soon, for "what expires in the next N days" lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiring<'a> {
    /// The fact.
    pub fact: &'a CredentialFact,
    /// First day it stops counting.
    pub expires_on: NaiveDate,
}

/// Current facts of one history that lapse in `(as_of, as_of + within_days]`, soonest first.
/// A fact already renewed by a later current fact of the same credential and at least the
/// same level is not listed: its holder has nothing to do.
pub fn expiring_facts(
    history: &[CredentialFact],
    as_of: NaiveDate,
    within_days: u32,
) -> Vec<Expiring<'_>> {
    let end = as_of
        .checked_add_days(Days::new(u64::from(within_days)))
        .unwrap_or(NaiveDate::MAX);
    let current: Vec<&CredentialFact> = crate::fact::current_facts(history);
    let mut out: Vec<Expiring<'_>> = current
        .iter()
        .filter_map(|f| {
            let e = f.expires_on?;
            if e <= as_of || e > end {
                return None;
            }
            let renewed = current.iter().any(|g| {
                g.code == f.code && g.level >= f.level && g.expires_on.is_none_or(|ge| ge > e)
            });
            (!renewed).then_some(Expiring {
                fact: f,
                expires_on: e,
            })
        })
        .collect();
    out.sort_by_key(|x| (x.expires_on, x.fact.id));
    out
}

#[cfg(test)]
mod tests;
