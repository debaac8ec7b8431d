//! Who may work a shift, as its posting trust's bank office asks the server: the first few
//! eligible members in the order to offer it, and the nearest misses with every reason.

use crossrota_proto::crossrota::v1 as pb;

use super::offices::Offices;
use super::post::Posted;
use crate::client::status_error;

/// How many eligible members and near misses the demo prints.
const SHOWN: usize = 5;

/// The candidates for `posted`, asked by its trust's office.
pub(super) async fn candidates(
    offices: &Offices,
    posted: &Posted,
) -> anyhow::Result<pb::CandidatesResponse> {
    Ok(offices
        .of(offices.code(posted.shift.org_id))?
        .get_candidates(pb::GetCandidatesRequest {
            shift_id: posted.shift.id,
        })
        .await
        .map_err(status_error)?
        .into_inner())
}

/// Prints the shift, the first eligible members and the nearest misses.
pub(super) fn print(
    offices: &Offices,
    posted: &Posted,
    profile: &str,
    found: &pb::CandidatesResponse,
) {
    let s = &posted.shift;
    println!(
        "Candidates for shift {}: {} ({profile}, band {}, £{:.2}/h, £{:.2} for the shift)",
        s.id,
        offices.describe(s, posted.kind()),
        s.band,
        s.rate_pence_per_hour as f64 / 100.0,
        s.pay_pence as f64 / 100.0
    );
    println!(
        "{} eligible, best first{}:",
        found.eligible.len(),
        shown(found.eligible.len())
    );
    println!(
        "{:>6}  {:<26} {:<5} {:>8} {:>5} {:>10}",
        "staff", "name", "home", "cost £", "ward", "bank h/mo"
    );
    for c in found.eligible.iter().take(SHOWN) {
        println!(
            "{:>6}  {:<26} {:<5} {:>8.2} {:>5} {:>10.1}",
            c.staff_id,
            c.name,
            offices.code(c.home_org_id),
            c.cost_pence as f64 / 100.0,
            c.shifts_on_ward,
            c.bank_hours_this_month
        );
    }
    println!(
        "{} near miss(es) who offer this profile, nearest first{}:",
        found.near_misses.len(),
        shown(found.near_misses.len())
    );
    for n in found.near_misses.iter().take(SHOWN) {
        println!(
            "{:>6}  {:<26} {:<5} {}",
            n.staff_id,
            n.name,
            offices.code(n.home_org_id),
            n.reasons.join("; ")
        );
    }
}

/// " (the first 5)" when a list is longer than what is shown.
fn shown(len: usize) -> String {
    if len > SHOWN {
        format!(" (the first {SHOWN})")
    } else {
        String::new()
    }
}
