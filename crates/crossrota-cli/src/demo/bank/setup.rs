//! Setting the bank up over gRPC: each trust records its sites, the host trust's admin creates
//! the collaborative bank on the region's bank network, and each trust enrols its staff who
//! joined the bank network, with what they offer to work.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use crossrota_proto::crossrota::v1 as pb;
use rand_chacha::ChaCha8Rng;

use super::offices::Offices;
use super::places::SITES;
use super::terms::terms;
use crate::client::{connect, status_error};
use crate::demo::lookup::{People, list_staff};
use crate::demo::region::{BANK_HOST, BANK_NETWORK, Region};
use crate::demo::seed::Seeded;

/// A member of the bank, as the demo knows them.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Member {
    /// Their name.
    pub(super) name: String,
    /// Their home trust's code.
    pub(super) home: &'static str,
    /// The profiles they offer (ids).
    pub(super) profiles: Vec<i64>,
    /// Trusts they work at, their own included (codes).
    pub(super) works_at: Vec<&'static str>,
}

/// Records every trust's sites.
pub(super) async fn sites(offices: &Offices) -> anyhow::Result<()> {
    for s in &SITES {
        offices
            .of(s.trust)?
            .create_site(pb::CreateSiteRequest {
                code: s.code.to_owned(),
                name: s.name.to_owned(),
            })
            .await
            .map_err(status_error)
            .with_context(|| format!("site {} of {}", s.code, s.trust))?;
    }
    Ok(())
}

/// Creates the collaborative bank (the host trust's admin) and enrols every person who joined
/// the bank network and fits a profile (their trust's office), printing who joined; returns
/// the members by staff id.
pub(super) async fn enrol(
    server: &str,
    offices: &Offices,
    region: &Region,
    seeded: &Seeded,
    rng: &mut ChaCha8Rng,
) -> anyhow::Result<HashMap<i64, Member>> {
    let network = seeded
        .networks
        .get(BANK_NETWORK)
        .with_context(|| format!("no network {BANK_NETWORK}"))?;
    let bank = offices
        .of(BANK_HOST)?
        .create_bank(pb::CreateBankRequest {
            network_id: network.0,
            own_trust_only: false,
            name: BANK_NETWORK.to_owned(),
        })
        .await
        .map_err(status_error)?
        .into_inner();
    println!(
        "{BANK_HOST} created bank {} \"{}\" on the {BANK_NETWORK} network of all seven trusts",
        bank.id, bank.name
    );

    let ids = staff_ids(server, region, seeded).await?;
    let mut members = HashMap::new();
    let mut joined = 0usize;
    let mut per_profile: BTreeMap<usize, usize> = BTreeMap::new();
    let (mut capped, mut opted_out) = (0usize, 0usize);
    for person in region.staff.iter() {
        if !person.networks.contains(&BANK_NETWORK) {
            continue;
        }
        joined += 1;
        let Some(t) = terms(rng, &region.profiles, person) else {
            continue;
        };
        let staff_id = ids
            .get(&(person.org_code, person.employee_number.as_str()))
            .copied()
            .with_context(|| format!("{} of {} is not stored", person.name, person.org_code))?;
        let profiles: Vec<i64> = t.profiles.iter().map(|&i| seeded.profiles[i].0).collect();
        let travels = t
            .travels_to
            .iter()
            .map(|c| offices.id(c))
            .collect::<anyhow::Result<Vec<_>>>()?;
        offices
            .of(person.org_code)?
            .join_bank(pb::JoinBankRequest {
                bank_id: bank.id,
                staff_id,
                profile_ids: profiles.clone(),
                band: i32::from(t.band),
                travels_to_org_ids: travels,
                weekly_cap_hours: t.weekly_cap_hours,
                opted_out_of_average: t.opted_out,
            })
            .await
            .map_err(status_error)
            .with_context(|| format!("enrolling {} of {}", person.name, person.org_code))?;
        for &i in &t.profiles {
            *per_profile.entry(i).or_default() += 1;
        }
        capped += usize::from(t.weekly_cap_hours.is_some());
        opted_out += usize::from(t.opted_out);
        let mut works_at = vec![person.org_code];
        works_at.extend(t.travels_to.iter().copied());
        members.insert(
            staff_id,
            Member {
                name: person.name.clone(),
                home: person.org_code,
                profiles,
                works_at,
            },
        );
    }
    println!(
        "{} of the {joined} staff who joined the bank network enrolled by their trusts (the \
         other {} fit no bank profile)",
        members.len(),
        joined - members.len()
    );
    println!(
        "{capped} set a weekly cap, {opted_out} opted out of the 48-hour average, each travels \
         to one or two neighbouring trusts; they offer:"
    );
    for (i, n) in per_profile {
        println!("  {n:>4} offer {}", region.profiles[i].name);
    }
    Ok(members)
}

/// Stored staff ids by (trust, employee number), as each trust lists its own staff.
async fn staff_ids<'a>(
    server: &str,
    region: &'a Region,
    seeded: &Seeded,
) -> anyhow::Result<HashMap<(&'static str, &'a str), i64>> {
    let people = People::new(region, seeded);
    let mut ids = HashMap::new();
    for o in &region.orgs {
        let (Some(key), Some(org)) = (seeded.keys.get(o.code), seeded.orgs.get(o.code)) else {
            continue;
        };
        let mut client = connect(server, key).await?;
        for s in list_staff(&mut client, org.0).await?.unwrap_or_default() {
            if let Some(person) = people.get(&s) {
                ids.insert((person.org_code, person.employee_number.as_str()), s.id);
            }
        }
    }
    Ok(ids)
}
