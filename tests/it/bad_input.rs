//! Refused input end to end: INVALID_ARGUMENT naming the field in the message and in
//! google.rpc.BadRequest, NOT_FOUND for unknown ids, ALREADY_EXISTS for duplicates,
//! FAILED_PRECONDITION for conflicting history, and the store unchanged after each refusal.

use std::fmt::Debug;

use crossrota_proto::crossrota::v1 as pb;
use crossrota_tests::{Snapshot, TestApp};
use pb::agreement_input::Scope;
use pb::get_organisation_request::Lookup;
use tonic::{Code, Response, Status};

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

fn verify_many(staff_ids: Vec<i64>, profile_id: i64) -> pb::VerifyManyRequest {
    pb::VerifyManyRequest {
        staff_ids,
        profile_id,
        range: Some(range("2026-12-01", "2026-12-31")),
        warn_within_days: 0,
        reason: "batch".into(),
    }
}

/// The store as it was before a series of refused calls. Each refusal is checked and then the
/// store is compared with this snapshot, so a refused call that wrote anything fails at once.
struct Unchanged<'a> {
    app: &'a TestApp,
    before: Snapshot,
}

impl<'a> Unchanged<'a> {
    /// Takes the snapshot the store must keep matching.
    async fn from_now(app: &'a TestApp) -> Unchanged<'a> {
        Unchanged {
            app,
            before: app.snapshot().await,
        }
    }

    /// The call failed with INVALID_ARGUMENT naming `field` (see [`assert_bad_field`]) and
    /// left the store unchanged.
    async fn bad_field<T: Debug>(
        &self,
        result: Result<Response<T>, Status>,
        field: &str,
        says: &str,
    ) {
        assert_bad_field(result, field, says);
        self.still(&format!("the refusal naming {field} ({says})"))
            .await;
    }

    /// The call failed with `code` and left the store unchanged; returns the status.
    async fn refused<T: Debug>(&self, result: Result<Response<T>, Status>, code: Code) -> Status {
        let status = refused(result, code);
        self.still(&format!("the {code:?} refusal {:?}", status.message()))
            .await;
        status
    }

    async fn still(&self, after: &str) {
        assert_eq!(
            self.app.snapshot().await,
            self.before,
            "the store changed after {after}"
        );
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
        let store = Unchanged::from_now(&r.app).await;
        let api = r.a.api();

        // Today is 2026-11-23.
        let records = [
            (
                record(credential(nurse.id, "CSTF-FS", 1, "2026-11-24")),
                "credential.achieved_on",
                "in the future",
            ),
            (
                record(credential(nurse.id, "CSTF-FS", 1, "01/03/2026")),
                "credential.achieved_on",
                "not a date",
            ),
            (
                record(credential(nurse.id, "CSTF-FS", 1, "2026-02-30")),
                "credential.achieved_on",
                "no such day",
            ),
            (
                record(credential(nurse.id, "CSTF-FS", 1, "")),
                "credential.achieved_on",
                "required",
            ),
            (
                record(pb::CredentialInput {
                    expires_on: "2026-03-01".into(),
                    ..credential(nurse.id, "CSTF-FS", 1, "2026-03-01")
                }),
                "credential.expires_on",
                "after achieved_on",
            ),
            (
                record(credential(nurse.id, "CSTF-XYZ", 1, "2026-03-01")),
                "credential.code",
                "unknown credential",
            ),
            (
                record(credential(nurse.id, "CSTF-FS", 2, "2026-03-01")),
                "credential.level",
                "has levels 1",
            ),
            (
                record(credential(nurse.id, "CSTF-FS", 7, "2026-03-01")),
                "credential.level",
                "must be 1..3",
            ),
            (
                pb::RecordFactRequest { credential: None },
                "credential",
                "required",
            ),
            // A correction must be about the same person.
            (
                record(pb::CredentialInput {
                    supersedes_fact_id: others_fact.id,
                    ..credential(nurse.id, "CSTF-FS", 1, "2026-01-02")
                }),
                "credential.supersedes_fact_id",
                "another member of staff",
            ),
        ];
        for (request, field, says) in records {
            store
                .bad_field(api.clone().record_fact(request).await, field, says)
                .await;
        }

        let status = store
            .refused(
                api.clone()
                    .record_fact(record(credential(nurse.id, "CSTF-XYZ", 9, "2027-01-01")))
                    .await,
                Code::InvalidArgument,
            )
            .await;
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

        let revocations = [
            (others_fact.id, "  ", "reason", "required"),
            (0, "x", "fact_id", "required"),
        ];
        for (fact_id, reason, field, says) in revocations {
            let request = pb::RevokeFactRequest {
                fact_id,
                reason: reason.into(),
            };
            store
                .bad_field(api.clone().revoke_fact(request).await, field, says)
                .await;
        }
    }

    /// Profiles: a requirement level outside 1..3 is reported with its index, as are unknown
    /// codes; an empty name or requirement list is refused.
    async fn bad_profiles_name_their_fields(backend: Backend) {
        let r = Region::new(backend).await;
        let store = Unchanged::from_now(&r.app).await;
        let api = r.a.api();
        let profiles = [
            (
                profile_input(
                    "HASU",
                    &[("CSTF-FS", 1), ("STROKE-NIHSS", 1), ("CSTF-RES", 4)],
                ),
                "profile.requirements[2].level",
                "must be 1..3",
            ),
            (
                profile_input("HASU", &[("CSTF-FS", 1), ("NO-SUCH", 1)]),
                "profile.requirements[1].code",
                "unknown credential",
            ),
            (
                profile_input("  ", &[("CSTF-FS", 1)]),
                "profile.name",
                "required",
            ),
            (
                profile_input("HASU", &[]),
                "profile.requirements",
                "at least one",
            ),
        ];
        for (profile, field, says) in profiles {
            let request = pb::DefineProfileRequest {
                profile: Some(profile),
            };
            store
                .bad_field(api.clone().define_profile(request).await, field, says)
                .await;
        }
    }

    /// Verification: a range ending before it starts, an unparseable day, a negative window,
    /// an empty batch; nothing is audited.
    async fn bad_verifications_name_their_fields(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[]).await;
        let profile = r.a.profile("p", &[("CSTF-FS", 1)]).await;
        let store = Unchanged::from_now(&r.app).await;
        let api = r.a.api();
        let verifications = [
            (
                verify(nurse.id, profile.id, "2026-12-31", "2026-12-01"),
                "range.to",
                "before from",
            ),
            (
                verify(nurse.id, profile.id, "next week", "2026-12-01"),
                "range.from",
                "not a date",
            ),
            (
                pb::VerifyRequest {
                    range: None,
                    ..verify(nurse.id, profile.id, "", "")
                },
                "range",
                "required",
            ),
            (
                pb::VerifyRequest {
                    warn_within_days: -1,
                    ..verify(nurse.id, profile.id, "2026-12-01", "2026-12-31")
                },
                "warn_within_days",
                "must not be negative",
            ),
        ];
        for (request, field, says) in verifications {
            store
                .bad_field(api.clone().verify(request).await, field, says)
                .await;
        }
        let batches = [
            (vec![], "staff_ids", "at least one"),
            (vec![nurse.id, 0], "staff_ids[1]", "required"),
            (vec![nurse.id; 1001], "staff_ids", "at most 1000"),
        ];
        for (staff_ids, field, says) in batches {
            let request = verify_many(staff_ids, profile.id);
            store
                .bad_field(api.clone().verify_many(request).await, field, says)
                .await;
        }
        let expiring = [
            (-5, "", "within_days", "must not be negative"),
            (5, "2026-13-01", "as_of", "not a date"),
        ];
        for (within_days, as_of, field, says) in expiring {
            let request = pb::ListExpiringRequest {
                org_id: r.a.id,
                within_days,
                as_of: as_of.into(),
            };
            store
                .bad_field(api.clone().list_expiring(request).await, field, says)
                .await;
        }
    }

    /// Organisations, networks and staff: unknown enum numbers, empty names, bad codes and
    /// bad paging parameters.
    async fn bad_directory_input_names_its_fields(backend: Backend) {
        let r = Region::new(backend).await;
        let store = Unchanged::from_now(&r.app).await;
        let api = r.a.api();
        let organisations = [
            ("RN7", "", "organisation.name", "required"),
            ("R-7", "Dartford", "organisation.code", "letters and digits"),
        ];
        for (code, name, field, says) in organisations {
            let request = pb::CreateOrganisationRequest {
                organisation: Some(pb::OrganisationInput {
                    code: code.into(),
                    name: name.into(),
                }),
            };
            store
                .bad_field(api.clone().create_organisation(request).await, field, says)
                .await;
        }
        let networks = [
            ("Kent network", 42, "network.kind", "unknown value 42"),
            (
                "",
                pb::NetworkKind::ClinicalNetwork as i32,
                "network.name",
                "required",
            ),
        ];
        for (name, kind, field, says) in networks {
            let request = pb::CreateNetworkRequest {
                network: Some(pb::NetworkInput {
                    name: name.into(),
                    kind,
                    member_org_ids: vec![r.a.id],
                }),
            };
            store
                .bad_field(api.clone().create_network(request).await, field, says)
                .await;
        }
        let staff = [
            (
                pb::StaffInput {
                    staff_group: 99,
                    ..nurse_input(r.a.id, "N1", &[])
                },
                "staff.staff_group",
                "unknown value 99",
            ),
            (
                pb::StaffInput {
                    name: " ".into(),
                    ..nurse_input(r.a.id, "N1", &[])
                },
                "staff.name",
                "required",
            ),
            (
                pb::StaffInput {
                    band: 10,
                    ..nurse_input(r.a.id, "N1", &[])
                },
                "staff.band",
                "0..9",
            ),
        ];
        for (input, field, says) in staff {
            let request = pb::CreateStaffRequest { staff: Some(input) };
            store
                .bad_field(api.clone().create_staff(request).await, field, says)
                .await;
        }
        // b is not in the bank network, so its staff cannot join it.
        store
            .bad_field(
                r.b.api()
                    .create_staff(pb::CreateStaffRequest {
                        staff: Some(nurse_input(r.b.id, "B1", &[r.bank.id])),
                    })
                    .await,
                "staff.network_ids[0]",
                "not a member",
            )
            .await;
        store
            .bad_field(
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
            )
            .await;
        let overrides = [
            ("CSTF-NOPE", 1, 12, "override.code", "unknown credential"),
            ("CSTF-FS", 1, 121, "override.months", "0..120"),
            ("CSTF-FS", 2, 12, "override.level", "no level 2"),
        ];
        for (code, level, months, field, says) in overrides {
            let request = pb::SetValidityOverrideRequest {
                r#override: Some(pb::ValidityOverrideInput {
                    code: code.into(),
                    level,
                    months,
                }),
            };
            store
                .bad_field(
                    api.clone().set_validity_override(request).await,
                    field,
                    says,
                )
                .await;
        }
        store
            .bad_field(
                api.clone()
                    .list_organisations(pb::ListOrganisationsRequest {
                        page_size: 10,
                        page_token: "abc".into(),
                    })
                    .await,
                "page_token",
                "invalid",
            )
            .await;
        store
            .bad_field(
                api.clone()
                    .list_staff(pb::ListStaffRequest {
                        org_id: 0,
                        page_size: -1,
                        page_token: String::new(),
                    })
                    .await,
                "page_size",
                "must not be negative",
            )
            .await;
    }

    /// Unknown ids are NOT_FOUND wherever they are looked up.
    async fn unknown_ids_are_not_found(backend: Backend) {
        let r = Region::new(backend).await;
        let nurse = r.a.nurse("N1", &[]).await;
        let profile = r.a.profile("p", &[("CSTF-FS", 1)]).await;
        let store = Unchanged::from_now(&r.app).await;
        let api = r.a.api();
        let missing = 987_654;
        let nf = Code::NotFound;
        store
            .refused(
                api.clone()
                    .get_organisation(pb::GetOrganisationRequest {
                        lookup: Some(Lookup::Id(missing)),
                    })
                    .await,
                nf,
            )
            .await;
        store
            .refused(
                api.clone()
                    .get_organisation(pb::GetOrganisationRequest {
                        lookup: Some(Lookup::Code("ZZZ".into())),
                    })
                    .await,
                nf,
            )
            .await;
        store
            .refused(
                api.clone()
                    .get_network(pb::GetNetworkRequest { id: missing })
                    .await,
                nf,
            )
            .await;
        store
            .refused(
                api.clone()
                    .get_staff(pb::GetStaffRequest { id: missing })
                    .await,
                nf,
            )
            .await;
        store
            .refused(
                api.clone()
                    .get_profile(pb::GetProfileRequest { id: missing })
                    .await,
                nf,
            )
            .await;
        store.refused(r.a.passport(missing, "look").await, nf).await;
        let records = [
            record(credential(missing, "CSTF-FS", 1, "2026-10-01")),
            record(pb::CredentialInput {
                supersedes_fact_id: missing,
                ..credential(nurse.id, "CSTF-FS", 1, "2026-10-01")
            }),
        ];
        for request in records {
            store
                .refused(api.clone().record_fact(request).await, nf)
                .await;
        }
        store
            .refused(
                api.clone()
                    .revoke_fact(pb::RevokeFactRequest {
                        fact_id: missing,
                        reason: "x".into(),
                    })
                    .await,
                nf,
            )
            .await;
        let verifications = [
            verify(nurse.id, missing, "2026-12-01", "2026-12-31"),
            verify(missing, profile.id, "2026-12-01", "2026-12-31"),
        ];
        for request in verifications {
            store.refused(api.clone().verify(request).await, nf).await;
        }
        store
            .refused(
                api.clone()
                    .update_staff(pb::UpdateStaffRequest {
                        id: missing,
                        staff: Some(nurse_input(r.a.id, "N9", &[])),
                    })
                    .await,
                nf,
            )
            .await;
        store
            .refused(
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
            )
            .await;
        store
            .refused(
                api.clone()
                    .list_audit_log(pb::ListAuditLogRequest {
                        staff_id: missing,
                        ..Default::default()
                    })
                    .await,
                nf,
            )
            .await;
    }

    /// Duplicate ODS codes, network names and employee numbers are ALREADY_EXISTS; an
    /// employee number is unique only within its trust.
    async fn duplicates_already_exist(backend: Backend) {
        let r = Region::new(backend).await;
        r.a.nurse("E1", &[]).await;
        let store = Unchanged::from_now(&r.app).await;
        let api = r.a.api();
        let exists = Code::AlreadyExists;
        store
            .refused(
                api.clone()
                    .create_organisation(pb::CreateOrganisationRequest {
                        organisation: Some(pb::OrganisationInput {
                            code: "rvv".into(),
                            name: "Another".into(),
                        }),
                    })
                    .await,
                exists,
            )
            .await;
        store
            .refused(
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
            )
            .await;
        store
            .refused(
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
            )
            .await;
        store
            .refused(
                api.clone()
                    .create_staff(pb::CreateStaffRequest {
                        staff: Some(nurse_input(r.a.id, "E1", &[])),
                    })
                    .await,
                exists,
            )
            .await;
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
        let store = Unchanged::from_now(&r.app).await;
        store
            .refused(
                r.a.api().record_fact(correction("2026-02-03")).await,
                Code::FailedPrecondition,
            )
            .await;
        let after = ok(r.a.passport(nurse.id, "after").await);
        assert_eq!(after, passport);
    }
}
