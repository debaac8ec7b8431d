//! The roster engine on the Curtois & Qu benchmark and on seeded multi-trust models: size,
//! objective, the checker's objective, the best published value, the gaps to it and to the
//! solver's own bound, the time to the best roster and the peak memory, per instance and
//! backend; then a summary per backend.
//!
//! Instances:
//! - Curtois & Qu files `InstanceN.txt` from `data/curtois` (three small ones, always there)
//!   and `../shared/benchdata/curtois` beside the project (the rest, when present); best-known
//!   values from `best_known.csv` in either.
//! - `stroke-30` and `stroke-600`: regional stroke networks from
//!   `crossrota_domain::roster::generator` (seed [`GENERATOR_SEED`]): 2 trusts, 30 staff and
//!   14 days, and 6 trusts, 600 staff and 28 days, each trust with its own early, late and
//!   night shifts, five skills and skills that lapse mid-plan. No best-known value exists, so
//!   their gap is only against the solver's own bound.
//!
//! Every instance runs on microlp and, when built with the `highs` feature, on HiGHS. Every
//! roster is judged by the independent checker: a roster that breaks a hard rule or whose
//! checker objective differs from the solver's is flagged with `!!`, as is a solver error, and
//! the bench then exits with status 1 after the summary.
//!
//! Peak memory is the kernel's high-water mark of resident memory (`VmHWM` in
//! `/proc/self/status`), reset before each solve by writing `5` to `/proc/self/clear_refs`; a
//! check at the start shows whether the reset works. Where it does not (not Linux, or an old
//! kernel), the column shows `n/a`.
//!
//! Run: `cargo bench -p crossrota-benches --bench roster [--features highs]`. Environment:
//! `CROSSROTA_BENCH_TIME_LIMIT` (seconds per solve, default 60),
//! `CROSSROTA_BENCH_INSTANCES` (comma-separated names, e.g. `Instance1,stroke-600`; default
//! all), `CROSSROTA_BENCH_BACKENDS` (`microlp`, `highs` or both; default every one built in),
//! `CROSSROTA_BENCH_THREADS` (parallel searches per solve, default one per available core).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crossrota_domain::certify::Refusal;
use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_domain::roster::{RosterModel, certify_roster};
use crossrota_solver::{Backend, SolveOptions, available_searches, is_built_in, solve};
use crossrota_testkit::roster::fixtures::read_best_known;
use crossrota_testkit::roster::generator::{GeneratorParams, generate};

/// Default seconds per solve.
const DEFAULT_TIME_LIMIT: f64 = 60.0;

/// Seed of the generated instances, so every run solves the same models.
const GENERATOR_SEED: u64 = 1;

/// A roster this close (in %) to the best known value counts as "within 1%".
const NEAR_BEST_PERCENT: f64 = 1.0;

/// Memory touched, freed and then forgotten by the reset check at the start.
const RESET_PROBE_MIB: usize = 64;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dirs = [
        root.join("data/curtois"),
        root.join("../shared/benchdata/curtois"),
    ];
    let time_limit = std::env::var("CROSSROTA_BENCH_TIME_LIMIT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(DEFAULT_TIME_LIMIT);
    let wanted: Option<Vec<String>> = std::env::var("CROSSROTA_BENCH_INSTANCES")
        .ok()
        .map(|s| s.split(',').map(|n| n.trim().to_owned()).collect());
    let mut instances = find_instances(&dirs);
    instances.extend(generated_instances());
    instances.retain(|i| wanted.as_ref().is_none_or(|w| w.contains(&i.name)));
    let best_known = read_best_known(&dirs);
    let backends = backends();
    let names: Vec<String> = backends.iter().map(|b| format!("{b:?}")).collect();
    println!(
        "Roster benchmark, {time_limit} s per solve, {} search(es) per solve, backends {}",
        bench_threads(),
        names.join(", ")
    );
    let peak_memory = check_peak_reset();
    print_header();
    let mut runs: Vec<Run> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for instance in &instances {
        let model = match instance.load() {
            Ok(model) => model,
            Err(e) => {
                println!("{:<11} {e}", instance.name);
                continue;
            }
        };
        let size = Size::of(&model);
        let best = best_known.get(&instance.name).copied();
        for backend in &backends {
            let run = run_one(&instance.name, &model, *backend, time_limit, peak_memory);
            print_row(&run, &size, best);
            if let Some(problem) = &run.problem {
                let line = format!("{} {:?}: {problem}", run.instance, run.backend);
                println!("!! {line}");
                failures.push(line);
            }
            runs.push(run);
        }
    }
    print_summary(&runs, &backends, &best_known);
    if !failures.is_empty() {
        println!();
        println!("!! {} failed solve(s):", failures.len());
        for line in &failures {
            println!("!!   {line}");
        }
        std::process::exit(1);
    }
}

/// Where an instance's model comes from.
enum Source {
    /// A Curtois & Qu text file.
    Curtois(PathBuf),
    /// The seeded generator.
    Generated(GeneratorParams),
}

/// A named model to solve.
struct Instance {
    name: String,
    source: Source,
}

impl Instance {
    /// Reads or generates the model; the error says why there is none.
    fn load(&self) -> Result<RosterModel, String> {
        match &self.source {
            Source::Curtois(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                parse_curtois(&text).map_err(|e| format!("cannot parse: {e}"))
            }
            Source::Generated(params) => Ok(generate(params, GENERATOR_SEED)),
        }
    }
}

/// The generator's small preset and its regional stroke network.
fn generated_instances() -> Vec<Instance> {
    [
        ("stroke-30", GeneratorParams::small()),
        ("stroke-600", GeneratorParams::stroke_network()),
    ]
    .into_iter()
    .map(|(name, params)| Instance {
        name: name.to_owned(),
        source: Source::Generated(params),
    })
    .collect()
}

/// How big a model is.
struct Size {
    staff: usize,
    days: u32,
    shift_types: usize,
    /// Distinct skills demanded or held.
    skills: usize,
    /// Demand lines (site, day, shift, skill).
    demands: usize,
}

impl Size {
    fn of(model: &RosterModel) -> Size {
        let skills: BTreeSet<&str> = model
            .demands
            .iter()
            .map(|d| d.skill.as_str())
            .chain(
                model
                    .staff
                    .iter()
                    .flat_map(|s| s.skills.iter().map(|g| g.skill.as_str())),
            )
            .collect();
        Size {
            staff: model.staff.len(),
            days: model.horizon.days,
            shift_types: model.shift_types.len(),
            skills: skills.len(),
            demands: model.demands.len(),
        }
    }
}

/// What one solve of one instance on one backend gave.
struct Run {
    instance: String,
    backend: Backend,
    /// The solver's objective of its roster, if it found one.
    objective: Option<f64>,
    /// The table's cells after the size and best-known columns.
    cells: Cells,
    /// Why this solve failed the bench, if it did.
    problem: Option<String>,
}

/// Pre-formatted result cells of one row; `-` where there is nothing to show.
struct Cells {
    objective: String,
    checker: String,
    bound_gap: String,
    time_to_best: String,
    status: String,
    elapsed: String,
    lns: String,
    peak: String,
}

impl Default for Cells {
    fn default() -> Self {
        let none = || "-".to_owned();
        Cells {
            objective: none(),
            checker: none(),
            bound_gap: none(),
            time_to_best: none(),
            status: none(),
            elapsed: none(),
            lns: none(),
            peak: none(),
        }
    }
}

/// Solves `model` on `backend`, measures the peak memory of the solve and judges the roster
/// with the independent checker.
fn run_one(
    instance: &str,
    model: &RosterModel,
    backend: Backend,
    time_limit: f64,
    peak_memory: bool,
) -> Run {
    let options = SolveOptions {
        time_limit: Duration::from_secs_f64(time_limit),
        backend,
        threads: bench_threads(),
        ..SolveOptions::default()
    };
    let mut run = Run {
        instance: instance.to_owned(),
        backend,
        objective: None,
        cells: Cells::default(),
        problem: None,
    };
    let reset = peak_memory && reset_peak_rss();
    let solved = solve(model, &options, |_| {});
    let peak = status_kib("VmHWM").filter(|_| reset);
    run.cells.peak = peak.map_or_else(|| "n/a".into(), |kib| format!("{:.0}", mib(kib)));
    let result = match solved {
        Ok(result) => result,
        Err(e) => {
            run.cells.status = "error".into();
            run.problem = Some(format!("solver error: {e}"));
            return run;
        }
    };
    run.cells.status = format!("{:?}", result.status);
    run.cells.elapsed = format!("{:.1}s", result.elapsed.as_secs_f64());
    run.cells.lns = result.lns_iterations.to_string();
    let Some(solution) = &result.solution else {
        run.cells.objective = "no roster".into();
        return run;
    };
    run.objective = Some(solution.objective);
    run.cells.objective = value(solution.objective);
    run.cells.time_to_best = format!(
        "{:.1}s",
        result.time_to_best.unwrap_or_default().as_secs_f64()
    );
    if let Some(bound) = result.bound {
        run.cells.bound_gap = format!("{:.1}", 100.0 * bound_gap(solution.objective, bound));
    }
    // The one certification path the service and the CLI use.
    let certificate = certify_roster(model, &solution.roster, solution.objective, None);
    let report = &certificate.report;
    let checked = report.objective.total;
    run.cells.checker = match &certificate.refusal {
        None => value(checked),
        // `!` marks a disagreement with the solver, explained below the row.
        Some(Refusal::ObjectiveDiffers { .. }) => format!("{}!", value(checked)),
        Some(Refusal::BrokenRules { count, .. }) => format!("{count} broken"),
    };
    run.problem = certificate.refusal.as_ref().map(ToString::to_string);
    run
}

/// Relative gap between a roster's objective and a lower bound, as the solver defines it.
fn bound_gap(objective: f64, bound: f64) -> f64 {
    (objective - bound).max(0.0) / objective.abs().max(1e-9)
}

/// Percentage above the best-known value.
fn gap_to_best(objective: f64, best: f64) -> f64 {
    100.0 * (objective - best) / best
}

/// An objective value: whole numbers without decimals.
fn value(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn print_header() {
    println!(
        "{:<11} {:<8} {:>5} {:>4} {:>6} {:>6} {:>7} {:>11} {:>11} {:>10} {:>7} {:>9} {:>8} {:>10} {:>8} {:>5} {:>8}",
        "instance",
        "backend",
        "staff",
        "days",
        "shifts",
        "skills",
        "demands",
        "objective",
        "checker",
        "best known",
        "gap %",
        "bnd gap %",
        "t best",
        "status",
        "elapsed",
        "lns",
        "peak MiB"
    );
}

fn print_row(run: &Run, size: &Size, best: Option<f64>) {
    let c = &run.cells;
    let gap = best
        .zip(run.objective)
        .map_or_else(|| "-".into(), |(b, o)| format!("{:.1}", gap_to_best(o, b)));
    println!(
        "{:<11} {:<8} {:>5} {:>4} {:>6} {:>6} {:>7} {:>11} {:>11} {:>10} {:>7} {:>9} {:>8} {:>10} {:>8} {:>5} {:>8}",
        run.instance,
        format!("{:?}", run.backend),
        size.staff,
        size.days,
        size.shift_types,
        size.skills,
        size.demands,
        c.objective,
        c.checker,
        best.map_or_else(|| "-".into(), value),
        gap,
        c.bound_gap,
        c.time_to_best,
        c.status,
        c.elapsed,
        c.lns,
        c.peak
    );
}

/// Per backend: rosters within 1% of the best known value and the mean gap to it; then the
/// objective ratio of every other backend to the first, per instance where both found rosters.
fn print_summary(runs: &[Run], backends: &[Backend], best_known: &BTreeMap<String, f64>) {
    println!();
    println!("Summary (instances with a best-known value and a roster)");
    for backend in backends {
        let gaps: Vec<f64> = runs
            .iter()
            .filter(|r| r.backend == *backend && r.problem.is_none())
            .filter_map(|r| Some(gap_to_best(r.objective?, *best_known.get(&r.instance)?)))
            .collect();
        let with_best = runs
            .iter()
            .filter(|r| r.backend == *backend && best_known.contains_key(&r.instance))
            .count();
        let near = gaps.iter().filter(|g| **g <= NEAR_BEST_PERCENT).count();
        let mean = if gaps.is_empty() {
            "-".to_owned()
        } else {
            format!("{:.1} %", gaps.iter().sum::<f64>() / gaps.len() as f64)
        };
        println!(
            "  {:<8} within {NEAR_BEST_PERCENT}% of best known: {near} of {with_best}; mean gap {mean} over {} roster(s)",
            format!("{backend:?}"),
            gaps.len()
        );
    }
    let Some((first, others)) = backends.split_first() else {
        return;
    };
    for other in others {
        println!("  {other:?}/{first:?} objective ratio (below 1: {other:?} better), same run:");
        let objective = |backend: Backend, instance: &str| {
            runs.iter()
                .find(|r| r.backend == backend && r.instance == instance && r.problem.is_none())
                .and_then(|r| r.objective)
        };
        let mut instances: Vec<&str> = runs.iter().map(|r| r.instance.as_str()).collect();
        instances.dedup();
        for instance in instances {
            let ratio = match (objective(*other, instance), objective(*first, instance)) {
                (Some(o), Some(f)) if f > 0.0 => format!("{:.3}", o / f),
                (Some(o), Some(f)) => format!("- ({} / {})", value(o), value(f)),
                _ => "- (not a roster from both)".to_owned(),
            };
            println!("    {instance:<11} {ratio}");
        }
    }
}

/// Parallel searches per solve (`SolveOptions::threads`), from `CROSSROTA_BENCH_THREADS`;
/// by default one per available core, as a user gets.
fn bench_threads() -> u32 {
    std::env::var("CROSSROTA_BENCH_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n >= 1)
        .unwrap_or_else(available_searches)
}

/// The backends to compare: every one built in, or those named in `CROSSROTA_BENCH_BACKENDS`
/// (`microlp,highs`).
fn backends() -> Vec<Backend> {
    let all: Vec<Backend> = [Backend::Highs, Backend::Microlp]
        .into_iter()
        .filter(|&b| is_built_in(b))
        .collect();
    match std::env::var("CROSSROTA_BENCH_BACKENDS") {
        Ok(list) => all
            .into_iter()
            .filter(|b| list.to_ascii_lowercase().contains(b.as_str()))
            .collect(),
        Err(_) => all,
    }
}

/// Resets the kernel's high-water mark of this process's resident memory (`VmHWM`) to the
/// current resident size; false where that is not supported.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// A `kB` field of `/proc/self/status`, e.g. `VmHWM` or `VmRSS`.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Whether resetting the peak works: touches [`RESET_PROBE_MIB`] MiB, frees it, resets, and
/// expects the peak to fall back to near the resident size. Prints what it saw.
fn check_peak_reset() -> bool {
    let probe = vec![1u8; RESET_PROBE_MIB << 20];
    std::hint::black_box(&probe);
    drop(probe);
    let touched = status_kib("VmHWM");
    let reset = reset_peak_rss();
    let after = status_kib("VmHWM");
    let rss = status_kib("VmRSS");
    match (touched, reset, after, rss) {
        (Some(touched), true, Some(after), Some(rss)) => {
            // Most of the probe must have left the peak; the rest is slack for other growth.
            let works = touched.saturating_sub(after) >= (RESET_PROBE_MIB as u64 * 1024) / 2;
            println!(
                "peak memory: VmHWM {:.0} MiB after touching {RESET_PROBE_MIB} MiB, {:.0} MiB after the reset (VmRSS {:.0} MiB): {}",
                mib(touched),
                mib(after),
                mib(rss),
                if works {
                    "reset works"
                } else {
                    "reset has no effect, peaks shown as n/a"
                }
            );
            works
        }
        _ => {
            println!("peak memory: /proc/self VmHWM or clear_refs unavailable, peaks shown as n/a");
            false
        }
    }
}

/// `InstanceN.txt` files of every directory, by name; later directories win, ordered by N.
fn find_instances(dirs: &[PathBuf]) -> Vec<Instance> {
    let mut found: BTreeMap<(u32, String), PathBuf> = BTreeMap::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
                continue;
            };
            let number = name
                .strip_prefix("Instance")
                .and_then(|n| n.parse::<u32>().ok());
            if let (Some(number), Some("txt")) = (number, path.extension().and_then(|e| e.to_str()))
            {
                found.insert((number, name), path);
            }
        }
    }
    found
        .into_iter()
        .map(|((_, name), path)| Instance {
            name,
            source: Source::Curtois(path),
        })
        .collect()
}
