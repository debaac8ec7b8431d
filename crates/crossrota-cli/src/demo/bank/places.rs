//! Where the region's bank shifts are worked: each trust's main sites (by their real hospital
//! names), the wards its bank office posts shifts for, and the neighbouring trusts its staff
//! will travel to.

/// A site of a trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SiteDef {
    /// The trust's ODS code.
    pub(super) trust: &'static str,
    /// Its code within the trust.
    pub(super) code: &'static str,
    /// Its name.
    pub(super) name: &'static str,
}

const fn site(trust: &'static str, code: &'static str, name: &'static str) -> SiteDef {
    SiteDef { trust, code, name }
}

/// The main sites of the seven trusts.
pub(super) static SITES: [SiteDef; 12] = [
    site("RWF", "MAID", "Maidstone Hospital"),
    site("RWF", "TWH", "Tunbridge Wells Hospital"),
    site("RN7", "DVH", "Darent Valley Hospital"),
    site("RPA", "MMH", "Medway Maritime Hospital"),
    site("RVV", "WHH", "William Harvey Hospital"),
    site("RVV", "QEQM", "Queen Elizabeth The Queen Mother Hospital"),
    site("RVV", "KCH", "Kent and Canterbury Hospital"),
    site("RYY", "SEV", "Sevenoaks Hospital"),
    site("RYY", "QVMH", "Queen Victoria Memorial Hospital"),
    site("RXY", "PRIO", "Priority House"),
    site("RXY", "LBH", "Little Brook Hospital"),
    site("NQL", "WISD", "Wisdom Hospice"),
];

/// The name of `trust`'s site `code`; empty for a site not in [`SITES`].
pub(super) fn site_name(trust: &str, code: &str) -> &'static str {
    SITES
        .iter()
        .find(|s| s.trust == trust && s.code == code)
        .map_or("", |s| s.name)
}

/// A ward or team a trust's bank office fills shifts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WardDef {
    /// The trust's ODS code.
    pub(super) trust: &'static str,
    /// Its site's code.
    pub(super) site: &'static str,
    /// The ward or team.
    pub(super) ward: &'static str,
    /// The region's requirement profile whoever works there must meet (by name).
    pub(super) profile: &'static str,
    /// Agenda for Change band of its bank shifts.
    pub(super) band: u8,
    /// Whether it runs nights as well as long days (a community team does not).
    pub(super) nights: bool,
}

const HASU_NURSE: &str = "MTW stroke HASU band 5 nurse";
const THROMBOLYSIS_NURSE: &str = "EKHUFT stroke thrombolysis nurse";
const STROKE_HCA: &str = "Darent Valley stroke unit healthcare assistant";
const SCIENTIST: &str = "Medway pathology biomedical scientist";
const STROKE_THERAPIST: &str = "KCHFT community stroke rehabilitation therapist";
const BANK_HCA: &str = "Bank healthcare assistant";

const fn ward(
    trust: &'static str,
    site: &'static str,
    ward: &'static str,
    profile: &'static str,
    band: u8,
    nights: bool,
) -> WardDef {
    WardDef {
        trust,
        site,
        ward,
        profile,
        band,
        nights,
    }
}

/// The wards: the hyperacute stroke units and the laboratories of the acute trusts, the
/// community stroke team and wards, the mental health wards and the hospice. Profiles are
/// shared across the networks: Medway's biomedical scientist profile is the region's
/// pathology profile, Maidstone's HASU nurse profile the west Kent units' one.
pub(super) static WARDS: [WardDef; 13] = [
    ward("RWF", "MAID", "HASU", HASU_NURSE, 5, true),
    ward("RWF", "TWH", "Blood sciences", SCIENTIST, 6, true),
    ward("RN7", "DVH", "HASU", HASU_NURSE, 5, true),
    ward("RN7", "DVH", "Stroke unit", STROKE_HCA, 3, true),
    ward("RN7", "DVH", "Transfusion", SCIENTIST, 6, true),
    ward("RPA", "MMH", "Blood sciences", SCIENTIST, 6, true),
    ward("RPA", "MMH", "Transfusion", SCIENTIST, 5, true),
    ward("RVV", "WHH", "HASU", THROMBOLYSIS_NURSE, 6, true),
    ward("RVV", "QEQM", "Blood sciences", SCIENTIST, 6, true),
    ward(
        "RYY",
        "SEV",
        "Community stroke team",
        STROKE_THERAPIST,
        6,
        false,
    ),
    ward("RYY", "QVMH", "Inpatient ward", BANK_HCA, 3, true),
    ward("RXY", "PRIO", "Acute ward", BANK_HCA, 3, true),
    ward("NQL", "WISD", "Inpatient unit", BANK_HCA, 3, true),
];

/// The representative ward whose first night the demo finds candidates for.
pub(super) const SHOWCASE: (&str, &str, &str) = ("RWF", "MAID", "HASU");

/// The trusts a member of `home` may travel to, nearest first.
pub(super) fn neighbours(home: &str) -> &'static [&'static str] {
    match home {
        "RWF" => &["RN7", "RPA", "RXY"],
        "RN7" => &["RPA", "RWF", "NQL"],
        "RPA" => &["NQL", "RN7", "RWF"],
        "RVV" => &["RYY", "RWF", "RPA"],
        "RYY" => &["RVV", "RWF", "RXY"],
        "RXY" => &["RWF", "RYY", "NQL"],
        "NQL" => &["RPA", "RN7", "RXY"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::region::generate;

    #[test]
    fn every_trust_has_sites_wards_and_neighbours_that_exist() {
        let region = generate(
            1,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
            0,
        );
        let codes: Vec<&str> = region.orgs.iter().map(|o| o.code).collect();
        for code in &codes {
            assert!(SITES.iter().any(|s| s.trust == *code), "{code} has no site");
            assert!(WARDS.iter().any(|w| w.trust == *code), "{code} has no ward");
            let near = neighbours(code);
            assert!(near.len() >= 2, "{code}");
            assert!(
                near.iter().all(|n| codes.contains(n) && n != code),
                "{code}"
            );
        }
        for w in &WARDS {
            assert!(!site_name(w.trust, w.site).is_empty(), "{w:?}");
            assert!(region.profiles.iter().any(|p| p.name == w.profile), "{w:?}");
            assert!((1..=9).contains(&w.band));
        }
        assert!(
            WARDS
                .iter()
                .any(|w| (w.trust, w.site, w.ward) == SHOWCASE && w.nights)
        );
    }
}
