//! Matching what the server stores with what the demo generated: the server knows a person by
//! staff id, the region by organisation and employee number.

use std::collections::HashMap;

use crossrota_proto::crossrota::v1 as pb;

use super::region::{DemoStaff, Region};
use super::seed::Seeded;
use crate::client::{Client, status_error};

/// The region's people by their stored identity (organisation id and employee number).
pub(super) struct People<'a>(HashMap<(i64, &'a str), &'a DemoStaff>);

impl<'a> People<'a> {
    pub(super) fn new(region: &'a Region, seeded: &Seeded) -> Self {
        Self(
            region
                .staff
                .iter()
                .filter_map(|s| {
                    let org = seeded.orgs.get(s.org_code)?;
                    Some(((org.0, s.employee_number.as_str()), s))
                })
                .collect(),
        )
    }

    /// Who the demo made a stored person.
    pub(super) fn get(&self, staff: &pb::Staff) -> Option<&'a DemoStaff> {
        self.0
            .get(&(staff.org_id, staff.employee_number.as_str()))
            .copied()
    }
}

/// Every member of staff of `org_id` the client's organisation may see, page by page; `None`
/// when it may see none of them (the trusts share no network).
pub(super) async fn list_staff(
    client: &mut Client,
    org_id: i64,
) -> anyhow::Result<Option<Vec<pb::Staff>>> {
    let mut staff = Vec::new();
    let mut token = String::new();
    loop {
        let resp = client
            .list_staff(pb::ListStaffRequest {
                org_id,
                page_size: 1000,
                page_token: token.clone(),
            })
            .await;
        let resp = match resp {
            Ok(r) => r.into_inner(),
            Err(s) if s.code() == tonic::Code::PermissionDenied => return Ok(None),
            Err(s) => return Err(status_error(s)),
        };
        staff.extend(resp.staff);
        if resp.next_page_token.is_empty() {
            return Ok(Some(staff));
        }
        token = resp.next_page_token;
    }
}
