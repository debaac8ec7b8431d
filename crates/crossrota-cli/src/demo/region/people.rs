//! The staff of the region: who they are (group, band, registration, networks joined) and the
//! passport each one carries. The training and competencies in that passport are drawn by
//! [`super::training`] and [`super::competencies`].

use std::collections::HashSet;

use chrono::NaiveDate;
use crossrota_domain::catalogue::{CredentialDef, seed_catalogue};
use crossrota_domain::staff::{Registration, RegulatoryBody, StaffGroup};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::dates::{days_after, days_before};
use super::draw::{any, pick_percent};
use super::names::{FIRST_NAMES, LAST_NAMES};
use super::orgs::{
    BANK_NETWORK, ORGS, OrgSpec, PATHOLOGY_MEMBERS, PATHOLOGY_NETWORK, STROKE_MEMBERS,
    STROKE_NETWORK, Sector,
};
use super::training::{Diligence, EXPIRING_WINDOW_DAYS, JOINING_CHECKS, UP_TO_DATE_PERCENT};

/// A member of staff with their passport facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemoStaff {
    /// Home organisation's ODS code.
    pub(crate) org_code: &'static str,
    /// ESR-like 8-digit number, unique within the region (so within the organisation).
    pub(crate) employee_number: String,
    /// Full name.
    pub(crate) name: String,
    /// Staff group.
    pub(crate) staff_group: StaffGroup,
    /// Agenda for Change band; 0 for doctors.
    pub(crate) band: u8,
    /// Professional registration: nurses NMC, doctors GMC, AHPs and scientists HCPC.
    pub(crate) registration: Option<Registration>,
    /// Names of the networks the person joined (always networks of their home organisation).
    pub(crate) networks: Vec<&'static str>,
    /// Passport facts, oldest renewal first where a subject was renewed.
    pub(crate) facts: Vec<DemoFact>,
}

/// One passport fact; the expiry is left to the loader (catalogue validity of the issuer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemoFact {
    /// Catalogue code.
    pub(crate) code: &'static str,
    /// Level achieved.
    pub(crate) level: u8,
    /// Day achieved, never after `as_of`.
    pub(crate) achieved_on: NaiveDate,
    /// ODS code of the issuing organisation (the home trust, or a previous employer).
    pub(crate) issuer_code: &'static str,
}

/// The person being generated, as far as their facts depend on it.
pub(super) struct Person {
    pub(super) org: &'static OrgSpec,
    pub(super) group: StaffGroup,
    pub(super) band: u8,
    pub(super) diligence: Diligence,
    /// Where a mover worked before; facts achieved before `joined_on` carry its name.
    pub(super) previous_org: Option<&'static str>,
    pub(super) joined_on: NaiveDate,
    /// Resuscitation at level 3 (immediate life support) rather than 2.
    pub(super) advanced_resus: bool,
}

impl Person {
    pub(super) fn is_clinical(&self) -> bool {
        self.group != StaffGroup::AdminAndEstates
    }

    /// Who vouches for a fact achieved on `day`: the previous employer if it predates joining.
    pub(super) fn issuer_for(&self, day: NaiveDate) -> &'static str {
        match self.previous_org {
            Some(previous) if day < self.joined_on => previous,
            _ => self.org.code,
        }
    }
}

pub(super) struct Generator {
    pub(super) rng: ChaCha8Rng,
    pub(super) as_of: NaiveDate,
    pub(super) catalogue: Vec<CredentialDef>,
    pub(super) employee_numbers: HashSet<u32>,
}

impl Generator {
    /// A generator for `seed` that dates everything relative to `as_of`.
    pub(super) fn new(seed: u64, as_of: NaiveDate) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
            as_of,
            catalogue: seed_catalogue(),
            employee_numbers: HashSet::new(),
        }
    }

    pub(super) fn person(&mut self, org: &'static OrgSpec) -> DemoStaff {
        let group = self.staff_group(org.sector);
        let band = self.band(group);
        let is_mover = self.rng.random_bool(0.15);
        let previous_org = if is_mover {
            let others: Vec<&'static str> = ORGS
                .iter()
                .map(|o| o.code)
                .filter(|c| *c != org.code)
                .collect();
            Some(any(&mut self.rng, &others))
        } else {
            None
        };
        // Movers joined recently, so much of their training still comes from the old trust.
        let joined_days_ago = if is_mover {
            self.rng.random_range(30..=900)
        } else {
            self.rng.random_range(14..=5_500)
        };
        let diligence = if self.rng.random_range(0..100) < UP_TO_DATE_PERCENT {
            Diligence::UpToDate
        } else {
            Diligence::Lagging
        };
        let stroke_unit = group == StaffGroup::NursingAndMidwifery
            && org.sector == Sector::Acute
            && STROKE_MEMBERS.contains(&org.code)
            && self.rng.random_bool(0.3);
        let advanced_resus = stroke_unit
            || (group == StaffGroup::NursingAndMidwifery && band >= 6 && self.rng.random_bool(0.4));
        let person = Person {
            org,
            group,
            band,
            diligence,
            previous_org,
            joined_on: days_before(self.as_of, joined_days_ago),
            advanced_resus,
        };

        let mut facts = self.cstf_facts(&person);
        let stroke = self.stroke_competencies(&person, stroke_unit);
        let pathology = self.pathology_competencies(&person);
        for &(code, level) in stroke.iter().chain(&pathology) {
            facts.extend(self.fact(&person, code, level));
        }
        let networks = self.networks(&person, !stroke.is_empty(), !pathology.is_empty());
        let in_bank = networks.contains(&BANK_NETWORK);
        if person.is_clinical() || in_bank {
            facts.extend(self.dbs_check(&person, in_bank));
        }
        for code in JOINING_CHECKS {
            facts.push(DemoFact {
                code,
                level: 1,
                achieved_on: person.joined_on,
                issuer_code: org.code,
            });
        }
        if self.rng.random_bool(0.05) {
            self.add_earlier_record(&person, &mut facts);
        }

        DemoStaff {
            org_code: org.code,
            employee_number: self.employee_number(),
            name: format!(
                "{} {}",
                any(&mut self.rng, &FIRST_NAMES),
                any(&mut self.rng, &LAST_NAMES)
            ),
            staff_group: group,
            band,
            registration: self.registration(group),
            networks,
            facts,
        }
    }

    /// NHS workforce proportions by kind of provider (percent; admin takes the rest).
    fn staff_group(&mut self, sector: Sector) -> StaffGroup {
        use StaffGroup as G;
        let mix: &[(StaffGroup, u32)] = match sector {
            Sector::Acute => &[
                (G::NursingAndMidwifery, 35),
                (G::ClinicalSupport, 24),
                (G::AlliedHealthProfessional, 8),
                (G::Medical, 13),
                (G::HealthcareScientist, 7),
            ],
            Sector::Community => &[
                (G::NursingAndMidwifery, 38),
                (G::ClinicalSupport, 24),
                (G::AlliedHealthProfessional, 18),
                (G::Medical, 3),
                (G::HealthcareScientist, 1),
            ],
            Sector::MentalHealth => &[
                (G::NursingAndMidwifery, 36),
                (G::ClinicalSupport, 30),
                (G::AlliedHealthProfessional, 8),
                (G::Medical, 8),
                (G::HealthcareScientist, 2),
            ],
        };
        pick_percent(&mut self.rng, mix, G::AdminAndEstates)
    }

    /// Agenda for Change band typical of the group (percent; the last band takes the rest).
    fn band(&mut self, group: StaffGroup) -> u8 {
        let (spread, rest): (&[(u8, u32)], u8) = match group {
            StaffGroup::Medical => (&[], 0),
            StaffGroup::NursingAndMidwifery => (&[(5, 45), (6, 32), (7, 16)], 8),
            StaffGroup::ClinicalSupport => (&[(2, 25), (3, 50)], 4),
            StaffGroup::AlliedHealthProfessional => (&[(5, 25), (6, 40), (7, 28)], 8),
            StaffGroup::HealthcareScientist => (&[(5, 35), (6, 35), (7, 24)], 8),
            StaffGroup::AdminAndEstates => (&[(2, 22), (3, 33), (4, 25), (5, 10), (6, 5)], 7),
        };
        pick_percent(&mut self.rng, spread, rest)
    }

    fn employee_number(&mut self) -> String {
        loop {
            let n: u32 = self.rng.random_range(10_000_000..100_000_000);
            if self.employee_numbers.insert(n) {
                return n.to_string();
            }
        }
    }

    /// A registration for registered professions: mostly valid for months or years, a few
    /// lapsing within 30 days and a few already lapsed, so the register check has work to do.
    fn registration(&mut self, group: StaffGroup) -> Option<Registration> {
        let rng = &mut self.rng;
        let (body, number) = match group {
            StaffGroup::NursingAndMidwifery => (
                RegulatoryBody::Nmc,
                format!(
                    "{:02}{}{:04}E",
                    rng.random_range(0..25),
                    any(
                        rng,
                        &['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L']
                    ),
                    rng.random_range(0..10_000)
                ),
            ),
            StaffGroup::Medical => (
                RegulatoryBody::Gmc,
                rng.random_range(3_000_000..8_000_000u32).to_string(),
            ),
            StaffGroup::AlliedHealthProfessional => (
                RegulatoryBody::Hcpc,
                format!(
                    "{}{:06}",
                    any(rng, &["PH", "OT", "SL", "RA", "DT", "PA", "CH"]),
                    rng.random_range(0..1_000_000)
                ),
            ),
            StaffGroup::HealthcareScientist => (
                RegulatoryBody::Hcpc,
                format!(
                    "{}{:06}",
                    any(rng, &["BS", "BS", "BS", "CS"]),
                    rng.random_range(0..1_000_000)
                ),
            ),
            StaffGroup::ClinicalSupport | StaffGroup::AdminAndEstates => return None,
        };
        let roll = rng.random_range(0..1000);
        let expires_on = if roll < 15 {
            days_before(self.as_of, rng.random_range(1..=90))
        } else if roll < 45 {
            days_after(self.as_of, rng.random_range(1..=EXPIRING_WINDOW_DAYS))
        } else {
            days_after(
                self.as_of,
                rng.random_range(EXPIRING_WINDOW_DAYS + 1..=1_095),
            )
        };
        Some(Registration {
            body,
            number,
            expires_on,
        })
    }

    /// Networks joined: most clinical staff join their trust's clinical networks (nearly all
    /// who hold that network's competencies), and many join the bank for extra shifts.
    fn networks(
        &mut self,
        person: &Person,
        has_stroke: bool,
        has_pathology: bool,
    ) -> Vec<&'static str> {
        use StaffGroup as G;
        let mut joined = Vec::new();
        let clinical = person.is_clinical();
        if clinical && STROKE_MEMBERS.contains(&person.org.code) {
            let chance = if has_stroke { 0.95 } else { 0.6 };
            if self.rng.random_bool(chance) {
                joined.push(STROKE_NETWORK);
            }
        }
        if clinical && PATHOLOGY_MEMBERS.contains(&person.org.code) {
            let chance = if has_pathology { 0.95 } else { 0.6 };
            if self.rng.random_bool(chance) {
                joined.push(PATHOLOGY_NETWORK);
            }
        }
        let bank_chance = match person.group {
            G::ClinicalSupport => 0.55,
            G::NursingAndMidwifery => 0.5,
            G::Medical => 0.35,
            G::AlliedHealthProfessional => 0.3,
            G::HealthcareScientist | G::AdminAndEstates => 0.2,
        };
        if self.rng.random_bool(bank_chance) {
            joined.push(BANK_NETWORK);
        }
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    use crossrota_domain::staff::{NewStaff, StaffInput};

    use super::super::generate;
    use super::super::test_support::{day, org_id};

    #[test]
    fn employee_numbers_are_unique_within_each_org_and_esr_like() {
        let region = generate(11, day(2025, 6, 2), 2000);
        let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
        for s in &region.staff {
            assert_eq!(s.employee_number.len(), 8, "{}", s.employee_number);
            assert!(s.employee_number.chars().all(|c| c.is_ascii_digit()));
            assert!(
                seen.insert((s.org_code, s.employee_number.as_str())),
                "duplicate {} in {}",
                s.employee_number,
                s.org_code
            );
        }
    }

    #[test]
    fn staff_pass_domain_validation_and_join_only_their_trusts_networks() {
        let region = generate(5, day(2025, 6, 2), 800);
        for s in &region.staff {
            let reg = s.registration.as_ref();
            let parsed = NewStaff::parse(StaffInput {
                org: Some(org_id(&region, s.org_code)),
                employee_number: &s.employee_number,
                name: &s.name,
                staff_group: s.staff_group.as_str(),
                band: i64::from(s.band),
                registration_body: reg.map_or("", |r| r.body.as_str()),
                registration_number: reg.map_or("", |r| r.number.as_str()),
                registration_expires_on: reg.map(|r| r.expires_on),
                networks: Vec::new(),
            });
            assert!(parsed.is_ok(), "{s:?}: {parsed:?}");
            let expected_body = match s.staff_group {
                StaffGroup::NursingAndMidwifery => Some(RegulatoryBody::Nmc),
                StaffGroup::Medical => Some(RegulatoryBody::Gmc),
                StaffGroup::AlliedHealthProfessional | StaffGroup::HealthcareScientist => {
                    Some(RegulatoryBody::Hcpc)
                }
                StaffGroup::ClinicalSupport | StaffGroup::AdminAndEstates => None,
            };
            assert_eq!(reg.map(|r| r.body), expected_body);
            assert_eq!(s.band == 0, s.staff_group == StaffGroup::Medical);
            for name in &s.networks {
                let network = region.networks.iter().find(|n| n.name == *name).unwrap();
                assert!(
                    network.members.contains(&s.org_code),
                    "{name} / {}",
                    s.org_code
                );
            }
        }
    }

    #[test]
    fn registrations_are_mostly_valid_with_a_few_lapsing_or_lapsed() {
        let as_of = day(2025, 6, 2);
        let region = generate(9, as_of, 3000);
        let window_end = days_after(as_of, EXPIRING_WINDOW_DAYS);
        let regs: Vec<&Registration> = region
            .staff
            .iter()
            .filter_map(|s| s.registration.as_ref())
            .collect();
        let lapsed = regs.iter().filter(|r| r.expires_on <= as_of).count();
        let lapsing = regs
            .iter()
            .filter(|r| r.expires_on > as_of && r.expires_on <= window_end)
            .count();
        assert!(regs.len() > 1000);
        assert!(
            lapsed > 0 && lapsed * 20 < regs.len(),
            "{lapsed} of {}",
            regs.len()
        );
        assert!(
            lapsing > 0 && lapsing * 20 < regs.len(),
            "{lapsing} of {}",
            regs.len()
        );
    }

    #[test]
    fn staff_groups_follow_nhs_proportions() {
        let region = generate(21, day(2025, 6, 2), 3000);
        let share = |g: StaffGroup| {
            region.staff.iter().filter(|s| s.staff_group == g).count() as f64
                / region.staff.len() as f64
        };
        let bands = [
            (StaffGroup::NursingAndMidwifery, 0.31, 0.39),
            (StaffGroup::ClinicalSupport, 0.21, 0.29),
            (StaffGroup::AlliedHealthProfessional, 0.07, 0.13),
            (StaffGroup::Medical, 0.07, 0.13),
            (StaffGroup::HealthcareScientist, 0.03, 0.08),
            (StaffGroup::AdminAndEstates, 0.11, 0.18),
        ];
        for (group, low, high) in bands {
            let s = share(group);
            assert!((low..=high).contains(&s), "{group:?}: {s:.3}");
        }
        let scientists: Vec<&DemoStaff> = region
            .staff
            .iter()
            .filter(|s| s.staff_group == StaffGroup::HealthcareScientist)
            .collect();
        let in_acute = scientists
            .iter()
            .filter(|s| PATHOLOGY_MEMBERS.contains(&s.org_code))
            .count();
        assert!(
            in_acute * 10 >= scientists.len() * 8,
            "{in_acute} of {}",
            scientists.len()
        );
    }
}
