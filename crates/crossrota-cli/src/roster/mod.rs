//! `crossrota roster …`: solve, check and export shared rosters, and generate test networks.
//!
//! Every command that prints a roster's quality goes through the independent checker of
//! `crossrota-domain`, never through the solver's own numbers alone, so what a planner reads
//! is what the rules say.

mod check;
mod generate;
pub(crate) mod html;
mod load;
mod report;
mod solve;

use std::path::PathBuf;

/// How a model file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ModelFormat {
    /// A JSON roster model (what `roster generate` writes).
    Json,
    /// A Curtois & Qu benchmark instance (text sections).
    Curtois,
}

/// The model file and how to read it.
#[derive(Debug, clap::Args)]
pub(crate) struct ModelArgs {
    /// The model file.
    model: PathBuf,
    /// Format of the model file; by default `.txt` files are Curtois instances and anything
    /// else is JSON.
    #[arg(long, value_enum)]
    format: Option<ModelFormat>,
}

/// Roster subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum RosterCommand {
    /// Solve a model, then judge the roster with the independent checker.
    Solve(solve::Args),
    /// Judge a roster CSV against a model; exits 1 when a hard rule is broken.
    Check(check::CheckArgs),
    /// Write a roster as a self-contained HTML grid with a cover table.
    Export(check::ExportArgs),
    /// Generate a multi-trust stroke network model.
    Generate(generate::Args),
}

/// Runs a roster subcommand.
pub(crate) fn run(cmd: RosterCommand) -> anyhow::Result<()> {
    match cmd {
        RosterCommand::Solve(args) => solve::run(args),
        RosterCommand::Check(args) => check::run_check(args),
        RosterCommand::Export(args) => check::run_export(args),
        RosterCommand::Generate(args) => generate::run(args),
    }
}
