//! Sharing agreements over gRPC: create in each scope, list all or by network, and who may
//! create one.

use crossrota_proto::crossrota::v1 as pb;
use pb::agreement::Scope as Stored;
use pb::agreement_input::Scope;
use tonic::Code;

use crate::support::{Region, assert_bad_field, both_backends, ok, refused};

fn input(network_id: i64, scope: Scope, issuers: &[i64]) -> pb::CreateAgreementRequest {
    pb::CreateAgreementRequest {
        agreement: Some(pb::AgreementInput {
            network_id,
            scope: Some(scope),
            issuer_org_ids: issuers.to_vec(),
        }),
    }
}

both_backends! {
    /// Agreements in each scope are stored with the caller as verifier and listed back, all
    /// or by network.
    async fn create_and_list(backend: Backend) {
        let r = Region::new(backend).await;
        let by_code = ok(r
            .b
            .api()
            .create_agreement(input(
                r.stroke.id,
                Scope::Code("stroke-nihss".into()),
                &[r.a.id],
            ))
            .await);
        assert_eq!(
            by_code,
            pb::Agreement {
                network_id: r.stroke.id,
                verifier_org_id: r.b.id,
                scope: Some(Stored::Code("STROKE-NIHSS".into())),
                issuer_org_ids: vec![r.a.id],
            }
        );
        let by_kind = ok(r
            .c
            .api()
            .create_agreement(input(
                r.bank.id,
                Scope::Kind(pb::CredentialKind::EmploymentCheck as i32),
                &[],
            ))
            .await);
        assert_eq!(by_kind.verifier_org_id, r.c.id);
        assert_eq!(
            by_kind.scope,
            Some(Stored::Kind(pb::CredentialKind::EmploymentCheck as i32))
        );
        assert!(
            by_kind.issuer_org_ids.is_empty(),
            "empty means every member"
        );
        let everything = ok(r
            .a
            .api()
            .create_agreement(input(r.bank.id, Scope::All(true), &[r.c.id]))
            .await);
        assert_eq!(everything.scope, Some(Stored::All(true)));

        let all = ok(r
            .a
            .api()
            .list_agreements(pb::ListAgreementsRequest { network_id: 0 })
            .await);
        assert_eq!(
            all.agreements,
            vec![by_code.clone(), by_kind.clone(), everything.clone()]
        );
        let bank = ok(r
            .b
            .api()
            .list_agreements(pb::ListAgreementsRequest {
                network_id: r.bank.id,
            })
            .await);
        assert_eq!(bank.agreements, vec![by_kind, everything]);

        // The same agreement again is a duplicate, and changes nothing.
        let before = r.app.snapshot().await;
        refused(
            r.b.api()
                .create_agreement(input(
                    r.stroke.id,
                    Scope::Code("STROKE-NIHSS".into()),
                    &[r.a.id],
                ))
                .await,
            Code::AlreadyExists,
        );
        assert_eq!(r.app.snapshot().await, before);
    }

    /// Only a member of the network may make an agreement in it, and the scope must be
    /// chosen properly; refusals store nothing.
    async fn agreements_stay_inside_the_network(backend: Backend) {
        let r = Region::new(backend).await;
        let before = r.app.snapshot().await;
        // b is not in the bank network.
        refused(
            r.b.api()
                .create_agreement(input(r.bank.id, Scope::All(true), &[r.a.id]))
                .await,
            Code::PermissionDenied,
        );
        assert_bad_field(
            r.a.api()
                .create_agreement(input(r.stroke.id, Scope::All(false), &[]))
                .await,
            "agreement.all",
            "must be true",
        );
        refused(
            r.a.api()
                .create_agreement(input(r.stroke.id, Scope::All(true), &[r.c.id]))
                .await,
            Code::InvalidArgument,
        );
        assert_eq!(r.app.snapshot().await, before);
    }

    /// An accepted issuer outside the network is reported on the request's own field, with
    /// the index the client sent (`agreement.issuer_org_ids[0]` for the first element).
    async fn issuer_outside_the_network_names_the_wire_field(backend: Backend) {
        let r = Region::new(backend).await;
        let before = r.app.snapshot().await;
        // c is not in the stroke network, so cannot be an accepted issuer there; b can.
        assert_bad_field(
            r.a.api()
                .create_agreement(input(r.stroke.id, Scope::All(true), &[r.c.id, r.b.id]))
                .await,
            "agreement.issuer_org_ids[0]",
            "not a member",
        );
        assert_eq!(r.app.snapshot().await, before);
    }
}
