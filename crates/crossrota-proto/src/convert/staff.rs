//! Members of staff: domain values to the wire, and create/update/get requests to validated
//! domain input (through `NewStaff::parse`, so the rules live in one place).

use crossrota_domain::FieldErrors;
use crossrota_domain::ids::{NetworkId, OrgId, StaffId};
use crossrota_domain::staff::{self, NewStaff, Registration, Staff};

use crate::convert::dates::{date_text, parse_date};
use crate::convert::enums;
use crate::convert::fields::{collect, merge_preferring_own, rename_fields, required_message};
use crate::convert::ids::{id_list, required_id};
use crate::crossrota::v1 as pb;

impl From<&Registration> for pb::Registration {
    fn from(reg: &Registration) -> Self {
        Self {
            body: pb::RegulatoryBody::from(reg.body) as i32,
            number: reg.number.clone(),
            expires_on: date_text(reg.expires_on),
        }
    }
}

impl From<&Staff> for pb::Staff {
    fn from(s: &Staff) -> Self {
        Self {
            id: s.id.0,
            org_id: s.org.0,
            employee_number: s.employee_number.clone(),
            name: s.name.clone(),
            staff_group: pb::StaffGroup::from(s.staff_group) as i32,
            band: i32::from(s.band.get()),
            registration: s.registration.as_ref().map(pb::Registration::from),
            network_ids: s.networks.iter().map(|n| n.0).collect(),
        }
    }
}

from_owned!(Registration => pb::Registration, Staff => pb::Staff);

/// Wire fields whose names differ from the domain parser's.
const RENAMES: [(&str, &str); 2] = [("org", "org_id"), ("networks", "network_ids")];

/// Validates a `staff` field; paths are rooted at `path` (`staff.band`,
/// `staff.registration.expires_on`).
fn new_staff(path: &str, input: Option<pb::StaffInput>) -> Result<NewStaff, FieldErrors> {
    let input = required_message(path, input)?;
    let mut errs = FieldErrors::new();
    let org = collect(&mut errs, required_id("org_id", input.org_id).map(OrgId));
    let group = collect(
        &mut errs,
        enums::staff_group("staff_group", input.staff_group),
    );
    let networks = collect(
        &mut errs,
        id_list("network_ids", &input.network_ids, NetworkId),
    );
    let registration = input.registration.unwrap_or_default();
    let body = collect(
        &mut errs,
        enums::regulatory_body("registration.body", registration.body),
    )
    .flatten();
    let expires_on = collect(
        &mut errs,
        parse_date("registration.expires_on", &registration.expires_on),
    )
    .flatten();
    // The domain parser still runs when our own checks failed, so every bad field is reported;
    // where both complain about one field, our more precise message wins.
    let parsed = NewStaff::parse(staff::StaffInput {
        org,
        employee_number: &input.employee_number,
        name: &input.name,
        staff_group: group.map_or("", |g| g.as_str()),
        band: i64::from(input.band),
        registration_body: body.map_or("", |b| b.as_str()),
        registration_number: &registration.number,
        registration_expires_on: expires_on,
        networks: networks.unwrap_or_default(),
    });
    let staff = match parsed {
        Ok(staff) => Some(staff),
        Err(e) => {
            merge_preferring_own(&mut errs, rename_fields(e, &RENAMES));
            None
        }
    };
    match staff {
        Some(staff) if errs.is_empty() => Ok(staff),
        _ => {
            let mut scoped = FieldErrors::new();
            scoped.extend_scoped(path, errs);
            Err(scoped)
        }
    }
}

impl TryFrom<pb::CreateStaffRequest> for NewStaff {
    type Error = FieldErrors;

    fn try_from(req: pb::CreateStaffRequest) -> Result<Self, FieldErrors> {
        new_staff("staff", req.staff)
    }
}

impl TryFrom<pb::UpdateStaffRequest> for (StaffId, NewStaff) {
    type Error = FieldErrors;

    fn try_from(req: pb::UpdateStaffRequest) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let id = collect(&mut errs, required_id("id", req.id).map(StaffId));
        let staff = collect(&mut errs, new_staff("staff", req.staff));
        match (id, staff) {
            (Some(id), Some(staff)) => Ok((id, staff)),
            _ => Err(errs),
        }
    }
}

impl TryFrom<pb::GetStaffRequest> for StaffId {
    type Error = FieldErrors;

    fn try_from(req: pb::GetStaffRequest) -> Result<Self, FieldErrors> {
        required_id("id", req.id).map(StaffId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::{err, nurse};

    /// The input a client would send to recreate `staff` as it reads back.
    fn input_of(staff: &pb::Staff) -> pb::StaffInput {
        pb::StaffInput {
            org_id: staff.org_id,
            employee_number: staff.employee_number.clone(),
            name: staff.name.clone(),
            staff_group: staff.staff_group,
            band: staff.band,
            registration: staff.registration.clone(),
            network_ids: staff.network_ids.clone(),
        }
    }

    fn create(input: pb::StaffInput) -> Result<NewStaff, FieldErrors> {
        NewStaff::try_from(pb::CreateStaffRequest { staff: Some(input) })
    }

    #[test]
    fn staff_round_trips_through_a_create_request() {
        let staff = nurse();
        let wire = pb::Staff::from(&staff);
        assert_eq!(wire.band, 5);
        assert_eq!(
            wire.registration.as_ref().map(|r| r.expires_on.as_str()),
            Some("2027-03-01")
        );
        let new = create(input_of(&wire)).unwrap();
        assert_eq!(
            new,
            NewStaff {
                org: staff.org,
                employee_number: staff.employee_number,
                name: staff.name,
                staff_group: staff.staff_group,
                band: staff.band,
                registration: staff.registration,
                networks: staff.networks,
            }
        );
    }

    #[test]
    fn unregistered_staff_round_trip_without_a_registration() {
        let mut staff = nurse();
        staff.registration = None;
        let wire = pb::Staff::from(&staff);
        assert_eq!(wire.registration, None);
        assert_eq!(create(input_of(&wire)).unwrap().registration, None);
    }

    #[test]
    fn band_out_of_range_is_named() {
        let wire = pb::Staff::from(nurse());
        for band in [10, -1, i32::MAX, i32::MIN] {
            let mut input = input_of(&wire);
            input.band = band;
            assert_eq!(err(create(input)), "staff.band: must be 0..9", "{band}");
        }
    }

    #[test]
    fn each_bad_field_is_reported_once_with_the_wire_name() {
        let wire = pb::Staff::from(nurse());
        let mut input = input_of(&wire);
        input.org_id = 0;
        input.staff_group = 0;
        input.network_ids = vec![3, -1];
        input.registration = Some(pb::Registration {
            body: 17,
            number: "12A3456E".into(),
            expires_on: "01/03/2027".into(),
        });
        assert_eq!(
            err(create(input)),
            "staff.org_id: required; staff.staff_group: required; \
             staff.network_ids[1]: must be positive; staff.registration.body: unknown value 17; \
             staff.registration.expires_on: not a date (expected YYYY-MM-DD)"
        );
    }

    #[test]
    fn domain_rules_still_apply_with_scoped_paths() {
        let wire = pb::Staff::from(nurse());
        let mut input = input_of(&wire);
        input.name = String::new();
        input.registration = Some(pb::Registration {
            body: pb::RegulatoryBody::Nmc as i32,
            number: String::new(),
            expires_on: String::new(),
        });
        assert_eq!(
            err(create(input)),
            "staff.name: required; staff.registration.number: required; \
             staff.registration.expires_on: required"
        );
        assert_eq!(
            err(NewStaff::try_from(pb::CreateStaffRequest { staff: None })),
            "staff: required"
        );
    }

    #[test]
    fn update_and_get_need_an_id() {
        let wire = pb::Staff::from(nurse());
        let (id, _) = <(StaffId, NewStaff)>::try_from(pb::UpdateStaffRequest {
            id: 10,
            staff: Some(input_of(&wire)),
        })
        .unwrap();
        assert_eq!(id, StaffId(10));
        assert_eq!(
            err(<(StaffId, NewStaff)>::try_from(pb::UpdateStaffRequest {
                id: -10,
                staff: Some(input_of(&wire)),
            })),
            "id: must be positive"
        );
        assert_eq!(
            err(StaffId::try_from(pb::GetStaffRequest { id: 0 })),
            "id: required"
        );
    }
}
