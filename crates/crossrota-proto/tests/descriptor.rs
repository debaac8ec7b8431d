//! Checks the style rules of the crossrota.v1 contract on the descriptor set the server
//! offers for reflection: every service, rpc, message, field, oneof, enum and enum value has a
//! doc comment, and every enum starts with `<ENUM>_UNSPECIFIED = 0`.

use prost::Message;
use prost_types::FileDescriptorSet;
use prost_types::source_code_info::Location;

/// Field numbers of `FileDescriptorProto`, `DescriptorProto`, `EnumDescriptorProto` and
/// `ServiceDescriptorProto` used in source-info paths.
const FILE_MESSAGE: i32 = 4;
const FILE_ENUM: i32 = 5;
const FILE_SERVICE: i32 = 6;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_ONEOF: i32 = 8;
const ENUM_VALUE: i32 = 2;
const SERVICE_METHOD: i32 = 2;

fn descriptor_set() -> FileDescriptorSet {
    FileDescriptorSet::decode(crossrota_proto::FILE_DESCRIPTOR_SET)
        .expect("the built descriptor set decodes")
}

/// `SCREAMING_SNAKE_CASE` of a `PascalCase` name.
fn screaming(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[test]
fn every_element_of_the_contract_is_documented() {
    let set = descriptor_set();
    let ours: Vec<_> = set
        .file
        .iter()
        .filter(|f| f.package() == "crossrota.v1")
        .collect();
    let names: Vec<&str> = ours.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "crossrota/v1/bank_service.proto",
            "crossrota/v1/common.proto",
            "crossrota/v1/passport_service.proto",
            "crossrota/v1/roster.proto",
            "crossrota/v1/roster_service.proto"
        ]
    );
    let mut undocumented = Vec::new();
    for file in ours {
        let locations: &[Location] = file
            .source_code_info
            .as_ref()
            .map_or(&[], |info| info.location.as_slice());
        let documented = |path: &[i32]| {
            locations
                .iter()
                .any(|l| l.path == path && !l.leading_comments().trim().is_empty())
        };
        let mut check = |path: Vec<i32>, what: String| {
            if !documented(&path) {
                undocumented.push(format!("{}: {what}", file.name()));
            }
        };
        for (i, message) in (0i32..).zip(&file.message_type) {
            check(vec![FILE_MESSAGE, i], message.name().to_owned());
            for (j, field) in (0i32..).zip(&message.field) {
                check(
                    vec![FILE_MESSAGE, i, MESSAGE_FIELD, j],
                    format!("{}.{}", message.name(), field.name()),
                );
            }
            for (k, oneof) in (0i32..).zip(&message.oneof_decl) {
                check(
                    vec![FILE_MESSAGE, i, MESSAGE_ONEOF, k],
                    format!("{}.{}", message.name(), oneof.name()),
                );
            }
        }
        for (i, e) in (0i32..).zip(&file.enum_type) {
            check(vec![FILE_ENUM, i], e.name().to_owned());
            for (j, value) in (0i32..).zip(&e.value) {
                check(vec![FILE_ENUM, i, ENUM_VALUE, j], value.name().to_owned());
            }
        }
        for (i, service) in (0i32..).zip(&file.service) {
            check(vec![FILE_SERVICE, i], service.name().to_owned());
            for (j, method) in (0i32..).zip(&service.method) {
                check(
                    vec![FILE_SERVICE, i, SERVICE_METHOD, j],
                    format!("{}.{}", service.name(), method.name()),
                );
            }
        }
    }
    assert!(undocumented.is_empty(), "undocumented: {undocumented:#?}");
}

#[test]
fn every_enum_starts_with_unspecified_zero_and_prefixes_its_values() {
    for file in descriptor_set()
        .file
        .iter()
        .filter(|f| f.package() == "crossrota.v1")
    {
        for e in &file.enum_type {
            let prefix = screaming(e.name());
            let first = e.value.first().expect("enums have values");
            assert_eq!(
                (first.name(), first.number()),
                (format!("{prefix}_UNSPECIFIED").as_str(), 0)
            );
            for value in &e.value {
                assert!(
                    value.name().starts_with(&format!("{prefix}_")),
                    "{}",
                    value.name()
                );
            }
        }
    }
}

#[test]
fn the_service_documents_bearer_authentication() {
    let set = descriptor_set();
    let file = set
        .file
        .iter()
        .find(|f| f.name() == "crossrota/v1/passport_service.proto")
        .expect("service file present");
    let service_doc = file
        .source_code_info
        .as_ref()
        .and_then(|info| info.location.iter().find(|l| l.path == [FILE_SERVICE, 0]))
        .map(|l| l.leading_comments().to_owned())
        .unwrap_or_default();
    assert_eq!(file.service[0].name(), "PassportService");
    assert!(
        service_doc.contains("authorization: Bearer <key>"),
        "{service_doc}"
    );
}

#[test]
fn the_bank_service_offers_its_rpcs_and_documents_its_rules() {
    let set = descriptor_set();
    let services: Vec<&str> = set
        .file
        .iter()
        .filter(|f| f.package() == "crossrota.v1")
        .flat_map(|f| f.service.iter().map(|s| s.name()))
        .collect();
    assert_eq!(
        services,
        ["BankService", "PassportService", "RosterService"]
    );

    let file = set
        .file
        .iter()
        .find(|f| f.name() == "crossrota/v1/bank_service.proto")
        .expect("bank service file present");
    let methods: Vec<(&str, &str, &str)> = file.service[0]
        .method
        .iter()
        .map(|m| {
            (
                m.name(),
                m.input_type().trim_start_matches(".crossrota.v1."),
                m.output_type().trim_start_matches(".crossrota.v1."),
            )
        })
        .collect();
    assert_eq!(
        methods,
        [
            ("CreateSite", "CreateSiteRequest", "Site"),
            ("CreateBank", "CreateBankRequest", "Bank"),
            ("JoinBank", "JoinBankRequest", "BankMember"),
            ("PostShifts", "PostShiftsRequest", "PostShiftsResponse"),
            ("WithdrawShift", "WithdrawShiftRequest", "OpenShift"),
            (
                "ListOpenShifts",
                "ListOpenShiftsRequest",
                "ListOpenShiftsResponse"
            ),
            (
                "GetCandidates",
                "GetCandidatesRequest",
                "CandidatesResponse"
            ),
            ("OfferShift", "OfferShiftRequest", "Booking"),
            ("BookShift", "BookShiftRequest", "Booking"),
            ("AcceptOffer", "BookingActionRequest", "Booking"),
            ("DeclineOffer", "BookingActionRequest", "Booking"),
            ("MarkWorked", "BookingActionRequest", "Booking"),
            ("ApproveTimesheet", "BookingActionRequest", "Booking"),
            ("CancelBooking", "CancelBookingRequest", "Booking"),
            (
                "ListCommitments",
                "ListCommitmentsRequest",
                "ListCommitmentsResponse"
            ),
            (
                "ListBookingEvents",
                "ListBookingEventsRequest",
                "ListBookingEventsResponse"
            ),
        ]
    );
    let service_doc = file
        .source_code_info
        .as_ref()
        .and_then(|info| info.location.iter().find(|l| l.path == [FILE_SERVICE, 0]))
        .map(|l| l.leading_comments().to_owned())
        .unwrap_or_default();
    for rule in [
        "authorization: Bearer <key>",
        "INVALID_ARGUMENT",
        "FAILED_PRECONDITION",
        "ABORTED",
        "bank_office",
        "home trust",
    ] {
        assert!(service_doc.contains(rule), "{rule} in {service_doc}");
    }
}
