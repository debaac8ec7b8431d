//! Organisations and networks: domain values to the wire, and create/update/get requests to
//! validated domain input.

use crossrota_domain::FieldErrors;
use crossrota_domain::ids::{NetworkId, OrgId};
use crossrota_domain::organisation::{Network, Organisation};
use crossrota_domain::organisation::{NetworkKind, NewNetwork, NewOrganisation, OdsCode};

use crate::convert::enums::network_kind;
use crate::convert::fields::{collect, merge_preferring_own, rename_fields, required_message};
use crate::convert::ids::{id_list, required_id};
use crate::crossrota::v1 as pb;

impl From<&Organisation> for pb::Organisation {
    fn from(org: &Organisation) -> Self {
        Self {
            id: org.id.0,
            code: org.code.as_str().to_owned(),
            name: org.name.clone(),
        }
    }
}

impl From<&Network> for pb::Network {
    fn from(network: &Network) -> Self {
        Self {
            id: network.id.0,
            name: network.name.clone(),
            kind: pb::NetworkKind::from(network.kind) as i32,
            member_org_ids: network.members.iter().map(|o| o.0).collect(),
        }
    }
}

from_owned!(Organisation => pb::Organisation, Network => pb::Network);

/// Validates an `organisation` field; paths are rooted at `path` (`organisation.code`).
fn new_organisation(
    path: &str,
    input: Option<pb::OrganisationInput>,
) -> Result<NewOrganisation, FieldErrors> {
    let input = required_message(path, input)?;
    NewOrganisation::parse(&input.code, &input.name).map_err(|e| {
        let mut scoped = FieldErrors::new();
        scoped.extend_scoped(path, e);
        scoped
    })
}

impl TryFrom<pb::CreateOrganisationRequest> for NewOrganisation {
    type Error = FieldErrors;

    fn try_from(req: pb::CreateOrganisationRequest) -> Result<Self, FieldErrors> {
        new_organisation("organisation", req.organisation)
    }
}

impl TryFrom<pb::UpdateOrganisationRequest> for (OrgId, NewOrganisation) {
    type Error = FieldErrors;

    fn try_from(req: pb::UpdateOrganisationRequest) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let id = collect(&mut errs, required_id("id", req.id).map(OrgId));
        let org = collect(
            &mut errs,
            new_organisation("organisation", req.organisation),
        );
        match (id, org) {
            (Some(id), Some(org)) => Ok((id, org)),
            _ => Err(errs),
        }
    }
}

/// How `GetOrganisation` names the organisation it wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrganisationLookup {
    /// By database identity.
    Id(OrgId),
    /// By ODS code (already upper-cased).
    Code(OdsCode),
}

impl TryFrom<pb::GetOrganisationRequest> for OrganisationLookup {
    type Error = FieldErrors;

    /// Errors: `id: id or code is required`, `id: must be positive`, `code: ...`.
    fn try_from(req: pb::GetOrganisationRequest) -> Result<Self, FieldErrors> {
        use pb::get_organisation_request::Lookup;
        match req.lookup {
            None => Err(FieldErrors::single("id", "id or code is required")),
            Some(Lookup::Id(raw)) => required_id("id", raw).map(|id| Self::Id(OrgId(id))),
            Some(Lookup::Code(code)) => OdsCode::parse(&code)
                .map(Self::Code)
                .map_err(|e| FieldErrors::single("code", e)),
        }
    }
}

/// Validates a `network` field; paths are rooted at `path` (`network.kind`,
/// `network.member_org_ids[1]`).
fn new_network(path: &str, input: Option<pb::NetworkInput>) -> Result<NewNetwork, FieldErrors> {
    let input = required_message(path, input)?;
    let mut errs = FieldErrors::new();
    let kind = collect(&mut errs, network_kind("kind", input.kind));
    let members = collect(
        &mut errs,
        id_list("member_org_ids", &input.member_org_ids, OrgId),
    );
    // Run the domain checks even when the kind is bad, so every bad field is reported at once;
    // the stand-in kind is never returned.
    let parsed = NewNetwork::parse(
        &input.name,
        kind.unwrap_or(NetworkKind::CollaborativeBank),
        members.unwrap_or_default(),
    );
    let network = match parsed {
        Ok(network) => Some(network),
        Err(e) => {
            merge_preferring_own(
                &mut errs,
                rename_fields(e, &[("members", "member_org_ids")]),
            );
            None
        }
    };
    match network {
        Some(network) if errs.is_empty() => Ok(network),
        _ => {
            let mut scoped = FieldErrors::new();
            scoped.extend_scoped(path, errs);
            Err(scoped)
        }
    }
}

impl TryFrom<pb::CreateNetworkRequest> for NewNetwork {
    type Error = FieldErrors;

    fn try_from(req: pb::CreateNetworkRequest) -> Result<Self, FieldErrors> {
        new_network("network", req.network)
    }
}

impl TryFrom<pb::UpdateNetworkRequest> for (NetworkId, NewNetwork) {
    type Error = FieldErrors;

    fn try_from(req: pb::UpdateNetworkRequest) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let id = collect(&mut errs, required_id("id", req.id).map(NetworkId));
        let network = collect(&mut errs, new_network("network", req.network));
        match (id, network) {
            (Some(id), Some(network)) => Ok((id, network)),
            _ => Err(errs),
        }
    }
}

impl TryFrom<pb::GetNetworkRequest> for NetworkId {
    type Error = FieldErrors;

    fn try_from(req: pb::GetNetworkRequest) -> Result<Self, FieldErrors> {
        required_id("id", req.id).map(NetworkId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;

    fn mtw() -> Organisation {
        Organisation {
            id: OrgId(4),
            code: OdsCode::parse("RWF").unwrap(),
            name: "Maidstone and Tunbridge Wells NHS Trust".into(),
        }
    }

    #[test]
    fn organisation_round_trips_through_a_create_request() {
        let wire = pb::Organisation::from(mtw());
        assert_eq!(wire.id, 4);
        assert_eq!(wire.code, "RWF");
        let req = pb::CreateOrganisationRequest {
            organisation: Some(pb::OrganisationInput {
                code: wire.code.to_lowercase(),
                name: wire.name.clone(),
            }),
        };
        let new = NewOrganisation::try_from(req).unwrap();
        assert_eq!(new.code, mtw().code);
        assert_eq!(new.name, mtw().name);
    }

    #[test]
    fn organisation_errors_name_the_request_fields() {
        assert_eq!(
            err(NewOrganisation::try_from(pb::CreateOrganisationRequest {
                organisation: None
            })),
            "organisation: required"
        );
        assert_eq!(
            err(NewOrganisation::try_from(pb::CreateOrganisationRequest {
                organisation: Some(pb::OrganisationInput {
                    code: "R!".into(),
                    name: " ".into(),
                }),
            })),
            "organisation.code: must be 3 to 5 characters; organisation.name: required"
        );
        assert_eq!(
            err(<(OrgId, NewOrganisation)>::try_from(
                pb::UpdateOrganisationRequest {
                    id: 0,
                    organisation: None,
                }
            )),
            "id: required; organisation: required"
        );
    }

    #[test]
    fn lookup_by_id_or_code() {
        use pb::get_organisation_request::Lookup;
        let get = |lookup| OrganisationLookup::try_from(pb::GetOrganisationRequest { lookup });
        assert_eq!(
            get(Some(Lookup::Id(4))),
            Ok(OrganisationLookup::Id(OrgId(4)))
        );
        assert_eq!(
            get(Some(Lookup::Code("rwf".into()))),
            Ok(OrganisationLookup::Code(OdsCode::parse("RWF").unwrap()))
        );
        assert_eq!(err(get(None)), "id: id or code is required");
        assert_eq!(err(get(Some(Lookup::Id(-1)))), "id: must be positive");
        assert_eq!(
            err(get(Some(Lookup::Code(String::new())))),
            "code: must be 3 to 5 characters"
        );
    }

    #[test]
    fn network_round_trips_through_an_update_request() {
        let network = Network {
            id: NetworkId(2),
            name: "Kent and Medway stroke network".into(),
            kind: NetworkKind::ClinicalNetwork,
            members: vec![OrgId(1), OrgId(4)],
        };
        let wire = pb::Network::from(&network);
        let req = pb::UpdateNetworkRequest {
            id: wire.id,
            network: Some(pb::NetworkInput {
                name: wire.name.clone(),
                kind: wire.kind,
                member_org_ids: wire.member_org_ids.iter().rev().copied().collect(),
            }),
        };
        let (id, new) = <(NetworkId, NewNetwork)>::try_from(req).unwrap();
        assert_eq!(id, network.id);
        assert_eq!(new.name, network.name);
        assert_eq!(new.kind, network.kind);
        assert_eq!(new.members, network.members);
    }

    #[test]
    fn network_errors_name_the_request_fields() {
        let create = |name: &str, kind: i32, members: Vec<i64>| {
            NewNetwork::try_from(pb::CreateNetworkRequest {
                network: Some(pb::NetworkInput {
                    name: name.into(),
                    kind,
                    member_org_ids: members,
                }),
            })
        };
        assert_eq!(err(create("Bank", 0, vec![1])), "network.kind: required");
        assert_eq!(
            err(create("Bank", 42, vec![1, 0])),
            "network.kind: unknown value 42; network.member_org_ids[1]: required"
        );
        assert_eq!(
            err(create("", 1, vec![])),
            "network.name: required; network.member_org_ids: at least one member organisation is required"
        );
        assert_eq!(
            err(NetworkId::try_from(pb::GetNetworkRequest { id: 0 })),
            "id: required"
        );
    }
}
