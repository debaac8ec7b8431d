//! The vocabulary and rules of crossrota, free of I/O.
//!
//! Everything here is a pure function of its inputs: dates such as `as_of` are passed in,
//! never read from a clock, so the same inputs always give the same verdict. The crates
//! at the edges (store, server, CLI) own databases, networks and clocks.
#![forbid(unsafe_code)]

pub mod access;
pub mod agreement;
pub mod bank;
pub mod catalogue;
pub mod certify;
pub mod commands;
pub mod compliance;
pub mod dates;
pub mod fact;
pub mod ids;
pub mod jobs;
pub mod organisation;
pub mod profile;
pub mod roster;
pub mod staff;
pub mod validation;

pub use validation::{FieldError, FieldErrors};
