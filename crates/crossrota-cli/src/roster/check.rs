//! `crossrota roster check` and `crossrota roster export`: judge or draw a roster CSV that
//! came from anywhere (this solver, another tool, a hand-edited spreadsheet).

use std::path::PathBuf;

use crossrota_domain::roster::check;

use super::load::{load_model, load_roster, write_file};
use super::report::{broken_rules, print_objective, print_violations, value};
use super::{ModelArgs, html};

/// Arguments of `crossrota roster check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// The roster CSV (`employee,day,shift[,skill]`, day 0-based).
    roster: PathBuf,
}

/// Arguments of `crossrota roster export`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// The roster CSV (`employee,day,shift[,skill]`, day 0-based).
    roster: PathBuf,
    /// The HTML file to write.
    #[arg(long)]
    html: PathBuf,
}

/// Prints the checker's report; fails (exit code 1) when a hard rule is broken.
pub(crate) fn run_check(args: CheckArgs) -> anyhow::Result<()> {
    let model = load_model(&args.model)?;
    let roster = load_roster(&model, &args.roster)?;
    let report = check(&model, &roster);
    println!(
        "roster {}: {} assignment(s) for {} staff over {} days",
        args.roster.display(),
        roster.assignments.len(),
        model.staff.len(),
        model.horizon.days
    );
    println!("objective: {} (checker)", value(report.objective.total));
    print_objective(&report.objective);
    let short: u32 = report.cover.iter().map(|l| l.missing()).sum();
    let lines = report.cover.iter().filter(|l| l.missing() > 0).count();
    println!("uncovered demand: {short} people missing on {lines} short line(s)");
    print_violations(&report.violations);
    anyhow::ensure!(
        report.is_feasible(),
        "the roster breaks {} hard rule(s): {}",
        report.violations.len(),
        broken_rules(&report.violations)
    );
    Ok(())
}

/// Writes the HTML grid of a roster; a roster that breaks rules is drawn too, with the
/// offending cells marked.
pub(crate) fn run_export(args: ExportArgs) -> anyhow::Result<()> {
    let model = load_model(&args.model)?;
    let roster = load_roster(&model, &args.roster)?;
    let report = check(&model, &roster);
    let title = args.roster.display().to_string();
    write_file(&args.html, &html::render(&model, &roster, &report, &title))?;
    println!(
        "HTML grid of {} written to {} (objective {}, {} hard violation(s))",
        args.roster.display(),
        args.html.display(),
        value(report.objective.total),
        report.violations.len()
    );
    Ok(())
}
