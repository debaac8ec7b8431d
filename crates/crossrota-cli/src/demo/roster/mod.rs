//! The roster half of the demo: Maidstone and Tunbridge Wells plans four weeks of its own and
//! Darent Valley's hyperacute stroke units over gRPC, as a job over stored staff and their
//! passports, follows the job to its end, and shows what came back.

mod outcome;
mod problem;
mod progress;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use chrono::{Days, NaiveDate};
use crossrota_proto::crossrota::v1 as pb;
use pb::submit_roster_job_request::Problem;

use super::lookup::{People, list_staff};
use super::region::Region;
use super::seed::Seeded;
use crate::client::{connect, connect_roster, status_error};
use outcome::Outcome;

/// File name of the roster's HTML grid.
pub(super) const HTML_FILE: &str = "crossrota-demo-roster.html";

/// Plans, solves over gRPC and prints the roster; writes its grid into `out_dir`.
pub(super) async fn run(
    server: &str,
    region: &Region,
    seeded: &Seeded,
    as_of: NaiveDate,
    time_limit: Duration,
    out_dir: &Path,
) -> anyhow::Result<()> {
    let start = problem::first_day(as_of);
    let last = start
        .checked_add_days(Days::new(u64::from(problem::DAYS) - 1))
        .unwrap_or(start);
    println!();
    println!("== Stroke network roster, {start} to {last} ==");
    let nurses = problem::nurses(region);
    if nurses.is_empty() {
        println!("no stroke-trained nurses at RWF or RN7 in a region this small: no roster");
        return Ok(());
    }
    let key = seeded
        .keys
        .get(problem::PLANNER)
        .with_context(|| format!("no key for {}", problem::PLANNER))?;

    // The server knows people by staff id: find the nurses among the stored staff.
    let people = People::new(region, seeded);
    let mut passports = connect(server, key).await?;
    let mut ids: HashMap<(&str, &str), pb::Staff> = HashMap::new();
    for trust in ["RWF", "RN7"] {
        let org = seeded
            .orgs
            .get(trust)
            .with_context(|| format!("unknown org {trust}"))?;
        for s in list_staff(&mut passports, org.0).await?.unwrap_or_default() {
            if let Some(person) = people.get(&s) {
                ids.insert((person.org_code, person.employee_number.as_str()), s);
            }
        }
    }
    let mut staff = Vec::new();
    let mut labels = HashMap::new();
    for nurse in nurses {
        let p = nurse.person;
        let stored = ids
            .get(&(p.org_code, p.employee_number.as_str()))
            .with_context(|| format!("{} of {} is not stored", p.employee_number, p.org_code))?;
        labels.insert(
            stored.id.to_string(),
            format!("{} ({} {})", stored.name, p.org_code, stored.id),
        );
        staff.push((nurse, stored.id));
    }
    let shared = staff.iter().filter(|(n, _)| n.shared).count();
    println!(
        "{} nurses the {} profile is for, of RWF and RN7 ({shared} in the stroke network, who \
         may work at either unit); two HASUs, early, late and night shifts",
        staff.len(),
        problem::PROFILE
    );
    let org_id = |code: &str| seeded.orgs.get(code).map_or(0, |o| o.0);
    let stored = problem::build(start, &staff, org_id);
    let required: i32 = stored.demands.iter().map(|d| d.required).sum();

    let mut client = connect_roster(server, key).await?;
    let job = client
        .submit_roster_job(pb::SubmitRosterJobRequest {
            problem: Some(Problem::Stored(stored)),
            options: Some(pb::RosterSolveOptions {
                time_limit_seconds: time_limit.as_secs_f64(),
                ..Default::default()
            }),
            name: "demo: stroke network HASU roster".into(),
        })
        .await
        .map_err(status_error)?
        .into_inner();
    println!(
        "roster job {} submitted over gRPC: {required} shifts to fill, {:.0} s time limit",
        job.id,
        time_limit.as_secs_f64()
    );
    progress::watch(&mut client, job.id, time_limit).await?;

    let job = client
        .get_roster_job(pb::GetRosterJobRequest { id: job.id })
        .await
        .map_err(status_error)?
        .into_inner();
    let status = pb::RosterJobStatus::try_from(job.status).unwrap_or_default();
    anyhow::ensure!(
        status == pb::RosterJobStatus::Succeeded,
        "roster job {} ended {}: {}",
        job.id,
        status.as_str_name(),
        job.error
    );
    let result = job.result.context("a finished job has a result")?;
    let model = client
        .get_roster_job_model(pb::GetRosterJobRequest { id: job.id })
        .await
        .map_err(status_error)?
        .into_inner();
    let solve = pb::RosterSolveStatus::try_from(result.solve_status).unwrap_or_default();
    println!(
        "solver: {} after {:.1} s{}",
        solve
            .as_str_name()
            .trim_start_matches("ROSTER_SOLVE_STATUS_")
            .to_ascii_lowercase()
            .replace('_', " "),
        result.solve_ms as f64 / 1000.0,
        result
            .gap
            .map_or_else(String::new, |g| format!(", gap {:.1}%", 100.0 * g))
    );
    let outcome = Outcome::read(model, &result)?;
    outcome.print(&result);

    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let path = out_dir.join(HTML_FILE);
    let title = format!("Kent and Medway stroke network HASUs, {start} to {last}");
    outcome.write_html(&path, &labels, &title)?;
    println!("roster grid written to {}", path.display());
    Ok(())
}
