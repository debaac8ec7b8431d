//! Persistence of crossrota with sqlx, on SQLite (the embedded default) or PostgreSQL.
//!
//! # Why an enum over two pools
//!
//! sqlx offers three ways to support two databases, and this crate takes the third:
//!
//! * the `query!` macros check SQL at compile time, but against one database kind per query
//!   text, and need a live database or a committed `.sqlx` cache to build;
//! * the `Any` driver picks the backend at run time, but cannot carry `chrono` types, so
//!   every timestamp would become backend-specific text;
//! * a [`Store`] holding *either* a `SqlitePool` or a `PgPool`, with a small macro
//!   (`db::on_conn!`) that expands the same runtime `query`/`query_as` code once per native
//!   pool. Each backend keeps its own types (TIMESTAMPTZ and DATE on PostgreSQL, RFC 3339
//!   and ISO text on SQLite), the SQL is written once in the dialect both share (`$N`
//!   placeholders, `RETURNING`, `ON CONFLICT`), and the build needs no database.
//!
//! One conformance suite (`tests/conformance.rs`) runs every test against both backends, so
//! the two dialects cannot drift apart. Migrations live in `migrations/{sqlite,postgres}` with
//! the same numbering and are embedded with `sqlx::migrate!`.
//!
//! # Guarantees
//!
//! * Every multi-statement write runs in one transaction: a failed write leaves the store as
//!   it was.
//! * Credential facts are append-only; the schema rejects UPDATE and DELETE of them.
//! * Errors are classified here ([`StoreError::kind`]); callers never see `sqlx::Error` kinds.
//! * Timestamps are kept to the microsecond on both backends, so what a write returns is what
//!   a later read returns.
#![forbid(unsafe_code)]

mod agreements;
mod api_keys;
mod audit;
mod bank;
mod catalogue;
mod db;
mod error;
mod exists;
mod facts;
mod import;
mod networks;
mod organisations;
mod page;
mod profiles;
mod roster_jobs;
mod staff;
mod store;

pub use api_keys::NewApiKey;
pub use bank::{BookingEvent, BookingOutcome, MIN_REST_SECONDS, NewBank, NewBooking};
pub use error::{Result, StoreError, StoreErrorKind};
pub use import::{ImportBatch, ImportFact, ImportSummary};
pub use page::{MAX_PAGE, Page};
pub use roster_jobs::{
    JobStatus, NewRosterJob, RosterJobAdmission, RosterJobEnd, RosterJobId, RosterJobRecord,
    RosterJobState, RosterJobSummary,
};
pub use store::{Backend, Store};

#[cfg(feature = "testing")]
pub mod testing;
