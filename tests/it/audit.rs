//! The passport audit log over gRPC: every read and verification of a trust's staff, by whom,
//! with which key and why; visible only to that trust's admins.

use crossrota_domain::access::Role;
use crossrota_proto::convert::timestamp;
use crossrota_proto::crossrota::v1 as pb;
use crossrota_tests::now;
use tonic::Code;

use crate::support::{Region, both_backends, ok, range, refused};

/// `(actor org, key, staff, action, reason)` of each entry, after checking its time.
fn rows(entries: &[pb::AuditEntry]) -> Vec<(i64, i64, i64, i32, String)> {
    entries
        .iter()
        .map(|e| {
            assert_eq!(e.at, Some(timestamp(now())), "entry {} time", e.id);
            (
                e.actor_org_id,
                e.key_id,
                e.staff_id,
                e.action,
                e.reason.clone(),
            )
        })
        .collect()
}

fn list(staff_id: i64, page_size: i32, page_token: String) -> pb::ListAuditLogRequest {
    pb::ListAuditLogRequest {
        staff_id,
        page_size,
        page_token,
    }
}

both_backends! {
    /// Reads and verifications by another trust (and by the home trust) are logged for the
    /// home trust with actor, key, person, action and reason; refused reads are not.
    async fn log_shows_who_read_or_verified_and_why(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[r.stroke.id]).await;
        let other = r.a.nurse("N2", &[r.stroke.id]).await;
        let b_verifier = r.key("RVV", &[Role::Verifier]).await;
        let profile = r.b.profile("HASU band 5", &[("CSTF-FS", 1)]).await;

        ok(b_verifier
            .passport(nurse.id, "bank shift 2026-12-01 HASU")
            .await);
        ok(r.b
            .api()
            .verify(pb::VerifyRequest {
                staff_id: nurse.id,
                profile_id: profile.id,
                range: Some(range("2026-12-01", "2026-12-01")),
                warn_within_days: 0,
                reason: "pre-shift check".into(),
            })
            .await);
        ok(r.b
            .api()
            .verify_many(pb::VerifyManyRequest {
                staff_ids: vec![nurse.id, other.id],
                profile_id: profile.id,
                range: Some(range("2026-12-01", "2026-12-31")),
                warn_within_days: 0,
                reason: "December bank fill".into(),
            })
            .await);
        ok(r.a.passport(nurse.id, "appraisal").await);
        // c shares no network the nurse joined: refused, and not logged.
        refused(
            r.c.passport(nurse.id, "curious").await,
            Code::PermissionDenied,
        );

        let b_verifier_key = r.app.key_id(&b_verifier.secret).await;
        let b_key = r.app.key_id(&r.b.secret).await;
        let a_key = r.app.key_id(&r.a.secret).await;
        assert_ne!(b_verifier_key, b_key);
        let read = pb::AuditAction::PassportRead as i32;
        let verify = pb::AuditAction::Verify as i32;
        let expected = vec![
            (
                r.b.id,
                b_verifier_key,
                nurse.id,
                read,
                "bank shift 2026-12-01 HASU".to_owned(),
            ),
            (
                r.b.id,
                b_key,
                nurse.id,
                verify,
                "pre-shift check".to_owned(),
            ),
            (
                r.b.id,
                b_key,
                nurse.id,
                verify,
                "December bank fill".to_owned(),
            ),
            (
                r.b.id,
                b_key,
                other.id,
                verify,
                "December bank fill".to_owned(),
            ),
            (r.a.id, a_key, nurse.id, read, "appraisal".to_owned()),
        ];
        let log = ok(r.a.api().list_audit_log(list(0, 0, String::new())).await);
        assert_eq!(rows(&log.entries), expected);
        assert_eq!(log.next_page_token, "");
        let ids: Vec<i64> = log.entries.iter().map(|e| e.id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "id order: {ids:?}");

        let of_other = ok(r
            .a
            .api()
            .list_audit_log(list(other.id, 0, String::new()))
            .await);
        assert_eq!(rows(&of_other.entries), expected[3..4].to_vec());

        // Page by page, the same entries.
        let mut paged = Vec::new();
        let mut token = String::new();
        let mut sizes = Vec::new();
        loop {
            let page = ok(r.a.api().list_audit_log(list(0, 2, token)).await);
            sizes.push(page.entries.len());
            paged.extend(page.entries);
            token = page.next_page_token;
            if token.is_empty() || sizes.len() > 10 {
                break;
            }
        }
        assert_eq!(sizes, vec![2, 2, 1]);
        assert_eq!(paged, log.entries);

        // b's log is about b's staff only: nobody read them.
        let b_log = ok(r.b.api().list_audit_log(list(0, 0, String::new())).await);
        assert!(b_log.entries.is_empty(), "{:?}", b_log.entries);
    }

    /// Only admins read the log, and only about their own trust's staff.
    async fn log_is_for_the_home_trusts_admins(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[r.stroke.id]).await;
        let b_nurse = r.b.nurse("B1", &[r.stroke.id]).await;
        ok(r.b.passport(nurse.id, "bank shift").await);
        ok(r.a.passport(b_nurse.id, "bank shift").await);

        let verifier = r
            .key("RWF", &[Role::Verifier, Role::Issuer, Role::BankOffice])
            .await;
        refused(
            verifier
                .api()
                .list_audit_log(list(0, 0, String::new()))
                .await,
            Code::PermissionDenied,
        );
        refused(
            r.a.api()
                .list_audit_log(list(b_nurse.id, 0, String::new()))
                .await,
            Code::PermissionDenied,
        );
        let admin_only = r.key("RWF", &[Role::Admin]).await;
        let log = ok(admin_only
            .api()
            .list_audit_log(list(0, 0, String::new()))
            .await);
        let staff: Vec<i64> = log.entries.iter().map(|e| e.staff_id).collect();
        assert_eq!(staff, vec![nurse.id], "a's log lists only a's staff");
    }
}
