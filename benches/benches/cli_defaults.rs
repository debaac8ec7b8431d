//! What a new user gets: the release `crossrota` binary, run as the README shows with no
//! solver flags (`crossrota roster solve INSTANCE --json out.json`), on the shipped Curtois &
//! Qu instances, side by side with the roster bench's library rows (HiGHS, one search per
//! core) on the same machine in the same run.
//!
//! It prints per instance: the CLI's objective, its certification (the CLI refuses an
//! uncertified roster and exits non-zero), best known, gap %, and the library's objective and
//! gap, then the mean gaps and the CLI/library ratio. Defaults should give the engine's best,
//! so the two columns should be of the same quality (the searches are timed, so single runs
//! differ by a little either way).
//!
//! Build the binary first with `cargo build --release --locked -p crossrota-cli --bin crossrota`
//! (the default features, HiGHS included); `CROSSROTA_CLI` points at another one. Instances: `data/curtois` and, when
//! present, `../shared/benchdata/curtois`, up to 40 staff; `CROSSROTA_BENCH_INSTANCES=
//! Instance1,Instance8` picks some. `CROSSROTA_BENCH_LIBRARY=0` skips the library rows (half
//! the time). The CLI runs with its default time limit (60 s) unless `CROSSROTA_BENCH_TIME_LIMIT`
//! is set, which then applies to both sides.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_domain::roster::{RosterModel, certify_roster};
use crossrota_solver::{SolveOptions, available_searches, best_backend, solve};
use crossrota_testkit::roster::fixtures::read_best_known;

/// The largest instances of the "up to 40 staff" class the defaults must serve well.
const MAX_STAFF: usize = 40;

/// The CLI's own default time limit, for the library rows when none is set.
const CLI_DEFAULT_SECONDS: f64 = 60.0;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dirs = [
        root.join("data/curtois"),
        root.join("../shared/benchdata/curtois"),
    ];
    let time_limit: Option<f64> = std::env::var("CROSSROTA_BENCH_TIME_LIMIT")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| s.is_finite() && *s > 0.0);
    let library = std::env::var("CROSSROTA_BENCH_LIBRARY").map_or(true, |v| v != "0");
    let wanted: Option<Vec<String>> = std::env::var("CROSSROTA_BENCH_INSTANCES")
        .ok()
        .map(|s| s.split(',').map(|n| n.trim().to_owned()).collect());

    let binary = match release_cli(&root) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("!! {e}");
            std::process::exit(1);
        }
    };
    let best_known = read_best_known(&dirs);
    let mut instances = find_instances(&dirs);
    instances.retain(|(name, _, model)| {
        model.staff.len() <= MAX_STAFF && wanted.as_ref().is_none_or(|w| w.contains(name))
    });
    println!(
        "Defaults bench: release CLI with no solver flags ({}) vs library HiGHS rows ({} search(es), {} backend){}",
        time_limit.map_or_else(
            || "its default 60 s".to_owned(),
            |t| format!("--time-limit {t}")
        ),
        available_searches(),
        best_backend().as_str(),
        if library {
            ""
        } else {
            " [library rows skipped]"
        }
    );
    println!(
        "{:<11} {:>5} {:>12} {:>10} {:>10} {:>7} {:>12} {:>7} {:>9}",
        "instance",
        "staff",
        "cli",
        "certified",
        "best known",
        "gap %",
        "library",
        "gap %",
        "cli/lib"
    );
    let mut cli_gaps = Vec::new();
    let mut lib_gaps = Vec::new();
    let mut failures = 0;
    let scratch = std::env::temp_dir().join(format!("crossrota-cli-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&scratch) {
        eprintln!("!! creating {}: {e}", scratch.display());
        std::process::exit(1);
    }
    for (name, path, model) in &instances {
        let best = best_known.get(name).copied();
        let cli = run_cli(
            &binary,
            path,
            time_limit,
            &scratch.join(format!("{name}.json")),
        );
        let lib = library.then(|| run_library(model, time_limit.unwrap_or(CLI_DEFAULT_SECONDS)));
        let gap = |objective: Option<f64>| match (objective, best) {
            (Some(o), Some(b)) if b > 0.0 => Some(100.0 * (o - b) / b),
            _ => None,
        };
        let show = |x: Option<f64>, digits: usize| {
            x.map_or_else(|| "-".to_owned(), |v| format!("{v:.digits$}"))
        };
        let (cli_objective, certified) = match &cli {
            Ok(run) => (
                Some(run.objective),
                if run.certified { "yes" } else { "NO" },
            ),
            Err(e) => {
                println!("!! {name}: {e}");
                failures += 1;
                (None, "error")
            }
        };
        let lib_objective = lib.flatten();
        if let Some(g) = gap(cli_objective) {
            cli_gaps.push(g);
        }
        if let Some(g) = gap(lib_objective) {
            lib_gaps.push(g);
        }
        let ratio = match (cli_objective, lib_objective) {
            (Some(c), Some(l)) if l > 0.0 => format!("{:.3}", c / l),
            _ => "-".to_owned(),
        };
        println!(
            "{:<11} {:>5} {:>12} {:>10} {:>10} {:>7} {:>12} {:>7} {:>9}",
            name,
            model.staff.len(),
            show(cli_objective, 0),
            certified,
            show(best, 0),
            show(gap(cli_objective), 1),
            show(lib_objective, 0),
            show(gap(lib_objective), 1),
            ratio
        );
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            "-".to_owned()
        } else {
            format!("{:.2} %", v.iter().sum::<f64>() / v.len() as f64)
        }
    };
    println!(
        "mean gap to best known: CLI defaults {} over {} instance(s); library HiGHS rows {} over {}",
        mean(&cli_gaps),
        cli_gaps.len(),
        mean(&lib_gaps),
        lib_gaps.len()
    );
    let _ = std::fs::remove_dir_all(&scratch);
    if failures > 0 {
        println!("!! {failures} CLI run(s) failed or were not certified");
        std::process::exit(1);
    }
}

/// The release binary the README's commands build. It is built beforehand (a bench cannot
/// run cargo itself while `cargo bench` holds the build directory):
/// `cargo build --release --locked -p crossrota-cli --bin crossrota`.
fn release_cli(root: &Path) -> Result<PathBuf, String> {
    let target =
        std::env::var("CARGO_TARGET_DIR").map_or_else(|_| root.join("target"), PathBuf::from);
    let binary = std::env::var("CROSSROTA_CLI")
        .map_or_else(|_| target.join("release/crossrota"), PathBuf::from);
    if binary.is_file() {
        println!("release CLI: {}", binary.display());
        Ok(binary)
    } else {
        Err(format!(
            "no release binary at {}; build it first with \
             `cargo build --release --locked -p crossrota-cli --bin crossrota` \
             (or point CROSSROTA_CLI at one)",
            binary.display()
        ))
    }
}

/// One CLI solve's figures, read back from its `--json` file.
struct CliRun {
    objective: f64,
    certified: bool,
}

/// Runs `crossrota roster solve FILE --json OUT` (plus `--time-limit` when set); an exit
/// code other than 0 is how the CLI refuses an uncertified roster.
fn run_cli(
    binary: &Path,
    instance: &Path,
    time_limit: Option<f64>,
    json: &Path,
) -> Result<CliRun, String> {
    let mut command = Command::new(binary);
    command
        .args(["roster", "solve"])
        .arg(instance)
        .arg("--json")
        .arg(json);
    if let Some(t) = time_limit {
        command.args(["--time-limit", &t.to_string()]);
    }
    let output = command
        .output()
        .map_err(|e| format!("running {}: {e}", binary.display()))?;
    let certified = output.status.success();
    let text = std::fs::read_to_string(json).map_err(|e| {
        format!(
            "no result file ({e}); the CLI said: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let record: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("reading {}: {e}", json.display()))?;
    let objective = record["solver_objective"]
        .as_f64()
        .ok_or("no solver_objective in the result file")?;
    let checked = record["checker"]["objective"]["total"]
        .as_f64()
        .ok_or("no checker objective in the result file")?;
    if !certified {
        return Err(format!(
            "the CLI exited with {} (solver {objective}, checker {checked}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(CliRun {
        objective,
        certified,
    })
}

/// The roster bench's library row for a model: the best backend with one search per core,
/// certified like every result.
fn run_library(model: &RosterModel, seconds: f64) -> Option<f64> {
    let options = SolveOptions {
        time_limit: Duration::from_secs_f64(seconds),
        threads: available_searches(),
        backend: best_backend(),
        ..SolveOptions::default()
    };
    let result = solve(model, &options, |_| {}).ok()?;
    let solution = result.solution?;
    let certificate = certify_roster(model, &solution.roster, solution.objective, None);
    if let Some(refusal) = certificate.refusal {
        println!("!! library roster refused: {refusal}");
        return None;
    }
    Some(solution.objective)
}

/// Every `Instance*.txt` in `dirs` (the first directory wins a name), parsed, in numeric order.
fn find_instances(dirs: &[PathBuf]) -> Vec<(String, PathBuf, RosterModel)> {
    let mut found: BTreeMap<u32, (String, PathBuf)> = BTreeMap::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let Some(number) = stem.strip_prefix("Instance").and_then(|n| n.parse().ok()) else {
                continue;
            };
            if path.extension().is_some_and(|e| e == "txt") {
                found.entry(number).or_insert((stem.to_owned(), path));
            }
        }
    }
    found
        .into_values()
        .filter_map(|(name, path)| {
            let text = std::fs::read_to_string(&path).ok()?;
            match parse_curtois(&text) {
                Ok(model) => Some((name, path, model)),
                Err(e) => {
                    println!("!! {name}: {e}");
                    None
                }
            }
        })
        .collect()
}
