//! Networks over gRPC: create (members deduplicated and sorted), read, update, list with paging,
//! and who may create or change one.

use crossrota_proto::crossrota::v1 as pb;
use tonic::Code;

use crate::support::{Region, both_backends, ok, refused};

fn input(name: &str, kind: pb::NetworkKind, members: &[i64]) -> Option<pb::NetworkInput> {
    Some(pb::NetworkInput {
        name: name.into(),
        kind: kind as i32,
        member_org_ids: members.to_vec(),
    })
}

both_backends! {
    /// Members come back sorted and without duplicates; get and update read back what was
    /// stored.
    async fn create_get_update(backend: Backend) {
        let r = Region::new(backend).await;
        let (a, b, c) = (&r.a, &r.b, &r.c);
        let created = ok(a
            .api()
            .create_network(pb::CreateNetworkRequest {
                network: input(
                    "Kent pathology network",
                    pb::NetworkKind::ClinicalNetwork,
                    &[c.id, a.id, c.id],
                ),
            })
            .await);
        assert_eq!(created.name, "Kent pathology network");
        assert_eq!(created.kind, pb::NetworkKind::ClinicalNetwork as i32);
        let mut members = vec![a.id, c.id];
        members.sort();
        assert_eq!(created.member_org_ids, members);
        let read = ok(b
            .api()
            .get_network(pb::GetNetworkRequest { id: created.id })
            .await);
        assert_eq!(read, created);

        let updated = ok(c
            .api()
            .update_network(pb::UpdateNetworkRequest {
                id: created.id,
                network: input(
                    "Kent and Medway pathology bank",
                    pb::NetworkKind::CollaborativeBank,
                    &[a.id, b.id, c.id],
                ),
            })
            .await);
        let mut members = vec![a.id, b.id, c.id];
        members.sort();
        assert_eq!(
            updated,
            pb::Network {
                id: created.id,
                name: "Kent and Medway pathology bank".into(),
                kind: pb::NetworkKind::CollaborativeBank as i32,
                member_org_ids: members,
            }
        );
        let read = ok(a
            .api()
            .get_network(pb::GetNetworkRequest { id: created.id })
            .await);
        assert_eq!(read, updated);
    }

    /// Paging returns every network once, in id order.
    async fn list_pages_through_every_network(backend: Backend) {
        let r = Region::new(backend).await;
        let third = r.a.network("Kent maternity network", &[r.a.id]).await;
        let expected = [r.stroke.clone(), r.bank.clone(), third];

        let first = ok(r
            .b
            .api()
            .list_networks(pb::ListNetworksRequest {
                page_size: 2,
                page_token: String::new(),
            })
            .await);
        assert_eq!(first.networks, expected[..2].to_vec());
        assert!(!first.next_page_token.is_empty());
        let second = ok(r
            .b
            .api()
            .list_networks(pb::ListNetworksRequest {
                page_size: 2,
                page_token: first.next_page_token,
            })
            .await);
        assert_eq!(second.networks, expected[2..].to_vec());
        assert_eq!(second.next_page_token, "");
    }

    /// Only a member may create, change or leave a network's membership list; refusals leave
    /// the store as it was.
    async fn only_members_shape_a_network(backend: Backend) {
        let r = Region::new(backend).await;
        let (a, b, c) = (&r.a, &r.b, &r.c);
        let before = r.app.snapshot().await;
        // b creating a network it is not in.
        refused(
            b.api()
                .create_network(pb::CreateNetworkRequest {
                    network: input(
                        "A and C only",
                        pb::NetworkKind::ClinicalNetwork,
                        &[a.id, c.id],
                    ),
                })
                .await,
            Code::PermissionDenied,
        );
        // b changing the bank network it is not a member of.
        refused(
            b.api()
                .update_network(pb::UpdateNetworkRequest {
                    id: r.bank.id,
                    network: input("taken over", pb::NetworkKind::CollaborativeBank, &[b.id]),
                })
                .await,
            Code::PermissionDenied,
        );
        // c removing itself from the bank network while changing it.
        refused(
            c.api()
                .update_network(pb::UpdateNetworkRequest {
                    id: r.bank.id,
                    network: input(
                        "Kent collaborative bank",
                        pb::NetworkKind::CollaborativeBank,
                        &[a.id],
                    ),
                })
                .await,
            Code::PermissionDenied,
        );
        assert_eq!(r.app.snapshot().await, before);
    }
}
