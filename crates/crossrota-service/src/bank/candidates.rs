//! Candidates for an open shift: every member of a bank the posting trust belongs to, judged
//! by the domain's eligibility rules against their passport on the shift's dates and their
//! commitments at every trust; the eligible ranked as a bank office offers (cheapest, then who
//! knows the ward, then who has worked least bank this month), the rest listed as near misses
//! with every reason.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use crossrota_domain::access::Role;
use crossrota_domain::bank::candidates::{RankedCandidate, cost_pence, rank};
use crossrota_domain::bank::eligibility::{Ineligible, MemberFacts, ShiftFacts, ineligibility};
use crossrota_domain::bank::ledger::{Commitment, CommitmentKind};
use crossrota_domain::bank::model::{BankMember, OpenShift};
use crossrota_domain::bank::time::{Span, local_date, start_of_day};
use crossrota_domain::compliance::{Verdict, VerifyRequest, verify};
use crossrota_domain::dates::DateRange;
use crossrota_domain::ids::{OpenShiftId, OrgId, StaffId};
use crossrota_domain::staff::Staff;

use super::BankService;
use crate::access::Caller;
use crate::error::{Result, ServiceError};
use crate::passport::VerdictInputs;

/// An eligible member, with what they are ranked by.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Their name.
    pub name: String,
    /// Their home trust.
    pub home_org: OrgId,
    /// Who, and the ranking figures.
    pub ranked: RankedCandidate,
}

/// A member who may not work the shift, and every reason why.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss {
    /// Who.
    pub staff: StaffId,
    /// Their name.
    pub name: String,
    /// Their home trust.
    pub home_org: OrgId,
    /// The reasons, in words.
    pub reasons: Vec<String>,
}

/// The answer to "who may work this shift?".
#[derive(Debug, Clone, PartialEq)]
pub struct Candidates {
    /// The shift.
    pub shift: OpenShift,
    /// Eligible members, best first.
    pub eligible: Vec<Candidate>,
    /// Members who offer the shift's profile but may not work it, fewest reasons first.
    pub near_misses: Vec<NearMiss>,
}

/// One member judged for one shift.
pub(crate) struct Assessed {
    pub(crate) staff: Staff,
    pub(crate) reasons: Vec<Ineligible>,
    pub(crate) ranked: RankedCandidate,
    pub(crate) offers_profile: bool,
}

impl BankService {
    /// Who may work an open shift of the caller's trust (bank office or admin).
    pub async fn candidates(&self, caller: &Caller, id: OpenShiftId) -> Result<Candidates> {
        caller.require_any(&[Role::BankOffice, Role::Admin], "finding candidates")?;
        let shift = self.visible_shift(caller, id).await?;
        caller.require_own_org(shift.org, "finding candidates for a shift")?;
        let assessed = self.assess(&shift, None).await?;
        let mut eligible = Vec::new();
        let mut near = Vec::new();
        for a in assessed {
            if a.reasons.is_empty() {
                eligible.push(a);
            } else if a.offers_profile {
                near.push(a);
            }
        }
        let mut ranked: Vec<RankedCandidate> = eligible.iter().map(|a| a.ranked.clone()).collect();
        rank(&mut ranked);
        let by_staff: HashMap<StaffId, &Assessed> =
            eligible.iter().map(|a| (a.staff.id, a)).collect();
        let eligible = ranked
            .into_iter()
            .filter_map(|r| {
                let a = by_staff.get(&r.staff)?;
                Some(Candidate {
                    name: a.staff.name.clone(),
                    home_org: a.staff.org,
                    ranked: r,
                })
            })
            .collect();
        near.sort_by_key(|a| (a.reasons.len(), a.staff.id));
        let near_misses = near
            .into_iter()
            .take(self.rules.near_misses)
            .map(|a| NearMiss {
                staff: a.staff.id,
                name: a.staff.name,
                home_org: a.staff.org,
                reasons: a.reasons.iter().map(ToString::to_string).collect(),
            })
            .collect();
        Ok(Candidates {
            shift,
            eligible,
            near_misses,
        })
    }

    /// Judges the members of every bank the posting trust belongs to (or only `only`) for
    /// `shift`. A person in no such bank is an invalid argument on `staff_id`.
    pub(crate) async fn assess(
        &self,
        shift: &OpenShift,
        only: Option<StaffId>,
    ) -> Result<Vec<Assessed>> {
        let store = self.store();
        let mut members: BTreeMap<StaffId, BankMember> = BTreeMap::new();
        for bank in store.banks_of_org(shift.org).await? {
            for m in store.bank_members(bank.id).await? {
                if only.is_some_and(|o| o != m.staff) {
                    continue;
                }
                members
                    .entry(m.staff)
                    .and_modify(|e| {
                        e.profiles.extend(m.profiles.iter().copied());
                        e.travels_to.extend(m.travels_to.iter().copied());
                    })
                    .or_insert(m);
            }
        }
        let org = store.get_org(shift.org).await?;
        if let Some(staff) = only
            && members.is_empty()
        {
            return Err(ServiceError::invalid(
                "staff_id",
                format!(
                    "staff {staff} is not a member of a bank {} belongs to",
                    org.code
                ),
            ));
        }
        let ids: Vec<StaffId> = members.keys().copied().collect();
        let people = store.get_staff_many(&ids).await?;
        let profile = store.get_profile(shift.profile).await?;
        let networks = store.networks_of_org(shift.org).await?;
        let inputs = VerdictInputs::load(store, shift.org, networks, &ids).await?;
        let policy = inputs.policy();
        let dates = shift_dates(&shift.span)?;
        let window = Span::new(
            shift.span.start
                - Duration::weeks(i64::from(self.rules.working_time.reference_weeks) + 1),
            shift.span.end + Duration::weeks(2),
        );
        let commitments = store.commitments_many(&ids, window).await?;
        let on_ward = store.shifts_on_ward(shift.org, &shift.ward).await?;
        let month = month_of(shift);
        let facts = ShiftFacts {
            shift,
            org_code: org.code.as_str(),
            profile_name: &profile.name,
        };
        let empty_history = Vec::new();
        let empty_commitments = Vec::new();
        let mut out = Vec::with_capacity(people.len());
        for person in people {
            let Some(member) = members.get(&person.id) else {
                continue;
            };
            let verdict: Verdict = verify(&VerifyRequest {
                staff: &person,
                history: inputs.histories.get(&person.id).unwrap_or(&empty_history),
                profile: &profile,
                catalogue: &inputs.catalogue,
                policy: &policy,
                range: dates,
                warn_within_days: 0,
            });
            let mine = commitments.get(&person.id).unwrap_or(&empty_commitments);
            let reasons = ineligibility(
                &facts,
                &MemberFacts {
                    member,
                    in_a_bank_of_the_trust: true,
                    verdict: &verdict,
                    commitments: mine,
                },
                &self.rules.working_time,
            );
            let ranked = RankedCandidate {
                staff: person.id,
                cost_pence: cost_pence(shift, member, self.rules.supplement),
                shifts_on_ward: on_ward.get(&person.id).copied().unwrap_or(0),
                bank_hours_this_month: bank_hours(mine, &month),
            };
            out.push(Assessed {
                offers_profile: member.profiles.contains(&shift.profile),
                staff: person,
                reasons,
                ranked,
            });
        }
        Ok(out)
    }
}

/// The London dates a shift touches (a night touches two), for the passport verdict.
fn shift_dates(span: &Span) -> Result<DateRange> {
    let from = local_date(span.start);
    let to = local_date(span.end - Duration::seconds(1));
    DateRange::new(from, to.max(from)).map_err(ServiceError::InvalidArgument)
}

/// The London calendar month the shift starts in.
fn month_of(shift: &OpenShift) -> Span {
    let day = local_date(shift.span.start);
    let first = NaiveDate::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day);
    let next = if day.month() == 12 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)
    }
    .unwrap_or(day);
    Span::new(start_of_day(first), start_of_day(next))
}

/// Bank hours inside `month`.
fn bank_hours(commitments: &[Commitment], month: &Span) -> f64 {
    commitments
        .iter()
        .filter(|c| matches!(c.kind, CommitmentKind::Bank(_)))
        .filter_map(|c| c.span.clipped(month))
        .map(|s| s.length().num_minutes() as f64 / 60.0)
        .sum()
}
