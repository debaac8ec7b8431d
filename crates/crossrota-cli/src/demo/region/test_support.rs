//! Helpers the region's tests share: dates, the seed catalogue, and database-like ids.

use chrono::NaiveDate;
use crossrota_domain::catalogue::{Catalogue, seed_catalogue};
use crossrota_domain::ids::{NetworkId, OrgId};
use crossrota_domain::organisation::Network;

use super::Region;

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn catalogue() -> Catalogue {
    Catalogue::new(seed_catalogue(), Vec::new())
}

/// Database-like ids for the region's organisations, by position.
pub(super) fn org_id(region: &Region, code: &str) -> OrgId {
    let i = region.orgs.iter().position(|o| o.code == code).unwrap();
    OrgId(i64::try_from(i).unwrap() + 1)
}

pub(super) fn domain_networks(region: &Region) -> Vec<Network> {
    region
        .networks
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut members: Vec<OrgId> = n.members.iter().map(|c| org_id(region, c)).collect();
            members.sort();
            Network {
                id: NetworkId(i64::try_from(i).unwrap() + 1),
                name: n.name.to_owned(),
                kind: n.kind,
                members,
            }
        })
        .collect()
}
