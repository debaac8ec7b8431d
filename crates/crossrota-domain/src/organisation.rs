//! Organisations (NHS trusts, identified by their ODS code) and networks of organisations.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::FieldErrors;
use crate::ids::{NetworkId, OrgId};

/// An NHS Organisation Data Service code, e.g. `RWF` for Maidstone and Tunbridge Wells.
///
/// Three to five upper-case letters or digits; parsing upper-cases the input.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OdsCode(String);

impl OdsCode {
    /// Parses an ODS code; the error describes the problem (no field path).
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_uppercase();
        if !(3..=5).contains(&s.len()) {
            return Err("must be 3 to 5 characters".into());
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err("must be letters and digits only".into());
        }
        Ok(Self(s))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OdsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A member trust (or other provider) of the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Database identity.
    pub id: OrgId,
    /// ODS code, unique.
    pub code: OdsCode,
    /// Full name, e.g. "Maidstone and Tunbridge Wells NHS Trust".
    pub name: String,
}

/// What to create or update for an organisation (no id yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    /// ODS code, unique.
    pub code: OdsCode,
    /// Full name.
    pub name: String,
}

impl NewOrganisation {
    /// Validates raw input; field paths are relative (`code`, `name`).
    pub fn parse(code: &str, name: &str) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let code = OdsCode::parse(code).map_err(|e| errs.push("code", e)).ok();
        let name = name.trim();
        if name.is_empty() {
            errs.push("name", "required");
        } else if name.len() > 200 {
            errs.push("name", "longer than 200 characters");
        }
        match code {
            Some(code) if errs.is_empty() => Ok(Self {
                code,
                name: name.to_owned(),
            }),
            _ => Err(errs),
        }
    }
}

/// What kind of collaboration a network is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NetworkKind {
    /// A collaborative staff bank shared by member trusts.
    CollaborativeBank,
    /// A clinical network, e.g. a stroke or pathology network.
    ClinicalNetwork,
}

impl NetworkKind {
    /// Stable text form used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CollaborativeBank => "collaborative_bank",
            Self::ClinicalNetwork => "clinical_network",
        }
    }

    /// Inverse of [`NetworkKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "collaborative_bank" => Some(Self::CollaborativeBank),
            "clinical_network" => Some(Self::ClinicalNetwork),
            _ => None,
        }
    }
}

/// A network of organisations that share staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    /// Database identity.
    pub id: NetworkId,
    /// Name, unique, e.g. "Kent and Medway stroke network".
    pub name: String,
    /// Bank or clinical network.
    pub kind: NetworkKind,
    /// Member organisations, sorted by id.
    pub members: Vec<OrgId>,
}

/// What to create or update for a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNetwork {
    /// Name, unique.
    pub name: String,
    /// Bank or clinical network.
    pub kind: NetworkKind,
    /// Member organisations; duplicates removed, sorted.
    pub members: Vec<OrgId>,
}

impl NewNetwork {
    /// Validates raw input; field paths are relative (`name`, `members`).
    pub fn parse(name: &str, kind: NetworkKind, members: Vec<OrgId>) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let name = name.trim();
        if name.is_empty() {
            errs.push("name", "required");
        } else if name.len() > 200 {
            errs.push("name", "longer than 200 characters");
        }
        let mut members = members;
        members.sort();
        members.dedup();
        if members.is_empty() {
            errs.push("members", "at least one member organisation is required");
        }
        errs.into_result(Self {
            name: name.to_owned(),
            kind,
            members,
        })
    }
}
