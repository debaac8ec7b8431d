//! The catalogue and credential facts over gRPC: derived expiry dates, validity overrides,
//! corrections and revocations, and the rule that the issuer is always the caller's trust.

use crossrota_proto::convert::timestamp;
use crossrota_proto::crossrota::v1 as pb;
use crossrota_tests::now;
use tonic::Code;

use crate::support::{Region, both_backends, credential, ok, refused};

both_backends! {
    /// The catalogue lists the CSTF subjects and competencies with their levels and default
    /// validity, in code order.
    async fn catalogue_lists_fire_safety_for_twelve_months(backend: Backend) {
        let r = Region::new(backend).await;
        let list = ok(r
            .c
            .api()
            .list_credentials(pb::ListCredentialsRequest {})
            .await)
        .credentials;
        let fire = list.iter().find(|d| d.code == "CSTF-FS");
        assert_eq!(
            fire,
            Some(&pb::CredentialDef {
                code: "CSTF-FS".into(),
                name: "Fire safety".into(),
                kind: pb::CredentialKind::Training as i32,
                levels: vec![pb::CredentialLevel {
                    level: 1,
                    validity_months: 12
                }],
            })
        );
        let res = list.iter().find(|d| d.code == "CSTF-RES");
        let levels: Vec<(i32, i32)> = res
            .map(|d| {
                d.levels
                    .iter()
                    .map(|l| (l.level, l.validity_months))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            levels,
            vec![(1, 0), (2, 12), (3, 12)],
            "resuscitation levels"
        );
        let nihss = list
            .iter()
            .find(|d| d.code == "STROKE-NIHSS")
            .map(|d| d.kind);
        assert_eq!(nihss, Some(pb::CredentialKind::Competency as i32));
        let codes: Vec<&str> = list.iter().map(|d| d.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
    }

    /// Without an explicit expiry the fact expires after the catalogue validity of its level;
    /// once-only levels never expire; an explicit expiry is kept. Every other field is the
    /// caller's: issuer, recorder label and server time.
    async fn record_fact_derives_expiry_from_the_catalogue(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[]).await;
        let fire = r.a.record(nurse.id, "cstf-fs", 1, "2026-03-15").await;
        assert_eq!(
            fire,
            pb::CredentialFact {
                id: fire.id,
                staff_id: nurse.id,
                code: "CSTF-FS".into(),
                level: 1,
                achieved_on: "2026-03-15".into(),
                expires_on: "2027-03-15".into(),
                issuer_org_id: r.a.id,
                evidence_ref: "cert-cstf-fs-2026-03-15".into(),
                recorded_by: "RWF test key".into(),
                recorded_at: Some(timestamp(now())),
                supersedes_fact_id: 0,
                action: pb::FactAction::Record as i32,
                revoke_reason: String::new(),
            }
        );
        let nihss = r.a.record(nurse.id, "STROKE-NIHSS", 1, "2026-03-15").await;
        assert_eq!(nihss.expires_on, "2028-03-15", "24 months");
        let bls = r.a.record(nurse.id, "CSTF-RES", 1, "2026-03-15").await;
        assert_eq!(bls.expires_on, "", "level 1 resuscitation never expires");
        let explicit = ok(r
            .a
            .api()
            .record_fact(pb::RecordFactRequest {
                credential: Some(pb::CredentialInput {
                    expires_on: "2026-12-31".into(),
                    ..credential(nurse.id, "CSTF-IG", 1, "2026-03-15")
                }),
            })
            .await);
        assert_eq!(explicit.expires_on, "2026-12-31");
        assert!(fire.id < nihss.id && nihss.id < bls.id && bls.id < explicit.id);
    }

    /// A trust's validity override changes the expiry of facts it records afterwards, and only
    /// its own: another trust recording the same credential still gets the default.
    async fn validity_override_changes_later_expiry(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[r.stroke.id]).await;
        let before = r.a.record(nurse.id, "CSTF-FS", 1, "2026-02-01").await;
        assert_eq!(before.expires_on, "2027-02-01");

        let o = ok(r
            .a
            .api()
            .set_validity_override(pb::SetValidityOverrideRequest {
                r#override: Some(pb::ValidityOverrideInput {
                    code: "CSTF-FS".into(),
                    level: 1,
                    months: 24,
                }),
            })
            .await);
        assert_eq!(
            o,
            pb::ValidityOverride {
                org_id: r.a.id,
                code: "CSTF-FS".into(),
                level: 1,
                months: 24
            }
        );
        let after = r.a.record(nurse.id, "CSTF-FS", 1, "2026-02-01").await;
        assert_eq!(after.expires_on, "2028-02-01");
        let by_b = r.b.record(nurse.id, "CSTF-FS", 1, "2026-02-01").await;
        assert_eq!(
            by_b.expires_on, "2027-02-01",
            "b applies the catalogue default"
        );

        // A later override replaces the earlier one; 0 means never expires.
        ok(r.a
            .api()
            .set_validity_override(pb::SetValidityOverrideRequest {
                r#override: Some(pb::ValidityOverrideInput {
                    code: "CSTF-FS".into(),
                    level: 1,
                    months: 0,
                }),
            })
            .await);
        let forever = r.a.record(nurse.id, "CSTF-FS", 1, "2026-02-01").await;
        assert_eq!(forever.expires_on, "");
        // Facts recorded earlier keep the expiry they were recorded with.
        let passport = ok(r.a.passport(nurse.id, "check").await);
        assert_eq!(passport.history[0], before);
    }

    /// A correction supersedes the fact it names; correcting that fact again is refused and
    /// changes nothing.
    async fn correction_supersedes_once(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[]).await;
        let wrong = r.a.record(nurse.id, "CSTF-MH", 1, "2026-05-02").await;
        let fix = ok(r
            .a
            .api()
            .record_fact(pb::RecordFactRequest {
                credential: Some(pb::CredentialInput {
                    supersedes_fact_id: wrong.id,
                    ..credential(nurse.id, "CSTF-MH", 2, "2026-05-20")
                }),
            })
            .await);
        assert_eq!(fix.supersedes_fact_id, wrong.id);
        assert_eq!(fix.level, 2);
        assert_eq!(fix.expires_on, "2028-05-20", "level 2 is valid 24 months");

        let before = r.app.snapshot().await;
        refused(
            r.a.api()
                .record_fact(pb::RecordFactRequest {
                    credential: Some(pb::CredentialInput {
                        supersedes_fact_id: wrong.id,
                        ..credential(nurse.id, "CSTF-MH", 2, "2026-05-21")
                    }),
                })
                .await,
            Code::FailedPrecondition,
        );
        assert_eq!(r.app.snapshot().await, before);

        let passport = ok(r.a.passport(nurse.id, "check").await);
        let states: Vec<(i64, i32, i64)> = passport
            .current
            .iter()
            .map(|e| {
                (
                    e.fact.as_ref().map_or(0, |f| f.id),
                    e.state,
                    e.superseded_by_fact_id,
                )
            })
            .collect();
        assert_eq!(
            states,
            vec![
                (wrong.id, pb::FactState::Superseded as i32, fix.id),
                (fix.id, pb::FactState::Current as i32, 0),
            ]
        );
    }

    /// A revocation is a new fact naming the revoked one and the reason; the revoked fact
    /// cannot be revoked again, and a revocation itself cannot be revoked.
    async fn revoke_fact_records_a_revocation(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[]).await;
        let fact = r.a.record(nurse.id, "STROKE-THROMB", 1, "2026-04-01").await;
        let revocation = ok(r
            .a
            .api()
            .revoke_fact(pb::RevokeFactRequest {
                fact_id: fact.id,
                reason: "certificate found to be forged".into(),
            })
            .await);
        assert!(revocation.id > fact.id);
        assert_eq!(revocation.action, pb::FactAction::Revoke as i32);
        assert_eq!(revocation.supersedes_fact_id, fact.id);
        assert_eq!(revocation.revoke_reason, "certificate found to be forged");
        assert_eq!(revocation.staff_id, nurse.id);
        assert_eq!(revocation.code, "STROKE-THROMB");
        assert_eq!(revocation.issuer_org_id, r.a.id);
        assert_eq!(revocation.recorded_by, "RWF test key");

        let before = r.app.snapshot().await;
        refused(
            r.a.api()
                .revoke_fact(pb::RevokeFactRequest {
                    fact_id: fact.id,
                    reason: "again".into(),
                })
                .await,
            Code::FailedPrecondition,
        );
        let status = refused(
            r.a.api()
                .revoke_fact(pb::RevokeFactRequest {
                    fact_id: revocation.id,
                    reason: "undo".into(),
                })
                .await,
            Code::InvalidArgument,
        );
        assert!(status.message().contains("fact_id"), "{}", status.message());
        assert_eq!(r.app.snapshot().await, before);
    }

    /// Whoever records a fact, the issuer is the caller's trust: b may vouch for training it
    /// gave to a's nurse in their shared network, and the fact says b issued it.
    async fn issuer_is_always_the_callers_trust(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[r.stroke.id]).await;
        let by_b = r.b.record(nurse.id, "STROKE-DYSPH", 1, "2026-10-01").await;
        assert_eq!(by_b.issuer_org_id, r.b.id);
        assert_eq!(by_b.recorded_by, "RVV test key");
        let by_a = r.a.record(nurse.id, "STROKE-DYSPH", 1, "2026-10-02").await;
        assert_eq!(by_a.issuer_org_id, r.a.id);
    }

    /// Only the issuer of a fact may revoke or correct it, even the person's home trust may
    /// not; refusals change nothing.
    async fn only_the_issuer_revokes_or_corrects(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[r.stroke.id]).await;
        let by_b = r.b.record(nurse.id, "STROKE-DYSPH", 1, "2026-10-01").await;
        let by_a = r.a.record(nurse.id, "CSTF-FS", 1, "2026-10-01").await;
        let before = r.app.snapshot().await;
        refused(
            r.a.api()
                .revoke_fact(pb::RevokeFactRequest {
                    fact_id: by_b.id,
                    reason: "not ours".into(),
                })
                .await,
            Code::PermissionDenied,
        );
        refused(
            r.b.api()
                .revoke_fact(pb::RevokeFactRequest {
                    fact_id: by_a.id,
                    reason: "not ours".into(),
                })
                .await,
            Code::PermissionDenied,
        );
        refused(
            r.a.api()
                .record_fact(pb::RecordFactRequest {
                    credential: Some(pb::CredentialInput {
                        supersedes_fact_id: by_b.id,
                        ..credential(nurse.id, "STROKE-DYSPH", 1, "2026-10-03")
                    }),
                })
                .await,
            Code::PermissionDenied,
        );
        assert_eq!(r.app.snapshot().await, before);

        // The issuer itself may.
        let revoked = ok(r
            .b
            .api()
            .revoke_fact(pb::RevokeFactRequest {
                fact_id: by_b.id,
                reason: "recorded in error".into(),
            })
            .await);
        assert_eq!(revoked.supersedes_fact_id, by_b.id);
        assert_eq!(revoked.issuer_org_id, r.b.id);
    }
}
