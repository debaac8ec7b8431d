//! Fixtures and helpers shared by the conversion tests.

use chrono::{NaiveDate, TimeZone, Utc};
use crossrota_domain::FieldErrors;
use crossrota_domain::catalogue::CredentialCode;
use crossrota_domain::fact::{CredentialFact, FactAction};
use crossrota_domain::ids::{FactId, NetworkId, OrgId, StaffId};
use crossrota_domain::staff::{Band, Registration, RegulatoryBody, Staff, StaffGroup};

/// The error text of a conversion that must fail; a success becomes a text that no
/// expected error matches, so the assertion fails with the value shown.
pub(crate) fn err<T: std::fmt::Debug>(result: Result<T, FieldErrors>) -> String {
    match result {
        Ok(value) => format!("unexpectedly ok: {value:?}"),
        Err(e) => e.to_string(),
    }
}

/// A day from test text.
pub(crate) fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A registered band 5 nurse of organisation 1, in network 1.
pub(crate) fn nurse() -> Staff {
    Staff {
        id: StaffId(10),
        org: OrgId(1),
        employee_number: "E1001".into(),
        name: "Ada Nurse".into(),
        staff_group: StaffGroup::NursingAndMidwifery,
        band: Band::new(5).unwrap(),
        registration: Some(Registration {
            body: RegulatoryBody::Nmc,
            number: "12A3456E".into(),
            expires_on: day("2027-03-01"),
        }),
        networks: vec![NetworkId(1)],
    }
}

/// A recorded fact of staff 10, issued by `issuer`.
pub(crate) fn fact(
    id: i64,
    code: &str,
    level: u8,
    achieved: &str,
    expires: Option<&str>,
    issuer: i64,
) -> CredentialFact {
    CredentialFact {
        id: FactId(id),
        staff: StaffId(10),
        code: CredentialCode::parse(code).unwrap(),
        level,
        achieved_on: day(achieved),
        expires_on: expires.map(day),
        issuer: OrgId(issuer),
        evidence_ref: format!("cert-{id}"),
        recorded_by: "mtw-issuer".into(),
        recorded_at: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        supersedes: None,
        action: FactAction::Record,
    }
}
