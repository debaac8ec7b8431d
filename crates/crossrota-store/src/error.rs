//! Errors of the store, classified here so that nothing above the store matches on
//! `sqlx::Error`: a unique violation becomes `AlreadyExists`, a foreign-key violation or a
//! missing row `NotFound`, a pool time-out or I/O failure is `Unavailable`.

use std::fmt::Display;

use sqlx::error::{DatabaseError, ErrorKind as DbErrorKind};

/// Result of every store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record, or a record it refers to, does not exist.
    #[error("{entity} {key} not found")]
    NotFound {
        /// What kind of record, e.g. `staff`.
        entity: &'static str,
        /// Which one, e.g. `42` or `org 3 employee E123`.
        key: String,
    },
    /// A record with the same unique key already exists.
    #[error("{entity} {key} already exists")]
    AlreadyExists {
        /// What kind of record.
        entity: &'static str,
        /// The key that clashed.
        key: String,
    },
    /// The write contradicts the stored state, e.g. correcting a fact that is already
    /// corrected.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The store cannot be set up as asked, e.g. an unsupported database URL.
    #[error("store configuration: {0}")]
    Config(String),
    /// Anything else the database or driver reported.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

/// The class of a [`StoreError`], for callers that map errors to their own codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreErrorKind {
    /// A record does not exist.
    NotFound,
    /// A unique key clashed.
    AlreadyExists,
    /// The write contradicts the stored state.
    Conflict,
    /// The request or configuration is invalid (also a violated CHECK constraint).
    Invalid,
    /// The database is unreachable, overloaded or busy; retrying may help.
    Unavailable,
    /// A bug or corrupt data.
    Internal,
}

impl StoreError {
    /// Classifies the error.
    pub fn kind(&self) -> StoreErrorKind {
        match self {
            Self::NotFound { .. } => StoreErrorKind::NotFound,
            Self::AlreadyExists { .. } => StoreErrorKind::AlreadyExists,
            Self::Conflict(_) => StoreErrorKind::Conflict,
            Self::Config(_) => StoreErrorKind::Invalid,
            Self::Database(e) => database_kind(e),
        }
    }

    /// A `NotFound` for `entity` with `key`.
    pub(crate) fn not_found(entity: &'static str, key: impl Display) -> Self {
        Self::NotFound {
            entity,
            key: key.to_string(),
        }
    }
}

/// Classifies a driver error that was not turned into a typed variant.
fn database_kind(e: &sqlx::Error) -> StoreErrorKind {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => StoreErrorKind::Unavailable,
        sqlx::Error::Configuration(_) | sqlx::Error::InvalidArgument(_) => StoreErrorKind::Invalid,
        sqlx::Error::RowNotFound => StoreErrorKind::NotFound,
        sqlx::Error::Database(db) => match db.kind() {
            DbErrorKind::UniqueViolation => StoreErrorKind::AlreadyExists,
            DbErrorKind::ForeignKeyViolation => StoreErrorKind::NotFound,
            DbErrorKind::NotNullViolation | DbErrorKind::CheckViolation => StoreErrorKind::Invalid,
            _ if is_transient(db.as_ref()) => StoreErrorKind::Unavailable,
            _ => StoreErrorKind::Internal,
        },
        _ => StoreErrorKind::Internal,
    }
}

/// True for errors that go away by themselves: SQLite busy/locked, and PostgreSQL connection
/// loss, shutdown, resource exhaustion, serialisation failure and deadlock.
fn is_transient(db: &dyn DatabaseError) -> bool {
    let Some(code) = db.code() else {
        return false;
    };
    if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        // Extended result codes keep the primary code in the low byte.
        const SQLITE_BUSY: i64 = 5;
        const SQLITE_LOCKED: i64 = 6;
        return code
            .parse::<i64>()
            .is_ok_and(|c| matches!(c & 0xff, SQLITE_BUSY | SQLITE_LOCKED));
    }
    code.starts_with("08")
        || code.starts_with("53")
        || code.starts_with("57P")
        || code == "40001"
        || code == "40P01"
}

impl From<sqlx::Error> for StoreError {
    /// The context-free classification; call sites that know the entity use [`Context`].
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => Self::not_found("record", "(unnamed)"),
            sqlx::Error::Database(db) => match db.kind() {
                DbErrorKind::UniqueViolation => Self::AlreadyExists {
                    entity: "record",
                    key: db.constraint().unwrap_or(db.message()).to_owned(),
                },
                DbErrorKind::ForeignKeyViolation => Self::NotFound {
                    entity: "referenced record",
                    key: db.constraint().unwrap_or(db.message()).to_owned(),
                },
                _ => Self::Database(e),
            },
            _ => Self::Database(e),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Self::Database(sqlx::Error::from(e))
    }
}

/// Stored data that does not parse back into the domain: a bug or a hand-edited database.
pub(crate) fn corrupt(column: &str, problem: impl Display) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(
        format!("stored {column} is invalid: {problem}").into(),
    ))
}

/// Names the entity behind a unique violation, so the caller learns which key clashed.
pub(crate) trait Context<T> {
    /// Unique violation -> `AlreadyExists { entity, key }`; everything else as in `From`.
    fn unique_as(self, entity: &'static str, key: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, sqlx::Error> {
    fn unique_as(self, entity: &'static str, key: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.kind() == DbErrorKind::UniqueViolation => {
                StoreError::AlreadyExists { entity, key: key() }
            }
            _ => StoreError::from(e),
        })
    }
}

/// True when `e` is a unique violation (used where a clash means a conflict instead).
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.kind() == DbErrorKind::UniqueViolation)
}
