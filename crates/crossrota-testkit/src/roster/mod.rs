//! Roster models for tests, benchmarks and the demo.

pub mod fixtures;
pub mod generator;

pub use generator::{GeneratorParams, generate};
