//! Credential facts: the append-only history behind a passport.
//!
//! A fact is never changed. A correction is a new fact that supersedes an old one; a
//! revocation is a new fact that withdraws an old one. The current passport is what remains
//! after applying every supersession, and the full history stays readable.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldErrors;
use crate::catalogue::{Catalogue, CredentialCode, Validity};
use crate::dates::add_months;
use crate::ids::{FactId, OrgId, StaffId};

/// Whether a fact asserts a credential or withdraws one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactAction {
    /// The person holds the credential (a first record, or a correction of `supersedes`).
    Record,
    /// The fact named in `supersedes` is withdrawn, for the reason given.
    Revoke {
        /// Why it was revoked, e.g. "certificate found to be forged".
        reason: String,
    },
}

/// One immutable entry in a person's passport history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialFact {
    /// Database identity; increases with recording order.
    pub id: FactId,
    /// Whose passport.
    pub staff: StaffId,
    /// Which credential.
    pub code: CredentialCode,
    /// Level achieved (1..=3).
    pub level: u8,
    /// Date achieved (course completed, competency signed off).
    pub achieved_on: NaiveDate,
    /// Expiry: given by the issuer or derived from the validity that applies; `None` = never.
    pub expires_on: Option<NaiveDate>,
    /// The organisation that vouches for the fact.
    pub issuer: OrgId,
    /// Where the evidence lives (certificate id, e-learning completion id).
    pub evidence_ref: String,
    /// Who recorded it (the API key's label or the importing user).
    pub recorded_by: String,
    /// When it was recorded (server clock, stamped at the edge).
    pub recorded_at: DateTime<Utc>,
    /// The earlier fact this one corrects or revokes.
    pub supersedes: Option<FactId>,
    /// Record or revoke.
    pub action: FactAction,
}

/// A validated request to record (or correct) a fact; the store assigns id and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFact {
    /// Whose passport.
    pub staff: StaffId,
    /// Which credential.
    pub code: CredentialCode,
    /// Level achieved.
    pub level: u8,
    /// Date achieved.
    pub achieved_on: NaiveDate,
    /// Expiry, already derived when the request did not give one.
    pub expires_on: Option<NaiveDate>,
    /// Issuing organisation.
    pub issuer: OrgId,
    /// Evidence reference.
    pub evidence_ref: String,
    /// Who records it.
    pub recorded_by: String,
    /// The fact it corrects, if any.
    pub supersedes: Option<FactId>,
    /// Record or revoke.
    pub action: FactAction,
}

/// Raw input for recording a fact.
#[derive(Debug, Clone)]
pub struct FactInput<'a> {
    /// Whose passport.
    pub staff: StaffId,
    /// Credential code text.
    pub code: &'a str,
    /// Level.
    pub level: i64,
    /// Date achieved.
    pub achieved_on: Option<NaiveDate>,
    /// Explicit expiry, if the issuer gives one.
    pub expires_on: Option<NaiveDate>,
    /// Issuing organisation.
    pub issuer: OrgId,
    /// Evidence reference.
    pub evidence_ref: &'a str,
    /// Who records it.
    pub recorded_by: &'a str,
    /// Fact being corrected.
    pub supersedes: Option<FactId>,
}

impl NewFact {
    /// Validates a record against the catalogue, deriving the expiry from the validity the
    /// issuer applies when none is given. `today` is the recording date (no clock inside).
    pub fn parse(
        input: FactInput<'_>,
        catalogue: &Catalogue,
        today: NaiveDate,
    ) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let code = CredentialCode::parse(input.code)
            .map_err(|e| errs.push("code", e))
            .ok();
        let def = code.as_ref().and_then(|c| {
            let d = catalogue.get(c);
            if d.is_none() {
                errs.push("code", format!("unknown credential {c}"));
            }
            d
        });
        let level = match u8::try_from(input.level) {
            Ok(l) if (1..=crate::catalogue::MAX_LEVEL).contains(&l) => {
                if let Some(d) = def
                    && !d.has_level(l)
                {
                    let known: Vec<String> = d.levels.iter().map(|l| l.level.to_string()).collect();
                    errs.push(
                        "level",
                        format!("{} has levels {}", d.code, known.join(", ")),
                    );
                }
                Some(l)
            }
            _ => {
                errs.push("level", "must be 1..3");
                None
            }
        };
        match input.achieved_on {
            None => errs.push("achieved_on", "required"),
            Some(d) if d > today => errs.push("achieved_on", "in the future"),
            Some(_) => {}
        }
        if let (Some(a), Some(e)) = (input.achieved_on, input.expires_on)
            && e <= a
        {
            errs.push("expires_on", "must be after achieved_on");
        }
        if input.evidence_ref.len() > 200 {
            errs.push("evidence_ref", "longer than 200 characters");
        }
        if input.recorded_by.trim().is_empty() {
            errs.push("recorded_by", "required");
        }
        let (Some(code), Some(level), Some(achieved_on)) = (code, level, input.achieved_on) else {
            return Err(errs);
        };
        if !errs.is_empty() {
            return Err(errs);
        }
        let expires_on = match input.expires_on {
            Some(e) => Some(e),
            None => match catalogue.validity_for(input.issuer, &code, level) {
                Some(Validity::Months(m)) => Some(add_months(achieved_on, m)),
                Some(Validity::Indefinite) | None => None,
            },
        };
        Ok(Self {
            staff: input.staff,
            code,
            level,
            achieved_on,
            expires_on,
            issuer: input.issuer,
            evidence_ref: input.evidence_ref.trim().to_owned(),
            recorded_by: input.recorded_by.trim().to_owned(),
            supersedes: input.supersedes,
            action: FactAction::Record,
        })
    }

    /// A revocation of `target` (which must already be known to be a live fact of `staff`).
    pub fn revocation(
        target: &CredentialFact,
        issuer: OrgId,
        reason: &str,
        recorded_by: &str,
    ) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        if reason.trim().is_empty() {
            errs.push("reason", "required");
        }
        if recorded_by.trim().is_empty() {
            errs.push("recorded_by", "required");
        }
        errs.into_result(Self {
            staff: target.staff,
            code: target.code.clone(),
            level: target.level,
            achieved_on: target.achieved_on,
            expires_on: target.expires_on,
            issuer,
            evidence_ref: String::new(),
            recorded_by: recorded_by.trim().to_owned(),
            supersedes: Some(target.id),
            action: FactAction::Revoke {
                reason: reason.trim().to_owned(),
            },
        })
    }
}

/// The state of one recorded fact after all later facts are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactState {
    /// Nothing supersedes it.
    Current,
    /// A later record corrected it.
    Superseded {
        /// The correcting fact.
        by: FactId,
    },
    /// A later revocation withdrew it.
    Revoked {
        /// The revoking fact.
        by: FactId,
        /// The reason given.
        reason: String,
    },
}

/// Splits a history into facts with their current state. Revocation entries themselves are
/// not credentials and are left out; ordering follows the input (by id).
pub fn resolve_history(history: &[CredentialFact]) -> Vec<(&CredentialFact, FactState)> {
    history
        .iter()
        .filter(|f| f.action == FactAction::Record)
        .map(|f| {
            let later = history
                .iter()
                .filter(|g| g.supersedes == Some(f.id))
                .max_by_key(|g| g.id);
            let state = match later {
                None => FactState::Current,
                Some(g) => match &g.action {
                    FactAction::Record => FactState::Superseded { by: g.id },
                    FactAction::Revoke { reason } => FactState::Revoked {
                        by: g.id,
                        reason: reason.clone(),
                    },
                },
            };
            (f, state)
        })
        .collect()
}

/// The facts that currently stand (not superseded, not revoked).
pub fn current_facts(history: &[CredentialFact]) -> Vec<&CredentialFact> {
    resolve_history(history)
        .into_iter()
        .filter(|(_, s)| *s == FactState::Current)
        .map(|(f, _)| f)
        .collect()
}
