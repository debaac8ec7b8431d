//! The synthetic Kent and Medway region that `crossrota demo` loads: the seven NHS providers,
//! their stroke, pathology and collaborative-bank networks, staff with passports, requirement
//! profiles and sharing agreements.
//!
//! Everything is drawn from a seeded ChaCha8 generator and dated relative to the `as_of` day
//! passed in (never a clock), so one seed and day always give the same region, and the
//! passports look equally "live" whatever day the demo runs. Expiry dates are not computed
//! here: the loader derives them from the catalogue, exactly as a real import would.
//!
//! One file per part: [`orgs`] (providers and networks), [`profiles`], [`agreements`],
//! [`people`] (staff and the generator), [`training`] (mandatory training, checks and their
//! currency), [`competencies`] (stroke and laboratory skills), and the helpers [`dates`],
//! [`draw`] and [`names`]. The generator's calls on the random source happen in the same
//! order whatever the file layout, so a seed keeps giving the same region.

mod agreements;
mod competencies;
mod dates;
mod draw;
mod names;
mod orgs;
mod people;
mod profiles;
#[cfg(test)]
mod test_support;
mod training;

use chrono::NaiveDate;

pub(crate) use agreements::DemoAgreement;
pub(crate) use orgs::{BANK_HOST, BANK_NETWORK, DemoNetwork, DemoOrg, STROKE_NETWORK};
pub(crate) use people::DemoStaff;
pub(crate) use profiles::DemoProfile;

use agreements::agreements;
use orgs::{ORGS, networks, staff_per_org};
use people::Generator;
use profiles::profiles;

/// Everything the demo loads, in an order that can be inserted top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Region {
    /// The seven providers.
    pub(crate) orgs: Vec<DemoOrg>,
    /// Stroke, pathology and bank networks.
    pub(crate) networks: Vec<DemoNetwork>,
    /// Staff of all providers, grouped by organisation.
    pub(crate) staff: Vec<DemoStaff>,
    /// Requirement profiles owned by member trusts.
    pub(crate) profiles: Vec<DemoProfile>,
    /// Sharing agreements, with deliberate gaps so "issuer not accepted" shows up.
    pub(crate) agreements: Vec<DemoAgreement>,
}

/// Builds the region for `seed`, dated relative to `as_of`, with exactly `staff_count` people
/// spread over the providers in proportion to their real headcount.
pub(crate) fn generate(seed: u64, as_of: NaiveDate, staff_count: usize) -> Region {
    let mut generator = Generator::new(seed, as_of);
    let mut staff = Vec::with_capacity(staff_count);
    for (org, count) in ORGS.iter().zip(staff_per_org(staff_count)) {
        for _ in 0..count {
            staff.push(generator.person(org));
        }
    }
    Region {
        orgs: ORGS
            .iter()
            .map(|o| DemoOrg {
                code: o.code,
                name: o.name,
            })
            .collect(),
        networks: networks(),
        staff,
        profiles: profiles(),
        agreements: agreements(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use test_support::day;

    #[test]
    fn same_seed_gives_the_same_region_and_another_seed_does_not() {
        let as_of = day(2025, 6, 2);
        let a = generate(7, as_of, 400);
        assert_eq!(a, generate(7, as_of, 400));
        let b = generate(8, as_of, 400);
        assert_ne!(a.staff, b.staff);
    }

    #[test]
    fn counts_follow_the_request_and_trust_sizes() {
        for requested in [0usize, 1, 37, 500, 1234] {
            let region = generate(1, day(2025, 6, 2), requested);
            assert_eq!(region.orgs.len(), 7);
            assert_eq!(region.networks.len(), 3);
            assert!((4..=6).contains(&region.profiles.len()));
            let got = region.staff.len() as f64;
            let want = requested as f64;
            assert!(
                (got - want).abs() <= want * 0.05,
                "{got} staff for {requested}"
            );
        }
        let region = generate(1, day(2025, 6, 2), 1000);
        let mut per_org: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &region.staff {
            *per_org.entry(s.org_code).or_default() += 1;
        }
        let largest = per_org.iter().max_by_key(|(_, n)| **n).unwrap();
        let smallest = per_org.iter().min_by_key(|(_, n)| **n).unwrap();
        assert_eq!(*largest.0, "RVV", "{per_org:?}");
        assert_eq!(*smallest.0, "NQL", "{per_org:?}");
    }
}
