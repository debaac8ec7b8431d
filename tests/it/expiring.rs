//! ListExpiring over gRPC: current facts of a trust's own staff lapsing in a window after a
//! day (today by default), soonest first, skipping facts already renewed or corrected.

use crossrota_domain::access::Role;
use crossrota_proto::crossrota::v1 as pb;
use tonic::Code;

use crate::support::{Region, both_backends, credential, ok, refused};

/// `(staff id, fact id, expires_on)` of each listed item, checking that the item's fact and
/// expiry agree.
fn listed(r: &pb::ListExpiringResponse) -> Vec<(i64, i64, String)> {
    r.items
        .iter()
        .map(|i| {
            let fact = i.fact.as_ref();
            assert_eq!(
                fact.map(|f| f.expires_on.as_str()),
                Some(i.expires_on.as_str())
            );
            (
                i.staff.as_ref().map_or(0, |s| s.id),
                fact.map_or(0, |f| f.id),
                i.expires_on.clone(),
            )
        })
        .collect()
}

fn request(org_id: i64, within_days: i32, as_of: &str) -> pb::ListExpiringRequest {
    pb::ListExpiringRequest {
        org_id,
        within_days,
        as_of: as_of.into(),
    }
}

both_backends! {
    /// The window is `(as_of, as_of + within_days]`; renewed, corrected, already lapsed and
    /// other trusts' facts are left out.
    async fn lists_what_lapses_in_the_window(backend: Backend) {
        let r = Region::new(backend).await;
        let a = &r.a;
        let n1 = a.nurse("N1", &[r.stroke.id]).await;
        let n1_fire = a.record(n1.id, "CSTF-FS", 1, "2025-12-01").await; // lapses 2026-12-01
        let n1_ig = a.record(n1.id, "CSTF-IG", 1, "2026-01-10").await; // lapses 2027-01-10
        a.record(n1.id, "CSTF-MH", 2, "2025-12-20").await; // lapses 2027-12-20
        a.record(n1.id, "CSTF-RES", 1, "2020-01-01").await; // never lapses

        let n2 = a.nurse("N2", &[]).await;
        a.record(n2.id, "CSTF-FS", 1, "2025-12-05").await; // lapses 2026-12-05 ...
        a.record(n2.id, "CSTF-FS", 1, "2026-11-01").await; // ... but renewed to 2027-11-01

        let n3 = a.nurse("N3", &[]).await;
        a.record(n3.id, "CSTF-FS", 1, "2025-11-01").await; // lapsed 2026-11-01
        let wrong = a.record(n3.id, "CSTF-IG", 1, "2025-12-15").await;
        let n3_ig = ok(a
            .api()
            .record_fact(pb::RecordFactRequest {
                credential: Some(pb::CredentialInput {
                    supersedes_fact_id: wrong.id,
                    ..credential(n3.id, "CSTF-IG", 1, "2025-12-16")
                }),
            })
            .await); // lapses 2026-12-16

        // b's own staff are b's business; b's fact about a's nurse is a's.
        let b_staff = r.b.nurse("B1", &[]).await;
        r.b.record(b_staff.id, "CSTF-FS", 1, "2025-12-02").await;
        let by_b = r.b.record(n1.id, "CSTF-SGC", 1, "2023-12-10").await; // lapses 2026-12-10

        // Today is 2026-11-23: the next 30 days end on 2026-12-23.
        let month = ok(a.api().list_expiring(request(a.id, 30, "")).await);
        assert_eq!(
            listed(&month),
            vec![
                (n1.id, n1_fire.id, "2026-12-01".to_owned()),
                (n1.id, by_b.id, "2026-12-10".to_owned()),
                (n3.id, n3_ig.id, "2026-12-16".to_owned()),
            ]
        );
        assert_eq!(month.items[0].staff.as_ref(), Some(&n1));
        assert_eq!(month.items[0].fact.as_ref(), Some(&n1_fire));

        let two_months = ok(a.api().list_expiring(request(a.id, 60, "2026-11-23")).await);
        assert_eq!(
            listed(&two_months),
            vec![
                (n1.id, n1_fire.id, "2026-12-01".to_owned()),
                (n1.id, by_b.id, "2026-12-10".to_owned()),
                (n3.id, n3_ig.id, "2026-12-16".to_owned()),
                (n1.id, n1_ig.id, "2027-01-10".to_owned()),
            ]
        );

        // A fact lapsing on as_of is already gone; one lapsing on the last day is listed.
        let from_first = ok(a.api().list_expiring(request(a.id, 40, "2026-12-01")).await);
        assert_eq!(
            listed(&from_first),
            vec![
                (n1.id, by_b.id, "2026-12-10".to_owned()),
                (n3.id, n3_ig.id, "2026-12-16".to_owned()),
                (n1.id, n1_ig.id, "2027-01-10".to_owned()),
            ]
        );
        let one_short = ok(a.api().list_expiring(request(a.id, 39, "2026-12-01")).await);
        assert_eq!(
            listed(&one_short),
            vec![
                (n1.id, by_b.id, "2026-12-10".to_owned()),
                (n3.id, n3_ig.id, "2026-12-16".to_owned()),
            ]
        );

        let nothing = ok(a.api().list_expiring(request(a.id, 0, "")).await);
        assert!(nothing.items.is_empty());
    }

    /// A trust lists only its own staff's expiring facts.
    async fn other_trusts_cannot_list_expiring(backend: Backend) {
        let r = Region::new(backend).await;
        let n1 = r.a.nurse("N1", &[r.stroke.id]).await;
        r.a.record(n1.id, "CSTF-FS", 1, "2025-12-01").await;
        refused(
            r.b.api().list_expiring(request(r.a.id, 30, "")).await,
            Code::PermissionDenied,
        );
        let admin = r.key("RWF", &[Role::Admin]).await;
        let listed = ok(admin.api().list_expiring(request(r.a.id, 30, "")).await);
        assert_eq!(listed.items.len(), 1);
    }

    /// The contract says "admin of that organisation": a key of the trust without the admin
    /// role is refused.
    async fn listing_expiring_needs_the_admin_role(backend: Backend) {
        let r = Region::new(backend).await;
        let n1 = r.a.nurse("N1", &[r.stroke.id]).await;
        r.a.record(n1.id, "CSTF-FS", 1, "2025-12-01").await;
        let not_admin = r
            .key(
                "RWF",
                &[
                    Role::Verifier,
                    Role::Issuer,
                    Role::BankOffice,
                    Role::RotationCoordinator,
                ],
            )
            .await;
        refused(
            not_admin.api().list_expiring(request(r.a.id, 30, "")).await,
            Code::PermissionDenied,
        );
    }
}
