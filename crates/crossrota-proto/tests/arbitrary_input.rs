//! Property tests: every request conversion accepts arbitrary wire input without panicking,
//! and whatever it accepts survives the trip back to the wire unchanged.
//!
//! The strategies mix values built by the parsers' own rules (ODS codes, credential codes,
//! `YYYY-MM-DD` days, known enum numbers, positive ids) with arbitrary ones: arbitrary text
//! almost never spells an ODS code or a day, so without the valid side the "accepted" branch of
//! a property would never run. The `valid_*` properties feed valid input only and assert that
//! it is accepted and round-trips, so that branch is proven to run.

use chrono::NaiveDate;
use crossrota_domain::FieldErrors;
use crossrota_domain::agreement::{CredentialScope, SharingAgreement};
use crossrota_domain::commands::{
    CreateAgreement, GetPassport, ListExpiring, RecordFact, RevokeFact, SetValidityOverride, Verify,
};
use crossrota_domain::ids::{NetworkId, OrgId, ProfileId, StaffId};
use crossrota_domain::organisation::{Network, NewNetwork, NewOrganisation, Organisation};
use crossrota_domain::staff::{NewStaff, Staff};
use crossrota_proto::convert::{
    OrganisationLookup, date_text, next_page_token, optional_date_text, optional_id, page_from,
    parse_date, required_id,
};
use crossrota_proto::crossrota::v1 as pb;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

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

/// A present id: positive.
fn valid_id() -> impl Strategy<Value = i64> {
    prop_oneof![1..50i64, Just(i64::MAX), 1..=i64::MAX]
}

/// `core` with up to two blanks either side, which every text parser trims.
fn padded(core: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    ("[ \t]{0,2}", core, "[ \t]{0,2}")
        .prop_map(|(before, text, after)| format!("{before}{text}{after}"))
}

/// A day the wire can spell as `YYYY-MM-DD`: years 1 to 9999 (chrono writes other years
/// with a sign or more digits, which the parser refuses).
fn valid_day() -> impl Strategy<Value = NaiveDate> {
    // 0001-01-01 is day 1 of the common era and 9999-12-31 day 3,652,059.
    (1..=3_652_059i32).prop_filter_map(
        "outside chrono's range",
        NaiveDate::from_num_days_from_ce_opt,
    )
}

/// A valid day as wire text, sometimes padded.
fn valid_date_text() -> impl Strategy<Value = String> {
    padded(valid_day().prop_map(date_text))
}

/// Any date text, weighted towards almost-dates, with real days among them.
fn any_date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        valid_date_text(),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9+-]{0,12}",
        any::<String>(),
    ]
}

/// A valid ODS code by `OdsCode::parse`'s rules: 3 to 5 ASCII letters or digits, any case,
/// blanks around.
fn valid_ods_code() -> impl Strategy<Value = String> {
    padded("[A-Za-z0-9]{3,5}".prop_map(String::from))
}

/// A valid credential code by `CredentialCode::parse`'s rules: 2 to 40 ASCII letters, digits,
/// `-` or `_`, any case, blanks around.
fn valid_credential_code() -> impl Strategy<Value = String> {
    padded("[A-Za-z0-9_-]{2,40}".prop_map(String::from))
}

/// A valid name (organisation, network, person): not blank, at most 200 bytes once trimmed.
fn valid_name() -> impl Strategy<Value = String> {
    padded("[A-Za-z][A-Za-z .'-]{0,60}".prop_map(String::from))
}

/// A valid employee number: not blank, at most 40 bytes once trimmed.
fn valid_employee_number() -> impl Strategy<Value = String> {
    padded("[A-Za-z0-9/-]{1,40}".prop_map(String::from))
}

/// Mostly a valid value, otherwise anything.
macro_rules! mostly {
    ($valid:expr, $any:expr) => {
        prop_oneof![3 => $valid, 1 => $any]
    };
}

/// A valid registration: none at all, an unspecified body with no number (not registered),
/// or a known body with up to 20 letters and digits and an expiry day.
fn valid_registration() -> impl Strategy<Value = Option<pb::Registration>> {
    prop_oneof![
        Just(None),
        Just(Some(pb::Registration::default())),
        (
            1..=3i32,
            padded("[A-Za-z0-9]{1,20}".prop_map(String::from)),
            valid_date_text()
        )
            .prop_map(|(body, number, expires_on)| Some(pb::Registration {
                body,
                number,
                expires_on
            })),
    ]
}

/// Mostly a valid registration, otherwise one with each field from anywhere: a known or
/// unknown body, any number text, any date text.
fn any_registration() -> impl Strategy<Value = Option<pb::Registration>> {
    mostly!(
        valid_registration(),
        (
            mostly!(0..=3i32, any::<i32>()),
            mostly!("[A-Za-z0-9]{0,20}", any::<String>()),
            any_date_text()
        )
            .prop_map(|(body, number, expires_on)| Some(pb::Registration {
                body,
                number,
                expires_on
            }))
    )
}

/// A page token: none, the decimal id a previous page ended on, or anything.
fn page_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        padded(valid_id().prop_map(|id| id.to_string())),
        any::<String>(),
    ]
}

/// An inclusive range of two valid days, in order.
fn valid_range() -> impl Strategy<Value = pb::DateRange> {
    (valid_day(), valid_day()).prop_map(|(a, b)| pb::DateRange {
        from: date_text(a.min(b)),
        to: date_text(a.max(b)),
    })
}

/// A property failure for a conversion that refused valid input.
fn accepted<T>(what: &str, result: Result<T, FieldErrors>) -> Result<T, TestCaseError> {
    result.map_err(|e| TestCaseError::fail(format!("valid {what} refused: {e}")))
}

/// An accepted organisation matches its input, and the organisation it makes converts back to
/// a request that gives the same value.
fn check_organisation(code: &str, name: &str, new: &NewOrganisation) -> Result<(), TestCaseError> {
    prop_assert_eq!(new.code.as_str(), code.trim().to_ascii_uppercase());
    prop_assert_eq!(new.name.as_str(), name.trim());
    let wire = pb::Organisation::from(Organisation {
        id: OrgId(1),
        code: new.code.clone(),
        name: new.name.clone(),
    });
    let again = NewOrganisation::try_from(pb::CreateOrganisationRequest {
        organisation: Some(pb::OrganisationInput {
            code: wire.code,
            name: wire.name,
        }),
    });
    prop_assert_eq!(again, Ok(new.clone()));
    Ok(())
}

/// An accepted organisation lookup names what the request named.
fn check_lookup(
    lookup: &pb::get_organisation_request::Lookup,
    found: &OrganisationLookup,
) -> Result<(), TestCaseError> {
    use pb::get_organisation_request::Lookup;
    match (lookup, found) {
        (Lookup::Id(raw), OrganisationLookup::Id(id)) => prop_assert_eq!(id.0, *raw),
        (Lookup::Code(text), OrganisationLookup::Code(code)) => {
            prop_assert_eq!(code.as_str(), text.trim().to_ascii_uppercase());
        }
        (lookup, found) => {
            return Err(TestCaseError::fail(format!("{lookup:?} became {found:?}")));
        }
    }
    Ok(())
}

/// An accepted network matches its input, and converts back through the wire unchanged.
fn check_network(input: &pb::NetworkInput, new: &NewNetwork) -> Result<(), TestCaseError> {
    prop_assert_eq!(new.name.as_str(), input.name.trim());
    prop_assert_eq!(pb::NetworkKind::from(new.kind) as i32, input.kind);
    let mut members = input.member_org_ids.clone();
    members.sort_unstable();
    members.dedup();
    prop_assert_eq!(new.members.iter().map(|m| m.0).collect::<Vec<_>>(), members);
    let wire = pb::Network::from(Network {
        id: NetworkId(1),
        name: new.name.clone(),
        kind: new.kind,
        members: new.members.clone(),
    });
    let again = NewNetwork::try_from(pb::CreateNetworkRequest {
        network: Some(pb::NetworkInput {
            name: wire.name,
            kind: wire.kind,
            member_org_ids: wire.member_org_ids,
        }),
    });
    prop_assert_eq!(again, Ok(new.clone()));
    Ok(())
}

/// An accepted member of staff matches its input, and the staff record it makes converts
/// back to a request that gives the same value.
fn check_staff(input: &pb::StaffInput, new: &NewStaff) -> Result<(), TestCaseError> {
    prop_assert_eq!(new.org.0, input.org_id);
    prop_assert_eq!(new.employee_number.as_str(), input.employee_number.trim());
    prop_assert_eq!(new.name.as_str(), input.name.trim());
    prop_assert_eq!(
        pb::StaffGroup::from(new.staff_group) as i32,
        input.staff_group
    );
    prop_assert_eq!(i32::from(new.band.get()), input.band);
    let mut networks = input.network_ids.clone();
    networks.sort_unstable();
    networks.dedup();
    prop_assert_eq!(
        new.networks.iter().map(|n| n.0).collect::<Vec<_>>(),
        networks
    );
    let wire = pb::Staff::from(Staff {
        id: StaffId(1),
        org: new.org,
        employee_number: new.employee_number.clone(),
        name: new.name.clone(),
        staff_group: new.staff_group,
        band: new.band,
        registration: new.registration.clone(),
        networks: new.networks.clone(),
    });
    let sent = input.registration.clone().unwrap_or_default();
    match &wire.registration {
        Some(reg) => {
            prop_assert_eq!(reg.body, sent.body);
            prop_assert_eq!(reg.number.as_str(), sent.number.trim().to_ascii_uppercase());
            prop_assert_eq!(reg.expires_on.as_str(), sent.expires_on.trim());
        }
        None => prop_assert_eq!(sent.body, pb::RegulatoryBody::Unspecified as i32),
    }
    let again = NewStaff::try_from(pb::CreateStaffRequest {
        staff: Some(pb::StaffInput {
            org_id: wire.org_id,
            employee_number: wire.employee_number,
            name: wire.name,
            staff_group: wire.staff_group,
            band: wire.band,
            registration: wire.registration,
            network_ids: wire.network_ids,
        }),
    });
    prop_assert_eq!(again, Ok(new.clone()));
    Ok(())
}

/// An accepted `RecordFact` matches its input, and the same command comes back from the
/// request it spells.
fn check_record(input: &pb::CredentialInput, cmd: &RecordFact) -> Result<(), TestCaseError> {
    prop_assert_eq!(cmd.staff.0, input.staff_id);
    prop_assert_eq!(&cmd.code, &input.code);
    prop_assert_eq!(cmd.level, i64::from(input.level));
    prop_assert_eq!(
        optional_date_text(cmd.achieved_on),
        input.achieved_on.trim()
    );
    prop_assert_eq!(optional_date_text(cmd.expires_on), input.expires_on.trim());
    prop_assert_eq!(&cmd.evidence_ref, &input.evidence_ref);
    prop_assert_eq!(cmd.supersedes.map_or(0, |f| f.0), input.supersedes_fact_id);
    let level = i32::try_from(cmd.level).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let again = RecordFact::try_from(pb::RecordFactRequest {
        credential: Some(pb::CredentialInput {
            staff_id: cmd.staff.0,
            code: cmd.code.clone(),
            level,
            achieved_on: optional_date_text(cmd.achieved_on),
            expires_on: optional_date_text(cmd.expires_on),
            evidence_ref: cmd.evidence_ref.clone(),
            supersedes_fact_id: cmd.supersedes.map_or(0, |f| f.0),
        }),
    });
    prop_assert_eq!(again, Ok(cmd.clone()));
    Ok(())
}

/// An accepted `Verify` matches its input (the range spelled as it was sent), and the same
/// command comes back from the `VerifyMany` request it spells.
fn check_verify(
    staff: &[i64],
    profile_id: i64,
    range: &pb::DateRange,
    warn_within_days: i32,
    reason: &str,
    cmd: &Verify,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(cmd.staff.iter().map(|s| s.0).collect::<Vec<_>>(), staff);
    prop_assert_eq!(cmd.profile, ProfileId(profile_id));
    prop_assert!(cmd.range.from() <= cmd.range.to());
    let wire_range = pb::DateRange::from(cmd.range);
    prop_assert_eq!(wire_range.from.as_str(), range.from.trim());
    prop_assert_eq!(wire_range.to.as_str(), range.to.trim());
    prop_assert_eq!(i64::from(cmd.warn_within_days), i64::from(warn_within_days));
    prop_assert_eq!(cmd.reason.as_str(), reason);
    let again = Verify::try_from(pb::VerifyManyRequest {
        staff_ids: cmd.staff.iter().map(|s| s.0).collect(),
        profile_id: cmd.profile.0,
        range: Some(wire_range),
        warn_within_days: i32::try_from(cmd.warn_within_days)
            .map_err(|e| TestCaseError::fail(e.to_string()))?,
        reason: cmd.reason.clone(),
    });
    prop_assert_eq!(again, Ok(cmd.clone()));
    Ok(())
}

/// An accepted `ListExpiring` matches its input.
fn check_expiring(req: &pb::ListExpiringRequest, cmd: &ListExpiring) -> Result<(), TestCaseError> {
    prop_assert_eq!(cmd.org.0, req.org_id);
    prop_assert_eq!(i64::from(cmd.within_days), i64::from(req.within_days));
    prop_assert_eq!(optional_date_text(cmd.as_of), req.as_of.trim());
    Ok(())
}

/// The input form of an agreement's scope.
fn input_scope(scope: pb::agreement::Scope) -> pb::agreement_input::Scope {
    use pb::agreement::Scope;
    match scope {
        Scope::Code(code) => pb::agreement_input::Scope::Code(code),
        Scope::Kind(kind) => pb::agreement_input::Scope::Kind(kind),
        Scope::All(all) => pb::agreement_input::Scope::All(all),
    }
}

/// An accepted agreement matches its input, and the agreement it makes converts back to a
/// request that gives the same command.
fn check_agreement(input: &pb::AgreementInput, cmd: &CreateAgreement) -> Result<(), TestCaseError> {
    use pb::agreement_input::Scope;
    prop_assert_eq!(cmd.network.0, input.network_id);
    prop_assert_eq!(
        cmd.issuers.iter().map(|o| o.0).collect::<Vec<_>>(),
        input.issuer_org_ids.clone()
    );
    match (&input.scope, &cmd.scope) {
        (Some(Scope::Code(text)), CredentialScope::Code(code)) => {
            prop_assert_eq!(code.as_str(), text.trim().to_ascii_uppercase());
        }
        (Some(Scope::Kind(raw)), CredentialScope::Kind(kind)) => {
            prop_assert_eq!(pb::CredentialKind::from(*kind) as i32, *raw);
        }
        (Some(Scope::All(true)), CredentialScope::All) => {}
        (sent, got) => {
            return Err(TestCaseError::fail(format!(
                "scope {sent:?} became {got:?}"
            )));
        }
    }
    let wire = pb::Agreement::from(SharingAgreement {
        network: cmd.network,
        verifier: OrgId(1),
        scope: cmd.scope.clone(),
        issuers: cmd.issuers.clone(),
    });
    let again = CreateAgreement::try_from(pb::CreateAgreementRequest {
        agreement: Some(pb::AgreementInput {
            network_id: wire.network_id,
            scope: wire.scope.map(input_scope),
            issuer_org_ids: wire.issuer_org_ids,
        }),
    });
    prop_assert_eq!(again, Ok(cmd.clone()));
    Ok(())
}

/// An accepted page matches its input, and the token of a full page ending on its `after`
/// id gives the same page back.
fn check_page(size: i32, token: &str, after: Option<i64>, limit: u32) -> Result<(), TestCaseError> {
    let expected_limit = match size {
        0 => 100,
        n => u32::try_from(n).map_or(0, |n| n.min(1000)),
    };
    prop_assert_eq!(limit, expected_limit);
    prop_assert_eq!(after, token.trim().parse::<i64>().ok());
    let full = usize::try_from(limit).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let next = next_page_token(full, limit, after);
    prop_assert_eq!(page_from(size, &next), Ok((after, limit)));
    Ok(())
}

proptest! {
    #[test]
    fn dates_parse_only_to_their_own_spelling(text in any_date_text()) {
        if let Ok(Some(day)) = parse_date("d", &text) {
            prop_assert_eq!(date_text(day), text.trim());
        }
    }

    #[test]
    fn valid_dates_are_accepted_and_round_trip(
        day in valid_day(), before in "[ \t]{0,2}", after in "[ \t]{0,2}",
    ) {
        let text = format!("{before}{}{after}", date_text(day));
        prop_assert_eq!(parse_date("d", &text), Ok(Some(day)));
    }

    #[test]
    fn ids_and_pages_never_panic(
        id in any_id(),
        size in prop_oneof![Just(0i32), 1..=2000i32, any::<i32>()],
        token in page_token(),
    ) {
        prop_assert_eq!(required_id("id", id).is_ok(), id > 0);
        prop_assert_eq!(optional_id("id", id).is_ok(), id >= 0);
        if let Ok((after, limit)) = page_from(size, &token) {
            prop_assert!((1..=1000).contains(&limit));
            prop_assert!(after.is_none_or(|a| a > 0));
            check_page(size, &token, after, limit)?;
        }
    }

    #[test]
    fn valid_pages_are_accepted_and_round_trip(
        size in prop_oneof![0..=2000i32, 0..=i32::MAX],
        token in prop_oneof![Just(String::new()), padded(valid_id().prop_map(|id| id.to_string()))],
    ) {
        let (after, limit) = accepted("page", page_from(size, &token))?;
        check_page(size, &token, after, limit)?;
    }

    #[test]
    fn organisation_requests_never_panic(
        id in any_id(),
        code in mostly!(valid_ods_code(), any::<String>()),
        name in mostly!(valid_name(), any::<String>()),
        by_code in any::<bool>(),
    ) {
        let input = pb::OrganisationInput { code: code.clone(), name: name.clone() };
        if let Ok(new) = NewOrganisation::try_from(pb::CreateOrganisationRequest {
            organisation: Some(input.clone()),
        }) {
            check_organisation(&code, &name, &new)?;
        }
        if let Ok((org, new)) = <(OrgId, NewOrganisation)>::try_from(pb::UpdateOrganisationRequest {
            id,
            organisation: Some(input),
        }) {
            prop_assert_eq!(org.0, id);
            check_organisation(&code, &name, &new)?;
        }
        use pb::get_organisation_request::Lookup;
        let lookup = if by_code { Lookup::Code(code) } else { Lookup::Id(id) };
        if let Ok(found) =
            OrganisationLookup::try_from(pb::GetOrganisationRequest { lookup: Some(lookup.clone()) })
        {
            check_lookup(&lookup, &found)?;
        }
    }

    #[test]
    fn valid_organisation_requests_are_accepted_and_round_trip(
        id in valid_id(), code in valid_ods_code(), name in valid_name(),
    ) {
        let input = pb::OrganisationInput { code: code.clone(), name: name.clone() };
        let new = accepted("organisation", NewOrganisation::try_from(pb::CreateOrganisationRequest {
            organisation: Some(input.clone()),
        }))?;
        check_organisation(&code, &name, &new)?;
        let (org, updated) = accepted(
            "organisation update",
            <(OrgId, NewOrganisation)>::try_from(pb::UpdateOrganisationRequest {
                id,
                organisation: Some(input),
            }),
        )?;
        prop_assert_eq!(org, OrgId(id));
        prop_assert_eq!(updated, new);
        use pb::get_organisation_request::Lookup;
        for lookup in [Lookup::Code(code), Lookup::Id(id)] {
            let found = accepted(
                "organisation lookup",
                OrganisationLookup::try_from(pb::GetOrganisationRequest {
                    lookup: Some(lookup.clone()),
                }),
            )?;
            check_lookup(&lookup, &found)?;
        }
    }

    #[test]
    fn network_and_staff_requests_never_panic(
        id in mostly!(valid_id(), any_id()),
        name in mostly!(valid_name(), any::<String>()),
        kind in mostly!(1..=2i32, any::<i32>()),
        group in mostly!(1..=6i32, any::<i32>()),
        band in mostly!(0..=9i32, any::<i32>()),
        ids in mostly!(
            proptest::collection::vec(valid_id(), 1..5),
            proptest::collection::vec(any_id(), 0..5)
        ),
        employee_number in mostly!(valid_employee_number(), any::<String>()),
        registration in any_registration(),
    ) {
        let network = pb::NetworkInput { name: name.clone(), kind, member_org_ids: ids.clone() };
        if let Ok(new) = NewNetwork::try_from(pb::CreateNetworkRequest {
            network: Some(network.clone()),
        }) {
            prop_assert!(new.members.iter().all(|m| m.0 > 0));
            check_network(&network, &new)?;
        }
        let staff = pb::StaffInput {
            org_id: id,
            employee_number,
            name,
            staff_group: group,
            band,
            registration,
            network_ids: ids,
        };
        if let Ok((staff_id, new)) = <(StaffId, NewStaff)>::try_from(pb::UpdateStaffRequest {
            id,
            staff: Some(staff.clone()),
        }) {
            prop_assert_eq!(staff_id.0, id);
            prop_assert_eq!(i32::from(new.band.get()), band);
            check_staff(&staff, &new)?;
        }
        let _ = <(NetworkId, NewNetwork)>::try_from(pb::UpdateNetworkRequest { id, network: None });
    }

    #[test]
    fn valid_network_and_staff_requests_are_accepted_and_round_trip(
        id in valid_id(),
        name in valid_name(),
        kind in 1..=2i32,
        members in proptest::collection::vec(valid_id(), 1..5),
        networks in proptest::collection::vec(valid_id(), 0..5),
        employee_number in valid_employee_number(),
        group in 1..=6i32,
        band in 0..=9i32,
        registration in valid_registration(),
    ) {
        let network = pb::NetworkInput { name: name.clone(), kind, member_org_ids: members };
        let new = accepted("network", NewNetwork::try_from(pb::CreateNetworkRequest {
            network: Some(network.clone()),
        }))?;
        check_network(&network, &new)?;
        let (network_id, updated) = accepted(
            "network update",
            <(NetworkId, NewNetwork)>::try_from(pb::UpdateNetworkRequest {
                id,
                network: Some(network),
            }),
        )?;
        prop_assert_eq!(network_id, NetworkId(id));
        prop_assert_eq!(updated, new);

        let staff = pb::StaffInput {
            org_id: id,
            employee_number,
            name,
            staff_group: group,
            band,
            registration,
            network_ids: networks,
        };
        let new = accepted("staff", NewStaff::try_from(pb::CreateStaffRequest {
            staff: Some(staff.clone()),
        }))?;
        check_staff(&staff, &new)?;
        let (staff_id, updated) = accepted(
            "staff update",
            <(StaffId, NewStaff)>::try_from(pb::UpdateStaffRequest { id, staff: Some(staff) }),
        )?;
        prop_assert_eq!(staff_id, StaffId(id));
        prop_assert_eq!(updated, new);
    }

    #[test]
    fn fact_and_compliance_requests_never_panic(
        a in mostly!(valid_id(), any_id()),
        b in mostly!(valid_id(), any_id()),
        n in mostly!(0..=3650i32, any::<i32>()),
        code in mostly!(valid_credential_code(), any::<String>()),
        text in any::<String>(),
        d1 in mostly!(valid_date_text(), any_date_text()),
        d2 in mostly!(valid_date_text(), any_date_text()),
        ids in mostly!(
            proptest::collection::vec(valid_id(), 1..5),
            proptest::collection::vec(any_id(), 0..5)
        ),
        all in any::<bool>(),
    ) {
        let record = pb::CredentialInput {
            staff_id: a,
            code: code.clone(),
            level: n,
            achieved_on: d1.clone(),
            expires_on: d2.clone(),
            evidence_ref: text.clone(),
            supersedes_fact_id: b,
        };
        if let Ok(cmd) = RecordFact::try_from(pb::RecordFactRequest {
            credential: Some(record.clone()),
        }) {
            prop_assert_eq!(cmd.staff.0, a);
            prop_assert_eq!(cmd.level, i64::from(n));
            check_record(&record, &cmd)?;
        }
        if let Ok(cmd) = RevokeFact::try_from(pb::RevokeFactRequest { fact_id: a, reason: text.clone() }) {
            prop_assert_eq!(cmd.fact.0, a);
            prop_assert_eq!(&cmd.reason, &text);
        }
        if let Ok(cmd) = GetPassport::try_from(pb::GetPassportRequest { staff_id: a, reason: text.clone() }) {
            prop_assert_eq!(cmd.staff.0, a);
            prop_assert_eq!(&cmd.reason, &text);
        }
        let range = pb::DateRange { from: d1.clone(), to: d2 };
        if let Ok(cmd) = Verify::try_from(pb::VerifyRequest {
            staff_id: a,
            profile_id: b,
            range: Some(range.clone()),
            warn_within_days: n,
            reason: text.clone(),
        }) {
            prop_assert!(cmd.range.from() <= cmd.range.to());
            prop_assert_eq!(i64::from(cmd.warn_within_days), i64::from(n));
            check_verify(&[a], b, &range, n, &text, &cmd)?;
        }
        if let Ok(cmd) = Verify::try_from(pb::VerifyManyRequest {
            staff_ids: ids.clone(),
            profile_id: b,
            range: Some(range.clone()),
            warn_within_days: n,
            reason: text.clone(),
        }) {
            check_verify(&ids, b, &range, n, &text, &cmd)?;
        }
        let expiring = pb::ListExpiringRequest { org_id: a, within_days: n, as_of: d1 };
        if let Ok(cmd) = ListExpiring::try_from(expiring.clone()) {
            check_expiring(&expiring, &cmd)?;
        }
        use pb::agreement_input::Scope;
        for scope in [Scope::Code(code.clone()), Scope::Kind(n), Scope::All(all)] {
            let agreement = pb::AgreementInput {
                network_id: a,
                scope: Some(scope),
                issuer_org_ids: ids.clone(),
            };
            if let Ok(cmd) = CreateAgreement::try_from(pb::CreateAgreementRequest {
                agreement: Some(agreement.clone()),
            }) {
                check_agreement(&agreement, &cmd)?;
            }
        }
        let cmd = SetValidityOverride::try_from(pb::SetValidityOverrideRequest {
            r#override: Some(pb::ValidityOverrideInput { code: code.clone(), level: n, months: n }),
        });
        prop_assert_eq!(cmd, Ok(SetValidityOverride {
            code,
            level: i64::from(n),
            months: i64::from(n),
        }));
    }

    #[test]
    fn valid_fact_and_compliance_requests_are_accepted_and_round_trip(
        a in valid_id(),
        b in valid_id(),
        supersedes in prop_oneof![Just(0i64), valid_id()],
        level in 1..=5i32,
        warn in 0..=i32::MAX,
        code in valid_credential_code(),
        text in any::<String>(),
        achieved_on in prop_oneof![Just(String::new()), valid_date_text()],
        expires_on in prop_oneof![Just(String::new()), valid_date_text()],
        as_of in prop_oneof![Just(String::new()), valid_date_text()],
        range in valid_range(),
        ids in proptest::collection::vec(valid_id(), 1..5),
        kind in 1..=4i32,
    ) {
        let record = pb::CredentialInput {
            staff_id: a,
            code: code.clone(),
            level,
            achieved_on,
            expires_on,
            evidence_ref: text.clone(),
            supersedes_fact_id: supersedes,
        };
        let cmd = accepted("fact", RecordFact::try_from(pb::RecordFactRequest {
            credential: Some(record.clone()),
        }))?;
        check_record(&record, &cmd)?;
        let cmd = accepted(
            "revocation",
            RevokeFact::try_from(pb::RevokeFactRequest { fact_id: a, reason: text.clone() }),
        )?;
        prop_assert_eq!((cmd.fact.0, cmd.reason), (a, text.clone()));
        let cmd = accepted(
            "passport read",
            GetPassport::try_from(pb::GetPassportRequest { staff_id: a, reason: text.clone() }),
        )?;
        prop_assert_eq!((cmd.staff.0, cmd.reason), (a, text.clone()));
        let cmd = accepted("verification", Verify::try_from(pb::VerifyRequest {
            staff_id: a,
            profile_id: b,
            range: Some(range.clone()),
            warn_within_days: warn,
            reason: text.clone(),
        }))?;
        check_verify(&[a], b, &range, warn, &text, &cmd)?;
        let cmd = accepted("verification of many", Verify::try_from(pb::VerifyManyRequest {
            staff_ids: ids.clone(),
            profile_id: b,
            range: Some(range.clone()),
            warn_within_days: warn,
            reason: text.clone(),
        }))?;
        check_verify(&ids, b, &range, warn, &text, &cmd)?;
        let expiring = pb::ListExpiringRequest { org_id: a, within_days: warn, as_of };
        let cmd = accepted("expiring list", ListExpiring::try_from(expiring.clone()))?;
        check_expiring(&expiring, &cmd)?;
        use pb::agreement_input::Scope;
        for scope in [Scope::Code(code), Scope::Kind(kind), Scope::All(true)] {
            let agreement = pb::AgreementInput {
                network_id: b,
                scope: Some(scope),
                issuer_org_ids: ids.clone(),
            };
            let cmd = accepted("agreement", CreateAgreement::try_from(pb::CreateAgreementRequest {
                agreement: Some(agreement.clone()),
            }))?;
            check_agreement(&agreement, &cmd)?;
        }
    }
}
