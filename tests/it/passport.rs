//! Passports over gRPC: the state of every recorded fact plus the complete history, after
//! corrections and revocations, read by the home trust and by a trust in a shared network.

use crossrota_proto::crossrota::v1 as pb;

use crate::support::{Region, both_backends, credential, ok};

/// `(fact id, state, superseded by, revoke reason)` of each passport entry.
fn states(p: &pb::Passport) -> Vec<(i64, i32, i64, String)> {
    p.current
        .iter()
        .map(|e| {
            (
                e.fact.as_ref().map_or(0, |f| f.id),
                e.state,
                e.superseded_by_fact_id,
                e.revoke_reason.clone(),
            )
        })
        .collect()
}

both_backends! {
    /// Nothing is lost: after a correction and a revocation the passport shows every record
    /// with its state, and the history holds every fact exactly as it was returned when
    /// recorded, revocation included, in id order.
    async fn passport_keeps_full_history(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[r.stroke.id]).await;
        let f1 = r.a.record(nurse.id, "CSTF-FS", 1, "2026-01-10").await;
        let f2 = ok(r
            .a
            .api()
            .record_fact(pb::RecordFactRequest {
                credential: Some(pb::CredentialInput {
                    supersedes_fact_id: f1.id,
                    ..credential(nurse.id, "CSTF-FS", 1, "2026-01-12")
                }),
            })
            .await);
        let f3 = r.a.record(nurse.id, "STROKE-NIHSS", 1, "2026-02-01").await;
        let f4 = ok(r
            .a
            .api()
            .revoke_fact(pb::RevokeFactRequest {
                fact_id: f3.id,
                reason: "assessor not signed off".into(),
            })
            .await);
        let f5 = r.b.record(nurse.id, "CSTF-MH", 2, "2026-03-01").await;

        let p = ok(r.a.passport(nurse.id, "annual appraisal").await);
        assert_eq!(p.staff.as_ref(), Some(&nurse));
        assert_eq!(
            p.history,
            vec![f1.clone(), f2.clone(), f3.clone(), f4.clone(), f5.clone()]
        );
        let current = pb::FactState::Current as i32;
        assert_eq!(
            states(&p),
            vec![
                (
                    f1.id,
                    pb::FactState::Superseded as i32,
                    f2.id,
                    String::new()
                ),
                (f2.id, current, 0, String::new()),
                (
                    f3.id,
                    pb::FactState::Revoked as i32,
                    f4.id,
                    "assessor not signed off".into()
                ),
                (f5.id, current, 0, String::new()),
            ]
        );
        let facts: Vec<&pb::CredentialFact> =
            p.current.iter().filter_map(|e| e.fact.as_ref()).collect();
        assert_eq!(
            facts,
            vec![&f1, &f2, &f3, &f5],
            "entries carry the recorded facts"
        );

        // A trust in the shared network reads the same passport.
        let seen_by_b = ok(r.b.passport(nurse.id, "bank shift 2026-12-01 HASU").await);
        assert_eq!(seen_by_b, p);
    }

    /// A person with no facts has an empty passport, not an error.
    async fn empty_passport(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("E1", &[]).await;
        let p = ok(r.a.passport(nurse.id, "").await);
        assert_eq!(p.staff, Some(nurse));
        assert!(p.current.is_empty() && p.history.is_empty());
    }
}
