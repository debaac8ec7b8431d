//! The seven providers of Kent and Medway, by their real ODS codes and approximate headcounts,
//! and the three networks they form: stroke, pathology and the collaborative bank.

use crossrota_domain::organisation::NetworkKind;

/// Name of the clinical network of the acute trusts and community stroke services.
pub(crate) const STROKE_NETWORK: &str = "Kent and Medway stroke network";
/// Name of the clinical network of the acute trusts' laboratories.
pub(crate) const PATHOLOGY_NETWORK: &str = "Kent and Medway pathology network";
/// Name of the collaborative staff bank every provider belongs to.
pub(crate) const BANK_NETWORK: &str = "Kent and Medway collaborative bank";

/// A provider, by its real ODS code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemoOrg {
    /// ODS code, e.g. `RWF`.
    pub(crate) code: &'static str,
    /// Full name.
    pub(crate) name: &'static str,
}

/// A network and its members (by ODS code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemoNetwork {
    /// Unique name.
    pub(crate) name: &'static str,
    /// Clinical network or collaborative bank.
    pub(crate) kind: NetworkKind,
    /// Member ODS codes.
    pub(crate) members: Vec<&'static str>,
}

/// What kind of provider an organisation is; it shapes its staff mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sector {
    Acute,
    Community,
    MentalHealth,
}

/// A provider with its approximate real headcount, used to share staff out.
pub(super) struct OrgSpec {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) headcount: u64,
    pub(super) sector: Sector,
}

pub(super) const ORGS: [OrgSpec; 7] = [
    OrgSpec {
        code: "RWF",
        name: "Maidstone and Tunbridge Wells NHS Trust",
        headcount: 6_500,
        sector: Sector::Acute,
    },
    OrgSpec {
        code: "RN7",
        name: "Dartford and Gravesham NHS Trust",
        headcount: 4_500,
        sector: Sector::Acute,
    },
    OrgSpec {
        code: "RPA",
        name: "Medway NHS Foundation Trust",
        headcount: 5_000,
        sector: Sector::Acute,
    },
    OrgSpec {
        code: "RVV",
        name: "East Kent Hospitals University NHS Foundation Trust",
        headcount: 9_000,
        sector: Sector::Acute,
    },
    OrgSpec {
        code: "RYY",
        name: "Kent Community Health NHS Foundation Trust",
        headcount: 4_800,
        sector: Sector::Community,
    },
    OrgSpec {
        code: "RXY",
        name: "Kent and Medway NHS and Social Care Partnership Trust",
        headcount: 3_500,
        sector: Sector::MentalHealth,
    },
    OrgSpec {
        code: "NQL",
        name: "Medway Community Healthcare",
        headcount: 1_400,
        sector: Sector::Community,
    },
];

pub(super) const STROKE_MEMBERS: [&str; 5] = ["RWF", "RN7", "RPA", "RVV", "RYY"];
pub(super) const PATHOLOGY_MEMBERS: [&str; 4] = ["RWF", "RN7", "RPA", "RVV"];
/// East Kent hosts the collaborative bank: it re-checks some bank workers' DBS itself.
pub(crate) const BANK_HOST: &str = "RVV";

pub(super) fn networks() -> Vec<DemoNetwork> {
    vec![
        DemoNetwork {
            name: STROKE_NETWORK,
            kind: NetworkKind::ClinicalNetwork,
            members: STROKE_MEMBERS.to_vec(),
        },
        DemoNetwork {
            name: PATHOLOGY_NETWORK,
            kind: NetworkKind::ClinicalNetwork,
            members: PATHOLOGY_MEMBERS.to_vec(),
        },
        DemoNetwork {
            name: BANK_NETWORK,
            kind: NetworkKind::CollaborativeBank,
            members: ORGS.iter().map(|o| o.code).collect(),
        },
    ]
}

/// Splits `total` over [`ORGS`] by headcount (largest remainder), so the counts add up exactly.
pub(super) fn staff_per_org(total: usize) -> [usize; 7] {
    let total_u64 = u64::try_from(total).unwrap_or(u64::MAX);
    let weight: u64 = ORGS.iter().map(|o| o.headcount).sum();
    let mut counts = [0usize; 7];
    let mut remainders = [(0u64, 0usize); 7];
    for (i, org) in ORGS.iter().enumerate() {
        let exact = total_u64.saturating_mul(org.headcount);
        counts[i] = usize::try_from(exact / weight).unwrap_or(0);
        remainders[i] = (exact % weight, i);
    }
    let left = total.saturating_sub(counts.iter().sum());
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(left) {
        counts[i] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::generate;
    use super::super::test_support::day;

    #[test]
    fn organisations_and_networks_are_the_real_ones() {
        let region = generate(3, day(2025, 6, 2), 10);
        let codes: Vec<&str> = region.orgs.iter().map(|o| o.code).collect();
        assert_eq!(codes, ["RWF", "RN7", "RPA", "RVV", "RYY", "RXY", "NQL"]);
        for org in &region.orgs {
            assert!(
                crossrota_domain::organisation::NewOrganisation::parse(org.code, org.name).is_ok()
            );
        }
        let bank = region
            .networks
            .iter()
            .find(|n| n.name == BANK_NETWORK)
            .unwrap();
        assert_eq!(bank.kind, NetworkKind::CollaborativeBank);
        assert_eq!(bank.members.len(), 7);
        let stroke = region
            .networks
            .iter()
            .find(|n| n.name == STROKE_NETWORK)
            .unwrap();
        assert_eq!(stroke.kind, NetworkKind::ClinicalNetwork);
        assert!(stroke.members.contains(&"RYY") && !stroke.members.contains(&"NQL"));
    }
}
