//! Property tests: every request conversion accepts arbitrary wire input without panicking,
//! and whatever it accepts survives the trip back to the wire unchanged.

use crossrota_domain::commands::{
    CreateAgreement, GetPassport, ListExpiring, RecordFact, RevokeFact, SetValidityOverride, Verify,
};
use crossrota_domain::ids::{NetworkId, OrgId, StaffId};
use crossrota_domain::organisation::{NewNetwork, NewOrganisation};
use crossrota_domain::staff::NewStaff;
use crossrota_proto::convert::{
    OrganisationLookup, date_text, optional_id, page_from, parse_date, required_id,
};
use crossrota_proto::crossrota::v1 as pb;
use proptest::prelude::*;

/// Any id, weighted towards the interesting ones (0, negative, extremes).
fn any_id() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0i64),
        Just(-1),
        Just(i64::MIN),
        Just(i64::MAX),
        1..50i64,
        any::<i64>()
    ]
}

/// Any date text, weighted towards almost-dates.
fn any_date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9+-]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn dates_parse_only_to_their_own_spelling(text in any_date_text()) {
        if let Ok(Some(day)) = parse_date("d", &text) {
            prop_assert_eq!(date_text(day), text.trim());
        }
    }

    #[test]
    fn ids_and_pages_never_panic(id in any_id(), size in any::<i32>(), token in any::<String>()) {
        prop_assert_eq!(required_id("id", id).is_ok(), id > 0);
        prop_assert_eq!(optional_id("id", id).is_ok(), id >= 0);
        if let Ok((after, limit)) = page_from(size, &token) {
            prop_assert!((1..=1000).contains(&limit));
            prop_assert!(after.is_none_or(|a| a > 0));
        }
    }

    #[test]
    fn organisation_requests_never_panic(
        id in any_id(), code in any::<String>(), name in any::<String>(), by_code in any::<bool>(),
    ) {
        let input = pb::OrganisationInput { code: code.clone(), name };
        if let Ok(new) = NewOrganisation::try_from(pb::CreateOrganisationRequest {
            organisation: Some(input.clone()),
        }) {
            prop_assert_eq!(new.code.as_str(), code.trim().to_ascii_uppercase());
        }
        let _ = <(OrgId, NewOrganisation)>::try_from(pb::UpdateOrganisationRequest {
            id,
            organisation: Some(input),
        });
        use pb::get_organisation_request::Lookup;
        let lookup = if by_code { Lookup::Code(code) } else { Lookup::Id(id) };
        let _ = OrganisationLookup::try_from(pb::GetOrganisationRequest { lookup: Some(lookup) });
    }

    #[test]
    fn network_and_staff_requests_never_panic(
        id in any_id(),
        name in any::<String>(),
        kind in any::<i32>(),
        band in any::<i32>(),
        ids in proptest::collection::vec(any_id(), 0..5),
        number in any::<String>(),
        expires_on in any_date_text(),
    ) {
        let network = pb::NetworkInput { name: name.clone(), kind, member_org_ids: ids.clone() };
        if let Ok(new) = NewNetwork::try_from(pb::CreateNetworkRequest { network: Some(network) }) {
            prop_assert!(new.members.iter().all(|m| m.0 > 0));
        }
        let staff = pb::StaffInput {
            org_id: id,
            employee_number: number.clone(),
            name,
            staff_group: kind,
            band,
            registration: Some(pb::Registration { body: kind, number, expires_on }),
            network_ids: ids,
        };
        if let Ok((staff_id, new)) = <(StaffId, NewStaff)>::try_from(pb::UpdateStaffRequest {
            id,
            staff: Some(staff),
        }) {
            prop_assert_eq!(staff_id.0, id);
            prop_assert_eq!(i32::from(new.band.get()), band);
        }
        let _ = <(NetworkId, NewNetwork)>::try_from(pb::UpdateNetworkRequest { id, network: None });
    }

    #[test]
    fn fact_and_compliance_requests_never_panic(
        a in any_id(),
        b in any_id(),
        n in any::<i32>(),
        text in any::<String>(),
        d1 in any_date_text(),
        d2 in any_date_text(),
        ids in proptest::collection::vec(any_id(), 0..5),
        all in any::<bool>(),
    ) {
        let record = pb::CredentialInput {
            staff_id: a,
            code: text.clone(),
            level: n,
            achieved_on: d1.clone(),
            expires_on: d2.clone(),
            evidence_ref: text.clone(),
            supersedes_fact_id: b,
        };
        if let Ok(cmd) = RecordFact::try_from(pb::RecordFactRequest { credential: Some(record) }) {
            prop_assert_eq!(cmd.staff.0, a);
            prop_assert_eq!(cmd.level, i64::from(n));
        }
        let _ = RevokeFact::try_from(pb::RevokeFactRequest { fact_id: a, reason: text.clone() });
        let _ = GetPassport::try_from(pb::GetPassportRequest { staff_id: a, reason: text.clone() });
        let range = Some(pb::DateRange { from: d1.clone(), to: d2 });
        if let Ok(cmd) = Verify::try_from(pb::VerifyRequest {
            staff_id: a,
            profile_id: b,
            range: range.clone(),
            warn_within_days: n,
            reason: text.clone(),
        }) {
            prop_assert!(cmd.range.from() <= cmd.range.to());
            prop_assert_eq!(i64::from(cmd.warn_within_days), i64::from(n));
        }
        let _ = Verify::try_from(pb::VerifyManyRequest {
            staff_ids: ids.clone(),
            profile_id: b,
            range,
            warn_within_days: n,
            reason: text.clone(),
        });
        let _ = ListExpiring::try_from(pb::ListExpiringRequest {
            org_id: a,
            within_days: n,
            as_of: d1,
        });
        use pb::agreement_input::Scope;
        for scope in [Scope::Code(text.clone()), Scope::Kind(n), Scope::All(all)] {
            let _ = CreateAgreement::try_from(pb::CreateAgreementRequest {
                agreement: Some(pb::AgreementInput {
                    network_id: a,
                    scope: Some(scope),
                    issuer_org_ids: ids.clone(),
                }),
            });
        }
        let _ = SetValidityOverride::try_from(pb::SetValidityOverrideRequest {
            r#override: Some(pb::ValidityOverrideInput { code: text, level: n, months: n }),
        });
    }
}
