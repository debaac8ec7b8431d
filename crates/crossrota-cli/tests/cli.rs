//! End-to-end tests of the `crossrota` binary: keys, CSV import (all rows or none), the client
//! subcommands against a real `crossrota serve` child process, the demo (its determinism, its
//! compliance tables, its collaborative bank and its roster), and the layering of the server's settings (flags over
//! environment over TOML file).

mod common;

use std::collections::HashSet;

use common::{
    Scratch, Server, accepts, create_key, crossrota, crossrota_run, day, define_profile, free_addr,
    org_id, run, staff_ids,
};

const HEADER: &str = "employee_number,full_name,staff_group,band,registration_body,\
registration_number,registration_expires_on,credential_code,level,achieved_on,expires_on,evidence_ref";

/// Ada: fire safety and information governance current, moving and handling expiring in 10 days.
/// Bob: information governance lapsed long ago.
fn good_csv() -> String {
    let ada = format!(
        "E100,Ada Lovelace,nursing_midwifery,5,NMC,12A3456E,{}",
        day(400)
    );
    let bob = "E200,Bob Carter,nursing_midwifery,4,,,";
    format!(
        "{HEADER}\n\
         {ada},CSTF-FS,1,{},,cert-fs\n\
         {ada},CSTF-IG,1,{},,cert-ig\n\
         {ada},CSTF-MH,1,{},{},cert-mh\n\
         {bob},CSTF-FS,1,{},,\n\
         {bob},CSTF-IG,1,{},,\n",
        day(-100),
        day(-60),
        day(-30),
        day(10),
        day(-100),
        day(-500),
    )
}

/// Starts `crossrota serve` on a free loopback port over `db_url`.
fn serve(scratch: &Scratch, db_url: &str) -> anyhow::Result<Server> {
    let addr = free_addr()?;
    let mut cmd = crossrota();
    cmd.args(["serve", "--listen", &addr.to_string(), "--database", db_url]);
    Server::start(cmd, addr, &scratch.path("serve.log"))
}

#[test]
fn keys_create_prints_a_key_and_refuses_unknown_roles() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let db = scratch.db_url("keys.db");

    let bad = crossrota_run(&[
        "keys",
        "create",
        "--org",
        "RWF",
        "--org-name",
        "Maidstone and Tunbridge Wells",
        "--role",
        "admin",
        "--role",
        "wizard",
        "--database",
        &db,
    ])?
    .failure()?;
    assert!(
        bad.stderr.contains("unknown role \"wizard\""),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stdout.trim().is_empty(),
        "no key may be printed: {}",
        bad.stdout
    );
    // The refused command created nothing: without --org-name the organisation is unknown.
    let missing = crossrota_run(&[
        "keys",
        "create",
        "--org",
        "RWF",
        "--role",
        "admin",
        "--database",
        &db,
    ])?
    .failure()?;
    assert!(missing.stderr.contains("--org-name"), "{}", missing.stderr);

    let first = crossrota_run(&[
        "keys",
        "create",
        "--org",
        "RWF",
        "--org-name",
        "Maidstone and Tunbridge Wells",
        "--role",
        "admin",
        "--role",
        "verifier",
        "--database",
        &db,
    ])?
    .success()?;
    let key = first.stdout.trim();
    assert!(key.starts_with("crk_") && key.len() > 40, "{key:?}");
    assert_eq!(
        first.stdout.lines().count(),
        1,
        "only the key goes to stdout"
    );
    assert!(
        first.stderr.contains("for RWF with roles admin, verifier"),
        "{}",
        first.stderr
    );

    // The organisation now exists, so a second key needs no --org-name, and is a new secret.
    let second = crossrota_run(&[
        "keys",
        "create",
        "--org",
        "RWF",
        "--role",
        "issuer",
        "--database",
        &db,
    ])?
    .success()?;
    assert!(second.stdout.trim().starts_with("crk_"));
    assert_ne!(second.stdout.trim(), key);
    Ok(())
}

#[test]
fn imported_csv_is_served_to_passport_verify_and_expiring() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let db = scratch.db_url("import.db");
    let key = create_key(&db, "RWF", &["admin", "issuer", "verifier"])?;
    let csv = scratch.write("staff.csv", &good_csv())?;
    let csv_arg = csv.display().to_string();

    let import =
        crossrota_run(&["import", "--org", "RWF", &csv_arg, "--database", &db])?.success()?;
    assert!(
        import
            .stdout
            .contains("2 staff created, 0 updated, 5 facts recorded"),
        "{}",
        import.stdout
    );

    let server = serve(&scratch, &db)?;
    let url = server.url();
    let org = org_id(&url, &key, "RWF")?;
    let ids = staff_ids(&url, &key, org)?;
    let (Some(ada), Some(bob)) = (ids.get("E100").copied(), ids.get("E200").copied()) else {
        anyhow::bail!("imported staff not listed: {ids:?}");
    };
    let client = |args: &[&str]| {
        let mut cmd = crossrota();
        cmd.args(args).args(["--server", &url, "--key", &key]);
        run(&mut cmd)
    };

    let show = client(&["passport", "show", "--staff", &ada.to_string()])?.success()?;
    assert!(
        show.stdout.contains(&format!(
            "Ada Lovelace (staff {ada}, org {org}, employee E100), band 5"
        )),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout
            .contains(&format!("registration: NMC 12A3456E until {}", day(400))),
        "{}",
        show.stdout
    );
    let mh = show
        .stdout
        .lines()
        .find(|l| l.contains("CSTF-MH"))
        .unwrap_or_default();
    assert!(
        mh.contains(&day(-30)) && mh.contains(&day(10)) && mh.contains("current"),
        "{mh}"
    );
    assert!(
        show.stdout.contains("3 fact(s) in the history"),
        "{}",
        show.stdout
    );

    let nobody = client(&["passport", "show", "--staff", "999999"])?.failure()?;
    assert!(nobody.stderr.contains("NotFound"), "{}", nobody.stderr);

    let profile = define_profile(&url, &key, "Ward nurse", &[("CSTF-FS", 1), ("CSTF-IG", 1)])?;
    let verify = client(&[
        "verify",
        "--profile",
        &profile.to_string(),
        "--staff",
        &ada.to_string(),
        "--staff",
        &bob.to_string(),
        "--from",
        &day(0),
    ])?
    .success()?;
    assert!(
        verify.stdout.contains(&format!("staff {ada}: COMPLIANT")),
        "{}",
        verify.stdout
    );
    assert!(
        verify
            .stdout
            .contains(&format!("staff {bob}: NOT COMPLIANT")),
        "{}",
        verify.stdout
    );
    let bob_section = verify
        .stdout
        .split(&format!("staff {bob}:"))
        .nth(1)
        .unwrap_or_default();
    assert!(bob_section.contains("CSTF-IG"), "{}", verify.stdout);
    assert!(
        verify.stdout.contains("1 of 2 compliant"),
        "{}",
        verify.stdout
    );

    let soon = client(&["expiring", "--org", &org.to_string(), "--days", "30"])?.success()?;
    let rows: Vec<&str> = soon
        .stdout
        .lines()
        .filter(|l| l.contains("CSTF-"))
        .collect();
    assert_eq!(rows.len(), 1, "{}", soon.stdout);
    assert!(
        rows[0].starts_with(&day(10))
            && rows[0].contains("Ada Lovelace")
            && rows[0].contains("CSTF-MH"),
        "{}",
        soon.stdout
    );
    assert!(
        soon.stdout.contains("1 fact(s) expire within 30 days"),
        "{}",
        soon.stdout
    );
    // A longer window also reaches the two fire-safety records (a year after day -100).
    let later = client(&["expiring", "--org", &org.to_string(), "--days", "300"])?.success()?;
    assert!(
        later.stdout.contains("3 fact(s) expire within 300 days"),
        "{}",
        later.stdout
    );
    Ok(())
}

#[test]
fn csv_with_bad_rows_reports_every_cell_and_imports_nothing() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let db = scratch.db_url("bad.db");
    create_key(&db, "RWF", &["admin"])?;
    let bad = format!(
        "employee_number,full_name,staff_group,band,credential_code,level,achieved_on\n\
         E1,Ada Lovelace,nursing_midwifery,5,CSTF-FS,1,{d}\n\
         E2,,nurse,12,CSTF-FS,1,{d}\n\
         E3,Cy Young,medical,x,CSTF-FS,1,{d}\n\
         E4,Di Prince,medical,6,NOPE,7,{future}\n\
         E5,Ed Stone,medical,6,CSTF-IG,1,10/01/2026\n",
        d = day(-10),
        future = day(5),
    );
    let file = scratch.write("bad.csv", &bad)?;
    let file_arg = file.display().to_string();
    let out =
        crossrota_run(&["import", "--org", "RWF", &file_arg, "--database", &db])?.failure()?;

    let reported: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains(", column "))
        .collect();
    let cells: HashSet<(String, String)> = reported
        .iter()
        .filter_map(|l| {
            let rest = l.split_once("line ")?.1;
            let (line, rest) = rest.split_once(", column ")?;
            let (column, _) = rest.split_once(':')?;
            Some((line.to_owned(), column.to_owned()))
        })
        .collect();
    for (line, column) in [
        ("3", "full_name"),
        ("3", "staff_group"),
        ("3", "band"),
        ("4", "band"),
        ("5", "credential_code"),
        ("5", "level"),
        ("5", "achieved_on"),
        ("6", "achieved_on"),
    ] {
        assert!(
            cells.contains(&(line.to_owned(), column.to_owned())),
            "line {line}, column {column} not reported:\n{}",
            out.stderr
        );
    }
    assert!(
        !cells.iter().any(|(line, _)| line == "2"),
        "line 2 is good:\n{}",
        out.stderr
    );
    assert!(
        reported
            .iter()
            .all(|l| l.starts_with(&format!("{file_arg}:line "))),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!(
            "{} bad cell(s); nothing was imported",
            reported.len()
        )),
        "{}",
        out.stderr
    );

    // Had the good first row (E1) been written, this import would update E1 rather than
    // create it.
    let good = format!(
        "employee_number,full_name,staff_group,band,credential_code,level,achieved_on\n\
         E1,Ada Lovelace,nursing_midwifery,5,CSTF-FS,1,{d}\n\
         E9,Flo Night,nursing_midwifery,6,CSTF-FS,1,{d}\n",
        d = day(-10),
    );
    let good_file = scratch.write("good.csv", &good)?;
    let again = crossrota_run(&[
        "import",
        "--org",
        "RWF",
        &good_file.display().to_string(),
        "--database",
        &db,
    ])?
    .success()?;
    assert!(
        again
            .stdout
            .contains("2 staff created, 0 updated, 2 facts recorded"),
        "{}",
        again.stdout
    );
    Ok(())
}

/// Heading of the demo's roster part; what follows it depends on the solver's timing.
const ROSTER_HEADING: &str = "== Stroke network roster, 2026-11-24 to 2026-12-21 ==";

/// Heading of the demo's bank part, which comes before the roster.
const BANK_HEADING: &str = "== Kent and Medway collaborative bank, 2026-11-24 to 2026-12-07 ==";

/// Runs the demo on 200 staff as of 2026-11-23 with a short roster solve, its grid written
/// into `out_dir`.
fn demo(seed: &str, out_dir: &std::path::Path) -> anyhow::Result<common::Run> {
    run(crossrota()
        .args([
            "demo",
            "--seed",
            seed,
            "--staff",
            "200",
            "--as-of",
            "2026-11-23",
            "--roster-seconds",
            "3",
            "--out-dir",
        ])
        .arg(out_dir))?
    .success()
}

/// The demo's passport summary and bank (everything before the roster) without the lines that
/// name temporary paths, ports or timings; fails unless the roster part follows with a verdict.
fn demo_summary(seed: &str) -> anyhow::Result<Vec<String>> {
    let scratch = Scratch::new()?;
    let out = demo(seed, &scratch.path("grids"))?;
    let first = out.stdout.lines().next().unwrap_or_default();
    anyhow::ensure!(
        first.starts_with(&format!(
            "crossrota demo: seed {seed}, 200 staff, as of 2026-11-23"
        )),
        "{first}"
    );
    let roster: Vec<&str> = out
        .stdout
        .lines()
        .skip_while(|l| *l != ROSTER_HEADING)
        .collect();
    anyhow::ensure!(
        roster.iter().any(|l| l.starts_with("verdict: feasible")),
        "no roster verdict:\n{}",
        out.stdout
    );
    anyhow::ensure!(
        scratch
            .path("grids")
            .join("crossrota-demo-roster.html")
            .is_file(),
        "--out-dir is created and holds the grid"
    );
    Ok(out
        .stdout
        .lines()
        .take_while(|l| *l != ROSTER_HEADING)
        .filter(|l| {
            !l.starts_with("crossrota demo:")
                && !l.starts_with("server listening on")
                && !l.contains("verifications over gRPC in")
        })
        .map(str::to_owned)
        .collect())
}

/// The table rows under the section heading starting with `from`, up to the next blank line.
fn table<'a>(lines: &'a [String], from: &str) -> Vec<&'a str> {
    lines
        .iter()
        .skip_while(|l| !l.starts_with(from))
        .skip(2)
        .take_while(|l| !l.is_empty())
        .map(String::as_str)
        .collect()
}

/// Sums the `from_right`-th whitespace-separated column, counted from the right (names contain
/// spaces), of the table under the section heading starting with `from`.
fn column_sum(lines: &[String], from: &str, from_right: usize) -> u64 {
    table(lines, from)
        .iter()
        .filter_map(|l| {
            l.split_whitespace()
                .rev()
                .nth(from_right)?
                .parse::<u64>()
                .ok()
        })
        .sum()
}

#[test]
fn demo_prints_the_same_summary_for_the_same_seed() -> anyhow::Result<()> {
    let (a, b, c) = std::thread::scope(|s| {
        let a = s.spawn(|| demo_summary("1"));
        let b = s.spawn(|| demo_summary("1"));
        let c = s.spawn(|| demo_summary("2"));
        (a.join(), b.join(), c.join())
    });
    let joined = |r: std::thread::Result<anyhow::Result<Vec<String>>>| {
        r.unwrap_or_else(|_| Err(anyhow::anyhow!("demo thread panicked")))
    };
    let (a, b, c) = (joined(a)?, joined(b)?, joined(c)?);
    for section in [
        "== Who each profile is for ==",
        "== Compliance on 2026-11-23: each profile against the staff it is for, by trust ==",
        "== Most common gaps of the staff the profiles are for ==",
        "== Expiring in the next 30 days: what the profiles ask of the staff they are for ==",
        BANK_HEADING,
    ] {
        assert!(
            a.iter().any(|l| l == section),
            "missing {section}:\n{}",
            a.join("\n")
        );
    }
    assert!(
        column_sum(&a, "== Compliance", 2) > 0,
        "the compliance table is empty:\n{}",
        a.join("\n")
    );
    assert!(
        a.iter().any(|l| l.starts_with("booked: ")),
        "the compared part includes the bank's bookings:\n{}",
        a.join("\n")
    );
    assert_eq!(a, b, "same seed, different summary");
    assert_ne!(a, c, "seeds 1 and 2 gave the same summary");
    Ok(())
}

/// Each profile says who it is for, and the compliance table has a row per profile and trust
/// whose rate is its compliant share: a nursing profile is judged against stroke-trained
/// nurses, so the stroke nurse profile's region-wide rate is no longer a few percent.
#[test]
fn demo_judges_each_profile_against_the_staff_it_is_for() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let out = demo("4", &scratch.path("out"))?;
    let lines: Vec<String> = out.stdout.lines().map(str::to_owned).collect();
    let audiences: Vec<&str> = lines
        .iter()
        .skip_while(|l| *l != "== Who each profile is for ==")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(String::as_str)
        .collect();
    assert_eq!(audiences.len(), 6, "{}", out.stdout);
    assert!(
        audiences.contains(
            &"MTW stroke HASU band 5 nurse (RWF): nurses and midwives trained in STROKE-NIHSS \
              or STROKE-DYSPH"
        ),
        "{audiences:?}"
    );
    assert!(
        audiences.contains(&"Bank healthcare assistant (RVV): clinical support staff"),
        "{audiences:?}"
    );

    let rows = table(&lines, "== Compliance");
    assert!(rows.len() >= 6, "{}", out.stdout);
    let mut region: std::collections::BTreeMap<&str, (u64, u64)> = Default::default();
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let [.., trust, staff, compliant, rate] = cols[..] else {
            panic!("short row {row:?}");
        };
        let profile = row[..48].trim_end();
        assert!(
            audiences
                .iter()
                .any(|a| a.starts_with(&format!("{profile} ("))),
            "row of an unknown profile: {row:?}"
        );
        assert!(
            ["RWF", "RN7", "RPA", "RVV", "RYY", "RXY", "NQL"].contains(&trust),
            "{row:?}"
        );
        let (staff, compliant): (u64, u64) = (staff.parse()?, compliant.parse()?);
        assert!(staff > 0 && compliant <= staff, "{row:?}");
        let rate: f64 = rate.trim_end_matches('%').parse()?;
        let want = 100.0 * compliant as f64 / staff as f64;
        assert!((rate - want).abs() < 0.051, "{row:?}");
        let e = region.entry(profile).or_default();
        e.0 += staff;
        e.1 += compliant;
    }
    assert_eq!(region.len(), 6, "every profile has people: {region:?}");
    let (staff, compliant) = region["MTW stroke HASU band 5 nurse"];
    assert!(
        compliant * 4 >= staff,
        "a quarter or more of stroke-trained nurses meet the HASU profile: {compliant} of {staff}"
    );
    Ok(())
}

#[test]
fn demo_totals_agree_with_its_tables() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let out = demo("3", &scratch.path("out"))?;
    let lines: Vec<String> = out.stdout.lines().map(str::to_owned).collect();
    let verified: u64 = lines
        .iter()
        .find(|l| l.contains("verifications over gRPC in"))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or_default();
    assert_eq!(
        column_sum(&lines, "== Compliance", 2),
        verified,
        "{}",
        out.stdout
    );
    let expiring_total: u64 = lines
        .iter()
        .find(|l| l.contains("across the region expire within 30 days"))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or_default();
    let per_trust: u64 = lines
        .iter()
        .skip_while(|l| !l.starts_with("== Expiring"))
        .filter(|l| l.contains("fact(s)   most:"))
        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .sum();
    assert_eq!(per_trust, expiring_total, "{}", out.stdout);
    assert!(expiring_total > 0, "{}", out.stdout);
    Ok(())
}

/// The lines of the bank part, up to the roster.
fn bank_part(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .skip_while(|l| *l != BANK_HEADING)
        .take_while(|l| *l != ROSTER_HEADING)
        .collect()
}

/// The leading number of the first line containing `infix`: "12 booking(s) made" gives 12.
fn leading_number(lines: &[&str], infix: &str) -> Option<u64> {
    lines
        .iter()
        .find(|l| l.contains(infix))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The bank part: every trust posts shifts, the Maidstone night has eligible candidates and
/// near misses with reasons, shifts are booked, the long day after the booked night is refused
/// for want of rest (the reason printed), and the nurse's commitments are listed.
#[test]
fn demo_runs_a_collaborative_bank_across_the_seven_trusts() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let out = demo("6", &scratch.path("out"))?;
    let bank = bank_part(&out.stdout);
    assert!(!bank.is_empty(), "no bank part:\n{}", out.stdout);
    let whole = bank.join("\n");

    // Shifts posted per trust: a row for each of the seven, and a total that adds up.
    let rows: Vec<&str> = bank
        .iter()
        .skip_while(|l| !l.starts_with("trust "))
        .skip(1)
        .take_while(|l| !l.contains("shift(s) posted over gRPC"))
        .copied()
        .collect();
    let mut total = 0;
    for trust in ["RWF", "RN7", "RPA", "RVV", "RYY", "RXY", "NQL"] {
        let row = rows
            .iter()
            .find(|r| r.split_whitespace().next() == Some(trust))
            .unwrap_or_else(|| panic!("no row for {trust}:\n{whole}"));
        let posted: u64 = row.split_whitespace().nth(1).unwrap_or("").parse()?;
        assert!(posted > 0, "{trust} posted nothing: {row}");
        total += posted;
    }
    assert_eq!(rows.len(), 7, "{whole}");
    assert_eq!(
        leading_number(&bank, "shift(s) posted over gRPC"),
        Some(total),
        "{whole}"
    );

    // The candidates of the Maidstone night: at least one eligible, listed under the header.
    let heading = bank
        .iter()
        .find(|l| l.starts_with("Candidates for shift "))
        .unwrap_or_else(|| panic!("no candidates:\n{whole}"));
    assert!(
        heading.contains("RWF Maidstone Hospital HASU, night "),
        "{heading}"
    );
    let eligible = leading_number(&bank, " eligible, best first").unwrap_or(0);
    assert!(eligible >= 1, "nobody eligible:\n{whole}");
    let listed = bank
        .iter()
        .skip_while(|l| !l.contains(" eligible, best first"))
        .skip(2)
        .take_while(|l| !l.contains(" near miss(es) "))
        .count() as u64;
    assert_eq!(listed, eligible.min(5), "{whole}");

    // Bookings made, one refusal for rest after the booked night, each with its reason.
    let made = leading_number(&bank, " booking(s) made, ").unwrap_or(0);
    assert!(made >= 5, "{made} bookings:\n{whole}");
    let booked = bank.iter().filter(|l| l.starts_with("booked: ")).count() as u64;
    assert_eq!(booked, made, "{whole}");
    let refusals: Vec<&&str> = bank.iter().filter(|l| l.starts_with("refused: ")).collect();
    assert!(!refusals.is_empty(), "{whole}");
    for r in &refusals {
        let reason = r.split(" may not work shift ").nth(1).unwrap_or("");
        let reason = reason.split_once(": ").map_or("", |(_, why)| why);
        assert!(
            !reason.trim().is_empty(),
            "a refusal without its reason: {r}"
        );
    }
    assert!(
        refusals
            .iter()
            .any(|r| r.contains(", long day ") && r.contains("rest after a night at RWF")),
        "the long day after the booked night is refused for rest:\n{whole}"
    );

    // The nurse's commitments across trusts, as their home trust sees them.
    let line = bank
        .iter()
        .find(|l| l.contains(" commitment(s) at "))
        .unwrap_or_else(|| panic!("no commitments:\n{whole}"));
    let count: u64 = line
        .split(": ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    assert!(count >= 1, "{line}");
    let listed = bank
        .iter()
        .skip_while(|l| !l.contains(" commitment(s) at "))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| l.contains("bank booking "))
        .count() as u64;
    assert_eq!(listed, count, "{whole}");
    Ok(())
}

/// The number after `prefix` in the line starting with it, e.g. "coverage: 12 of 20".
fn number_after(text: &str, prefix: &str) -> Option<f64> {
    let line = text.lines().find(|l| l.starts_with(prefix))?;
    line[prefix.len()..]
        .split_whitespace()
        .next()?
        .trim_matches(|c: char| !c.is_ascii_digit() && c != '.')
        .replace(',', "")
        .parse()
        .ok()
}

/// The roster part: a job over the stored nurses solved to its time limit, the checker's
/// verdict agreeing with the solver, cover and agency cost that add up, and the HTML grid in
/// the current directory by default.
#[test]
fn demo_solves_a_stroke_network_roster_and_writes_its_grid() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let out = run(crossrota().current_dir(scratch.path("")).args([
        "demo",
        "--seed",
        "5",
        "--staff",
        "400",
        "--as-of",
        "2026-11-23",
        "--roster-seconds",
        "8",
    ]))?
    .success()?;
    let stdout = &out.stdout;
    let roster: Vec<&str> = stdout
        .lines()
        .skip_while(|l| *l != ROSTER_HEADING)
        .collect();
    assert!(!roster.is_empty(), "no roster part:\n{stdout}");
    assert!(
        roster.iter().any(|l| l.starts_with("roster job ")
            && l.contains("submitted over gRPC: 364 shifts to fill")),
        "{stdout}"
    );
    assert!(
        roster.iter().any(|l| l.trim_start().contains(" succeeded")),
        "the progress ends with the job's success:\n{stdout}"
    );
    let verdict = roster
        .iter()
        .find(|l| l.starts_with("verdict: "))
        .unwrap_or_else(|| panic!("no verdict:\n{stdout}"));
    assert!(
        verdict.starts_with("verdict: feasible, no hard rule broken; objective ")
            && verdict.ends_with("(the same when re-checked here)"),
        "{verdict}"
    );
    let checker = number_after(verdict, "verdict: feasible, no hard rule broken; objective");
    let solver = verdict
        .split(" by the checker, ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok());
    assert!(checker.is_some() && checker == solver, "{verdict}");

    let covered = number_after(stdout, "coverage:").unwrap_or(-1.0);
    let line = roster
        .iter()
        .find(|l| l.starts_with("coverage: "))
        .unwrap_or_else(|| panic!("no coverage:\n{stdout}"));
    assert!(line.contains(" of 364 shifts covered ("), "{line}");
    assert!((1.0..=364.0).contains(&covered), "{line}");
    let uncovered = 364.0 - covered;
    assert!(line.ends_with(&format!("{uncovered} uncovered")), "{line}");
    let agency = number_after(stdout, "agency cost of the uncovered shifts:").unwrap_or(-1.0);
    // Every uncovered place costs the agency rate of its shift: 8 or 10 hours at £55.
    assert!(
        agency >= uncovered * 440.0 && agency <= uncovered * 550.0,
        "{agency} for {uncovered} uncovered:\n{stdout}"
    );

    let path = scratch.path("crossrota-demo-roster.html");
    assert!(
        roster.contains(&"roster grid written to ./crossrota-demo-roster.html"),
        "{stdout}"
    );
    let html = std::fs::read_to_string(&path)?;
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("<table class=\"grid\">"), "the staff grid");
    assert!(
        html.contains("2026-11-24 to 2026-12-21 (28 days)"),
        "the horizon"
    );
    let grid = html
        .split("<table class=\"grid\">")
        .nth(1)
        .and_then(|g| g.split("</table>").next())
        .unwrap_or_default();
    let rows: Vec<&str> = grid
        .split("<tr><th class=\"name")
        .skip(1)
        .filter(|r| !r.starts_with("\">Staff<"))
        .collect();
    let named = rows
        .iter()
        .filter(|r| r.contains(" (RWF ") || r.contains(" (RN7 "))
        .count();
    assert!(
        rows.len() >= 5 && named == rows.len(),
        "a row per nurse, by name and trust: {} rows, {named} named",
        rows.len()
    );
    assert!(
        html.matches("MTW-E").count() > 10 && html.contains("Darent Valley Hospital HASU"),
        "shifts of both units are drawn"
    );
    Ok(())
}

#[test]
fn serve_listens_where_flags_env_and_file_say() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let (file_addr, env_addr, flag_addr) = (free_addr()?, free_addr()?, free_addr()?);
    let file_db = scratch.db_url("file.db");
    let env_db = scratch.db_url("env.db");
    let config = scratch.write(
        "crossrota.toml",
        &format!("listen = \"{file_addr}\"\ndatabase = \"{file_db}\"\n"),
    )?;
    let file_key = create_key(&file_db, "RWF", &["admin"])?;
    let env_key = create_key(&env_db, "RN7", &["admin"])?;

    // The file alone: its address and its database (whose key works).
    let mut cmd = crossrota();
    cmd.arg("serve").arg("--config").arg(&config);
    let server = Server::start(cmd, file_addr, &scratch.path("file.log"))?;
    assert!(org_id(&server.url(), &file_key, "RWF")? > 0);
    drop(server);

    // The environment beats the file, for the address and the database.
    let mut cmd = crossrota();
    cmd.arg("serve")
        .arg("--config")
        .arg(&config)
        .env("CROSSROTA_LISTEN", env_addr.to_string())
        .env("CROSSROTA_DATABASE", &env_db);
    let server = Server::start(cmd, env_addr, &scratch.path("env.log"))?;
    assert!(!accepts(file_addr), "the file's address must not be used");
    assert!(org_id(&server.url(), &env_key, "RN7")? > 0);
    assert!(
        org_id(&server.url(), &file_key, "RWF").is_err(),
        "the file's database must not be used"
    );
    drop(server);

    // A flag beats both.
    let mut cmd = crossrota();
    cmd.arg("serve")
        .arg("--config")
        .arg(&config)
        .args(["--listen", &flag_addr.to_string()])
        .env("CROSSROTA_LISTEN", env_addr.to_string());
    let server = Server::start(cmd, flag_addr, &scratch.path("flag.log"))?;
    assert!(!accepts(env_addr) && !accepts(file_addr));
    assert!(org_id(&server.url(), &file_key, "RWF")? > 0);
    drop(server);
    Ok(())
}

#[test]
fn serve_refuses_a_bad_listen_address_and_a_bad_config_file() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let db = scratch.db_url("x.db");
    let out = crossrota_run(&["serve", "--listen", "nowhere", "--database", &db])?.failure()?;
    assert!(
        out.stderr.contains("\"nowhere\" is not host:port"),
        "{}",
        out.stderr
    );
    let config = scratch.write("bad.toml", "lisen = \"127.0.0.1:1\"\n")?;
    let out = run(crossrota().arg("serve").arg("--config").arg(&config))?.failure()?;
    assert!(out.stderr.contains("parsing config file"), "{}", out.stderr);
    Ok(())
}

#[test]
fn demo_refuses_an_existing_database_file() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let existing = scratch.write("taken.db", "")?;
    let out = run(crossrota()
        .args(["demo", "--staff", "10", "--database"])
        .arg(&existing))?
    .failure()?;
    assert!(
        out.stderr.contains("exists; the demo needs a fresh file"),
        "{}",
        out.stderr
    );
    Ok(())
}

#[test]
fn demo_refuses_a_roster_time_limit_the_server_would_not_take() -> anyhow::Result<()> {
    for bad in ["0", "-1", "3601", "NaN", "soon"] {
        let flag = format!("--roster-seconds={bad}");
        let out = crossrota_run(&["demo", "--staff", "10", &flag])?.failure()?;
        assert!(
            out.stderr.contains("--roster-seconds"),
            "{bad}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{bad}: nothing runs: {}", out.stdout);
    }
    Ok(())
}

#[test]
fn import_for_an_unknown_organisation_fails_clearly() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let db = scratch.db_url("unknown.db");
    create_key(&db, "RWF", &["admin"])?;
    let csv = scratch.write("staff.csv", &good_csv())?;
    let out = run(crossrota()
        .args(["import", "--org", "RXX", "--database", &db])
        .arg(&csv))?
    .failure()?;
    assert!(
        out.stderr.contains("organisation RXX not found"),
        "{}",
        out.stderr
    );
    Ok(())
}
