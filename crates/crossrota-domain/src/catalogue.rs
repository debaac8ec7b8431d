//! The credential catalogue: what can be recorded in a passport, at which levels, and how long
//! each level stays valid by default. Organisations may override a validity for themselves.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::FieldErrors;
use crate::ids::OrgId;

/// A catalogue code such as `CSTF-FS` (fire safety) or `STROKE-NIHSS`.
///
/// Upper-case letters, digits and `-`, 2..40 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CredentialCode(String);

impl CredentialCode {
    /// Parses a code, upper-casing it.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_uppercase();
        if !(2..=40).contains(&s.len()) {
            return Err("must be 2 to 40 characters".into());
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err("must be letters, digits, '-' or '_'".into());
        }
        Ok(Self(s))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for Core Skills Training Framework subjects (`CSTF-` prefix).
    pub fn is_cstf(&self) -> bool {
        self.0.starts_with("CSTF-")
    }
}

impl fmt::Display for CredentialCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What sort of fact a credential is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CredentialKind {
    /// Statutory and mandatory training (CSTF subjects).
    Training,
    /// A clinical competency, e.g. NIHSS assessment or blood transfusion.
    Competency,
    /// Professional registration (GMC, NMC, HCPC).
    Registration,
    /// An employment check, e.g. DBS or right to work.
    EmploymentCheck,
}

impl CredentialKind {
    /// Every kind.
    pub const ALL: [CredentialKind; 4] = [
        Self::Training,
        Self::Competency,
        Self::Registration,
        Self::EmploymentCheck,
    ];

    /// Stable text form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Training => "training",
            Self::Competency => "competency",
            Self::Registration => "registration",
            Self::EmploymentCheck => "employment_check",
        }
    }

    /// Inverse of [`CredentialKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How long a level stays valid after it is achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Validity {
    /// Valid for this many calendar months (a refresher is due after).
    Months(u32),
    /// Achieved once, never expires (e.g. resuscitation level 1 at induction).
    Indefinite,
}

impl Validity {
    /// From the catalogue convention: 0 months means once only.
    pub fn from_months(months: u32) -> Self {
        if months == 0 {
            Self::Indefinite
        } else {
            Self::Months(months)
        }
    }

    /// Back to the catalogue convention (0 = indefinite).
    pub fn as_months(self) -> u32 {
        match self {
            Self::Months(m) => m,
            Self::Indefinite => 0,
        }
    }
}

/// One level of a credential with its default validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelValidity {
    /// Level, 1..=3.
    pub level: u8,
    /// Default validity of that level.
    pub validity: Validity,
}

/// Highest level any credential can have.
pub const MAX_LEVEL: u8 = 3;

/// A catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialDef {
    /// Unique code.
    pub code: CredentialCode,
    /// Human name, e.g. "Fire safety".
    pub name: String,
    /// Training, competency, registration or employment check.
    pub kind: CredentialKind,
    /// The levels that exist, sorted by level, each with its default validity.
    pub levels: Vec<LevelValidity>,
}

impl CredentialDef {
    /// Validates a catalogue entry (levels 1..=3, unique, sorted on return).
    pub fn parse(
        code: &str,
        name: &str,
        kind: CredentialKind,
        mut levels: Vec<LevelValidity>,
    ) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let code = CredentialCode::parse(code)
            .map_err(|e| errs.push("code", e))
            .ok();
        if name.trim().is_empty() {
            errs.push("name", "required");
        }
        if levels.is_empty() {
            errs.push("levels", "at least one level is required");
        }
        for (i, l) in levels.iter().enumerate() {
            if !(1..=MAX_LEVEL).contains(&l.level) {
                errs.push(format!("levels[{i}].level"), "must be 1..3");
            }
        }
        levels.sort_by_key(|l| l.level);
        if levels.windows(2).any(|w| w[0].level == w[1].level) {
            errs.push("levels", "duplicate level");
        }
        match code {
            Some(code) if errs.is_empty() => Ok(Self {
                code,
                name: name.trim().to_owned(),
                kind,
                levels,
            }),
            _ => Err(errs),
        }
    }

    /// The default validity of `level`, if that level exists.
    pub fn default_validity(&self, level: u8) -> Option<Validity> {
        self.levels
            .iter()
            .find(|l| l.level == level)
            .map(|l| l.validity)
    }

    /// True when `level` is one of this credential's levels.
    pub fn has_level(&self, level: u8) -> bool {
        self.levels.iter().any(|l| l.level == level)
    }
}

/// An organisation's own validity for one credential level, replacing the catalogue default
/// for facts that organisation verifies or issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidityOverride {
    /// The organisation that set it.
    pub org: OrgId,
    /// Credential.
    pub code: CredentialCode,
    /// Level.
    pub level: u8,
    /// The validity that organisation applies.
    pub validity: Validity,
}

/// The catalogue together with overrides: answers "how long is this level valid for this org".
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    defs: Vec<CredentialDef>,
    overrides: Vec<ValidityOverride>,
}

impl Catalogue {
    /// Builds a catalogue from definitions and overrides.
    pub fn new(defs: Vec<CredentialDef>, overrides: Vec<ValidityOverride>) -> Self {
        Self { defs, overrides }
    }

    /// Looks a credential up by code.
    pub fn get(&self, code: &CredentialCode) -> Option<&CredentialDef> {
        self.defs.iter().find(|d| &d.code == code)
    }

    /// Every definition.
    pub fn defs(&self) -> &[CredentialDef] {
        &self.defs
    }

    /// The validity `org` applies to `code` at `level`: its override, else the default.
    pub fn validity_for(&self, org: OrgId, code: &CredentialCode, level: u8) -> Option<Validity> {
        self.overrides
            .iter()
            .find(|o| o.org == org && &o.code == code && o.level == level)
            .map(|o| o.validity)
            .or_else(|| self.get(code).and_then(|d| d.default_validity(level)))
    }
}

/// Errors reading the seed catalogue CSV.
#[derive(Debug, thiserror::Error)]
#[error("seed catalogue line {line}: {message}")]
pub struct SeedError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses the seed catalogue format shipped in `data/catalogue.csv`:
/// `code,name,kind,level,validity_months` with `#` comments; rows of one code are merged.
pub fn parse_seed_catalogue(text: &str) -> Result<Vec<CredentialDef>, SeedError> {
    let mut defs: Vec<CredentialDef> = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields = split_csv_line(trimmed);
        if !header_seen {
            header_seen = true;
            if fields.first().map(String::as_str) == Some("code") {
                continue;
            }
        }
        let err = |message: String| SeedError { line, message };
        let [code, name, kind, level, months] = fields.as_slice() else {
            return Err(err(format!("expected 5 fields, found {}", fields.len())));
        };
        let kind =
            CredentialKind::parse(kind).ok_or_else(|| err(format!("unknown kind {kind:?}")))?;
        let level: u8 = level
            .parse()
            .map_err(|_| err(format!("bad level {level:?}")))?;
        let months: u32 = months
            .parse()
            .map_err(|_| err(format!("bad validity_months {months:?}")))?;
        let lv = LevelValidity {
            level,
            validity: Validity::from_months(months),
        };
        let code_parsed = CredentialCode::parse(code).map_err(err)?;
        if let Some(def) = defs.iter_mut().find(|d| d.code == code_parsed) {
            let mut levels = def.levels.clone();
            levels.push(lv);
            *def = CredentialDef::parse(code, &def.name, def.kind, levels)
                .map_err(|e| err(e.to_string()))?;
        } else {
            defs.push(
                CredentialDef::parse(code, name, kind, vec![lv]).map_err(|e| err(e.to_string()))?,
            );
        }
    }
    Ok(defs)
}

/// Splits one CSV line, honouring double quotes (enough for the seed files).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur).trim().to_owned()),
            _ => cur.push(c),
        }
    }
    out.push(cur.trim().to_owned());
    out
}

/// The catalogue that ships with crossrota: CSTF subjects plus stroke and pathology competencies,
/// registrations and employment checks.
pub fn seed_catalogue() -> Vec<CredentialDef> {
    parse_seed_catalogue(SEED_CATALOGUE_CSV).expect("shipped seed catalogue is valid")
}

/// The shipped seed catalogue text.
pub const SEED_CATALOGUE_CSV: &str = include_str!("../../../data/catalogue.csv");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_catalogue_has_cstf_levels_and_competencies() {
        let defs = seed_catalogue();
        let res = defs.iter().find(|d| d.code.as_str() == "CSTF-RES").unwrap();
        assert_eq!(res.levels.len(), 3);
        assert_eq!(res.default_validity(1), Some(Validity::Indefinite));
        assert_eq!(res.default_validity(3), Some(Validity::Months(12)));
        assert!(defs.iter().any(|d| d.code.as_str() == "STROKE-NIHSS"));
        assert!(defs.iter().any(|d| d.code.as_str() == "PATH-TRANSFUSION"));
        assert!(defs.iter().any(|d| d.kind == CredentialKind::Registration));
    }

    #[test]
    fn override_wins_over_default() {
        let defs = seed_catalogue();
        let code = CredentialCode::parse("CSTF-FS").unwrap();
        let cat = Catalogue::new(
            defs,
            vec![ValidityOverride {
                org: OrgId(7),
                code: code.clone(),
                level: 1,
                validity: Validity::Months(24),
            }],
        );
        assert_eq!(
            cat.validity_for(OrgId(7), &code, 1),
            Some(Validity::Months(24))
        );
        assert_eq!(
            cat.validity_for(OrgId(8), &code, 1),
            Some(Validity::Months(12))
        );
    }

    #[test]
    fn bad_seed_line_is_reported_with_its_number() {
        let err =
            parse_seed_catalogue("code,name,kind,level,validity_months\nX1,Thing,training,9,12\n")
                .unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("levels[0].level"), "{}", err.message);
    }
}
