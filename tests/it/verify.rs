//! Verification over gRPC: one outcome per requirement with the status and details each
//! status carries, issuer acceptance through sharing agreements, and VerifyMany.
//!
//! The fixed clock says 2026-11-23. Most checks verify the range 2026-12-01..=2026-12-31
//! with a 30-day warning window, i.e. facts lapsing by 2027-01-30 are "expiring soon".

use crossrota_proto::crossrota::v1 as pb;
use pb::agreement_input::Scope;

use crate::support::{Region, Trust, both_backends, credential, ok, range};

const FROM: &str = "2026-12-01";
const TO: &str = "2026-12-31";

/// The profile b uses for HASU shifts, in this order.
const HASU: [(&str, i32); 6] = [
    ("CSTF-FS", 1),
    ("CSTF-IG", 1),
    ("CSTF-MH", 2),
    ("CSTF-RES", 2),
    ("CSTF-SGA", 1),
    ("STROKE-NIHSS", 1),
];

/// What a test expects of one outcome: status and the detail fields that status sets.
#[derive(Debug, Default, PartialEq, Eq)]
struct Expect {
    code: String,
    min_level: i32,
    status: i32,
    fact_id: i64,
    level: i32,
    valid_until: String,
    expires_on: String,
    achieved_on: String,
    have_level: i32,
    need_level: i32,
    issuer_org_id: i64,
    revoke_reason: String,
}

impl Expect {
    fn new(code: &str, min_level: i32, status: pb::OutcomeStatus) -> Self {
        Self {
            code: code.into(),
            min_level,
            status: status as i32,
            ..Default::default()
        }
    }
}

/// The outcome's fields in the shape of [`Expect`], after checking that its explanation is a
/// sentence about its credential.
fn observed(o: &pb::Outcome) -> Expect {
    assert!(
        o.explanation.contains(&o.code),
        "explanation {:?} does not name {}",
        o.explanation,
        o.code
    );
    Expect {
        code: o.code.clone(),
        min_level: o.min_level,
        status: o.status,
        fact_id: o.fact_id,
        level: o.level,
        valid_until: o.valid_until.clone(),
        expires_on: o.expires_on.clone(),
        achieved_on: o.achieved_on.clone(),
        have_level: o.have_level,
        need_level: o.need_level,
        issuer_org_id: o.issuer_org_id,
        revoke_reason: o.revoke_reason.clone(),
    }
}

fn outcomes(v: &pb::Verdict) -> Vec<Expect> {
    v.outcomes.iter().map(observed).collect()
}

/// A nurse of a, in the stroke network, whose passport fails HASU in every way but one.
struct Mixed {
    staff: pb::Staff,
    fire: pb::CredentialFact,
    ig: pb::CredentialFact,
    mh: pb::CredentialFact,
    res: pb::CredentialFact,
    nihss: pb::CredentialFact,
}

async fn mixed_nurse(r: &Region) -> Mixed {
    let staff = r.a.nurse("MIX", &[r.stroke.id]).await;
    Mixed {
        // 12 months: lapses 2027-06-01, well after the warning window.
        fire: r.a.record(staff.id, "CSTF-FS", 1, "2026-06-01").await,
        // 12 months: lapses 2027-01-10, inside the window.
        ig: r.a.record(staff.id, "CSTF-IG", 1, "2026-01-10").await,
        // Level 1 where 2 is needed.
        mh: r.a.record(staff.id, "CSTF-MH", 1, "2026-01-01").await,
        // 12 months: lapses 2026-12-10, inside the range.
        res: r.a.record(staff.id, "CSTF-RES", 2, "2025-12-10").await,
        // A competency a issued; b accepts it only under an agreement.
        nihss: r.a.record(staff.id, "STROKE-NIHSS", 1, "2026-03-01").await,
        staff,
    }
}

/// The outcomes b should see for [`mixed_nurse`], with the NIHSS outcome given.
fn mixed_expectation(m: &Mixed, nihss: Expect) -> Vec<Expect> {
    use pb::OutcomeStatus as S;
    vec![
        Expect {
            fact_id: m.fire.id,
            level: 1,
            valid_until: "2027-06-01".into(),
            ..Expect::new("CSTF-FS", 1, S::Satisfied)
        },
        Expect {
            fact_id: m.ig.id,
            level: 1,
            expires_on: "2027-01-10".into(),
            ..Expect::new("CSTF-IG", 1, S::ExpiringSoon)
        },
        Expect {
            fact_id: m.mh.id,
            level: 1,
            have_level: 1,
            need_level: 2,
            ..Expect::new("CSTF-MH", 2, S::LevelTooLow)
        },
        Expect {
            fact_id: m.res.id,
            expires_on: "2026-12-10".into(),
            ..Expect::new("CSTF-RES", 2, S::Expired)
        },
        Expect::new("CSTF-SGA", 1, S::Missing),
        nihss,
    ]
}

/// A nurse of a who meets HASU, with one fact expiring soon and the competency issued by `b`.
async fn compliant_nurse(r: &Region, b: &Trust) -> pb::Staff {
    let staff = r.a.nurse("OK1", &[r.stroke.id]).await;
    r.a.record(staff.id, "CSTF-FS", 1, "2026-05-01").await;
    r.a.record(staff.id, "CSTF-IG", 1, "2026-01-20").await;
    r.a.record(staff.id, "CSTF-MH", 2, "2026-02-01").await;
    // Level 3 satisfies a level 2 requirement.
    r.a.record(staff.id, "CSTF-RES", 3, "2026-06-01").await;
    r.a.record(staff.id, "CSTF-SGA", 2, "2025-01-01").await;
    b.record(staff.id, "STROKE-NIHSS", 1, "2026-04-01").await;
    staff
}

both_backends! {
    /// Every status a fact can give, with its details; a competency from another trust is not
    /// accepted until the verifier makes an agreement covering it, after which it satisfies.
    async fn outcomes_and_issuer_acceptance(backend: Backend) {
        let r = Region::new(backend).await;
        let m = mixed_nurse(&r).await;
        let profile = r.b.profile("HASU band 5", &HASU).await;

        let verdict = ok(r.b.verify(m.staff.id, profile.id, FROM, TO).await);
        assert_eq!(verdict.staff_id, m.staff.id);
        assert_eq!(verdict.profile_id, profile.id);
        assert_eq!(verdict.range, Some(range(FROM, TO)));
        assert!(!verdict.compliant);
        let not_accepted = Expect {
            fact_id: m.nihss.id,
            issuer_org_id: r.a.id,
            ..Expect::new("STROKE-NIHSS", 1, pb::OutcomeStatus::IssuerNotAccepted)
        };
        assert_eq!(outcomes(&verdict), mixed_expectation(&m, not_accepted));

        // An agreement in a network b is in but about another credential changes nothing.
        ok(r.b
            .api()
            .create_agreement(pb::CreateAgreementRequest {
                agreement: Some(pb::AgreementInput {
                    network_id: r.stroke.id,
                    scope: Some(Scope::Code("STROKE-THROMB".into())),
                    issuer_org_ids: vec![r.a.id],
                }),
            })
            .await);
        let still = ok(r.b.verify(m.staff.id, profile.id, FROM, TO).await);
        assert_eq!(
            still.outcomes[5].status,
            pb::OutcomeStatus::IssuerNotAccepted as i32
        );

        ok(r.b
            .api()
            .create_agreement(pb::CreateAgreementRequest {
                agreement: Some(pb::AgreementInput {
                    network_id: r.stroke.id,
                    scope: Some(Scope::Kind(pb::CredentialKind::Competency as i32)),
                    issuer_org_ids: vec![r.a.id],
                }),
            })
            .await);
        let accepted = ok(r.b.verify(m.staff.id, profile.id, FROM, TO).await);
        let satisfied = Expect {
            fact_id: m.nihss.id,
            level: 1,
            valid_until: "2028-03-01".into(),
            ..Expect::new("STROKE-NIHSS", 1, pb::OutcomeStatus::Satisfied)
        };
        assert_eq!(outcomes(&accepted), mixed_expectation(&m, satisfied));
        assert!(!accepted.compliant, "the other failures remain");
    }

    /// A trust always accepts the facts it issued itself: a verifies its own nurse against
    /// b's profile and the competency it issued satisfies it without any agreement.
    async fn own_facts_are_always_accepted(backend: Backend) {
        let r = Region::new(backend).await;
        let m = mixed_nurse(&r).await;
        let profile = r.b.profile("HASU band 5", &HASU).await;
        let verdict = ok(r.a.verify(m.staff.id, profile.id, FROM, TO).await);
        assert_eq!(
            verdict.outcomes[5].status,
            pb::OutcomeStatus::Satisfied as i32
        );
        assert_eq!(verdict.outcomes[5].fact_id, m.nihss.id);
    }

    /// Revoked facts, facts achieved after the range starts, corrections and the professional
    /// register.
    async fn revoked_not_yet_achieved_corrected_and_registered(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[]).await;
        let prevent = r.a.record(nurse.id, "CSTF-PREV", 1, "2026-11-20").await;
        let thromb = r.a.record(nurse.id, "STROKE-THROMB", 1, "2026-05-01").await;
        ok(r.a
            .api()
            .revoke_fact(pb::RevokeFactRequest {
                fact_id: thromb.id,
                reason: "forged".into(),
            })
            .await);
        let hsw = r.a.record(nurse.id, "CSTF-HSW", 1, "2026-06-01").await;
        let fixed = ok(r
            .a
            .api()
            .record_fact(pb::RecordFactRequest {
                credential: Some(pb::CredentialInput {
                    supersedes_fact_id: hsw.id,
                    ..credential(nurse.id, "CSTF-HSW", 1, "2026-06-02")
                }),
            })
            .await);
        let profile =
            r.a.profile(
                "Stroke nurse",
                &[
                    ("CSTF-PREV", 1),
                    ("STROKE-THROMB", 1),
                    ("CSTF-HSW", 1),
                    ("REG-NMC", 1),
                ],
            )
            .await;
        let verdict = ok(r
            .a
            .verify(nurse.id, profile.id, "2026-11-01", "2026-11-30")
            .await);
        use pb::OutcomeStatus as S;
        assert_eq!(
            outcomes(&verdict),
            vec![
                Expect {
                    fact_id: prevent.id,
                    achieved_on: "2026-11-20".into(),
                    ..Expect::new("CSTF-PREV", 1, S::NotYetAchieved)
                },
                Expect {
                    fact_id: thromb.id,
                    revoke_reason: "forged".into(),
                    ..Expect::new("STROKE-THROMB", 1, S::Revoked)
                },
                Expect {
                    fact_id: fixed.id,
                    level: 1,
                    valid_until: "2029-06-02".into(),
                    ..Expect::new("CSTF-HSW", 1, S::Satisfied)
                },
                // Met by the register entry (expires 2027-09-30), not by a fact.
                Expect {
                    fact_id: 0,
                    level: 1,
                    valid_until: "2027-09-30".into(),
                    ..Expect::new("REG-NMC", 1, S::Satisfied)
                },
            ]
        );
        assert!(!verdict.compliant);
    }

    /// A passport that meets every requirement is compliant, even with one fact expiring soon.
    async fn compliant_despite_expiring_soon(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = compliant_nurse(&r, &r.b).await;
        let profile = r.b.profile("HASU band 5", &HASU).await;
        let verdict = ok(r.b.verify(nurse.id, profile.id, FROM, TO).await);
        let statuses: Vec<i32> = verdict.outcomes.iter().map(|o| o.status).collect();
        let satisfied = pb::OutcomeStatus::Satisfied as i32;
        assert_eq!(
            statuses,
            vec![
                satisfied,
                pb::OutcomeStatus::ExpiringSoon as i32,
                satisfied,
                satisfied,
                satisfied,
                satisfied
            ]
        );
        assert_eq!(
            verdict.outcomes[3].level, 3,
            "level 3 held for a level 2 requirement"
        );
        assert!(verdict.compliant);
        // With no warning window nothing is "expiring soon".
        let no_warning = ok(r
            .b
            .api()
            .verify(pb::VerifyRequest {
                staff_id: nurse.id,
                profile_id: profile.id,
                range: Some(range(FROM, TO)),
                warn_within_days: 0,
                reason: "no warning".into(),
            })
            .await);
        assert_eq!(no_warning.outcomes[1].status, satisfied);
        assert_eq!(no_warning.outcomes[1].valid_until, "2027-01-20");
    }

    /// VerifyMany answers in request order, each verdict as Verify gives it, and counts the
    /// compliant ones.
    async fn verify_many_in_request_order(backend: Backend) {
        let r = Region::new(backend).await;
        let good = compliant_nurse(&r, &r.b).await;
        let m = mixed_nurse(&r).await;
        let profile = r.b.profile("HASU band 5", &HASU).await;
        let many = ok(r
            .b
            .api()
            .verify_many(pb::VerifyManyRequest {
                staff_ids: vec![m.staff.id, good.id],
                profile_id: profile.id,
                range: Some(range(FROM, TO)),
                warn_within_days: 30,
                reason: "bank fill December".into(),
            })
            .await);
        assert_eq!(many.compliant_count, 1);
        let single_mixed = ok(r.b.verify(m.staff.id, profile.id, FROM, TO).await);
        let single_good = ok(r.b.verify(good.id, profile.id, FROM, TO).await);
        assert_eq!(many.verdicts, vec![single_mixed, single_good]);
        assert_eq!(many.verdicts[0].staff_id, m.staff.id);
        assert!(many.verdicts[1].compliant && !many.verdicts[0].compliant);
    }
}
