//! End-to-end tests of `crossrota roster …`: the real binary solves, checks, exports and
//! generates, and its rosters are judged again here by the independent checker.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use anyhow::Context;
use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_domain::roster::roster_csv::read_roster_csv;
use crossrota_domain::roster::{
    Assignment, Roster, RosterModel, ShiftCode, SkillCode, StaffCode, check,
};
use crossrota_solver::{SolveOptions, solve};
use crossrota_testkit::roster::generator::{GeneratorParams, generate};

/// The shipped Curtois instance 1 (published optimum 607).
fn instance1() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/curtois/Instance1.txt")
}

/// What one run of the binary printed.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn ok(self) -> anyhow::Result<Run> {
        anyhow::ensure!(
            self.code == Some(0),
            "crossrota exited with {:?}\nstdout:\n{}\nstderr:\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
        Ok(self)
    }

    /// The number after `objective: ` on the first line that has it.
    fn objective(&self) -> anyhow::Result<String> {
        self.stdout
            .lines()
            .find_map(|l| l.strip_prefix("objective: "))
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
            .with_context(|| format!("no objective line in:\n{}", self.stdout))
    }
}

fn crossrota(args: &[&str]) -> anyhow::Result<Run> {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_crossrota"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .context("running crossrota")?;
    Ok(Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

fn text(path: &Path) -> anyhow::Result<&str> {
    path.to_str().context("scratch paths are UTF-8")
}

fn curtois_model() -> anyhow::Result<RosterModel> {
    let text = std::fs::read_to_string(instance1())?;
    Ok(parse_curtois(&text)?)
}

/// Reads the four-column roster the CLI writes for multi-skill models; written here from the
/// format's definition so the test does not trust the CLI's own reader.
fn read_with_skills(model: &RosterModel, text: &str) -> anyhow::Result<Roster> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("employee,day,shift,skill"));
    let mut assignments = Vec::new();
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let [staff, day, shift, skill] = fields[..] else {
            anyhow::bail!("bad row {line:?}");
        };
        let site = model
            .shift_type(&ShiftCode::new(shift))
            .with_context(|| format!("shift {shift}"))?
            .site
            .clone();
        assignments.push(Assignment {
            staff: StaffCode::new(staff),
            day: day.parse()?,
            site,
            shift: ShiftCode::new(shift),
            skill: SkillCode::new(skill),
        });
    }
    Ok(Roster::new(assignments))
}

#[test]
fn a_curtois_instance_solves_and_checks_to_the_same_objective() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let csv = dir.path().join("roster.csv");
    let html = dir.path().join("roster.html");
    let model_path = instance1();
    let solved = crossrota(&[
        "roster",
        "solve",
        text(&model_path)?,
        "--time-limit",
        "10",
        "--out",
        text(&csv)?,
        "--html",
        text(&html)?,
    ])?
    .ok()?;
    assert!(solved.stdout.contains("hard violations: none"));
    assert!(solved.stdout.contains("objective breakdown:"));
    assert!(solved.stdout.contains("fairness (8 staff):"));

    // The CSV parses against the model, and the checker here agrees with the binary.
    let model = curtois_model()?;
    let roster = read_roster_csv(&model, &std::fs::read_to_string(&csv)?)?;
    assert!(!roster.assignments.is_empty());
    let report = check(&model, &roster);
    assert_eq!(report.violations, vec![]);
    let objective = solved.objective()?;
    assert_eq!(objective, format!("{:.2}", report.objective.total));
    // No roster beats the published optimum.
    assert!(report.objective.total >= 607.0);

    let checked = crossrota(&["roster", "check", text(&model_path)?, text(&csv)?])?.ok()?;
    assert_eq!(checked.objective()?, objective);
    assert!(checked.stdout.contains("hard violations: none"));

    let page = std::fs::read_to_string(&html)?;
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<ul class=\"legend\">"));
    assert!(page.contains("<table class=\"grid\">"));
    assert!(page.contains("<table class=\"cover\">"));
    // One grid row per person, each with a cell per day.
    for member in &model.staff {
        assert!(page.contains(&format!(">{}</th>", member.code)));
    }
    let worked_cells = page.matches(" title=\"D as nurse").count();
    assert_eq!(worked_cells, roster.assignments.len());
    Ok(())
}

#[test]
fn a_roster_breaking_hard_rules_fails_the_check_naming_them() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // Instance 1: A must not work day 0, and may work at most 5 days in a row.
    let csv = dir.path().join("bad.csv");
    let rows: String = (0..=6).map(|day| format!("A,{day},D\n")).collect();
    std::fs::write(&csv, format!("employee,day,shift\n{rows}"))?;
    let model_path = instance1();
    let run = crossrota(&["roster", "check", text(&model_path)?, text(&csv)?])?;
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    for rule in ["UNAVAILABLE", "MAX_CONSECUTIVE_DAYS"] {
        assert!(run.stdout.contains(rule), "{rule} in {}", run.stdout);
        assert!(run.stderr.contains(rule), "{rule} in {}", run.stderr);
    }
    assert!(run.stdout.contains("A is unavailable on day 0"));

    // The same roster exported: the offending cells are outlined and the violations listed.
    let html = dir.path().join("bad.html");
    crossrota(&[
        "roster",
        "export",
        text(&model_path)?,
        text(&csv)?,
        "--html",
        text(&html)?,
    ])?
    .ok()?;
    let page = std::fs::read_to_string(&html)?;
    assert!(page.contains("<ul class=\"legend\">"));
    assert!(page.contains("<h2>Hard violations</h2>"));
    assert!(page.contains("<td>UNAVAILABLE</td>"));
    assert!(page.contains("A is unavailable on day 0"));
    assert_eq!(page.matches(" title=\"D as nurse").count(), 7);
    // Day 0 breaks two rules; the run's other days are fine on their own.
    assert_eq!(page.matches("class=\"t0 bad\"").count(), 1);
    // Staff who work too little are marked on their name.
    assert!(
        page.contains(
            "<th class=\"name bad\" title=\"C works 0 min, at least 3360 required\">C</th>"
        )
    );
    Ok(())
}

#[test]
fn malformed_models_are_refused_with_the_problem_named() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let csv = dir.path().join("empty.csv");
    std::fs::write(&csv, "employee,day,shift\n")?;

    let broken_json = dir.path().join("broken.json");
    std::fs::write(&broken_json, r#"{"sites": []}"#)?;
    let run = crossrota(&["roster", "check", text(&broken_json)?, text(&csv)?])?;
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr
            .contains("broken.json is not a JSON roster model")
    );
    assert!(
        run.stderr.contains("missing field `horizon`"),
        "{}",
        run.stderr
    );

    let mut model = generate(&GeneratorParams::small(), 1);
    model.demands[0].shift = ShiftCode::new("NOPE");
    model.staff[2].unavailable_days.push(99);
    let invalid = dir.path().join("invalid.json");
    std::fs::write(&invalid, serde_json::to_string(&model)?)?;
    let run = crossrota(&["roster", "solve", text(&invalid)?, "--time-limit", "1"])?;
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr.contains("demands[0]: unknown shift type NOPE"),
        "{}",
        run.stderr
    );
    let staff = &model.staff[2].code;
    assert!(
        run.stderr
            .contains(&format!("staff[{staff}].unavailable_days[")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 model error(s)"), "{}", run.stderr);

    let curtois = dir.path().join("bad.txt");
    std::fs::write(&curtois, "SECTION_HORIZON\nfourteen\n")?;
    let run = crossrota(&["roster", "check", text(&curtois)?, text(&csv)?])?;
    assert_ne!(run.code, Some(0));
    assert!(run.stderr.contains("bad.txt is not a Curtois instance"));
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
    Ok(())
}

#[test]
fn a_generated_network_solves_and_the_checker_accepts_it() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let model_path = dir.path().join("network.json");
    crossrota(&[
        "roster",
        "generate",
        "--seed",
        "3",
        "--trusts",
        "2",
        "--staff",
        "30",
        "--days",
        "14",
        "--out",
        text(&model_path)?,
    ])?
    .ok()?;
    let model: RosterModel = serde_json::from_str(&std::fs::read_to_string(&model_path)?)?;
    assert_eq!(model, generate(&GeneratorParams::small(), 3));

    let csv = dir.path().join("roster.csv");
    let result = dir.path().join("result.json");
    let solved = crossrota(&[
        "roster",
        "solve",
        text(&model_path)?,
        "--time-limit",
        "6",
        "--out",
        text(&csv)?,
        "--json",
        text(&result)?,
    ])?
    .ok()?;
    let roster = read_with_skills(&model, &std::fs::read_to_string(&csv)?)?;
    let report = check(&model, &roster);
    assert_eq!(report.violations, vec![]);
    let objective = solved.objective()?;
    assert_eq!(objective, format!("{:.2}", report.objective.total));
    let checked = crossrota(&["roster", "check", text(&model_path)?, text(&csv)?])?.ok()?;
    assert_eq!(checked.objective()?, objective);
    let record: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&result)?)?;
    let solver = record["solver_objective"]
        .as_f64()
        .context("solver_objective")?;
    assert!((solver - report.objective.total).abs() <= 1e-6 * solver.abs().max(1.0));
    assert_eq!(
        record["roster"]["assignments"].as_array().map(Vec::len),
        Some(roster.assignments.len())
    );
    Ok(())
}

#[test]
fn the_small_generated_network_solves_with_microlp_in_the_library() -> anyhow::Result<()> {
    let model = generate(&GeneratorParams::small(), 11);
    let options = SolveOptions {
        time_limit: Duration::from_secs(5),
        ..SolveOptions::default()
    };
    let result = solve(&model, &options, |_| {})?;
    let solution = result.solution.context("a roster within 5 s")?;
    let report = check(&model, &solution.roster);
    assert_eq!(report.violations, vec![]);
    assert!((solution.objective - report.objective.total).abs() <= 1e-6);
    assert!(!solution.roster.assignments.is_empty());
    Ok(())
}

#[test]
fn a_deterministic_solve_writes_the_same_roster_twice() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let model_path = instance1();
    let mut rosters = Vec::new();
    for run in 0..2 {
        let csv = dir.path().join(format!("roster{run}.csv"));
        let solved = crossrota(&[
            "roster",
            "solve",
            text(&model_path)?,
            "--time-limit",
            "300",
            "--seed",
            "9",
            "--deterministic",
            "--out",
            text(&csv)?,
        ])?
        .ok()?;
        assert!(
            solved.stdout.contains("; reproducible)"),
            "{}",
            solved.stdout
        );
        rosters.push(std::fs::read_to_string(&csv)?);
    }
    assert!(rosters[0].lines().count() > 1);
    assert_eq!(rosters[0], rosters[1]);
    Ok(())
}
