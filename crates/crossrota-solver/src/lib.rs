//! The roster engine's optimiser: a mixed-integer programme over good_lp, with
//! large-neighbourhood search for rosters too big to solve in one go.
//!
//! The model, its validation and the independent checker live in
//! [`crossrota_domain::roster`]; this crate only searches. Every hard rule of the model is a
//! linear constraint here and the objective has the same terms as the checker's, so the checker
//! can judge every roster this crate returns (the tests make it do so).
//!
//! HiGHS (the `highs` feature, on in the binaries) is the backend for real work; microlp (pure
//! Rust, progress between time slices) is always built as the fallback. Any other good_lp solver can be used through [`solve_with`].

mod backend;
#[cfg(feature = "highs")]
mod columns;
mod construct;
mod entry;
mod error;
mod formulation;
mod index;
mod linear;
mod lns;
mod options;
mod portfolio;
mod search;
mod solve;

pub use entry::{solve, solve_cancellable};
pub use error::SolveError;
pub use options::{
    Backend, Progress, RosterSolution, SolveOptions, SolveResult, SolveStatus, available_searches,
    best_backend, is_built_in, relative_gap,
};
pub use solve::solve_with;
