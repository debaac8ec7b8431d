//! Staff over gRPC: create, read, update, list with paging, and which staff of other trusts a
//! caller can list.

use crossrota_proto::crossrota::v1 as pb;
use tonic::Code;

use crate::support::{Region, both_backends, nurse_input, ok, refused};

both_backends! {
    /// Every field of a member of staff survives create, get and update.
    async fn create_get_update(backend: Backend) {
        let r = Region::new(backend).await;
        let a = &r.a;
        let input = nurse_input(a.id, "E1001", &[r.stroke.id, r.bank.id, r.stroke.id]);
        let created = ok(a
            .api()
            .create_staff(pb::CreateStaffRequest {
                staff: Some(input.clone()),
            })
            .await);
        let mut networks = vec![r.stroke.id, r.bank.id];
        networks.sort();
        assert_eq!(
            created,
            pb::Staff {
                id: created.id,
                org_id: a.id,
                employee_number: "E1001".into(),
                name: "Nurse E1001".into(),
                staff_group: pb::StaffGroup::NursingAndMidwifery as i32,
                band: 5,
                registration: input.registration.clone(),
                network_ids: networks,
            }
        );
        assert_eq!(
            ok(a.api()
                .get_staff(pb::GetStaffRequest { id: created.id })
                .await),
            created
        );

        let change = pb::StaffInput {
            org_id: a.id,
            employee_number: "E1001".into(),
            name: "Dr Ada Okafor".into(),
            staff_group: pb::StaffGroup::Medical as i32,
            band: 0,
            registration: Some(pb::Registration {
                body: pb::RegulatoryBody::Gmc as i32,
                number: "7654321".into(),
                expires_on: "2027-04-30".into(),
            }),
            network_ids: vec![r.bank.id],
        };
        let updated = ok(a
            .api()
            .update_staff(pb::UpdateStaffRequest {
                id: created.id,
                staff: Some(change.clone()),
            })
            .await);
        assert_eq!(
            updated,
            pb::Staff {
                id: created.id,
                org_id: a.id,
                employee_number: change.employee_number,
                name: change.name,
                staff_group: change.staff_group,
                band: 0,
                registration: change.registration,
                network_ids: vec![r.bank.id],
            }
        );
        assert_eq!(
            ok(a.api()
                .get_staff(pb::GetStaffRequest { id: created.id })
                .await),
            updated
        );

        // Leaving every network and the register.
        let unregistered = ok(a
            .api()
            .update_staff(pb::UpdateStaffRequest {
                id: created.id,
                staff: Some(pb::StaffInput {
                    registration: None,
                    network_ids: vec![],
                    staff_group: pb::StaffGroup::ClinicalSupport as i32,
                    band: 3,
                    ..nurse_input(a.id, "E1001", &[])
                }),
            })
            .await);
        assert_eq!(unregistered.registration, None);
        assert!(unregistered.network_ids.is_empty());
        assert_eq!(unregistered.band, 3);
    }

    /// Listing one's own staff pages through them in id order.
    async fn list_own_staff_in_pages(backend: Backend) {
        let r = Region::new(backend).await;
        let mut expected = Vec::new();
        for n in ["E1", "E2", "E3"] {
            expected.push(r.a.nurse(n, &[]).await);
        }
        // Another trust's staff never appear in a's own list.
        r.b.nurse("B1", &[r.stroke.id]).await;

        let first = ok(r
            .a
            .api()
            .list_staff(pb::ListStaffRequest {
                org_id: 0,
                page_size: 2,
                page_token: String::new(),
            })
            .await);
        assert_eq!(first.staff, expected[..2].to_vec());
        assert!(!first.next_page_token.is_empty());
        let second = ok(r
            .a
            .api()
            .list_staff(pb::ListStaffRequest {
                org_id: r.a.id,
                page_size: 2,
                page_token: first.next_page_token,
            })
            .await);
        assert_eq!(second.staff, expected[2..].to_vec());
        assert_eq!(second.next_page_token, "");
    }

    /// Another trust's list shows only the people who joined a network both trusts are in;
    /// a trust that shares no network with the caller cannot be listed at all.
    async fn listing_another_trust_shows_only_shared_staff(backend: Backend) {
        let r = Region::new(backend).await;
        let shared = r.a.nurse("S1", &[r.stroke.id]).await;
        r.a.nurse("P1", &[]).await;
        r.a.nurse("K1", &[r.bank.id]).await;
        let c_private = r.c.nurse("C1", &[]).await;

        let seen_by_b = ok(r
            .b
            .api()
            .list_staff(pb::ListStaffRequest {
                org_id: r.a.id,
                ..Default::default()
            })
            .await);
        assert_eq!(seen_by_b.staff, vec![shared.clone()]);

        // Page by page (one row read per page) b still finds exactly that person, even though
        // pages of people it may not see come back empty.
        let mut found = Vec::new();
        let mut token = String::new();
        for _ in 0..10 {
            let page = ok(r
                .b
                .api()
                .list_staff(pb::ListStaffRequest {
                    org_id: r.a.id,
                    page_size: 1,
                    page_token: token,
                })
                .await);
            assert!(page.staff.len() <= 1);
            found.extend(page.staff);
            token = page.next_page_token;
            if token.is_empty() {
                break;
            }
        }
        assert_eq!(found, vec![shared]);

        // c shares only the bank with a, so it sees K1 but not S1 or P1.
        let seen_by_c = ok(r
            .c
            .api()
            .list_staff(pb::ListStaffRequest {
                org_id: r.a.id,
                ..Default::default()
            })
            .await);
        let names: Vec<&str> = seen_by_c
            .staff
            .iter()
            .map(|s| s.employee_number.as_str())
            .collect();
        assert_eq!(names, vec!["K1"]);

        // b and c share no network.
        refused(
            r.b.api()
                .list_staff(pb::ListStaffRequest {
                    org_id: r.c.id,
                    ..Default::default()
                })
                .await,
            Code::PermissionDenied,
        );
        refused(
            r.b.api()
                .get_staff(pb::GetStaffRequest { id: c_private.id })
                .await,
            Code::PermissionDenied,
        );
    }

    /// Staff are created only for the caller's own trust, and never moved to another.
    async fn staff_belong_to_the_callers_trust(backend: Backend) {
        let r = Region::new(backend).await;
        let mine = r.a.nurse("E1", &[]).await;
        let before = r.app.snapshot().await;
        refused(
            r.b.api()
                .create_staff(pb::CreateStaffRequest {
                    staff: Some(nurse_input(r.a.id, "X9", &[])),
                })
                .await,
            Code::PermissionDenied,
        );
        refused(
            r.b.api()
                .update_staff(pb::UpdateStaffRequest {
                    id: mine.id,
                    staff: Some(nurse_input(r.a.id, "E1", &[])),
                })
                .await,
            Code::PermissionDenied,
        );
        let status = refused(
            r.a.api()
                .update_staff(pb::UpdateStaffRequest {
                    id: mine.id,
                    staff: Some(nurse_input(r.b.id, "E1", &[])),
                })
                .await,
            Code::InvalidArgument,
        );
        assert!(
            status.message().contains("staff.org_id"),
            "{}",
            status.message()
        );
        assert_eq!(r.app.snapshot().await, before);
    }
}
