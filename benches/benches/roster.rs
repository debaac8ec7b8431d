//! The roster engine on the Curtois & Qu benchmark: objective, the checker's objective, the
//! best published value, the gap to it and the time to the best roster, per instance.
//!
//! Instances come from `data/curtois` (three small ones, always there) and
//! `../shared/benchdata/curtois` beside the project (the rest, when present); best-known
//! values from `best_known.csv` in either. Every roster is judged by the independent checker;
//! a roster that breaks a hard rule is reported as such.
//!
//! Run: `cargo bench -p crossrota-benches --bench roster`. Environment:
//! `CROSSROTA_BENCH_TIME_LIMIT` (seconds per instance, default 60),
//! `CROSSROTA_BENCH_INSTANCES` (comma-separated names, default all).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crossrota_domain::roster::check;
use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_solver::{Backend, SolveOptions, solve};

/// Default seconds per instance.
const DEFAULT_TIME_LIMIT: f64 = 60.0;

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
    let instances = find_instances(&dirs);
    let best_known = read_best_known(&dirs);
    let backends = backends();
    let names: Vec<String> = backends.iter().map(|b| format!("{b:?}")).collect();
    println!(
        "Curtois benchmark, {time_limit} s per instance, backends {}",
        names.join(", ")
    );
    println!(
        "{:<11} {:<8} {:>9} {:>9} {:>10} {:>8} {:>12} {:>10} {:>9} {:>5}",
        "instance",
        "backend",
        "objective",
        "checker",
        "best known",
        "gap %",
        "time to best",
        "status",
        "elapsed",
        "lns"
    );
    for (name, path) in instances {
        if wanted.as_ref().is_some_and(|w| !w.contains(&name)) {
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                println!("{name:<11} cannot read {}: {e}", path.display());
                continue;
            }
        };
        let model = match parse_curtois(&text) {
            Ok(model) => model,
            Err(e) => {
                println!("{name:<11} cannot parse: {e}");
                continue;
            }
        };
        for backend in &backends {
            let options = SolveOptions {
                time_limit: Duration::from_secs_f64(time_limit),
                backend: *backend,
                ..SolveOptions::default()
            };
            let label = format!("{backend:?}");
            let result = match solve(&model, &options, |_| {}) {
                Ok(result) => result,
                Err(e) => {
                    println!("{name:<11} {label:<8} solver error: {e}");
                    continue;
                }
            };
            let best = best_known.get(&name).copied();
            let Some(solution) = &result.solution else {
                println!("{name:<11} {label:<8} no roster ({:?})", result.status);
                continue;
            };
            let report = check(&model, &solution.roster);
            let checker = if report.is_feasible() {
                format!("{}", report.objective.total)
            } else {
                format!("{} broken", report.violations.len())
            };
            let gap = best
                .map(|b| format!("{:.1}", 100.0 * (solution.objective - b) / b))
                .unwrap_or_else(|| "-".into());
            println!(
                "{:<11} {:<8} {:>9} {:>9} {:>10} {:>8} {:>11.1}s {:>10} {:>8.1}s {:>5}",
                name,
                label,
                solution.objective,
                checker,
                best.map_or_else(|| "-".into(), |b| b.to_string()),
                gap,
                result.time_to_best.unwrap_or_default().as_secs_f64(),
                format!("{:?}", result.status),
                result.elapsed.as_secs_f64(),
                result.lns_iterations
            );
        }
    }
}

/// The backends to compare: every one built in, or those named in `CROSSROTA_BENCH_BACKENDS`
/// (`microlp,highs`).
fn backends() -> Vec<Backend> {
    let all: Vec<Backend> = vec![
        Backend::Microlp,
        #[cfg(feature = "highs")]
        Backend::Highs,
    ];
    match std::env::var("CROSSROTA_BENCH_BACKENDS") {
        Ok(list) => all
            .into_iter()
            .filter(|b| {
                list.to_ascii_lowercase()
                    .contains(&format!("{b:?}").to_ascii_lowercase())
            })
            .collect(),
        Err(_) => all,
    }
}

/// `InstanceN.txt` files of every directory, by name; later directories win, ordered by N.
fn find_instances(dirs: &[PathBuf]) -> Vec<(String, PathBuf)> {
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
        .map(|((_, name), path)| (name, path))
        .collect()
}

/// Best published objective per instance from every `best_known.csv`.
fn read_best_known(dirs: &[PathBuf]) -> BTreeMap<String, f64> {
    let mut best = BTreeMap::new();
    for dir in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join("best_known.csv")) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let mut fields = line.split(',');
            if let (Some(name), Some(value)) = (fields.next(), fields.next())
                && let Ok(value) = value.trim().parse::<f64>()
            {
                best.insert(name.trim().to_owned(), value);
            }
        }
    }
    best
}
