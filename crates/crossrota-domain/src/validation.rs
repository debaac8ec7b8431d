//! Field-path validation errors shared by every constructor that parses outside input.
//!
//! A `FieldError` names the offending field with a dotted path (`profile.requirements[2].level`)
//! so that the edge can report it as a `google.rpc.BadRequest` field violation.

use std::fmt;

/// One bad field: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `credential.achieved_on`.
    pub field: String,
    /// Lower-case description without trailing period, e.g. `in the future`.
    pub description: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            description: description.into(),
        }
    }

    /// Prefixes the field path with a parent, e.g. `level` becomes `requirements[2].level`.
    pub fn scoped(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.description)
    }
}

/// All bad fields of one request; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one bad field.
    pub fn push(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push(FieldError::new(field, description));
    }

    /// Records every error of a nested value under `parent`.
    pub fn extend_scoped(&mut self, parent: &str, other: FieldErrors) {
        self.0.extend(other.0.into_iter().map(|e| e.scoped(parent)));
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, else the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// A single-field error.
    pub fn single(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self(vec![FieldError::new(field, description)])
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}
