use chrono::{TimeZone, Utc};

use super::*;
use crate::agreement::{CredentialScope, SharingAgreement};
use crate::catalogue::{CredentialCode, seed_catalogue};
use crate::fact::FactAction;
use crate::ids::NetworkId;
use crate::organisation::{Network, NetworkKind};
use crate::staff::{Band, Registration, RegulatoryBody, StaffGroup};

const HOME: OrgId = OrgId(1);
const OTHER: OrgId = OrgId(2);
const OUTSIDER: OrgId = OrgId(3);

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn staff() -> Staff {
    Staff {
        id: StaffId(10),
        org: HOME,
        employee_number: "E1".into(),
        name: "Ada Nurse".into(),
        staff_group: StaffGroup::NursingAndMidwifery,
        band: Band::new(5).unwrap(),
        registration: Some(Registration {
            body: RegulatoryBody::Nmc,
            number: "12A3456E".into(),
            expires_on: d("2027-03-01"),
        }),
        networks: vec![NetworkId(1)],
    }
}

fn fact(
    id: i64,
    code: &str,
    level: u8,
    achieved: &str,
    expires: Option<&str>,
    issuer: OrgId,
) -> CredentialFact {
    CredentialFact {
        id: FactId(id),
        staff: StaffId(10),
        code: CredentialCode::parse(code).unwrap(),
        level,
        achieved_on: d(achieved),
        expires_on: expires.map(d),
        issuer,
        evidence_ref: String::new(),
        recorded_by: "test".into(),
        recorded_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        supersedes: None,
        action: FactAction::Record,
    }
}

fn profile(reqs: &[(&str, u8)]) -> RequirementProfile {
    RequirementProfile {
        id: ProfileId(5),
        org: OTHER,
        name: "HASU band 5".into(),
        service: "stroke".into(),
        requirements: reqs
            .iter()
            .map(|(c, l)| Requirement {
                code: CredentialCode::parse(c).unwrap(),
                min_level: *l,
            })
            .collect(),
    }
}

fn network() -> Vec<Network> {
    vec![Network {
        id: NetworkId(1),
        name: "stroke".into(),
        kind: NetworkKind::ClinicalNetwork,
        members: vec![HOME, OTHER],
    }]
}

fn run(
    history: &[CredentialFact],
    prof: &RequirementProfile,
    agreements: &[SharingAgreement],
    from: &str,
    to: &str,
) -> Verdict {
    let catalogue = Catalogue::new(seed_catalogue(), vec![]);
    let networks = network();
    let policy = AcceptancePolicy {
        verifier: OTHER,
        networks: &networks,
        agreements,
    };
    let s = staff();
    verify(&VerifyRequest {
        staff: &s,
        history,
        profile: prof,
        catalogue: &catalogue,
        policy: &policy,
        range: DateRange::new(d(from), d(to)).unwrap(),
        warn_within_days: 30,
    })
}

#[test]
fn cstf_from_network_member_is_accepted_by_default() {
    let h = [fact(
        1,
        "CSTF-FS",
        1,
        "2026-01-10",
        Some("2027-01-10"),
        HOME,
    )];
    let v = run(
        &h,
        &profile(&[("CSTF-FS", 1)]),
        &[],
        "2026-06-01",
        "2026-06-30",
    );
    assert!(v.compliant);
    assert_eq!(
        v.outcomes[0].status,
        RequirementStatus::Satisfied {
            fact: Some(FactId(1)),
            level: 1,
            valid_until: Some(d("2027-01-10"))
        }
    );
}

#[test]
fn competency_needs_an_agreement_and_outsider_never_counts() {
    let h = [fact(
        1,
        "STROKE-NIHSS",
        1,
        "2026-01-10",
        Some("2028-01-10"),
        HOME,
    )];
    let p = profile(&[("STROKE-NIHSS", 1)]);
    let v = run(&h, &p, &[], "2026-06-01", "2026-06-01");
    assert!(!v.compliant);
    assert_eq!(
        v.outcomes[0].status,
        RequirementStatus::IssuerNotAccepted {
            fact: FactId(1),
            issuer: HOME
        }
    );
    let agreement = SharingAgreement {
        network: NetworkId(1),
        verifier: OTHER,
        scope: CredentialScope::Kind(CredentialKind::Competency),
        issuers: vec![],
    };
    assert!(
        run(
            &h,
            &p,
            std::slice::from_ref(&agreement),
            "2026-06-01",
            "2026-06-01"
        )
        .compliant
    );
    let h2 = [fact(
        1,
        "CSTF-FS",
        1,
        "2026-01-10",
        Some("2027-01-10"),
        OUTSIDER,
    )];
    let v = run(
        &h2,
        &profile(&[("CSTF-FS", 1)]),
        &[agreement],
        "2026-06-01",
        "2026-06-01",
    );
    assert_eq!(v.outcomes[0].status.code(), "issuer_not_accepted");
}

#[test]
fn expiry_boundaries_inside_range_and_warning_window() {
    let p = profile(&[("CSTF-FS", 1)]);
    // Lapses on the last day of the range: expired.
    let h = [fact(
        1,
        "CSTF-FS",
        1,
        "2025-06-30",
        Some("2026-06-30"),
        HOME,
    )];
    assert_eq!(
        run(&h, &p, &[], "2026-06-01", "2026-06-30").outcomes[0].status,
        RequirementStatus::Expired {
            fact: Some(FactId(1)),
            on: d("2026-06-30")
        }
    );
    // Lapses the day after the range: met, but expiring soon.
    let h = [fact(
        1,
        "CSTF-FS",
        1,
        "2025-07-01",
        Some("2026-07-01"),
        HOME,
    )];
    let v = run(&h, &p, &[], "2026-06-01", "2026-06-30");
    assert!(v.compliant);
    assert_eq!(v.outcomes[0].status.code(), "expiring_soon");
    // Lapses 31 days after the range: plain satisfied.
    let h = [fact(
        1,
        "CSTF-FS",
        1,
        "2025-07-31",
        Some("2026-07-31"),
        HOME,
    )];
    assert_eq!(
        run(&h, &p, &[], "2026-06-01", "2026-06-30").outcomes[0]
            .status
            .code(),
        "satisfied"
    );
}

#[test]
fn higher_level_satisfies_lower_and_lower_is_too_low() {
    let h = [fact(
        1,
        "CSTF-RES",
        3,
        "2026-01-10",
        Some("2027-01-10"),
        HOME,
    )];
    assert!(
        run(
            &h,
            &profile(&[("CSTF-RES", 2)]),
            &[],
            "2026-06-01",
            "2026-06-01"
        )
        .compliant
    );
    let h = [fact(
        1,
        "CSTF-RES",
        2,
        "2026-01-10",
        Some("2027-01-10"),
        HOME,
    )];
    assert_eq!(
        run(
            &h,
            &profile(&[("CSTF-RES", 3)]),
            &[],
            "2026-06-01",
            "2026-06-01"
        )
        .outcomes[0]
            .status,
        RequirementStatus::LevelTooLow {
            fact: FactId(1),
            have: 2,
            need: 3
        }
    );
}

#[test]
fn revoked_and_corrected_facts_follow_history() {
    let mut revoke = fact(2, "CSTF-FS", 1, "2026-01-10", Some("2027-01-10"), HOME);
    revoke.supersedes = Some(FactId(1));
    revoke.action = FactAction::Revoke {
        reason: "forged".into(),
    };
    let h = [
        fact(1, "CSTF-FS", 1, "2026-01-10", Some("2027-01-10"), HOME),
        revoke,
    ];
    assert_eq!(
        run(
            &h,
            &profile(&[("CSTF-FS", 1)]),
            &[],
            "2026-06-01",
            "2026-06-01"
        )
        .outcomes[0]
            .status,
        RequirementStatus::Revoked {
            fact: FactId(1),
            reason: "forged".into()
        }
    );
    // A correction replaces the old fact: the expired original no longer counts.
    let mut correction = fact(2, "CSTF-FS", 1, "2026-02-10", Some("2027-02-10"), HOME);
    correction.supersedes = Some(FactId(1));
    let h = [
        fact(1, "CSTF-FS", 1, "2025-01-10", Some("2026-01-10"), HOME),
        correction,
    ];
    let v = run(
        &h,
        &profile(&[("CSTF-FS", 1)]),
        &[],
        "2026-06-01",
        "2026-06-01",
    );
    assert_eq!(
        v.outcomes[0].status,
        RequirementStatus::Satisfied {
            fact: Some(FactId(2)),
            level: 1,
            valid_until: Some(d("2027-02-10"))
        }
    );
}

#[test]
fn registration_comes_from_the_register_and_missing_is_missing() {
    let v = run(
        &[],
        &profile(&[("REG-NMC", 1), ("STROKE-DYSPH", 1)]),
        &[],
        "2026-06-01",
        "2026-06-01",
    );
    assert_eq!(v.outcomes[0].status.code(), "satisfied");
    assert_eq!(v.outcomes[1].status, RequirementStatus::Missing);
    assert!(!v.compliant);
    let v = run(
        &[],
        &profile(&[("REG-NMC", 1)]),
        &[],
        "2027-03-01",
        "2027-03-01",
    );
    assert_eq!(
        v.outcomes[0].status,
        RequirementStatus::Expired {
            fact: None,
            on: d("2027-03-01")
        }
    );
}

#[test]
fn not_yet_achieved_when_training_is_after_range_start() {
    let h = [fact(
        1,
        "CSTF-FS",
        1,
        "2026-06-15",
        Some("2027-06-15"),
        HOME,
    )];
    assert_eq!(
        run(
            &h,
            &profile(&[("CSTF-FS", 1)]),
            &[],
            "2026-06-01",
            "2026-06-30"
        )
        .outcomes[0]
            .status
            .code(),
        "not_yet_achieved"
    );
}

#[test]
fn expiring_list_skips_renewed_facts() {
    let h = [
        fact(1, "CSTF-FS", 1, "2025-07-10", Some("2026-07-10"), HOME),
        fact(2, "CSTF-IG", 1, "2025-07-10", Some("2026-07-10"), HOME),
        fact(3, "CSTF-IG", 1, "2026-06-01", Some("2027-06-01"), HOME),
    ];
    let list = expiring_facts(&h, d("2026-06-20"), 30);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].fact.id, FactId(1));
    assert!(expiring_facts(&h, d("2026-06-01"), 30).is_empty());
    assert!(expiring_facts(&h, d("2026-05-01"), 30).is_empty());
}
