//! Requirement profiles: domain profiles to the wire, and `DefineProfile`/`GetProfile`
//! requests to commands.

use crossrota_domain::FieldErrors;
use crossrota_domain::commands::DefineProfile;
use crossrota_domain::ids::ProfileId;
use crossrota_domain::profile::{Requirement, RequirementProfile};

use crate::convert::fields::required_message;
use crate::convert::ids::required_id;
use crate::crossrota::v1 as pb;

impl From<&Requirement> for pb::Requirement {
    fn from(r: &Requirement) -> Self {
        Self {
            code: r.code.as_str().to_owned(),
            level: i32::from(r.min_level),
        }
    }
}

impl From<&RequirementProfile> for pb::RequirementProfile {
    fn from(p: &RequirementProfile) -> Self {
        Self {
            id: p.id.0,
            org_id: p.org.0,
            name: p.name.clone(),
            service: p.service.clone(),
            requirements: p.requirements.iter().map(pb::Requirement::from).collect(),
        }
    }
}

from_owned!(RequirementProfile => pb::RequirementProfile);

impl TryFrom<pb::DefineProfileRequest> for DefineProfile {
    type Error = FieldErrors;

    /// Only `profile: required` here. The service validates the rest with
    /// `NewProfile::parse` and scopes its errors under `profile`, which gives paths such as
    /// `profile.requirements[2].level` that match the wire fields.
    fn try_from(req: pb::DefineProfileRequest) -> Result<Self, FieldErrors> {
        let input = required_message("profile", req.profile)?;
        Ok(Self {
            name: input.name,
            service: input.service,
            requirements: input
                .requirements
                .into_iter()
                .map(|r| (r.code, i64::from(r.level)))
                .collect(),
        })
    }
}

impl TryFrom<pb::GetProfileRequest> for ProfileId {
    type Error = FieldErrors;

    fn try_from(req: pb::GetProfileRequest) -> Result<Self, FieldErrors> {
        required_id("id", req.id).map(ProfileId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;
    use crossrota_domain::catalogue::{Catalogue, seed_catalogue};
    use crossrota_domain::ids::OrgId;
    use crossrota_domain::profile::NewProfile;

    #[test]
    fn profile_round_trips_through_define_and_the_domain_parser() {
        let catalogue = Catalogue::new(seed_catalogue(), vec![]);
        let new = NewProfile::parse(
            OrgId(2),
            "HASU band 5",
            "stroke HASU",
            &[("CSTF-RES".into(), 2), ("STROKE-NIHSS".into(), 1)],
            &catalogue,
        )
        .unwrap();
        let profile = RequirementProfile {
            id: ProfileId(5),
            org: new.org,
            name: new.name.clone(),
            service: new.service.clone(),
            requirements: new.requirements.clone(),
        };
        let wire = pb::RequirementProfile::from(&profile);
        let cmd = DefineProfile::try_from(pb::DefineProfileRequest {
            profile: Some(pb::ProfileInput {
                name: wire.name,
                service: wire.service,
                requirements: wire.requirements,
            }),
        })
        .unwrap();
        let reparsed = NewProfile::parse(
            OrgId(2),
            &cmd.name,
            &cmd.service,
            &cmd.requirements,
            &catalogue,
        )
        .unwrap();
        assert_eq!(reparsed, new);
    }

    #[test]
    fn define_and_get_errors() {
        assert_eq!(
            err(DefineProfile::try_from(pb::DefineProfileRequest {
                profile: None
            })),
            "profile: required"
        );
        assert_eq!(
            err(ProfileId::try_from(pb::GetProfileRequest { id: -1 })),
            "id: must be positive"
        );
    }
}
