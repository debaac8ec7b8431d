//! Refused input end to end: INVALID_ARGUMENT naming the field in the message and in
//! google.rpc.BadRequest, NOT_FOUND for unknown ids, ALREADY_EXISTS for duplicates,
//! FAILED_PRECONDITION for conflicting history, and the store unchanged after each refusal.

use crossrota_proto::crossrota::v1 as pb;
use pb::agreement_input::Scope;
use pb::get_organisation_request::Lookup;
use tonic::Code;

use crate::support::{
    Region, assert_bad_field, both_backends, credential, nurse_input, ok, profile_input, range,
    refused, violations,
};

fn record(input: pb::CredentialInput) -> pb::RecordFactRequest {
    pb::RecordFactRequest {
        credential: Some(input),
    }
}

fn verify(staff_id: i64, profile_id: i64, from: &str, to: &str) -> pb::VerifyRequest {
    pb::VerifyRequest {
        staff_id,
        profile_id,
        range: Some(range(from, to)),
        warn_within_days: 0,
        reason: "check".into(),
    }
}

both_backends! {
    /// Facts: a future achievement day, unparseable or impossible dates, an expiry before the
    /// achievement, an unknown credential or level; several bad fields are reported at once.
    async fn bad_facts_name_their_fields(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[]).await;
        r.a.record(nurse.id, "CSTF-FS", 1, "2026-01-01").await;
        let other = r.a.nurse("N2", &[]).await;
        let others_fact = r.a.record(other.id, "CSTF-FS", 1, "2026-01-01").await;
        let before = r.app.snapshot().await;
        let api = r.a.api();

        // Today is 2026-11-23.
        assert_bad_field(
            api.clone()
                .record_fact(record(credential(nurse.id, "CSTF-FS", 1, "2026-11-24")))
                .await,
            "credential.achieved_on",
            "in the future",
        );
        assert_bad_field(
            api.clone()
                .record_fact(record(credential(nurse.id, "CSTF-FS", 1, "01/03/2026")))
                .await,
            "credential.achieved_on",
            "not a date",
        );
        assert_bad_field(
            api.clone()
                .record_fact(record(credential(nurse.id, "CSTF-FS", 1, "2026-02-30")))
                .await,
            "credential.achieved_on",
            "no such day",
        );
        assert_bad_field(
            api.clone()
                .record_fact(record(credential(nurse.id, "CSTF-FS", 1, "")))
                .await,
            "credential.achieved_on",
            "required",
        );
        assert_bad_field(
            api.clone()
                .record_fact(record(pb::CredentialInput {
                    expires_on: "2026-03-01".into(),
                    ..credential(nurse.id, "CSTF-FS", 1, "2026-03-01")
                }))
                .await,
            "credential.expires_on",
            "after achieved_on",
        );
        assert_bad_field(
            api.clone()
                .record_fact(record(credential(nurse.id, "CSTF-XYZ", 1, "2026-03-01")))
                .await,
            "credential.code",
            "unknown credential",
        );
        assert_bad_field(
            api.clone()
                .record_fact(record(credential(nurse.id, "CSTF-FS", 2, "2026-03-01")))
                .await,
            "credential.level",
            "has levels 1",
        );
        assert_bad_field(
            api.clone()
                .record_fact(record(credential(nurse.id, "CSTF-FS", 7, "2026-03-01")))
                .await,
            "credential.level",
            "must be 1..3",
        );
        assert_bad_field(
            api.clone()
                .record_fact(pb::RecordFactRequest { credential: None })
                .await,
            "credential",
            "required",
        );

        let status = refused(
            api.clone()
                .record_fact(record(credential(nurse.id, "CSTF-XYZ", 9, "2027-01-01")))
                .await,
            Code::InvalidArgument,
        );
        let mut fields: Vec<String> = violations(&status).into_iter().map(|(f, _)| f).collect();
        fields.sort();
        assert_eq!(
            fields,
            vec![
                "credential.achieved_on",
                "credential.code",
                "credential.level"
            ]
        );

        // A correction must be about the same person.
        assert_bad_field(
            api.clone()
                .record_fact(record(pb::CredentialInput {
                    supersedes_fact_id: others_fact.id,
                    ..credential(nurse.id, "CSTF-FS", 1, "2026-01-02")
                }))
                .await,
            "credential.supersedes_fact_id",
            "another member of staff",
        );
        assert_bad_field(
            api.clone()
                .revoke_fact(pb::RevokeFactRequest {
                    fact_id: others_fact.id,
                    reason: "  ".into(),
                })
                .await,
            "reason",
            "required",
        );
        assert_bad_field(
            api.clone()
                .revoke_fact(pb::RevokeFactRequest {
                    fact_id: 0,
                    reason: "x".into(),
                })
                .await,
            "fact_id",
            "required",
        );
        assert_eq!(r.app.snapshot().await, before);
    }

    /// Profiles: a requirement level outside 1..3 is reported with its index, as are unknown
    /// codes; an empty name or requirement list is refused.
    async fn bad_profiles_name_their_fields(backend: Backend) {
        let r = Region::new(backend).await;
        let before = r.app.snapshot().await;
        let define = |p: pb::ProfileInput| pb::DefineProfileRequest { profile: Some(p) };
        let api = r.a.api();
        assert_bad_field(
            api.clone()
                .define_profile(define(profile_input(
                    "HASU",
                    &[("CSTF-FS", 1), ("STROKE-NIHSS", 1), ("CSTF-RES", 4)],
                )))
                .await,
            "profile.requirements[2].level",
            "must be 1..3",
        );
        assert_bad_field(
            api.clone()
                .define_profile(define(profile_input(
                    "HASU",
                    &[("CSTF-FS", 1), ("NO-SUCH", 1)],
                )))
                .await,
            "profile.requirements[1].code",
            "unknown credential",
        );
        assert_bad_field(
            api.clone()
                .define_profile(define(profile_input("  ", &[("CSTF-FS", 1)])))
                .await,
            "profile.name",
            "required",
        );
        assert_bad_field(
            api.clone()
                .define_profile(define(profile_input("HASU", &[])))
                .await,
            "profile.requirements",
            "at least one",
        );
        assert_eq!(r.app.snapshot().await, before);
    }

    /// Verification: a range ending before it starts, an unparseable day, a negative window,
    /// an empty batch; nothing is audited.
    async fn bad_verifications_name_their_fields(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[]).await;
        let profile = r.a.profile("p", &[("CSTF-FS", 1)]).await;
        let before = r.app.snapshot().await;
        let api = r.a.api();
        assert_bad_field(
            api.clone()
                .verify(verify(nurse.id, profile.id, "2026-12-31", "2026-12-01"))
                .await,
            "range.to",
            "before from",
        );
        assert_bad_field(
            api.clone()
                .verify(verify(nurse.id, profile.id, "next week", "2026-12-01"))
                .await,
            "range.from",
            "not a date",
        );
        assert_bad_field(
            api.clone()
                .verify(pb::VerifyRequest {
                    range: None,
                    ..verify(nurse.id, profile.id, "", "")
                })
                .await,
            "range",
            "required",
        );
        assert_bad_field(
            api.clone()
                .verify(pb::VerifyRequest {
                    warn_within_days: -1,
                    ..verify(nurse.id, profile.id, "2026-12-01", "2026-12-31")
                })
                .await,
            "warn_within_days",
            "must not be negative",
        );
        assert_bad_field(
            api.clone()
                .verify_many(pb::VerifyManyRequest {
                    staff_ids: vec![],
                    profile_id: profile.id,
                    range: Some(range("2026-12-01", "2026-12-31")),
                    warn_within_days: 0,
                    reason: "batch".into(),
                })
                .await,
            "staff_ids",
            "at least one",
        );
        assert_bad_field(
            api.clone()
                .verify_many(pb::VerifyManyRequest {
                    staff_ids: vec![nurse.id, 0],
                    profile_id: profile.id,
                    range: Some(range("2026-12-01", "2026-12-31")),
                    warn_within_days: 0,
                    reason: "batch".into(),
                })
                .await,
            "staff_ids[1]",
            "required",
        );
        assert_bad_field(
            api.clone()
                .verify_many(pb::VerifyManyRequest {
                    staff_ids: vec![nurse.id; 1001],
                    profile_id: profile.id,
                    range: Some(range("2026-12-01", "2026-12-31")),
                    warn_within_days: 0,
                    reason: "batch".into(),
                })
                .await,
            "staff_ids",
            "at most 1000",
        );
        assert_bad_field(
            api.clone()
                .list_expiring(pb::ListExpiringRequest {
                    org_id: r.a.id,
                    within_days: -5,
                    as_of: String::new(),
                })
                .await,
            "within_days",
            "must not be negative",
        );
        assert_bad_field(
            api.clone()
                .list_expiring(pb::ListExpiringRequest {
                    org_id: r.a.id,
                    within_days: 5,
                    as_of: "2026-13-01".into(),
                })
                .await,
            "as_of",
            "not a date",
        );
        assert_eq!(r.app.snapshot().await, before);
    }

    /// Organisations, networks and staff: unknown enum numbers, empty names, bad codes and
    /// bad paging parameters.
    async fn bad_directory_input_names_its_fields(backend: Backend) {
        let r = Region::new(backend).await;
        let before = r.app.snapshot().await;
        let api = r.a.api();
        assert_bad_field(
            api.clone()
                .create_organisation(pb::CreateOrganisationRequest {
                    organisation: Some(pb::OrganisationInput {
                        code: "RN7".into(),
                        name: String::new(),
                    }),
                })
                .await,
            "organisation.name",
            "required",
        );
        assert_bad_field(
            api.clone()
                .create_organisation(pb::CreateOrganisationRequest {
                    organisation: Some(pb::OrganisationInput {
                        code: "R-7".into(),
                        name: "Dartford".into(),
                    }),
                })
                .await,
            "organisation.code",
            "letters and digits",
        );
        assert_bad_field(
            api.clone()
                .create_network(pb::CreateNetworkRequest {
                    network: Some(pb::NetworkInput {
                        name: "Kent network".into(),
                        kind: 42,
                        member_org_ids: vec![r.a.id],
                    }),
                })
                .await,
            "network.kind",
            "unknown value 42",
        );
        assert_bad_field(
            api.clone()
                .create_network(pb::CreateNetworkRequest {
                    network: Some(pb::NetworkInput {
                        name: String::new(),
                        kind: pb::NetworkKind::ClinicalNetwork as i32,
                        member_org_ids: vec![r.a.id],
                    }),
                })
                .await,
            "network.name",
            "required",
        );
        assert_bad_field(
            api.clone()
                .create_staff(pb::CreateStaffRequest {
                    staff: Some(pb::StaffInput {
                        staff_group: 99,
                        ..nurse_input(r.a.id, "N1", &[])
                    }),
                })
                .await,
            "staff.staff_group",
            "unknown value 99",
        );
        assert_bad_field(
            api.clone()
                .create_staff(pb::CreateStaffRequest {
                    staff: Some(pb::StaffInput {
                        name: " ".into(),
                        ..nurse_input(r.a.id, "N1", &[])
                    }),
                })
                .await,
            "staff.name",
            "required",
        );
        assert_bad_field(
            api.clone()
                .create_staff(pb::CreateStaffRequest {
                    staff: Some(pb::StaffInput {
                        band: 10,
                        ..nurse_input(r.a.id, "N1", &[])
                    }),
                })
                .await,
            "staff.band",
            "0..9",
        );
        // b is not in the bank network, so its staff cannot join it.
        assert_bad_field(
            r.b.api()
                .create_staff(pb::CreateStaffRequest {
                    staff: Some(nurse_input(r.b.id, "B1", &[r.bank.id])),
                })
                .await,
            "staff.network_ids[0]",
            "not a member",
        );
        assert_bad_field(
            api.clone()
                .create_agreement(pb::CreateAgreementRequest {
                    agreement: Some(pb::AgreementInput {
                        network_id: r.stroke.id,
                        scope: Some(Scope::Kind(9)),
                        issuer_org_ids: vec![],
                    }),
                })
                .await,
            "agreement.kind",
            "unknown value 9",
        );
        assert_bad_field(
            api.clone()
                .set_validity_override(pb::SetValidityOverrideRequest {
                    r#override: Some(pb::ValidityOverrideInput {
                        code: "CSTF-NOPE".into(),
                        level: 1,
                        months: 12,
                    }),
                })
                .await,
            "override.code",
            "unknown credential",
        );
        assert_bad_field(
            api.clone()
                .set_validity_override(pb::SetValidityOverrideRequest {
                    r#override: Some(pb::ValidityOverrideInput {
                        code: "CSTF-FS".into(),
                        level: 1,
                        months: 121,
                    }),
                })
                .await,
            "override.months",
            "0..120",
        );
        assert_bad_field(
            api.clone()
                .set_validity_override(pb::SetValidityOverrideRequest {
                    r#override: Some(pb::ValidityOverrideInput {
                        code: "CSTF-FS".into(),
                        level: 2,
                        months: 12,
                    }),
                })
                .await,
            "override.level",
            "no level 2",
        );
        assert_bad_field(
            api.clone()
                .list_organisations(pb::ListOrganisationsRequest {
                    page_size: 10,
                    page_token: "abc".into(),
                })
                .await,
            "page_token",
            "invalid",
        );
        assert_bad_field(
            api.clone()
                .list_staff(pb::ListStaffRequest {
                    org_id: 0,
                    page_size: -1,
                    page_token: String::new(),
                })
                .await,
            "page_size",
            "must not be negative",
        );
        assert_eq!(r.app.snapshot().await, before);
    }

    /// Unknown ids are NOT_FOUND wherever they are looked up.
    async fn unknown_ids_are_not_found(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[]).await;
        let profile = r.a.profile("p", &[("CSTF-FS", 1)]).await;
        let before = r.app.snapshot().await;
        let api = r.a.api();
        let missing = 987_654;
        let nf = Code::NotFound;
        refused(
            api.clone()
                .get_organisation(pb::GetOrganisationRequest {
                    lookup: Some(Lookup::Id(missing)),
                })
                .await,
            nf,
        );
        refused(
            api.clone()
                .get_organisation(pb::GetOrganisationRequest {
                    lookup: Some(Lookup::Code("ZZZ".into())),
                })
                .await,
            nf,
        );
        refused(
            api.clone()
                .get_network(pb::GetNetworkRequest { id: missing })
                .await,
            nf,
        );
        refused(
            api.clone()
                .get_staff(pb::GetStaffRequest { id: missing })
                .await,
            nf,
        );
        refused(
            api.clone()
                .get_profile(pb::GetProfileRequest { id: missing })
                .await,
            nf,
        );
        refused(r.a.passport(missing, "look").await, nf);
        refused(
            api.clone()
                .record_fact(record(credential(missing, "CSTF-FS", 1, "2026-10-01")))
                .await,
            nf,
        );
        refused(
            api.clone()
                .record_fact(record(pb::CredentialInput {
                    supersedes_fact_id: missing,
                    ..credential(nurse.id, "CSTF-FS", 1, "2026-10-01")
                }))
                .await,
            nf,
        );
        refused(
            api.clone()
                .revoke_fact(pb::RevokeFactRequest {
                    fact_id: missing,
                    reason: "x".into(),
                })
                .await,
            nf,
        );
        refused(
            api.clone()
                .verify(verify(nurse.id, missing, "2026-12-01", "2026-12-31"))
                .await,
            nf,
        );
        refused(
            api.clone()
                .verify(verify(missing, profile.id, "2026-12-01", "2026-12-31"))
                .await,
            nf,
        );
        refused(
            api.clone()
                .update_staff(pb::UpdateStaffRequest {
                    id: missing,
                    staff: Some(nurse_input(r.a.id, "N9", &[])),
                })
                .await,
            nf,
        );
        refused(
            api.clone()
                .update_network(pb::UpdateNetworkRequest {
                    id: missing,
                    network: Some(pb::NetworkInput {
                        name: "x".into(),
                        kind: pb::NetworkKind::ClinicalNetwork as i32,
                        member_org_ids: vec![r.a.id],
                    }),
                })
                .await,
            nf,
        );
        refused(
            api.clone()
                .list_audit_log(pb::ListAuditLogRequest {
                    staff_id: missing,
                    ..Default::default()
                })
                .await,
            nf,
        );
        assert_eq!(r.app.snapshot().await, before);
    }

    /// Duplicate ODS codes, network names and employee numbers are ALREADY_EXISTS; an
    /// employee number is unique only within its trust.
    async fn duplicates_already_exist(backend: Backend) {
        let r = Region::new(backend).await;
        r.a.nurse("E1", &[]).await;
        let before = r.app.snapshot().await;
        let api = r.a.api();
        let exists = Code::AlreadyExists;
        refused(
            api.clone()
                .create_organisation(pb::CreateOrganisationRequest {
                    organisation: Some(pb::OrganisationInput {
                        code: "rvv".into(),
                        name: "Another".into(),
                    }),
                })
                .await,
            exists,
        );
        refused(
            api.clone()
                .update_organisation(pb::UpdateOrganisationRequest {
                    id: r.a.id,
                    organisation: Some(pb::OrganisationInput {
                        code: "RPA".into(),
                        name: "Taken code".into(),
                    }),
                })
                .await,
            exists,
        );
        refused(
            api.clone()
                .create_network(pb::CreateNetworkRequest {
                    network: Some(pb::NetworkInput {
                        name: r.stroke.name.clone(),
                        kind: pb::NetworkKind::ClinicalNetwork as i32,
                        member_org_ids: vec![r.a.id],
                    }),
                })
                .await,
            exists,
        );
        refused(
            api.clone()
                .create_staff(pb::CreateStaffRequest {
                    staff: Some(nurse_input(r.a.id, "E1", &[])),
                })
                .await,
            exists,
        );
        assert_eq!(r.app.snapshot().await, before);
        let elsewhere = r.b.nurse("E1", &[]).await;
        assert_eq!(elsewhere.org_id, r.b.id);
    }

    /// Correcting a fact twice conflicts with the history (FAILED_PRECONDITION); the passport
    /// read back is the same before and after.
    async fn double_correction_is_a_failed_precondition(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[]).await;
        let first = r.a.record(nurse.id, "CSTF-IG", 1, "2026-02-01").await;
        let correction = |achieved_on: &str| {
            record(pb::CredentialInput {
                supersedes_fact_id: first.id,
                ..credential(nurse.id, "CSTF-IG", 1, achieved_on)
            })
        };
        ok(r.a.api().record_fact(correction("2026-02-02")).await);
        let passport = ok(r.a.passport(nurse.id, "before").await);
        let before = r.app.snapshot().await;
        refused(
            r.a.api().record_fact(correction("2026-02-03")).await,
            Code::FailedPrecondition,
        );
        assert_eq!(r.app.snapshot().await, before);
        let after = ok(r.a.passport(nurse.id, "after").await);
        assert_eq!(after, passport);
    }
}
