//! Each trust's bank office posts its fortnight of open shifts (all or none, in one call), and
//! the demo prints what each trust posted.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use crossrota_proto::crossrota::v1 as pb;

use super::offices::Offices;
use super::plan::{Kind, Planned, reason_name};
use crate::client::status_error;
use crate::demo::region::Region;
use crate::demo::seed::Seeded;

/// A shift as the server stored it, with how the demo planned it.
#[derive(Debug, Clone)]
pub(super) struct Posted {
    /// The plan.
    pub(super) plan: Planned,
    /// The stored shift.
    pub(super) shift: pb::OpenShift,
}

impl Posted {
    /// Night or long day.
    pub(super) fn kind(&self) -> Kind {
        self.plan.kind
    }
}

/// Posts `plan` trust by trust and prints a line per trust; the shifts come back in region
/// order of trusts, then plan order.
pub(super) async fn post(
    offices: &Offices,
    region: &Region,
    seeded: &Seeded,
    plan: Vec<Planned>,
) -> anyhow::Result<Vec<Posted>> {
    let profile_ids: HashMap<&str, i64> = region
        .profiles
        .iter()
        .zip(&seeded.profiles)
        .map(|(p, id)| (p.name, id.0))
        .collect();
    let mut posted = Vec::new();
    println!(
        "{:<6} {:>6} {:>6} {:>9} {:>8} {:>7} {:>10}  sites",
        "trust", "shifts", "nights", "long days", "weekend", "people", "pay £"
    );
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for o in &region.orgs {
        let mine: Vec<Planned> = plan
            .iter()
            .filter(|p| p.ward.trust == o.code)
            .cloned()
            .collect();
        if mine.is_empty() {
            println!("{:<6} {:>6}", o.code, 0);
            continue;
        }
        let shifts = mine
            .iter()
            .map(|p| {
                profile_ids
                    .get(p.ward.profile)
                    .map(|id| p.input(*id))
                    .with_context(|| format!("no profile {}", p.ward.profile))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let stored = offices
            .of(o.code)?
            .post_shifts(pb::PostShiftsRequest { shifts })
            .await
            .map_err(status_error)
            .with_context(|| format!("{} posting its shifts", o.code))?
            .into_inner()
            .shifts;
        anyhow::ensure!(
            stored.len() == mine.len(),
            "{} posted a short batch",
            o.code
        );
        let nights = mine.iter().filter(|p| p.kind == Kind::Night).count();
        let weekend = mine.iter().filter(|p| p.weekend()).count();
        let people: i32 = stored.iter().map(|s| s.headcount).sum();
        let pay: i64 = stored
            .iter()
            .map(|s| s.pay_pence * i64::from(s.headcount))
            .sum();
        let mut sites: Vec<&str> = mine.iter().map(|p| p.ward.site).collect();
        sites.dedup();
        println!(
            "{:<6} {:>6} {:>6} {:>9} {:>8} {:>7} {:>10.2}  {}",
            o.code,
            stored.len(),
            nights,
            mine.len() - nights,
            weekend,
            people,
            pay as f64 / 100.0,
            sites.join(", ")
        );
        for p in &mine {
            *reasons.entry(reason_name(p.reason)).or_default() += 1;
        }
        posted.extend(
            mine.into_iter()
                .zip(stored)
                .map(|(plan, shift)| Posted { plan, shift }),
        );
    }
    let reasons: Vec<String> = reasons
        .iter()
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect();
    println!(
        "{} shift(s) posted over gRPC; reasons: {}",
        posted.len(),
        reasons.join(", ")
    );
    Ok(posted)
}
