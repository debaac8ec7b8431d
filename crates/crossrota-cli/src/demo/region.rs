//! The synthetic Kent and Medway region that `crossrota demo` loads: the seven NHS providers,
//! their stroke, pathology and collaborative-bank networks, staff with passports, requirement
//! profiles and sharing agreements.
//!
//! Everything is drawn from a seeded ChaCha8 generator and dated relative to the `as_of` day
//! passed in (never a clock), so one seed and day always give the same region, and the
//! passports look equally "live" whatever day the demo runs. Expiry dates are not computed
//! here: the loader derives them from the catalogue, exactly as a real import would.

use std::collections::HashSet;

use chrono::{Days, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crossrota_domain::agreement::CredentialScope;
use crossrota_domain::catalogue::{
    CredentialCode, CredentialDef, CredentialKind, Validity, seed_catalogue,
};
use crossrota_domain::dates::add_months;
use crossrota_domain::organisation::NetworkKind;
use crossrota_domain::staff::{Registration, RegulatoryBody, StaffGroup};

/// Name of the clinical network of the acute trusts and community stroke services.
pub(crate) const STROKE_NETWORK: &str = "Kent and Medway stroke network";
/// Name of the clinical network of the acute trusts' laboratories.
pub(crate) const PATHOLOGY_NETWORK: &str = "Kent and Medway pathology network";
/// Name of the collaborative staff bank every provider belongs to.
pub(crate) const BANK_NETWORK: &str = "Kent and Medway collaborative bank";

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

/// A requirement profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemoProfile {
    /// Owning organisation's ODS code.
    pub(crate) owner_code: &'static str,
    /// Name, unique within the owner.
    pub(crate) name: &'static str,
    /// Service the role belongs to.
    pub(crate) service: &'static str,
    /// `(credential code, minimum level)` pairs, one per credential.
    pub(crate) requirements: Vec<(&'static str, u8)>,
}

/// "Within `network`, `verifier_code` accepts `scope` from `issuer_codes` (empty = all members)."
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemoAgreement {
    /// Network name.
    pub(crate) network: &'static str,
    /// The accepting organisation.
    pub(crate) verifier_code: &'static str,
    /// What it accepts.
    pub(crate) scope: CredentialScope,
    /// From whom; empty means every member of the network.
    pub(crate) issuer_codes: Vec<&'static str>,
}

/// Builds the region for `seed`, dated relative to `as_of`, with exactly `staff_count` people
/// spread over the providers in proportion to their real headcount.
pub(crate) fn generate(seed: u64, as_of: NaiveDate, staff_count: usize) -> Region {
    let mut generator = Generator {
        rng: ChaCha8Rng::seed_from_u64(seed),
        as_of,
        catalogue: seed_catalogue(),
        employee_numbers: HashSet::new(),
    };
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

/// What kind of provider an organisation is; it shapes its staff mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sector {
    Acute,
    Community,
    MentalHealth,
}

/// A provider with its approximate real headcount, used to share staff out.
struct OrgSpec {
    code: &'static str,
    name: &'static str,
    headcount: u64,
    sector: Sector,
}

const ORGS: [OrgSpec; 7] = [
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

const STROKE_MEMBERS: [&str; 5] = ["RWF", "RN7", "RPA", "RVV", "RYY"];
const PATHOLOGY_MEMBERS: [&str; 4] = ["RWF", "RN7", "RPA", "RVV"];
/// East Kent hosts the collaborative bank: it re-checks some bank workers' DBS itself.
const BANK_HOST: &str = "RVV";

/// The statutory and mandatory subjects every member of staff is trained in.
const CSTF_CORE: [&str; 11] = [
    "CSTF-CR",
    "CSTF-EDHR",
    "CSTF-FS",
    "CSTF-HSW",
    "CSTF-IPC",
    "CSTF-IG",
    "CSTF-MH",
    "CSTF-PREV",
    "CSTF-RES",
    "CSTF-SGA",
    "CSTF-SGC",
];

/// Pre-employment checks done once, on joining.
const JOINING_CHECKS: [&str; 3] = ["CHECK-RTW", "CHECK-ID", "CHECK-OH"];

/// Days after `as_of` in which a fact counts as "expiring soon" for the currency mix.
const EXPIRING_WINDOW_DAYS: u64 = 30;

fn networks() -> Vec<DemoNetwork> {
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

/// Every CSTF core subject at level 1, except those `raised` to a higher level, then `extra`.
fn core_and(
    raised: &[(&'static str, u8)],
    extra: &[(&'static str, u8)],
) -> Vec<(&'static str, u8)> {
    CSTF_CORE
        .iter()
        .map(|&code| {
            let level = raised
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(1, |&(_, l)| l);
            (code, level)
        })
        .chain(extra.iter().copied())
        .collect()
}

fn profiles() -> Vec<DemoProfile> {
    vec![
        DemoProfile {
            owner_code: "RWF",
            name: "MTW stroke HASU band 5 nurse",
            service: "stroke HASU",
            requirements: core_and(
                &[("CSTF-RES", 3)],
                &[("STROKE-NIHSS", 1), ("STROKE-DYSPH", 1), ("REG-NMC", 1)],
            ),
        },
        DemoProfile {
            owner_code: "RVV",
            name: "EKHUFT stroke thrombolysis nurse",
            service: "hyperacute stroke",
            requirements: core_and(
                &[("CSTF-RES", 3), ("CSTF-IPC", 2), ("CSTF-MH", 2)],
                &[
                    ("STROKE-NIHSS", 1),
                    ("STROKE-THROMB", 1),
                    ("STROKE-HASU", 1),
                    ("REG-NMC", 1),
                ],
            ),
        },
        DemoProfile {
            owner_code: "RN7",
            name: "Darent Valley stroke unit healthcare assistant",
            service: "stroke unit",
            requirements: core_and(
                &[("CSTF-MH", 2), ("CSTF-IPC", 2), ("CSTF-RES", 2)],
                &[("STROKE-HASU", 1), ("STROKE-DYSPH", 1)],
            ),
        },
        DemoProfile {
            owner_code: "RPA",
            name: "Medway pathology biomedical scientist",
            service: "blood sciences",
            requirements: core_and(
                &[],
                &[("PATH-TRANSFUSION", 2), ("PATH-LIMS", 1), ("REG-HCPC", 1)],
            ),
        },
        DemoProfile {
            owner_code: "RYY",
            name: "KCHFT community stroke rehabilitation therapist",
            service: "community stroke rehabilitation",
            requirements: core_and(
                &[("CSTF-MH", 2), ("CSTF-IPC", 2), ("CSTF-RES", 2)],
                &[("STROKE-DYSPH", 1), ("STROKE-NIHSS", 1), ("REG-HCPC", 1)],
            ),
        },
        DemoProfile {
            owner_code: "RVV",
            name: "Bank healthcare assistant",
            service: "collaborative bank",
            requirements: core_and(&[("CSTF-MH", 2), ("CSTF-IPC", 2)], &[("CHECK-DBS", 1)]),
        },
    ]
}

/// One row of the agreement table: network, verifier, what, from whom (empty = everyone).
type AgreementRow = (&'static str, &'static str, Scope, &'static [&'static str]);

/// Agreement scope as written in the table (codes are checked when the scope is built).
#[derive(Debug, Clone, Copy)]
enum Scope {
    Code(&'static str),
    Kind(CredentialKind),
}

const ALL_STROKE: [&str; 4] = [
    "STROKE-NIHSS",
    "STROKE-DYSPH",
    "STROKE-HASU",
    "STROKE-THROMB",
];

/// Who accepts what. The gaps are deliberate, so the demo shows "issuer not accepted":
/// Dartford signs off its own thrombolysis nurses; East Kent takes thrombolysis only from MTW
/// and Medway; community services take no acute-unit competencies; Dartford takes transfusion
/// only from MTW; nobody accepts another laboratory's LIMS sign-off (the systems differ).
fn agreement_table() -> Vec<AgreementRow> {
    let mut rows: Vec<AgreementRow> = Vec::new();
    for verifier in ["RWF", "RPA"] {
        for code in ALL_STROKE {
            rows.push((STROKE_NETWORK, verifier, Scope::Code(code), &[]));
        }
    }
    for code in ["STROKE-NIHSS", "STROKE-DYSPH", "STROKE-HASU"] {
        rows.push((STROKE_NETWORK, "RN7", Scope::Code(code), &[]));
        rows.push((STROKE_NETWORK, "RVV", Scope::Code(code), &[]));
    }
    rows.push((
        STROKE_NETWORK,
        "RVV",
        Scope::Code("STROKE-THROMB"),
        &["RWF", "RPA"],
    ));
    for code in ["STROKE-NIHSS", "STROKE-DYSPH"] {
        rows.push((STROKE_NETWORK, "RYY", Scope::Code(code), &[]));
    }
    for verifier in ["RWF", "RPA", "RVV"] {
        rows.push((
            PATHOLOGY_NETWORK,
            verifier,
            Scope::Code("PATH-TRANSFUSION"),
            &[],
        ));
    }
    rows.push((
        PATHOLOGY_NETWORK,
        "RN7",
        Scope::Code("PATH-TRANSFUSION"),
        &["RWF"],
    ));
    rows.push((PATHOLOGY_NETWORK, "RPA", Scope::Code("PATH-POCT"), &[]));
    for org in &ORGS {
        rows.push((BANK_NETWORK, org.code, Scope::Code("CHECK-DBS"), &[]));
    }
    rows.push((
        BANK_NETWORK,
        BANK_HOST,
        Scope::Kind(CredentialKind::EmploymentCheck),
        &[],
    ));
    rows
}

fn agreements() -> Vec<DemoAgreement> {
    agreement_table()
        .into_iter()
        .filter_map(|(network, verifier_code, scope, issuers)| {
            let scope = match scope {
                Scope::Code(code) => CredentialScope::Code(CredentialCode::parse(code).ok()?),
                Scope::Kind(kind) => CredentialScope::Kind(kind),
            };
            Some(DemoAgreement {
                network,
                verifier_code,
                scope,
                issuer_codes: issuers.to_vec(),
            })
        })
        .collect()
}

/// Splits `total` over [`ORGS`] by headcount (largest remainder), so the counts add up exactly.
fn staff_per_org(total: usize) -> [usize; 7] {
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

/// How a person keeps up with refresher training; correlating currency within a person makes
/// most people fully compliant and a minority behind on several subjects, as in real trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Diligence {
    UpToDate,
    Lagging,
}

/// Where a fact stands on `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Currency {
    InDate,
    /// Lapses within [`EXPIRING_WINDOW_DAYS`].
    Expiring,
    Expired,
    Missing,
}

/// Share of people who keep up with refreshers, in percent.
const UP_TO_DATE_PERCENT: u32 = 70;

/// Per-mille chances of (missing, expired, expiring); the rest is in date. Mixed 70:30, the two
/// rows give about 2.5% missing, 9.5% expired, 6.5% expiring and 81.5% in date per subject,
/// while about three in four up-to-date people meet a whole profile.
fn currency_odds(diligence: Diligence) -> (u32, u32, u32) {
    match diligence {
        Diligence::UpToDate => (2, 5, 30),
        Diligence::Lagging => (79, 305, 147),
    }
}

/// The person being generated, as far as their facts depend on it.
struct Person {
    org: &'static OrgSpec,
    group: StaffGroup,
    band: u8,
    diligence: Diligence,
    /// Where a mover worked before; facts achieved before `joined_on` carry its name.
    previous_org: Option<&'static str>,
    joined_on: NaiveDate,
    /// Resuscitation at level 3 (immediate life support) rather than 2.
    advanced_resus: bool,
}

impl Person {
    fn is_clinical(&self) -> bool {
        self.group != StaffGroup::AdminAndEstates
    }

    /// Who vouches for a fact achieved on `day`: the previous employer if it predates joining.
    fn issuer_for(&self, day: NaiveDate) -> &'static str {
        match self.previous_org {
            Some(previous) if day < self.joined_on => previous,
            _ => self.org.code,
        }
    }

    /// The level of a CSTF core subject the role needs, after typical trust training matrices.
    fn cstf_level(&self, subject: &str) -> u8 {
        use StaffGroup as G;
        let g = self.group;
        match subject {
            "CSTF-IPC" if self.is_clinical() => 2,
            "CSTF-MH" => match g {
                G::NursingAndMidwifery | G::ClinicalSupport | G::AlliedHealthProfessional => 2,
                _ => 1,
            },
            "CSTF-PREV" => match g {
                G::NursingAndMidwifery | G::Medical | G::AlliedHealthProfessional => 3,
                _ => 1,
            },
            "CSTF-RES" => match g {
                G::AdminAndEstates => 1,
                G::Medical => 3,
                _ if self.advanced_resus => 3,
                _ => 2,
            },
            "CSTF-SGA" | "CSTF-SGC" => match g {
                G::AdminAndEstates | G::HealthcareScientist => 1,
                G::Medical => 3,
                G::NursingAndMidwifery if self.band >= 7 => 3,
                _ => 2,
            },
            _ => 1,
        }
    }
}

struct Generator {
    rng: ChaCha8Rng,
    as_of: NaiveDate,
    catalogue: Vec<CredentialDef>,
    employee_numbers: HashSet<u32>,
}

impl Generator {
    fn person(&mut self, org: &'static OrgSpec) -> DemoStaff {
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

    fn cstf_facts(&mut self, person: &Person) -> Vec<DemoFact> {
        CSTF_CORE
            .iter()
            .filter_map(|&subject| self.fact(person, subject, person.cstf_level(subject)))
            .collect()
    }

    /// Stroke competencies for a share of the clinical staff of stroke-network trusts.
    fn stroke_competencies(
        &mut self,
        person: &Person,
        stroke_unit: bool,
    ) -> Vec<(&'static str, u8)> {
        use StaffGroup as G;
        if !STROKE_MEMBERS.contains(&person.org.code) {
            return Vec::new();
        }
        let acute = person.org.sector == Sector::Acute;
        if acute && person.group == G::NursingAndMidwifery {
            return self.stroke_unit_nurse_set(stroke_unit);
        }
        let share = match (person.group, acute) {
            (G::NursingAndMidwifery, _) => 0.15,
            (G::ClinicalSupport, true) => 0.2,
            (G::ClinicalSupport, false) => 0.1,
            (G::AlliedHealthProfessional, true) => 0.35,
            (G::AlliedHealthProfessional, false) => 0.3,
            (G::Medical, true) => 0.12,
            _ => 0.0,
        };
        if !self.rng.random_bool(share) {
            return Vec::new();
        }
        let rng = &mut self.rng;
        let mut set = Vec::new();
        match person.group {
            G::NursingAndMidwifery => set.extend([("STROKE-NIHSS", 1), ("STROKE-DYSPH", 1)]),
            G::ClinicalSupport => {
                if acute {
                    set.push(("STROKE-HASU", 1));
                }
                if !acute || rng.random_bool(0.6) {
                    set.push(("STROKE-DYSPH", 1));
                }
            }
            G::AlliedHealthProfessional => {
                if rng.random_bool(0.8) {
                    set.push(("STROKE-DYSPH", 1));
                }
                if rng.random_bool(0.4) {
                    set.push(("STROKE-NIHSS", 1));
                }
                if acute && rng.random_bool(0.4) {
                    set.push(("STROKE-HASU", 1));
                }
            }
            G::Medical => set.extend([("STROKE-NIHSS", 1), ("STROKE-THROMB", 1)]),
            G::HealthcareScientist | G::AdminAndEstates => {}
        }
        set
    }

    /// Stroke-unit nurses of acute trusts hold the unit set; some also give thrombolysis.
    fn stroke_unit_nurse_set(&mut self, stroke_unit: bool) -> Vec<(&'static str, u8)> {
        if !stroke_unit {
            return Vec::new();
        }
        let mut set = vec![("STROKE-HASU", 1), ("STROKE-NIHSS", 1), ("STROKE-DYSPH", 1)];
        if self.rng.random_bool(0.45) {
            set.push(("STROKE-THROMB", 1));
        }
        set
    }

    /// Laboratory competencies for scientists, and transfusion or point-of-care testing for
    /// some ward staff of pathology-network trusts.
    fn pathology_competencies(&mut self, person: &Person) -> Vec<(&'static str, u8)> {
        use StaffGroup as G;
        let rng = &mut self.rng;
        let mut set = Vec::new();
        if !PATHOLOGY_MEMBERS.contains(&person.org.code) {
            if person.group == G::HealthcareScientist && rng.random_bool(0.5) {
                set.push(("PATH-POCT", 1));
            }
            return set;
        }
        let (transfusion, poct) = match person.group {
            G::HealthcareScientist => {
                let level = if rng.random_bool(0.7) { 2 } else { 1 };
                set.push(("PATH-TRANSFUSION", level));
                if rng.random_bool(0.95) {
                    set.push(("PATH-LIMS", 1));
                }
                if rng.random_bool(0.3) {
                    set.push(("PATH-HAEM-MICRO", 1));
                }
                return maybe(rng, set, ("PATH-POCT", 1), 0.25);
            }
            G::NursingAndMidwifery => (0.45, 0.1),
            G::ClinicalSupport => (0.15, 0.1),
            G::Medical => (0.3, 0.0),
            G::AlliedHealthProfessional | G::AdminAndEstates => (0.0, 0.0),
        };
        set = maybe(rng, set, ("PATH-TRANSFUSION", 1), transfusion);
        maybe(rng, set, ("PATH-POCT", 1), poct)
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

    /// An enhanced DBS check; the bank host re-checks a quarter of other trusts' bank workers.
    fn dbs_check(&mut self, person: &Person, in_bank: bool) -> Option<DemoFact> {
        let mut fact = self.fact(person, "CHECK-DBS", 1)?;
        if in_bank && person.org.code != BANK_HOST && self.rng.random_bool(0.25) {
            fact.issuer_code = BANK_HOST;
        }
        Some(fact)
    }

    /// A fact of `code` at `level` whose date puts it in a currency drawn for the person, or
    /// `None` when the draw says the person never did it.
    fn fact(&mut self, person: &Person, code: &'static str, level: u8) -> Option<DemoFact> {
        let validity = default_validity(&self.catalogue, code, level)?;
        let currency = self.currency(person.diligence);
        let achieved_on = match (validity, currency) {
            (_, Currency::Missing) => return None,
            (Validity::Indefinite, _) => person.joined_on,
            (Validity::Months(months), currency) => self.achieved_on(months, currency),
        };
        Some(DemoFact {
            code,
            level,
            achieved_on,
            issuer_code: person.issuer_for(achieved_on),
        })
    }

    fn currency(&mut self, diligence: Diligence) -> Currency {
        let (missing, expired, expiring) = currency_odds(diligence);
        let roll = self.rng.random_range(0..1000);
        if roll < missing {
            Currency::Missing
        } else if roll < missing + expired {
            Currency::Expired
        } else if roll < missing + expired + expiring {
            Currency::Expiring
        } else {
            Currency::InDate
        }
    }

    /// An achievement day such that `achieved + months` lands in the drawn currency band.
    fn achieved_on(&mut self, months: u32, currency: Currency) -> NaiveDate {
        let as_of = self.as_of;
        let lapses_after_today = first_day_lapsing_after(as_of, months);
        let lapses_after_window =
            first_day_lapsing_after(days_after(as_of, EXPIRING_WINDOW_DAYS), months);
        let (from, to) = match currency {
            Currency::InDate | Currency::Missing => (lapses_after_window, as_of),
            Currency::Expiring => (lapses_after_today, days_before(lapses_after_window, 1)),
            Currency::Expired => (
                days_before(lapses_after_today, 400),
                days_before(lapses_after_today, 1),
            ),
        };
        day_between(&mut self.rng, from, to.min(as_of))
    }

    /// Gives a CSTF subject an older, lapsed record before its current one, as when a person
    /// let a refresher lapse and then redid it: the history shows both.
    fn add_earlier_record(&mut self, person: &Person, facts: &mut Vec<DemoFact>) {
        let timed: Vec<(usize, u32)> = facts
            .iter()
            .enumerate()
            .filter(|(_, f)| f.code.starts_with("CSTF-"))
            .filter_map(
                |(i, f)| match default_validity(&self.catalogue, f.code, f.level) {
                    Some(Validity::Months(m)) => Some((i, m)),
                    _ => None,
                },
            )
            .collect();
        if timed.is_empty() {
            return;
        }
        let (index, months) = any(&mut self.rng, &timed);
        let renewal = &facts[index];
        let Some(due) = renewal.achieved_on.checked_sub_months(Months::new(months)) else {
            return;
        };
        let achieved_on = days_before(due, self.rng.random_range(7..=120));
        let earlier = DemoFact {
            code: renewal.code,
            level: renewal.level,
            achieved_on,
            issuer_code: person.issuer_for(achieved_on),
        };
        facts.insert(index, earlier);
    }
}

/// The catalogue's default validity of `code` at `level`.
fn default_validity(catalogue: &[CredentialDef], code: &str, level: u8) -> Option<Validity> {
    catalogue
        .iter()
        .find(|d| d.code.as_str() == code)
        .and_then(|d| d.default_validity(level))
}

/// The first achievement day whose expiry (`day + months`, month-end clamped) is after
/// `threshold`. Searched forward from a little before the naive answer, because month-end
/// clamping makes the inverse of [`add_months`] inexact.
fn first_day_lapsing_after(threshold: NaiveDate, months: u32) -> NaiveDate {
    let mut day = threshold
        .checked_sub_months(Months::new(months))
        .map_or(NaiveDate::MIN, |d| days_before(d, 4));
    while day < threshold && add_months(day, months) <= threshold {
        day = day.succ_opt().unwrap_or(threshold);
    }
    day
}

fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

fn days_after(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// A uniformly drawn day in `[from, to]`; `from` when the range is empty.
fn day_between(rng: &mut ChaCha8Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = u64::try_from(to.signed_duration_since(from).num_days()).unwrap_or(0);
    days_after(from, rng.random_range(0..=span))
}

/// Draws from percentage weights; `rest` gets whatever the weights leave of 100.
fn pick_percent<T: Copy>(rng: &mut ChaCha8Rng, weights: &[(T, u32)], rest: T) -> T {
    let mut roll = rng.random_range(0..100u32);
    for &(item, weight) in weights {
        if roll < weight {
            return item;
        }
        roll -= weight;
    }
    rest
}

/// `set` plus `item` with probability `chance`.
fn maybe(
    rng: &mut ChaCha8Rng,
    mut set: Vec<(&'static str, u8)>,
    item: (&'static str, u8),
    chance: f64,
) -> Vec<(&'static str, u8)> {
    if rng.random_bool(chance) {
        set.push(item);
    }
    set
}

/// A uniformly drawn element; callers pass constant, non-empty tables.
fn any<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

const FIRST_NAMES: [&str; 48] = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Sophie",
    "Grace",
    "Chloe",
    "Hannah",
    "Lucy",
    "Charlotte",
    "Rebecca",
    "Sarah",
    "Claire",
    "Helen",
    "Joanne",
    "Priya",
    "Anjali",
    "Aisha",
    "Fatima",
    "Chioma",
    "Adaeze",
    "Maria",
    "Agnieszka",
    "Mary",
    "Rose",
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Thomas",
    "James",
    "William",
    "Daniel",
    "Matthew",
    "David",
    "Richard",
    "Mark",
    "Paul",
    "Stephen",
    "Mohammed",
    "Imran",
    "Rajesh",
    "Arjun",
    "Oluwaseun",
    "Kwame",
    "Tomasz",
    "Jose",
];

const LAST_NAMES: [&str; 48] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Wright",
    "Robinson", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Hughes", "Edwards", "Turner", "Cooper", "Hill", "Ward", "Morris", "King",
    "Baker", "Harrison", "Bennett", "Mitchell", "Kelly", "Carter", "Murphy", "Shaw", "Patel",
    "Shah", "Khan", "Ali", "Begum", "Okafor", "Adeyemi", "Mensah", "Nowak", "Santos", "Reyes",
    "Fernando",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    use crossrota_domain::agreement::{AcceptancePolicy, SharingAgreement};
    use crossrota_domain::catalogue::Catalogue;
    use crossrota_domain::fact::{FactInput, NewFact};
    use crossrota_domain::ids::{NetworkId, OrgId, StaffId};
    use crossrota_domain::organisation::Network;
    use crossrota_domain::profile::NewProfile;
    use crossrota_domain::staff::{NewStaff, StaffInput};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn catalogue() -> Catalogue {
        Catalogue::new(seed_catalogue(), Vec::new())
    }

    /// Database-like ids for the region's organisations, by position.
    fn org_id(region: &Region, code: &str) -> OrgId {
        let i = region.orgs.iter().position(|o| o.code == code).unwrap();
        OrgId(i64::try_from(i).unwrap() + 1)
    }

    fn domain_networks(region: &Region) -> Vec<Network> {
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
    fn facts_are_catalogue_credentials_dated_no_later_than_as_of() {
        let catalogue = catalogue();
        for as_of in [day(2025, 6, 2), day(2024, 2, 29), day(2026, 1, 31)] {
            let region = generate(13, as_of, 600);
            for (i, s) in region.staff.iter().enumerate() {
                let issuer_known = |c: &str| region.orgs.iter().any(|o| o.code == c);
                for f in &s.facts {
                    assert!(f.achieved_on <= as_of, "{f:?} after {as_of}");
                    assert!(issuer_known(f.issuer_code), "{f:?}");
                    let def = catalogue
                        .get(&CredentialCode::parse(f.code).unwrap())
                        .unwrap_or_else(|| panic!("{} not in the catalogue", f.code));
                    assert!(def.has_level(f.level), "{f:?}");
                    let parsed = NewFact::parse(
                        FactInput {
                            staff: StaffId(i64::try_from(i).unwrap()),
                            code: f.code,
                            level: i64::from(f.level),
                            achieved_on: Some(f.achieved_on),
                            expires_on: None,
                            issuer: org_id(&region, f.issuer_code),
                            evidence_ref: "demo",
                            recorded_by: "demo",
                            supersedes: None,
                        },
                        &catalogue,
                        as_of,
                    );
                    assert!(parsed.is_ok(), "{f:?}: {parsed:?}");
                }
            }
        }
    }

    #[test]
    fn profiles_parse_against_the_catalogue_at_existing_levels() {
        let catalogue = catalogue();
        let region = generate(1, day(2025, 6, 2), 10);
        let mut names = BTreeSet::new();
        for p in &region.profiles {
            assert!(names.insert((p.owner_code, p.name)), "duplicate {}", p.name);
            for (code, level) in &p.requirements {
                let def = catalogue
                    .get(&CredentialCode::parse(code).unwrap())
                    .unwrap();
                assert!(def.has_level(*level), "{} {code} level {level}", p.name);
            }
            let reqs: Vec<(String, i64)> = p
                .requirements
                .iter()
                .map(|(c, l)| ((*c).to_owned(), i64::from(*l)))
                .collect();
            let parsed = NewProfile::parse(
                org_id(&region, p.owner_code),
                p.name,
                p.service,
                &reqs,
                &catalogue,
            );
            assert!(parsed.is_ok(), "{}: {parsed:?}", p.name);
            for core in CSTF_CORE {
                assert!(
                    p.requirements.iter().any(|(c, _)| *c == core),
                    "{} lacks {core}",
                    p.name
                );
            }
        }
    }

    /// Latest CSTF record per (person, core subject): share in date, expiring within 30 days,
    /// expired, missing. Once-only records (resuscitation level 1) have no currency and are
    /// left out.
    fn cstf_currency_mix(region: &Region, as_of: NaiveDate) -> [f64; 4] {
        let catalogue = catalogue();
        let window_end = days_after(as_of, EXPIRING_WINDOW_DAYS);
        let mut counts = [0usize; 4];
        for s in &region.staff {
            for subject in CSTF_CORE {
                let latest = s
                    .facts
                    .iter()
                    .filter(|f| f.code == subject)
                    .max_by_key(|f| f.achieved_on);
                let Some(latest) = latest else {
                    counts[3] += 1;
                    continue;
                };
                let code = CredentialCode::parse(latest.code).unwrap();
                match catalogue
                    .validity_for(OrgId(0), &code, latest.level)
                    .unwrap()
                {
                    Validity::Indefinite => {}
                    Validity::Months(m) => {
                        let expires = add_months(latest.achieved_on, m);
                        let slot = if expires <= as_of {
                            2
                        } else if expires <= window_end {
                            1
                        } else {
                            0
                        };
                        counts[slot] += 1;
                    }
                }
            }
        }
        let total = counts.iter().sum::<usize>() as f64;
        counts.map(|c| c as f64 / total)
    }

    #[test]
    fn cstf_currency_mix_is_in_the_stated_bands() {
        for (seed, as_of) in [
            (1, day(2025, 6, 2)),
            (2, day(2024, 2, 29)),
            (3, day(2026, 1, 31)),
        ] {
            let region = generate(seed, as_of, 3000);
            let [in_date, expiring, expired, missing] = cstf_currency_mix(&region, as_of);
            let msg = format!(
                "seed {seed}: in date {in_date:.3}, expiring {expiring:.3}, expired {expired:.3}, missing {missing:.3}"
            );
            assert!((0.80..=0.85).contains(&in_date), "{msg}");
            assert!((0.05..=0.08).contains(&expiring), "{msg}");
            assert!((0.08..=0.12).contains(&expired), "{msg}");
            assert!((0.02..=0.03).contains(&missing), "{msg}");
        }
    }

    #[test]
    fn resuscitation_is_once_only_for_admin_and_refreshed_for_clinicians() {
        let region = generate(4, day(2025, 6, 2), 1500);
        let catalogue = catalogue();
        let res = CredentialCode::parse("CSTF-RES").unwrap();
        for s in &region.staff {
            for f in s.facts.iter().filter(|f| f.code == "CSTF-RES") {
                let admin = s.staff_group == StaffGroup::AdminAndEstates;
                assert_eq!(f.level == 1, admin, "{s:?}");
                let validity = catalogue.validity_for(OrgId(0), &res, f.level).unwrap();
                assert_eq!(validity == Validity::Indefinite, admin);
            }
        }
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

    #[test]
    fn competencies_go_to_the_right_people() {
        let region = generate(6, day(2025, 6, 2), 3000);
        let mut stroke_holders = 0;
        let mut lims_holders = 0;
        for s in &region.staff {
            for f in &s.facts {
                if f.code.starts_with("STROKE-") {
                    assert!(STROKE_MEMBERS.contains(&s.org_code), "{s:?}");
                    assert!(s.staff_group != StaffGroup::AdminAndEstates);
                }
                if f.code == "PATH-LIMS" || (f.code == "PATH-TRANSFUSION" && f.level == 2) {
                    assert_eq!(s.staff_group, StaffGroup::HealthcareScientist, "{s:?}");
                }
            }
            stroke_holders += usize::from(s.facts.iter().any(|f| f.code.starts_with("STROKE-")));
            lims_holders += usize::from(s.facts.iter().any(|f| f.code == "PATH-LIMS"));
        }
        assert!(stroke_holders > 100, "{stroke_holders}");
        assert!(lims_holders > 50, "{lims_holders}");
    }

    #[test]
    fn some_facts_come_from_other_trusts_and_some_subjects_were_renewed() {
        let as_of = day(2025, 6, 2);
        let region = generate(17, as_of, 2000);
        let catalogue = catalogue();
        let from_elsewhere = region
            .staff
            .iter()
            .flat_map(|s| s.facts.iter().map(move |f| (s, f)))
            .filter(|(s, f)| f.issuer_code != s.org_code)
            .count();
        assert!(from_elsewhere > 200, "{from_elsewhere}");
        let renewed = region
            .staff
            .iter()
            .filter(|s| {
                s.facts.iter().any(|old| {
                    let code = CredentialCode::parse(old.code).unwrap();
                    let Some(Validity::Months(m)) =
                        catalogue.validity_for(OrgId(0), &code, old.level)
                    else {
                        return false;
                    };
                    add_months(old.achieved_on, m) <= as_of
                        && s.facts
                            .iter()
                            .any(|new| new.code == old.code && new.achieved_on > old.achieved_on)
                })
            })
            .count();
        assert!((20..=200).contains(&renewed), "{renewed}");
    }

    #[test]
    fn agreements_are_valid_and_leave_gaps_that_bite() {
        let region = generate(19, day(2025, 6, 2), 3000);
        assert_eq!(region.agreements.len(), agreement_table().len());
        let networks = domain_networks(&region);
        let mut agreements = Vec::new();
        for a in &region.agreements {
            let network = networks.iter().find(|n| n.name == a.network).unwrap();
            let parsed = SharingAgreement::parse(
                network,
                org_id(&region, a.verifier_code),
                a.scope.clone(),
                a.issuer_codes.iter().map(|c| org_id(&region, c)).collect(),
            );
            agreements.push(parsed.unwrap_or_else(|e| panic!("{a:?}: {e}")));
        }
        let catalogue = catalogue();
        let (mut accepted, mut refused) = (0, 0);
        for p in &region.profiles {
            let verifier = org_id(&region, p.owner_code);
            let policy = AcceptancePolicy {
                verifier,
                networks: &networks,
                agreements: &agreements,
            };
            for s in &region.staff {
                for f in &s.facts {
                    let code = CredentialCode::parse(f.code).unwrap();
                    let kind = catalogue.get(&code).unwrap().kind;
                    let needed = p.requirements.iter().any(|(c, _)| *c == f.code);
                    let issuer = org_id(&region, f.issuer_code);
                    if !needed || code.is_cstf() || issuer == verifier {
                        continue;
                    }
                    if policy.accepts(issuer, &code, kind) {
                        accepted += 1;
                    } else {
                        refused += 1;
                    }
                }
            }
        }
        assert!(accepted > 100, "{accepted} accepted");
        assert!(refused > 20, "{refused} refused");
    }
}
