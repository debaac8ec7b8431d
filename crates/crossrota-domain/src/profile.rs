//! Requirement profiles: what a role in a service needs, as an organisation states it.

use serde::{Deserialize, Serialize};

use crate::FieldErrors;
use crate::catalogue::{Catalogue, CredentialCode, MAX_LEVEL};
use crate::ids::{OrgId, ProfileId};

/// One credential a role needs, at a minimum level (a higher level satisfies a lower one).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Requirement {
    /// Credential.
    pub code: CredentialCode,
    /// Lowest acceptable level, 1..=3.
    pub min_level: u8,
}

/// A named set of requirements for a role, e.g. "MTW stroke HASU band 5 nurse".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementProfile {
    /// Database identity.
    pub id: ProfileId,
    /// Owning organisation.
    pub org: OrgId,
    /// Name, unique within the organisation.
    pub name: String,
    /// Service the role belongs to, e.g. "stroke HASU" or "blood sciences".
    pub service: String,
    /// What the role needs, one entry per credential.
    pub requirements: Vec<Requirement>,
}

/// A validated profile definition, before the store gives it an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProfile {
    /// Owning organisation.
    pub org: OrgId,
    /// Name.
    pub name: String,
    /// Service.
    pub service: String,
    /// Requirements.
    pub requirements: Vec<Requirement>,
}

impl NewProfile {
    /// Validates a definition against the catalogue. Field paths are relative
    /// (`name`, `requirements[2].level`).
    pub fn parse(
        org: OrgId,
        name: &str,
        service: &str,
        requirements: &[(String, i64)],
        catalogue: &Catalogue,
    ) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let name = name.trim();
        if name.is_empty() {
            errs.push("name", "required");
        } else if name.len() > 200 {
            errs.push("name", "longer than 200 characters");
        }
        if requirements.is_empty() {
            errs.push("requirements", "at least one requirement is required");
        }
        let mut out: Vec<Requirement> = Vec::new();
        for (i, (code, level)) in requirements.iter().enumerate() {
            let path = format!("requirements[{i}]");
            let code = match CredentialCode::parse(code) {
                Ok(c) => c,
                Err(e) => {
                    errs.push(format!("{path}.code"), e);
                    continue;
                }
            };
            let Some(def) = catalogue.get(&code) else {
                errs.push(format!("{path}.code"), format!("unknown credential {code}"));
                continue;
            };
            let level = match u8::try_from(*level) {
                Ok(l) if (1..=MAX_LEVEL).contains(&l) => l,
                _ => {
                    errs.push(format!("{path}.level"), "must be 1..3");
                    continue;
                }
            };
            if !def.levels.iter().any(|lv| lv.level >= level) {
                errs.push(
                    format!("{path}.level"),
                    format!("{code} has no level {level} or above"),
                );
                continue;
            }
            if out.iter().any(|r| r.code == code) {
                errs.push(format!("{path}.code"), format!("{code} listed twice"));
                continue;
            }
            out.push(Requirement {
                code,
                min_level: level,
            });
        }
        errs.into_result(Self {
            org,
            name: name.to_owned(),
            service: service.trim().to_owned(),
            requirements: out,
        })
    }
}
