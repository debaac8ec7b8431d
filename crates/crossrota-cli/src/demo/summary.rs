//! The gRPC half of the demo: each trust verifies the people its profiles could use, across
//! the networks they share, and the summary is printed from the verdicts the server returned.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use crossrota_proto::crossrota::v1 as pb;

use super::region::Region;
use super::seed::Seeded;
use crate::client::{connect, status_error};

/// Which staff groups a profile is meant for, read from its name (the demo's profiles say
/// "nurse", "scientist", "assistant" and so on).
fn fits(profile_name: &str, group: pb::StaffGroup) -> bool {
    let name = profile_name.to_ascii_lowercase();
    let wanted: &[pb::StaffGroup] = if name.contains("nurse") {
        &[pb::StaffGroup::NursingAndMidwifery]
    } else if name.contains("scientist") {
        &[pb::StaffGroup::HealthcareScientist]
    } else if name.contains("assistant") || name.contains("support") {
        &[pb::StaffGroup::ClinicalSupport]
    } else if name.contains("therapist") || name.contains("ahp") {
        &[pb::StaffGroup::AlliedHealthProfessional]
    } else if name.contains("doctor") || name.contains("registrar") || name.contains("medical") {
        &[pb::StaffGroup::Medical]
    } else {
        return true;
    };
    wanted.contains(&group)
}

/// Verifies over gRPC and prints the summary.
pub(crate) async fn run(
    server: &str,
    region: &Region,
    seeded: &Seeded,
    as_of: NaiveDate,
) -> anyhow::Result<()> {
    let org_code: HashMap<i64, &str> = seeded.orgs.iter().map(|(c, id)| (id.0, *c)).collect();
    let range = pb::DateRange {
        from: as_of.to_string(),
        to: as_of.to_string(),
    };
    let mut rates: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    let mut gaps: HashMap<(String, String), u32> = HashMap::new();
    let mut verified = 0usize;
    let started = std::time::Instant::now();
    for (profile_id, owner, name) in &seeded.profiles {
        let key = seeded
            .keys
            .get(owner)
            .ok_or_else(|| anyhow::anyhow!("no key for {owner}"))?;
        let mut client = connect(server, key).await?;
        let mut candidates = Vec::new();
        for o in &region.orgs {
            let Some(org_id) = seeded.orgs.get(o.code) else {
                continue;
            };
            let mut token = String::new();
            loop {
                let resp = client
                    .list_staff(pb::ListStaffRequest {
                        org_id: org_id.0,
                        page_size: 1000,
                        page_token: token.clone(),
                    })
                    .await;
                let resp = match resp {
                    Ok(r) => r.into_inner(),
                    // Trusts that share no network with the owner are simply not visible.
                    Err(s) if s.code() == tonic::Code::PermissionDenied => break,
                    Err(s) => return Err(status_error(s)),
                };
                candidates.extend(
                    resp.staff
                        .iter()
                        .filter(|s| {
                            fits(
                                name,
                                pb::StaffGroup::try_from(s.staff_group).unwrap_or_default(),
                            )
                        })
                        .map(|s| (s.id, s.org_id)),
                );
                if resp.next_page_token.is_empty() {
                    break;
                }
                token = resp.next_page_token;
            }
        }
        let org_of: HashMap<i64, i64> = candidates.iter().copied().collect();
        for chunk in candidates.chunks(1000) {
            let resp = client
                .verify_many(pb::VerifyManyRequest {
                    staff_ids: chunk.iter().map(|(id, _)| *id).collect(),
                    profile_id: profile_id.0,
                    range: Some(range.clone()),
                    warn_within_days: 30,
                    reason: format!("demo: staffing {name}"),
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
                let e = rates
                    .entry(((*name).to_owned(), trust.to_owned()))
                    .or_default();
                e.0 += 1;
                e.1 += u32::from(v.compliant);
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
    println!("== Compliance on {as_of} by profile and staff member's trust ==");
    println!(
        "{:<48} {:<6} {:>6} {:>10} {:>7}",
        "profile", "trust", "staff", "compliant", "rate"
    );
    for ((profile, trust), (n, ok)) in &rates {
        println!(
            "{profile:<48} {trust:<6} {n:>6} {ok:>10} {:>6.1}%",
            100.0 * f64::from(*ok) / f64::from((*n).max(1))
        );
    }

    println!();
    println!("== Most common gaps ==");
    let mut gap_list: Vec<_> = gaps.into_iter().collect();
    gap_list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((code, status), n) in gap_list.iter().take(10) {
        println!("{n:>6}  {code:<18} {status}");
    }

    println!();
    println!("== Expiring in the next 30 days ==");
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
        for i in &resp.items {
            *by_code
                .entry(i.fact.as_ref().map(|f| f.code.clone()).unwrap_or_default())
                .or_default() += 1;
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
            resp.items.len(),
            top.join(", ")
        );
        total += resp.items.len();
    }
    println!("{total} fact(s) across the region expire within 30 days");
    println!();
    println!(
        "{verified} verifications over gRPC in {:.2} s ({:.0}/s); every one is in the audit log of the person's trust",
        elapsed.as_secs_f64(),
        verified as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    Ok(())
}
