//! The passport half of the demo over gRPC: each trust verifies the people its profiles are
//! for (see [`DemoProfile::is_for`]), across the networks they share, and the summary is
//! printed from the verdicts the server returned.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use crossrota_proto::crossrota::v1 as pb;

use super::lookup::{People, list_staff};
use super::region::{DemoProfile, Region};
use super::seed::Seeded;
use crate::client::{Client, connect, status_error};

/// Verified and compliant counts of one (profile, trust) row of the compliance table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    staff: u32,
    compliant: u32,
}

impl Tally {
    /// Percentage compliant; 0 for an empty row.
    fn rate(self) -> f64 {
        if self.staff == 0 {
            0.0
        } else {
            100.0 * f64::from(self.compliant) / f64::from(self.staff)
        }
    }
}

/// Verifies over gRPC and prints the summary.
pub(crate) async fn run(
    server: &str,
    region: &Region,
    seeded: &Seeded,
    as_of: NaiveDate,
) -> anyhow::Result<()> {
    let people = People::new(region, seeded);
    let org_code: HashMap<i64, &str> = seeded.orgs.iter().map(|(c, id)| (id.0, *c)).collect();
    let range = pb::DateRange {
        from: as_of.to_string(),
        to: as_of.to_string(),
    };

    println!();
    println!("== Who each profile is for ==");
    for p in &region.profiles {
        println!("{} ({}): {}", p.name, p.owner_code, p.audience());
    }

    let mut rates: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    let mut gaps: HashMap<(String, String), u32> = HashMap::new();
    let mut verified = 0usize;
    let started = std::time::Instant::now();
    for (profile, profile_id) in region.profiles.iter().zip(&seeded.profiles) {
        let key = seeded
            .keys
            .get(profile.owner_code)
            .ok_or_else(|| anyhow::anyhow!("no key for {}", profile.owner_code))?;
        let mut client = connect(server, key).await?;
        let candidates = audience(&mut client, region, seeded, &people, profile).await?;
        let org_of: HashMap<i64, i64> = candidates.iter().copied().collect();
        for chunk in candidates.chunks(1000) {
            let resp = client
                .verify_many(pb::VerifyManyRequest {
                    staff_ids: chunk.iter().map(|(id, _)| *id).collect(),
                    profile_id: profile_id.0,
                    range: Some(range.clone()),
                    warn_within_days: 30,
                    reason: format!("demo: staffing {}", profile.name),
                })
                .await
                .map_err(status_error)?
                .into_inner();
            verified += resp.verdicts.len();
            for v in &resp.verdicts {
                let trust = org_of
                    .get(&v.staff_id)
                    .and_then(|o| org_code.get(o))
                    .copied()
                    .unwrap_or("?");
                let e = rates.entry((profile.name, trust)).or_default();
                e.staff += 1;
                e.compliant += u32::from(v.compliant);
                for o in &v.outcomes {
                    let status = pb::OutcomeStatus::try_from(o.status).unwrap_or_default();
                    if !matches!(
                        status,
                        pb::OutcomeStatus::Satisfied | pb::OutcomeStatus::ExpiringSoon
                    ) {
                        let label = status
                            .as_str_name()
                            .trim_start_matches("OUTCOME_STATUS_")
                            .to_ascii_lowercase();
                        *gaps.entry((o.code.clone(), label)).or_default() += 1;
                    }
                }
            }
        }
    }
    let elapsed = started.elapsed();

    println!();
    println!("== Compliance on {as_of}: each profile against the staff it is for, by trust ==");
    println!(
        "{:<48} {:<6} {:>6} {:>10} {:>7}",
        "profile", "trust", "staff", "compliant", "rate"
    );
    for ((profile, trust), tally) in &rates {
        println!(
            "{profile:<48} {trust:<6} {:>6} {:>10} {:>6.1}%",
            tally.staff,
            tally.compliant,
            tally.rate()
        );
    }

    println!();
    println!("== Most common gaps of the staff the profiles are for ==");
    let mut gap_list: Vec<_> = gaps.into_iter().collect();
    gap_list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((code, status), n) in gap_list.iter().take(10) {
        println!("{n:>6}  {code:<18} {status}");
    }

    expiring(server, region, seeded, &people, as_of).await?;
    println!();
    println!(
        "{verified} verifications over gRPC in {:.2} s ({:.0}/s); every one is in the audit log of the person's trust",
        elapsed.as_secs_f64(),
        verified as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    Ok(())
}

/// The people `profile` is for that its owner may see, as (staff id, organisation id), trust
/// by trust in region order.
async fn audience(
    client: &mut Client,
    region: &Region,
    seeded: &Seeded,
    people: &People<'_>,
    profile: &DemoProfile,
) -> anyhow::Result<Vec<(i64, i64)>> {
    let mut candidates = Vec::new();
    for o in &region.orgs {
        let Some(org_id) = seeded.orgs.get(o.code) else {
            continue;
        };
        // Trusts that share no network with the owner are simply not visible.
        let Some(staff) = list_staff(client, org_id.0).await? else {
            continue;
        };
        candidates.extend(
            staff
                .iter()
                .filter(|s| people.get(s).is_some_and(|d| profile.is_for(d)))
                .map(|s| (s.id, s.org_id)),
        );
    }
    Ok(candidates)
}

/// Prints, trust by trust, the facts expiring within 30 days that some profile asks of a
/// person it is for: the renewals that keep the region's services staffed.
async fn expiring(
    server: &str,
    region: &Region,
    seeded: &Seeded,
    people: &People<'_>,
    as_of: NaiveDate,
) -> anyhow::Result<()> {
    println!();
    println!("== Expiring in the next 30 days: what the profiles ask of the staff they are for ==");
    let mut total = 0;
    for o in &region.orgs {
        let (Some(key), Some(org_id)) = (seeded.keys.get(o.code), seeded.orgs.get(o.code)) else {
            continue;
        };
        let mut client = connect(server, key).await?;
        let resp = client
            .list_expiring(pb::ListExpiringRequest {
                org_id: org_id.0,
                within_days: 30,
                as_of: as_of.to_string(),
            })
            .await
            .map_err(status_error)?
            .into_inner();
        let mut by_code: BTreeMap<String, u32> = BTreeMap::new();
        let mut count = 0;
        for item in &resp.items {
            let (Some(staff), Some(fact)) = (&item.staff, &item.fact) else {
                continue;
            };
            let Some(person) = people.get(staff) else {
                continue;
            };
            let needed = region
                .profiles
                .iter()
                .any(|p| p.requires(&fact.code) && p.is_for(person));
            if needed {
                *by_code.entry(fact.code.clone()).or_default() += 1;
                count += 1;
            }
        }
        let mut top: Vec<_> = by_code.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let top: Vec<String> = top
            .iter()
            .take(3)
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        println!(
            "{:<6} {:>5} fact(s)   most: {}",
            o.code,
            count,
            top.join(", ")
        );
        total += count;
    }
    println!("{total} needed fact(s) across the region expire within 30 days");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_the_compliant_share_of_the_row_and_zero_when_empty() {
        let t = |staff, compliant| Tally { staff, compliant };
        assert_eq!(t(0, 0).rate(), 0.0);
        assert_eq!(t(8, 2).rate(), 25.0);
        assert_eq!(t(3, 3).rate(), 100.0);
    }
}
