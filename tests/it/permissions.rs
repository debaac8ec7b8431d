//! Who may do what, end to end: authentication, the shared-network rule for other trusts'
//! staff (both ways, including a network the person did not join), and roles. Every refusal
//! leaves the store unchanged, audit log included.

use crossrota_domain::access::Role;
use crossrota_proto::crossrota::v1 as pb;
use crossrota_tests::{Client, TestApp};
use pb::agreement_input::Scope;
use tonic::Code;

use crate::support::{
    Region, Trust, both_backends, credential, nurse_input, ok, profile_input, range, refused,
};

/// Tries every passport operation of `who` on `staff_id` and asserts each is refused.
async fn assert_cannot_reach(who: &Trust, staff_id: i64, profile_id: i64) {
    refused(who.passport(staff_id, "look").await, Code::PermissionDenied);
    refused(
        who.verify(staff_id, profile_id, "2026-12-01", "2026-12-31")
            .await,
        Code::PermissionDenied,
    );
    refused(
        who.api()
            .get_staff(pb::GetStaffRequest { id: staff_id })
            .await,
        Code::PermissionDenied,
    );
    refused(
        who.api()
            .record_fact(pb::RecordFactRequest {
                credential: Some(credential(staff_id, "CSTF-FS", 1, "2026-10-01")),
            })
            .await,
        Code::PermissionDenied,
    );
}

/// Tries reading, verifying and fetching `staff_id` as `who` and asserts each works.
async fn assert_can_reach(who: &Trust, staff_id: i64, profile_id: i64) {
    let p = ok(who.passport(staff_id, "look").await);
    assert_eq!(p.staff.map(|s| s.id), Some(staff_id));
    let v = ok(who
        .verify(staff_id, profile_id, "2026-12-01", "2026-12-31")
        .await);
    assert_eq!(v.staff_id, staff_id);
    let s = ok(who
        .api()
        .get_staff(pb::GetStaffRequest { id: staff_id })
        .await);
    assert_eq!(s.id, staff_id);
}

/// A client with a raw `authorization` header value.
async fn with_header(
    app: &TestApp,
    value: &str,
) -> (Client, tonic::Request<pb::ListOrganisationsRequest>) {
    let mut request = tonic::Request::new(pb::ListOrganisationsRequest::default());
    match value.parse() {
        Ok(v) => {
            request.metadata_mut().insert("authorization", v);
        }
        Err(e) => panic!("header value {value:?}: {e}"),
    }
    (app.client(None).await, request)
}

both_backends! {
    /// No key, an unknown key or a malformed header is UNAUTHENTICATED, on reads and writes
    /// alike, and nothing is stored.
    async fn calls_need_a_known_key(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[]).await;
        let before = r.app.snapshot().await;
        let mangled = r.a.secret.to_uppercase();
        for key in [None, Some("crk_0000"), Some(mangled.as_str())] {
            let mut client = r.app.client(key).await;
            refused(
                client
                    .list_organisations(pb::ListOrganisationsRequest::default())
                    .await,
                Code::Unauthenticated,
            );
            refused(
                client
                    .get_passport(pb::GetPassportRequest {
                        staff_id: nurse.id,
                        reason: "x".into(),
                    })
                    .await,
                Code::Unauthenticated,
            );
            refused(
                client
                    .create_organisation(pb::CreateOrganisationRequest {
                        organisation: Some(pb::OrganisationInput {
                            code: "RN7".into(),
                            name: "Dartford".into(),
                        }),
                    })
                    .await,
                Code::Unauthenticated,
            );
            refused(
                client
                    .record_fact(pb::RecordFactRequest {
                        credential: Some(credential(nurse.id, "CSTF-FS", 1, "2026-10-01")),
                    })
                    .await,
                Code::Unauthenticated,
            );
        }
        let basic = format!("Basic {}", r.a.secret);
        for header in [basic.as_str(), "Bearer ", r.a.secret.as_str()] {
            let (mut client, request) = with_header(&r.app, header).await;
            refused(
                client.list_organisations(request).await,
                Code::Unauthenticated,
            );
        }
        // The same secret, sent properly, works.
        let (mut client, request) = with_header(&r.app, &format!("Bearer {}", r.a.secret)).await;
        assert_eq!(
            ok(client.list_organisations(request).await)
                .organisations
                .len(),
            3
        );
        assert_eq!(r.app.snapshot().await, before);
    }

    /// Another trust reaches a person only through a network the person joined and both
    /// trusts belong to; sharing some other network is not enough. Checked both ways.
    async fn other_trusts_reach_staff_only_through_a_joined_shared_network(backend: Backend) {
        let r = Region::new(backend).await;
        let in_stroke = r.a.nurse("S1", &[r.stroke.id]).await;
        // a and b share the stroke network, but this person joined only the bank (a and c).
        let in_bank = r.a.nurse("K1", &[r.bank.id]).await;
        let private = r.a.nurse("P1", &[]).await;
        let b_private = r.b.nurse("B1", &[]).await;
        let b_in_stroke = r.b.nurse("B2", &[r.stroke.id]).await;
        let a_profile = r.a.profile("a profile", &[("CSTF-FS", 1)]).await;
        let b_profile = r.b.profile("b profile", &[("CSTF-FS", 1)]).await;
        let c_profile = r.c.profile("c profile", &[("CSTF-FS", 1)]).await;

        let before = r.app.snapshot().await;
        assert_cannot_reach(&r.b, in_bank.id, b_profile.id).await;
        assert_cannot_reach(&r.b, private.id, b_profile.id).await;
        assert_cannot_reach(&r.c, in_stroke.id, c_profile.id).await;
        assert_cannot_reach(&r.c, private.id, c_profile.id).await;
        assert_cannot_reach(&r.a, b_private.id, a_profile.id).await;
        assert_cannot_reach(&r.c, b_in_stroke.id, c_profile.id).await;
        // One unreachable person refuses the whole batch, and nobody's verification is logged.
        refused(
            r.b.api()
                .verify_many(pb::VerifyManyRequest {
                    staff_ids: vec![in_stroke.id, in_bank.id],
                    profile_id: b_profile.id,
                    range: Some(range("2026-12-01", "2026-12-31")),
                    warn_within_days: 0,
                    reason: "batch".into(),
                })
                .await,
            Code::PermissionDenied,
        );
        assert_eq!(
            r.app.snapshot().await,
            before,
            "refusals change nothing, audit log included"
        );

        assert_can_reach(&r.b, in_stroke.id, b_profile.id).await;
        assert_can_reach(&r.c, in_bank.id, c_profile.id).await;
        assert_can_reach(&r.a, b_in_stroke.id, a_profile.id).await;
        assert_can_reach(&r.a, private.id, a_profile.id).await;
    }

    /// A key holding only some roles is refused everything that needs another one.
    async fn keys_need_the_role_for_the_call(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[r.stroke.id]).await;
        let b_nurse = r.b.nurse("B1", &[r.stroke.id]).await;
        let fact = r.a.record(nurse.id, "CSTF-FS", 1, "2026-10-01").await;
        let profile = r.a.profile("a profile", &[("CSTF-FS", 1)]).await;
        let verifier = r.key("RWF", &[Role::Verifier]).await;
        let admin = r.key("RWF", &[Role::Admin]).await;
        let issuer = r.key("RWF", &[Role::Issuer]).await;
        let bank_office = r.key("RWF", &[Role::BankOffice]).await;
        let before = r.app.snapshot().await;

        let denied = Code::PermissionDenied;
        let v = verifier.api();
        refused(
            v.clone()
                .create_organisation(pb::CreateOrganisationRequest {
                    organisation: Some(pb::OrganisationInput {
                        code: "RN7".into(),
                        name: "Dartford".into(),
                    }),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .update_organisation(pb::UpdateOrganisationRequest {
                    id: r.a.id,
                    organisation: Some(pb::OrganisationInput {
                        code: "RWF".into(),
                        name: "renamed".into(),
                    }),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .create_network(pb::CreateNetworkRequest {
                    network: Some(pb::NetworkInput {
                        name: "new".into(),
                        kind: pb::NetworkKind::ClinicalNetwork as i32,
                        member_org_ids: vec![r.a.id],
                    }),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .create_staff(pb::CreateStaffRequest {
                    staff: Some(nurse_input(r.a.id, "N2", &[])),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .define_profile(pb::DefineProfileRequest {
                    profile: Some(profile_input("new", &[("CSTF-FS", 1)])),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .set_validity_override(pb::SetValidityOverrideRequest {
                    r#override: Some(pb::ValidityOverrideInput {
                        code: "CSTF-FS".into(),
                        level: 1,
                        months: 24,
                    }),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .create_agreement(pb::CreateAgreementRequest {
                    agreement: Some(pb::AgreementInput {
                        network_id: r.stroke.id,
                        scope: Some(Scope::All(true)),
                        issuer_org_ids: vec![],
                    }),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .record_fact(pb::RecordFactRequest {
                    credential: Some(credential(nurse.id, "CSTF-IG", 1, "2026-10-01")),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .revoke_fact(pb::RevokeFactRequest {
                    fact_id: fact.id,
                    reason: "no".into(),
                })
                .await,
            denied,
        );
        refused(
            v.clone()
                .list_audit_log(pb::ListAuditLogRequest::default())
                .await,
            denied,
        );

        // An admin is not an issuer or a verifier.
        refused(
            admin
                .api()
                .record_fact(pb::RecordFactRequest {
                    credential: Some(credential(nurse.id, "CSTF-IG", 1, "2026-10-01")),
                })
                .await,
            denied,
        );
        refused(
            admin
                .verify(nurse.id, profile.id, "2026-12-01", "2026-12-31")
                .await,
            denied,
        );
        refused(admin.passport(b_nurse.id, "look").await, denied);
        // An issuer does not verify or read other trusts' passports.
        refused(
            issuer
                .verify(nurse.id, profile.id, "2026-12-01", "2026-12-31")
                .await,
            denied,
        );
        refused(issuer.passport(b_nurse.id, "look").await, denied);
        // A bank office verifies but does not read other trusts' passports.
        refused(bank_office.passport(b_nurse.id, "look").await, denied);
        // Even an admin changes only its own organisation.
        refused(
            r.a.api()
                .update_organisation(pb::UpdateOrganisationRequest {
                    id: r.b.id,
                    organisation: Some(pb::OrganisationInput {
                        code: "RVV".into(),
                        name: "taken".into(),
                    }),
                })
                .await,
            denied,
        );
        assert_eq!(r.app.snapshot().await, before);

        // The roles that are enough.
        let v = ok(bank_office
            .verify(b_nurse.id, profile.id, "2026-12-01", "2026-12-31")
            .await);
        assert_eq!(v.staff_id, b_nurse.id);
        let p = ok(verifier.passport(b_nurse.id, "look").await);
        assert_eq!(p.staff.map(|s| s.id), Some(b_nurse.id));
        let f = issuer.record(nurse.id, "CSTF-IG", 1, "2026-10-01").await;
        assert_eq!(f.issuer_org_id, r.a.id);
    }

    /// Joining a network is consent that can be withdrawn: once the person leaves the shared
    /// network, the other trust can no longer reach them, though their history stays.
    async fn leaving_the_network_withdraws_access(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("S1", &[r.stroke.id]).await;
        let fact = r.a.record(nurse.id, "CSTF-FS", 1, "2026-06-01").await;
        let profile = r.b.profile("b profile", &[("CSTF-FS", 1)]).await;
        assert_can_reach(&r.b, nurse.id, profile.id).await;

        let left = ok(r
            .a
            .api()
            .update_staff(pb::UpdateStaffRequest {
                id: nurse.id,
                staff: Some(nurse_input(r.a.id, "S1", &[])),
            })
            .await);
        assert!(left.network_ids.is_empty());
        assert_cannot_reach(&r.b, nurse.id, profile.id).await;
        let own = ok(r.a.passport(nurse.id, "still ours").await);
        assert_eq!(own.history, vec![fact]);
    }
}
