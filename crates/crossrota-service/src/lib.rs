//! The use cases of crossrota, above the store and below any transport.
//!
//! [`PassportService`] is the API boundary that the gRPC server and the CLI call. It takes
//! domain commands, checks who may do what, validates meaning against the stored state,
//! writes the audit trail and returns domain types. It knows nothing of tonic or prost, so
//! the same rules hold whether a trust calls over gRPC or embeds crossrota as a library.
#![forbid(unsafe_code)]

pub mod access;
pub mod bank;
pub mod clock;
pub mod error;
pub mod import;
pub mod keys;
pub mod passport;
pub mod roster;

pub use access::Caller;
pub use bank::BankService;
pub use clock::Clock;
pub use crossrota_store::Page;
pub use error::{ServiceError, ServiceErrorKind};
pub use passport::PassportService;
pub use roster::RosterService;
