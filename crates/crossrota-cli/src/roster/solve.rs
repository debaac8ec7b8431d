//! `crossrota roster solve`: solve a model with a live progress bar, then certify the roster
//! through the domain's one certification path (the independent checker must find no broken
//! rule and the solver's objective) and refuse to call it good otherwise.
//!
//! With no solver flags it runs the engine's best: HiGHS (when built in, as it is by default)
//! with one search per available core.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use crossrota_domain::jobs::{JobOptions, SolverBackend};
use crossrota_domain::roster::roster_csv::write_roster_csv;
use crossrota_domain::roster::{CheckReport, FairnessSummary, Roster, RosterModel, certify_roster};
use crossrota_solver::{Progress, SolveOptions, SolveResult, SolveStatus, relative_gap, solve};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::load::{load_model, write_file};
use super::report::{print_fairness, print_objective, print_shortfalls, print_violations, value};
use super::{ModelArgs, html};

/// The MIP backend, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum BackendArg {
    /// Pure Rust, single-threaded, reports progress as it goes.
    Microlp,
    /// HiGHS, the engine's best; built in by default.
    Highs,
}

impl From<BackendArg> for SolverBackend {
    fn from(arg: BackendArg) -> Self {
        match arg {
            BackendArg::Microlp => Self::Microlp,
            BackendArg::Highs => Self::Highs,
        }
    }
}

/// Arguments of `crossrota roster solve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    model: ModelArgs,
    /// Wall-clock budget in seconds.
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Stop when the roster is within this relative gap of the bound (default: prove optimal).
    #[arg(long)]
    gap: Option<f64>,
    /// Searches to run at once, one per thread, each with its own seed, improving one shared
    /// best roster [default: one per available core]
    #[arg(long)]
    threads: Option<u32>,
    /// Seed for the search's random choices.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Budget the search by work (branch-and-bound nodes, neighbourhoods) instead of the
    /// clock, so the same model, seed and threads give the same roster on every run
    #[arg(long)]
    deterministic: bool,
    /// MIP backend [default: the best this build has: HiGHS, or microlp in a build without it]
    #[arg(long, value_enum)]
    backend: Option<BackendArg>,
    /// Write the roster as an `employee,day,shift` CSV (day 0-based), with a fourth column
    /// `skill` when the model has more than one skill.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the roster as an HTML grid.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Write the result (status, objective, checker report, roster) as JSON.
    #[arg(long)]
    json: Option<PathBuf>,
    /// How many short demand lines to explain, costliest first.
    #[arg(long, default_value_t = 10)]
    explain: usize,
}

/// Runs the solve, prints the checker's verdict and writes the requested files.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    let model = load_model(&args.model)?;
    let options = options(&args)?;
    println!(
        "model {}: {} site(s), {} shift type(s), {} staff, {} days from {}, {} demand line(s)",
        args.model.model.display(),
        model.sites.len(),
        model.shift_types.len(),
        model.staff.len(),
        model.horizon.days,
        model.horizon.start,
        model.demands.len()
    );
    println!(
        "solving with {}: time limit {:.0} s, gap {}, seed {}, {} search(es) in parallel",
        options.backend.as_str(),
        args.time_limit,
        options.mip_gap,
        options.seed,
        options.threads
    );
    let result = solve_with_bar(&model, &options)?;
    let gap = match (result.solution.as_ref(), result.bound) {
        (Some(s), Some(bound)) => format!("{:.2}%", 100.0 * relative_gap(s.objective, bound)),
        _ => "unknown".to_owned(),
    };
    println!(
        "status: {} after {:.1} s (best found at {}; bound {}; gap {gap}; LNS rounds {}{})",
        status_name(result.status),
        result.elapsed.as_secs_f64(),
        result
            .time_to_best
            .map_or_else(|| "-".to_owned(), |t| format!("{:.1} s", t.as_secs_f64())),
        result.bound.map_or_else(|| "none".to_owned(), value),
        result.lns_iterations,
        if result.reproducible {
            "; reproducible"
        } else {
            ""
        }
    );
    let Some(solution) = &result.solution else {
        anyhow::bail!(
            "no roster: {}",
            match result.status {
                SolveStatus::Infeasible => "the hard rules cannot all be met",
                _ => "time ran out before a first roster was found",
            }
        );
    };
    let certificate = certify_roster(&model, &solution.roster, solution.objective, None);
    let report = &certificate.report;
    println!(
        "objective: {} (solver), {} (checker)",
        value(solution.objective),
        value(report.objective.total)
    );
    print_objective(&report.objective);
    print_violations(&report.violations);
    print_shortfalls(&model, &solution.roster, report, args.explain);
    print_fairness(
        model.staff.len(),
        &FairnessSummary::of(&certificate.fairness),
    );
    write_outputs(&args, &model, &result, &solution.roster, report)?;
    if let Some(refusal) = &certificate.refusal {
        anyhow::bail!("the roster is not certified: {refusal}");
    }
    println!("certified: the independent checker agrees with the solver");
    Ok(())
}

/// The solve the arguments ask for; what they leave out is the engine's best (see
/// [`SolveOptions::for_job`]).
fn options(args: &Args) -> anyhow::Result<SolveOptions> {
    anyhow::ensure!(
        args.time_limit.is_finite() && args.time_limit > 0.0,
        "--time-limit must be a positive number of seconds"
    );
    anyhow::ensure!(
        args.threads != Some(0),
        "--threads must be at least 1 (leave it out for one search per core)"
    );
    let job = JobOptions {
        time_limit: Duration::from_secs_f64(args.time_limit),
        mip_gap: args.gap.unwrap_or(0.0),
        threads: args.threads,
        seed: args.seed,
        backend: args.backend.map(SolverBackend::from),
        deterministic: args.deterministic,
    };
    Ok(SolveOptions::for_job(&job)?)
}

/// Runs the solve on its own thread while this thread draws the bar from its progress
/// reports, so the bar keeps ticking while the backend is busy.
fn solve_with_bar(model: &RosterModel, options: &SolveOptions) -> anyhow::Result<SolveResult> {
    let limit = options.time_limit;
    let bar = ProgressBar::new(limit.as_millis().try_into().unwrap_or(u64::MAX));
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:24} {wide_msg}")
            .context("progress bar template")?,
    );
    bar.set_message("building a first roster");
    let started = Instant::now();
    let (sender, receiver) = mpsc::channel::<Progress>();
    let result = std::thread::scope(|scope| {
        let solver = scope.spawn(move || {
            solve(model, options, |p| {
                // The bar may be gone if the main thread failed; the solve goes on regardless.
                let _ = sender.send(p);
            })
        });
        loop {
            match receiver.recv_timeout(Duration::from_millis(100)) {
                Ok(progress) => bar.set_message(describe(&progress)),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            let elapsed = started.elapsed().min(limit);
            bar.set_position(elapsed.as_millis().try_into().unwrap_or(u64::MAX));
        }
        solver.join()
    });
    bar.finish_and_clear();
    match result {
        Ok(solved) => solved.context("solving"),
        Err(_) => anyhow::bail!("the solver thread panicked"),
    }
}

fn describe(p: &Progress) -> String {
    let show = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), value);
    format!(
        "incumbent {} | bound {} | gap {} | {:.1} s",
        show(p.incumbent),
        show(p.bound),
        p.gap
            .map_or_else(|| "-".to_owned(), |g| format!("{:.2}%", 100.0 * g)),
        p.elapsed.as_secs_f64()
    )
}

fn status_name(status: SolveStatus) -> &'static str {
    match status {
        SolveStatus::Optimal => "optimal",
        SolveStatus::TimeLimit => "time limit",
        SolveStatus::GapLimit => "within gap",
        SolveStatus::Infeasible => "infeasible",
    }
}

/// What `--json` writes.
#[derive(Serialize)]
struct SolveRecord<'a> {
    status: &'static str,
    solver_objective: f64,
    bound: Option<f64>,
    elapsed_seconds: f64,
    time_to_best_seconds: Option<f64>,
    lns_iterations: u32,
    checker: &'a CheckReport,
    roster: &'a Roster,
}

fn write_outputs(
    args: &Args,
    model: &RosterModel,
    result: &SolveResult,
    roster: &Roster,
    report: &CheckReport,
) -> anyhow::Result<()> {
    if let Some(path) = &args.out {
        write_file(path, &write_roster_csv(model, roster))?;
        println!("roster written to {}", path.display());
    }
    if let Some(path) = &args.html {
        let title = args.model.model.display().to_string();
        write_file(path, &html::render(model, roster, report, &title))?;
        println!("HTML grid written to {}", path.display());
    }
    if let Some(path) = &args.json {
        let record = SolveRecord {
            status: status_name(result.status),
            solver_objective: result.solution.as_ref().map_or(0.0, |s| s.objective),
            bound: result.bound,
            elapsed_seconds: result.elapsed.as_secs_f64(),
            time_to_best_seconds: result.time_to_best.map(|t| t.as_secs_f64()),
            lns_iterations: result.lns_iterations,
            checker: report,
            roster,
        };
        let text = serde_json::to_string_pretty(&record).context("encoding the result")?;
        write_file(path, &text)?;
        println!("result written to {}", path.display());
    }
    Ok(())
}
