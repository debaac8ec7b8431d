//! Errors of the solver crate.

use crossrota_domain::roster::ModelError;

/// Why a solve could not run. An infeasible model is not an error: it is
/// [`crate::SolveStatus::Infeasible`].
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// The model failed validation; every bad item is listed.
    #[error("invalid roster model: {}", list(.0))]
    InvalidModel(Vec<ModelError>),
    /// An option is out of range.
    #[error("invalid solve option: {0}")]
    InvalidOptions(String),
    /// The backend asked for is not built into this binary.
    #[error("the {} backend is not built into this crossrota (build with the `highs` feature)", .0.as_str())]
    BackendNotBuilt(crossrota_domain::jobs::SolverBackend),
    /// The MIP backend failed.
    #[error("solver backend failed: {0}")]
    Backend(String),
}

fn list(errors: &[ModelError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
