//! The credential catalogue and validity overrides.

use crossrota_domain::FieldErrors;
use crossrota_domain::catalogue::{CredentialDef, LevelValidity, ValidityOverride};
use crossrota_domain::commands::SetValidityOverride;

use crate::convert::fields::{required_message, saturating_i32};
use crate::crossrota::v1 as pb;

impl From<&LevelValidity> for pb::CredentialLevel {
    fn from(level: &LevelValidity) -> Self {
        Self {
            level: i32::from(level.level),
            validity_months: saturating_i32(level.validity.as_months()),
        }
    }
}

impl From<&CredentialDef> for pb::CredentialDef {
    fn from(def: &CredentialDef) -> Self {
        Self {
            code: def.code.as_str().to_owned(),
            name: def.name.clone(),
            kind: pb::CredentialKind::from(def.kind) as i32,
            levels: def.levels.iter().map(pb::CredentialLevel::from).collect(),
        }
    }
}

impl From<&ValidityOverride> for pb::ValidityOverride {
    fn from(o: &ValidityOverride) -> Self {
        Self {
            org_id: o.org.0,
            code: o.code.as_str().to_owned(),
            level: i32::from(o.level),
            months: saturating_i32(o.validity.as_months()),
        }
    }
}

from_owned!(
    CredentialDef => pb::CredentialDef,
    ValidityOverride => pb::ValidityOverride,
);

impl TryFrom<pb::SetValidityOverrideRequest> for SetValidityOverride {
    type Error = FieldErrors;

    /// Only `override: required` here; the service checks code, level and months
    /// (paths `override.code`, `override.level`, `override.months`).
    fn try_from(req: pb::SetValidityOverrideRequest) -> Result<Self, FieldErrors> {
        let input = required_message("override", req.r#override)?;
        Ok(Self {
            code: input.code,
            level: i64::from(input.level),
            months: i64::from(input.months),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;
    use crossrota_domain::catalogue::{CredentialCode, Validity, seed_catalogue};
    use crossrota_domain::ids::OrgId;

    #[test]
    fn catalogue_entries_keep_their_levels_and_validities() {
        let defs = seed_catalogue();
        let res = defs.iter().find(|d| d.code.as_str() == "CSTF-RES").unwrap();
        let wire = pb::CredentialDef::from(res);
        assert_eq!(wire.kind, pb::CredentialKind::Training as i32);
        let levels: Vec<(i32, i32)> = wire
            .levels
            .iter()
            .map(|l| (l.level, l.validity_months))
            .collect();
        let expected: Vec<(i32, i32)> = res
            .levels
            .iter()
            .map(|l| {
                let months = match l.validity {
                    Validity::Indefinite => 0,
                    Validity::Months(m) => i32::try_from(m).unwrap(),
                };
                (i32::from(l.level), months)
            })
            .collect();
        assert_eq!(levels, expected);
        assert_eq!(
            levels.first().map(|l| l.1),
            Some(0),
            "level 1 never expires"
        );
    }

    #[test]
    fn override_round_trips_through_a_set_request() {
        let o = ValidityOverride {
            org: OrgId(3),
            code: CredentialCode::parse("CSTF-FS").unwrap(),
            level: 1,
            validity: Validity::Months(24),
        };
        let wire = pb::ValidityOverride::from(&o);
        assert_eq!((wire.org_id, wire.level, wire.months), (3, 1, 24));
        let cmd = SetValidityOverride::try_from(pb::SetValidityOverrideRequest {
            r#override: Some(pb::ValidityOverrideInput {
                code: wire.code,
                level: wire.level,
                months: wire.months,
            }),
        })
        .unwrap();
        assert_eq!(
            cmd,
            SetValidityOverride {
                code: "CSTF-FS".into(),
                level: 1,
                months: 24
            }
        );
        assert_eq!(
            err(SetValidityOverride::try_from(
                pb::SetValidityOverrideRequest { r#override: None }
            )),
            "override: required"
        );
    }
}
