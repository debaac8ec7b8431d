//! Compliance: verdicts (with a readable sentence per outcome), expiring-fact lists, and the
//! `Verify`, `VerifyMany` and `ListExpiring` requests to commands.

use crossrota_domain::FieldErrors;
use crossrota_domain::commands::{ListExpiring, Verify};
use crossrota_domain::compliance::{Expiring, RequirementOutcome, RequirementStatus, Verdict};
use crossrota_domain::dates::DateRange;
use crossrota_domain::ids::{OrgId, ProfileId, StaffId};
use crossrota_domain::staff::Staff;

use crate::convert::dates::{date_range, date_text, optional_date_text, parse_date};
use crate::convert::fields::{collect, non_negative};
use crate::convert::ids::{id_list, required_id};
use crate::crossrota::v1 as pb;

/// Most people one `VerifyMany` call may name, so one request cannot tie up the server.
pub const MAX_VERIFY_MANY: usize = 1000;

/// One human sentence for an outcome, e.g. "CSTF-FS expired on 2026-06-30".
///
/// The range is needed to say whether an expiry is already past or falls inside the range.
pub fn explain(outcome: &RequirementOutcome, range: &DateRange) -> String {
    let code = &outcome.requirement.code;
    let fact = |id: Option<crossrota_domain::ids::FactId>| match id {
        Some(id) => format!(" (fact {id})"),
        None => String::new(),
    };
    match &outcome.status {
        RequirementStatus::Satisfied {
            fact: None,
            valid_until,
            ..
        } => match valid_until {
            Some(until) => format!(
                "{code} is met by the professional register, valid until {}",
                date_text(*until)
            ),
            None => format!("{code} is met by the professional register"),
        },
        RequirementStatus::Satisfied {
            fact: id,
            level,
            valid_until,
        } => match valid_until {
            Some(until) => format!(
                "{code} level {level} is held{}, valid until {}",
                fact(*id),
                date_text(*until)
            ),
            None => format!(
                "{code} level {level} is held{} and never expires",
                fact(*id)
            ),
        },
        RequirementStatus::ExpiringSoon {
            fact: id,
            level,
            expires_on,
        } => format!(
            "{code} level {level} is held{} but expires on {}, soon after the range ends on {}",
            fact(*id),
            date_text(*expires_on),
            date_text(range.to())
        ),
        RequirementStatus::Missing => format!("no {code} is recorded"),
        RequirementStatus::Expired { fact: id, on } if *on <= range.from() => {
            format!("{code} expired on {}{}", date_text(*on), fact(*id))
        }
        RequirementStatus::Expired { fact: id, on } => format!(
            "{code} expires on {}{}, before the range ends on {}",
            date_text(*on),
            fact(*id),
            date_text(range.to())
        ),
        RequirementStatus::NotYetAchieved {
            fact: id,
            achieved_on,
        } => format!(
            "{code} was only achieved on {} (fact {id}), after the range starts on {}",
            date_text(*achieved_on),
            date_text(range.from())
        ),
        RequirementStatus::Revoked { fact: id, reason } => {
            format!("{code} (fact {id}) was revoked: {reason}")
        }
        RequirementStatus::LevelTooLow {
            fact: id,
            have,
            need,
        } => {
            format!("{code} is held at level {have} (fact {id}) but level {need} is required")
        }
        RequirementStatus::IssuerNotAccepted { fact: id, issuer } => {
            format!("issuer {issuer} is not accepted for {code} (fact {id})")
        }
    }
}

/// One outcome on the wire: the status, the detail fields that status carries, and
/// [`explain`]'s sentence.
pub fn outcome_to_proto(outcome: &RequirementOutcome, range: &DateRange) -> pb::Outcome {
    let mut out = pb::Outcome {
        code: outcome.requirement.code.as_str().to_owned(),
        min_level: i32::from(outcome.requirement.min_level),
        status: pb::OutcomeStatus::from(&outcome.status) as i32,
        explanation: explain(outcome, range),
        ..Default::default()
    };
    match &outcome.status {
        RequirementStatus::Satisfied {
            fact,
            level,
            valid_until,
        } => {
            out.fact_id = fact.map_or(0, |f| f.0);
            out.level = i32::from(*level);
            out.valid_until = optional_date_text(*valid_until);
        }
        RequirementStatus::ExpiringSoon {
            fact,
            level,
            expires_on,
        } => {
            out.fact_id = fact.map_or(0, |f| f.0);
            out.level = i32::from(*level);
            out.expires_on = date_text(*expires_on);
        }
        RequirementStatus::Missing => {}
        RequirementStatus::Expired { fact, on } => {
            out.fact_id = fact.map_or(0, |f| f.0);
            out.expires_on = date_text(*on);
        }
        RequirementStatus::NotYetAchieved { fact, achieved_on } => {
            out.fact_id = fact.0;
            out.achieved_on = date_text(*achieved_on);
        }
        RequirementStatus::Revoked { fact, reason } => {
            out.fact_id = fact.0;
            out.revoke_reason = reason.clone();
        }
        RequirementStatus::LevelTooLow { fact, have, need } => {
            out.fact_id = fact.0;
            out.level = i32::from(*have);
            out.have_level = i32::from(*have);
            out.need_level = i32::from(*need);
        }
        RequirementStatus::IssuerNotAccepted { fact, issuer } => {
            out.fact_id = fact.0;
            out.issuer_org_id = issuer.0;
        }
    }
    out
}

impl From<&Verdict> for pb::Verdict {
    fn from(v: &Verdict) -> Self {
        Self {
            staff_id: v.staff.0,
            profile_id: v.profile.0,
            range: Some(pb::DateRange::from(&v.range)),
            compliant: v.compliant,
            outcomes: v
                .outcomes
                .iter()
                .map(|o| outcome_to_proto(o, &v.range))
                .collect(),
        }
    }
}

from_owned!(Verdict => pb::Verdict);

/// The `VerifyMany` response: one verdict per person, in the order given, and the count of
/// compliant ones.
pub fn verify_many_to_proto(verdicts: &[Verdict]) -> pb::VerifyManyResponse {
    let compliant = verdicts.iter().filter(|v| v.compliant).count();
    pb::VerifyManyResponse {
        verdicts: verdicts.iter().map(pb::Verdict::from).collect(),
        compliant_count: i32::try_from(compliant).unwrap_or(i32::MAX),
    }
}

/// One line of a `ListExpiring` response.
pub fn expiring_to_proto(staff: &Staff, item: &Expiring<'_>) -> pb::ExpiringCredential {
    pb::ExpiringCredential {
        staff: Some(pb::Staff::from(staff)),
        fact: Some(pb::CredentialFact::from(item.fact)),
        expires_on: date_text(item.expires_on),
    }
}

/// The fields `Verify` and `VerifyMany` share, checked the same way.
fn verify_command(
    staff: Result<Vec<StaffId>, FieldErrors>,
    profile_id: i64,
    range: Option<&pb::DateRange>,
    warn_within_days: i32,
    reason: String,
) -> Result<Verify, FieldErrors> {
    let mut errs = FieldErrors::new();
    let staff = collect(&mut errs, staff);
    let profile = collect(
        &mut errs,
        required_id("profile_id", profile_id).map(ProfileId),
    );
    let range = collect(&mut errs, date_range("range", range));
    let warn = collect(
        &mut errs,
        non_negative("warn_within_days", warn_within_days),
    );
    match (staff, profile, range, warn) {
        (Some(staff), Some(profile), Some(range), Some(warn_within_days)) => Ok(Verify {
            staff,
            profile,
            range,
            warn_within_days,
            reason,
        }),
        _ => Err(errs),
    }
}

impl TryFrom<pb::VerifyRequest> for Verify {
    type Error = FieldErrors;

    /// Paths: `staff_id`, `profile_id`, `range`, `range.from`, `range.to`, `warn_within_days`.
    fn try_from(req: pb::VerifyRequest) -> Result<Self, FieldErrors> {
        let staff = required_id("staff_id", req.staff_id).map(|id| vec![StaffId(id)]);
        verify_command(
            staff,
            req.profile_id,
            req.range.as_ref(),
            req.warn_within_days,
            req.reason,
        )
    }
}

impl TryFrom<pb::VerifyManyRequest> for Verify {
    type Error = FieldErrors;

    /// Paths: `staff_ids`, `staff_ids[3]`, `profile_id`, `range.*`, `warn_within_days`.
    fn try_from(req: pb::VerifyManyRequest) -> Result<Self, FieldErrors> {
        let staff = if req.staff_ids.is_empty() {
            Err(FieldErrors::single("staff_ids", "at least one is required"))
        } else if req.staff_ids.len() > MAX_VERIFY_MANY {
            Err(FieldErrors::single(
                "staff_ids",
                format!("at most {MAX_VERIFY_MANY} per call"),
            ))
        } else {
            id_list("staff_ids", &req.staff_ids, StaffId)
        };
        verify_command(
            staff,
            req.profile_id,
            req.range.as_ref(),
            req.warn_within_days,
            req.reason,
        )
    }
}

impl TryFrom<pb::ListExpiringRequest> for ListExpiring {
    type Error = FieldErrors;

    /// Paths: `org_id`, `within_days`, `as_of` (empty = today on the server clock).
    fn try_from(req: pb::ListExpiringRequest) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let org = collect(&mut errs, required_id("org_id", req.org_id).map(OrgId));
        let within_days = collect(&mut errs, non_negative("within_days", req.within_days));
        let as_of = collect(&mut errs, parse_date("as_of", &req.as_of));
        match (org, within_days, as_of) {
            (Some(org), Some(within_days), Some(as_of)) => Ok(Self {
                org,
                within_days,
                as_of,
            }),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::{day, err, fact, nurse};
    use crossrota_domain::agreement::AcceptancePolicy;
    use crossrota_domain::catalogue::{Catalogue, CredentialCode, seed_catalogue};
    use crossrota_domain::compliance::{VerifyRequest, expiring_facts, verify};
    use crossrota_domain::fact::FactAction;
    use crossrota_domain::ids::{FactId, NetworkId};
    use crossrota_domain::organisation::{Network, NetworkKind};
    use crossrota_domain::profile::{Requirement, RequirementProfile};

    /// The verifier: organisation 2, in network 1 with the nurse's home organisation 1.
    const VERIFIER: OrgId = OrgId(2);

    fn range() -> DateRange {
        DateRange::new(day("2026-07-01"), day("2026-07-31")).unwrap()
    }

    /// A verdict computed by the real domain rules over a history with one fact (or none)
    /// for every kind of outcome.
    fn verdict() -> Verdict {
        let revoked = fact(7, "STROKE-THROMB", 1, "2026-01-05", Some("2027-01-05"), 2);
        let mut revocation = fact(8, "STROKE-THROMB", 1, "2026-01-05", Some("2027-01-05"), 2);
        revocation.supersedes = Some(FactId(7));
        revocation.action = FactAction::Revoke {
            reason: "assessor not qualified".into(),
        };
        let history = vec![
            fact(1, "CSTF-FS", 1, "2026-01-10", Some("2027-01-10"), 1),
            fact(2, "CSTF-IG", 1, "2025-08-15", Some("2026-08-15"), 1),
            fact(3, "CSTF-MH", 1, "2023-06-01", Some("2026-06-01"), 1),
            fact(4, "CSTF-IPC", 1, "2023-07-15", Some("2026-07-15"), 1),
            fact(5, "CSTF-RES", 1, "2024-01-01", None, 1),
            fact(6, "STROKE-NIHSS", 1, "2026-02-01", Some("2028-02-01"), 3),
            revoked,
            revocation,
            fact(9, "STROKE-DYSPH", 1, "2026-07-10", Some("2027-07-10"), 2),
        ];
        let requirements = [
            ("CSTF-FS", 1),
            ("CSTF-IG", 1),
            ("CSTF-MH", 1),
            ("CSTF-IPC", 1),
            ("CSTF-SGA", 1),
            ("CSTF-RES", 2),
            ("STROKE-NIHSS", 1),
            ("STROKE-THROMB", 1),
            ("STROKE-DYSPH", 1),
            ("REG-NMC", 1),
        ];
        let profile = RequirementProfile {
            id: ProfileId(5),
            org: VERIFIER,
            name: "HASU band 5".into(),
            service: "stroke HASU".into(),
            requirements: requirements
                .iter()
                .map(|(code, level)| Requirement {
                    code: CredentialCode::parse(code).unwrap(),
                    min_level: *level,
                })
                .collect(),
        };
        let networks = [Network {
            id: NetworkId(1),
            name: "stroke".into(),
            kind: NetworkKind::ClinicalNetwork,
            members: vec![OrgId(1), VERIFIER],
        }];
        let policy = AcceptancePolicy {
            verifier: VERIFIER,
            networks: &networks,
            agreements: &[],
        };
        let catalogue = Catalogue::new(seed_catalogue(), vec![]);
        let staff = nurse();
        verify(&VerifyRequest {
            staff: &staff,
            history: &history,
            profile: &profile,
            catalogue: &catalogue,
            policy: &policy,
            range: range(),
            warn_within_days: 30,
        })
    }

    #[test]
    fn every_outcome_carries_its_status_details_and_sentence() {
        use pb::OutcomeStatus as S;
        let wire = pb::Verdict::from(verdict());
        assert_eq!((wire.staff_id, wire.profile_id), (10, 5));
        assert!(!wire.compliant);
        assert_eq!(
            wire.range,
            Some(pb::DateRange {
                from: "2026-07-01".into(),
                to: "2026-07-31".into()
            })
        );
        let o = &wire.outcomes;
        let statuses: Vec<i32> = o.iter().map(|o| o.status).collect();
        let expected = [
            S::Satisfied,
            S::ExpiringSoon,
            S::Expired,
            S::Expired,
            S::Missing,
            S::LevelTooLow,
            S::IssuerNotAccepted,
            S::Revoked,
            S::NotYetAchieved,
            S::Satisfied,
        ];
        assert_eq!(statuses, expected.map(|s| s as i32));

        assert_eq!((o[0].fact_id, o[0].level), (1, 1));
        assert_eq!(o[0].valid_until, "2027-01-10");
        assert_eq!(
            o[0].explanation,
            "CSTF-FS level 1 is held (fact 1), valid until 2027-01-10"
        );
        assert_eq!((o[1].fact_id, o[1].expires_on.as_str()), (2, "2026-08-15"));
        assert_eq!(
            o[1].explanation,
            "CSTF-IG level 1 is held (fact 2) but expires on 2026-08-15, \
             soon after the range ends on 2026-07-31"
        );
        assert_eq!(o[2].expires_on, "2026-06-01");
        assert_eq!(o[2].explanation, "CSTF-MH expired on 2026-06-01 (fact 3)");
        assert_eq!(
            o[3].explanation,
            "CSTF-IPC expires on 2026-07-15 (fact 4), before the range ends on 2026-07-31"
        );
        assert_eq!(
            (o[4].fact_id, o[4].explanation.as_str()),
            (0, "no CSTF-SGA is recorded")
        );
        assert_eq!(
            (o[5].have_level, o[5].need_level, o[5].min_level),
            (1, 2, 2)
        );
        assert_eq!(
            o[5].explanation,
            "CSTF-RES is held at level 1 (fact 5) but level 2 is required"
        );
        assert_eq!((o[6].fact_id, o[6].issuer_org_id), (6, 3));
        assert!(
            o[6].explanation
                .starts_with("issuer 3 is not accepted for STROKE-NIHSS"),
            "{}",
            o[6].explanation
        );
        assert_eq!(
            (o[7].fact_id, o[7].revoke_reason.as_str()),
            (7, "assessor not qualified")
        );
        assert_eq!(
            o[7].explanation,
            "STROKE-THROMB (fact 7) was revoked: assessor not qualified"
        );
        assert_eq!((o[8].fact_id, o[8].achieved_on.as_str()), (9, "2026-07-10"));
        assert_eq!(
            o[8].explanation,
            "STROKE-DYSPH was only achieved on 2026-07-10 (fact 9), \
             after the range starts on 2026-07-01"
        );
        assert_eq!((o[9].fact_id, o[9].valid_until.as_str()), (0, "2027-03-01"));
        assert_eq!(
            o[9].explanation,
            "REG-NMC is met by the professional register, valid until 2027-03-01"
        );
    }

    #[test]
    fn verify_many_counts_compliant_verdicts() {
        let failing = verdict();
        let mut passing = failing.clone();
        passing.staff = StaffId(11);
        passing.compliant = true;
        let wire = verify_many_to_proto(&[failing, passing.clone(), passing]);
        assert_eq!(wire.compliant_count, 2);
        let staff: Vec<i64> = wire.verdicts.iter().map(|v| v.staff_id).collect();
        assert_eq!(staff, [10, 11, 11]);
    }

    #[test]
    fn expiring_items_name_holder_fact_and_day() {
        let history = [
            fact(1, "CSTF-FS", 1, "2025-08-01", Some("2026-08-01"), 1),
            fact(2, "CSTF-IG", 1, "2026-01-01", Some("2027-01-01"), 1),
        ];
        let staff = nurse();
        let items: Vec<pb::ExpiringCredential> = expiring_facts(&history, day("2026-07-15"), 30)
            .iter()
            .map(|e| expiring_to_proto(&staff, e))
            .collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].expires_on, "2026-08-01");
        assert_eq!(items[0].fact.as_ref().map(|f| f.id), Some(1));
        assert_eq!(items[0].staff.as_ref().map(|s| s.id), Some(10));
    }

    fn wire_range(from: &str, to: &str) -> Option<pb::DateRange> {
        Some(pb::DateRange {
            from: from.into(),
            to: to.into(),
        })
    }

    #[test]
    fn verify_request_becomes_a_one_person_command() {
        let cmd = Verify::try_from(pb::VerifyRequest {
            staff_id: 10,
            profile_id: 5,
            range: wire_range("2026-07-01", "2026-07-31"),
            warn_within_days: 30,
            reason: "bank shift".into(),
        })
        .unwrap();
        assert_eq!(
            cmd,
            Verify {
                staff: vec![StaffId(10)],
                profile: ProfileId(5),
                range: range(),
                warn_within_days: 30,
                reason: "bank shift".into(),
            }
        );
    }

    #[test]
    fn verify_errors_name_the_request_fields() {
        assert_eq!(
            err(Verify::try_from(pb::VerifyRequest {
                staff_id: 0,
                profile_id: -5,
                range: None,
                warn_within_days: -1,
                reason: String::new(),
            })),
            "staff_id: required; profile_id: must be positive; range: required; \
             warn_within_days: must not be negative"
        );
        assert_eq!(
            err(Verify::try_from(pb::VerifyRequest {
                staff_id: 10,
                profile_id: 5,
                range: wire_range("2026-07-31", "2026-07-01"),
                ..Default::default()
            })),
            "range.to: before from"
        );
        assert_eq!(
            err(Verify::try_from(pb::VerifyRequest {
                staff_id: 10,
                profile_id: 5,
                range: wire_range("2026-07-xx", ""),
                ..Default::default()
            })),
            "range.from: not a date (expected YYYY-MM-DD); range.to: required"
        );
    }

    #[test]
    fn verify_many_checks_every_id_and_the_count() {
        let many = |staff_ids: Vec<i64>| {
            Verify::try_from(pb::VerifyManyRequest {
                staff_ids,
                profile_id: 5,
                range: wire_range("2026-07-01", "2026-07-31"),
                warn_within_days: 0,
                reason: "rota".into(),
            })
        };
        assert_eq!(
            many(vec![10, 11]).map(|c| c.staff),
            Ok(vec![StaffId(10), StaffId(11)])
        );
        assert_eq!(err(many(vec![10, 11, 12, 0])), "staff_ids[3]: required");
        assert_eq!(err(many(vec![])), "staff_ids: at least one is required");
        assert_eq!(
            err(many(vec![1; MAX_VERIFY_MANY + 1])),
            "staff_ids: at most 1000 per call"
        );
    }

    #[test]
    fn list_expiring_request() {
        assert_eq!(
            ListExpiring::try_from(pb::ListExpiringRequest {
                org_id: 1,
                within_days: 60,
                as_of: String::new(),
            }),
            Ok(ListExpiring {
                org: OrgId(1),
                within_days: 60,
                as_of: None,
            })
        );
        assert_eq!(
            err(ListExpiring::try_from(pb::ListExpiringRequest {
                org_id: 0,
                within_days: i32::MIN,
                as_of: "tomorrow".into(),
            })),
            "org_id: required; within_days: must not be negative; \
             as_of: not a date (expected YYYY-MM-DD)"
        );
    }
}
