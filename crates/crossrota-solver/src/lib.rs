//! The roster engine's optimiser: a mixed-integer programme over good_lp, with
//! large-neighbourhood search for rosters too big to solve in one go.
//!
//! The model, its validation and the independent checker live in
//! [`crossrota_domain::roster`]; this crate only searches. Every hard rule of the model is a
//! linear constraint here and the objective has the same terms as the checker's, so the checker
//! can judge every roster this crate returns (the tests make it do so).
//!
//! microlp is the default backend (pure Rust, progress between time slices); HiGHS is the
//! opt-in `highs` feature. Any other good_lp solver can be used through [`solve_with`].

mod backend;
#[cfg(feature = "highs")]
mod columns;
mod construct;
mod error;
mod formulation;
mod index;
mod linear;
mod lns;
mod options;
mod portfolio;
mod search;
mod solve;

pub use error::SolveError;
pub use options::{
    Backend, Progress, RosterSolution, SolveOptions, SolveResult, SolveStatus, relative_gap,
};
pub use solve::{solve, solve_cancellable, solve_with};
