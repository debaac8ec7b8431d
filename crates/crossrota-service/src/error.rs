//! The service's error type, classified once into a small, transport-free kind.

use crossrota_domain::FieldErrors;
use crossrota_store::{StoreError, StoreErrorKind};

/// What went wrong, in terms a transport can map to its own codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceErrorKind {
    /// The request is malformed; the message names the field.
    InvalidArgument,
    /// A referenced entity does not exist.
    NotFound,
    /// The entity to create exists already.
    AlreadyExists,
    /// No or unknown credentials.
    Unauthenticated,
    /// Known caller, not allowed.
    PermissionDenied,
    /// The request conflicts with the current state (e.g. a fact already superseded).
    Conflict,
    /// A quota is used up (e.g. an organisation's queued and running roster jobs); retry
    /// later.
    ResourceExhausted,
    /// The database cannot be reached.
    Unavailable,
    /// A bug or an unexpected failure.
    Internal,
}

/// An error returned by a use case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Bad fields, with their paths.
    #[error("invalid argument: {0}")]
    InvalidArgument(FieldErrors),
    /// Not allowed; the message says what rule refused it.
    #[error("permission denied: {0}")]
    PermissionDenied(String),
    /// Missing or unknown API key.
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),
    /// A referenced entity is missing (and it is not a field of the request).
    #[error("not found: {0}")]
    NotFound(String),
    /// A quota is used up; the message says which and what frees it.
    #[error("resource exhausted: {0}")]
    ResourceExhausted(String),
    /// The request is well formed but the state of things refuses it (a member not eligible,
    /// a booking that clashes, a transition not allowed from the current status); the message
    /// names the rule.
    #[error("failed precondition: {0}")]
    Precondition(String),
    /// From the store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ServiceError {
    /// The classification a transport maps to a status code.
    pub fn kind(&self) -> ServiceErrorKind {
        match self {
            Self::InvalidArgument(_) => ServiceErrorKind::InvalidArgument,
            Self::PermissionDenied(_) => ServiceErrorKind::PermissionDenied,
            Self::Unauthenticated(_) => ServiceErrorKind::Unauthenticated,
            Self::NotFound(_) => ServiceErrorKind::NotFound,
            Self::Precondition(_) => ServiceErrorKind::Conflict,
            Self::ResourceExhausted(_) => ServiceErrorKind::ResourceExhausted,
            Self::Store(e) => match e.kind() {
                StoreErrorKind::NotFound => ServiceErrorKind::NotFound,
                StoreErrorKind::AlreadyExists => ServiceErrorKind::AlreadyExists,
                StoreErrorKind::Conflict => ServiceErrorKind::Conflict,
                StoreErrorKind::Invalid => ServiceErrorKind::InvalidArgument,
                StoreErrorKind::Unavailable => ServiceErrorKind::Unavailable,
                StoreErrorKind::Internal => ServiceErrorKind::Internal,
            },
        }
    }

    /// The field violations, when the error is an invalid argument.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            Self::InvalidArgument(e) => Some(e),
            _ => None,
        }
    }

    /// Shorthand for a single bad field.
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::InvalidArgument(FieldErrors::single(field, description))
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        Self::InvalidArgument(e)
    }
}

/// Result of a use case.
pub type Result<T> = std::result::Result<T, ServiceError>;
