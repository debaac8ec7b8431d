use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::bank::ledger::{CommitmentKind, PersonalLimits};
use crate::bank::model::ShiftReason;
use crate::bank::time::Span;
use crate::catalogue::CredentialCode;
use crate::compliance::RequirementOutcome;
use crate::dates::DateRange;
use crate::ids::{BankId, FactId, OpenShiftId, OrgId, ProfileId, StaffId};
use crate::profile::Requirement;

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .expect("a valid time")
}

fn night() -> OpenShift {
    let span = Span::london(at(12, 15, 19, 30), at(12, 16, 7, 30)).expect("exists");
    OpenShift {
        id: OpenShiftId(1),
        org: OrgId(2),
        site: "MAID".into(),
        ward: "HASU".into(),
        profile: ProfileId(3),
        band: 5,
        span,
        headcount: 1,
        rate_pence_per_hour: 2200,
        reason: ShiftReason::Sickness,
        release_at: span.start,
    }
}

fn member() -> BankMember {
    BankMember {
        bank: BankId(1),
        staff: StaffId(7),
        home_org: OrgId(1),
        profiles: vec![ProfileId(3)],
        band: 5,
        travels_to: vec![OrgId(2)],
        limits: PersonalLimits {
            weekly_cap_hours: None,
            opted_out_of_average: false,
        },
        unavailable: vec![],
    }
}

fn verdict(outcomes: Vec<(&str, RequirementStatus)>) -> Verdict {
    let day = NaiveDate::from_ymd_opt(2026, 12, 15).expect("a date");
    Verdict {
        staff: StaffId(7),
        profile: ProfileId(3),
        range: DateRange::day(day),
        compliant: outcomes.iter().all(|(_, s)| s.is_met()),
        outcomes: outcomes
            .into_iter()
            .map(|(code, status)| RequirementOutcome {
                requirement: Requirement {
                    code: CredentialCode::parse(code).expect("a code"),
                    min_level: 1,
                },
                status,
            })
            .collect(),
    }
}

fn satisfied() -> RequirementStatus {
    RequirementStatus::Satisfied {
        fact: Some(FactId(1)),
        level: 2,
        valid_until: None,
    }
}

fn reasons(member: &BankMember, verdict: &Verdict, commitments: &[Commitment]) -> Vec<String> {
    let shift = night();
    ineligibility(
        &ShiftFacts {
            shift: &shift,
            org_code: "RWF",
            profile_name: "MTW stroke HASU band 5 nurse",
        },
        &MemberFacts {
            member,
            in_a_bank_of_the_trust: true,
            verdict,
            commitments,
        },
        &WorkingTimeRules::default(),
    )
    .iter()
    .map(ToString::to_string)
    .collect()
}

#[test]
fn a_compliant_rested_member_who_travels_is_eligible() {
    let v = verdict(vec![("CSTF-RES", satisfied()), ("NIHSS", satisfied())]);
    assert_eq!(reasons(&member(), &v, &[]), Vec::<String>::new());
}

#[test]
fn every_reason_is_given_in_words() {
    let expired_on = NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date");
    let v = verdict(vec![
        (
            "CSTF-RES",
            RequirementStatus::Expired {
                fact: Some(FactId(4)),
                on: expired_on,
            },
        ),
        ("THROMB", RequirementStatus::Missing),
        (
            "NIHSS",
            RequirementStatus::LevelTooLow {
                fact: FactId(5),
                have: 1,
                need: 2,
            },
        ),
    ]);
    let mut m = member();
    m.travels_to.clear();
    m.profiles.clear();
    m.unavailable = vec![Span::london(at(12, 15, 0, 0), at(12, 16, 0, 0)).expect("exists")];
    let late = Commitment {
        span: Span::london(at(12, 15, 7, 0), at(12, 15, 15, 0)).expect("exists"),
        org: OrgId(5),
        org_code: "RVV".into(),
        kind: CommitmentKind::Bank(9),
    };
    assert_eq!(
        reasons(&m, &v, &[late]),
        [
            "does not offer to work MTW stroke HASU band 5 nurse",
            "does not work at RWF",
            "CSTF-RES expired 2026-11-30",
            "THROMB missing",
            "NIHSS at level 1, needs 2",
            "unavailable 2026-12-15 00:00–2026-12-16 00:00",
            "only 4 h 30 rest after a shift at RVV (booking 9) ending 15:00",
        ]
    );
}
