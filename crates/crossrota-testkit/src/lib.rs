//! Synthetic data for crossrota's tests, benchmarks and demo.
//!
//! The pure domain holds rules, not sample data: the seeded regional roster generator and the
//! small hand-made models that several crates' tests share live here, so each crate's tests use
//! one copy instead of building their own.

pub mod roster;
