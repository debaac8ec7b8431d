//! Statutory and mandatory training, employment checks, and how current each person keeps
//! them: the dates of a passport's facts, drawn so that a region looks equally "live" whatever
//! day the demo runs.

use chrono::{Months, NaiveDate};
use crossrota_domain::catalogue::{CredentialDef, Validity};
use crossrota_domain::staff::StaffGroup;
use rand::Rng;

use super::dates::{day_between, days_after, days_before, first_day_lapsing_after};
use super::draw::any;
use super::orgs::BANK_HOST;
use super::people::{DemoFact, Generator, Person};

/// The statutory and mandatory subjects every member of staff is trained in.
pub(super) const CSTF_CORE: [&str; 11] = [
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
pub(super) const JOINING_CHECKS: [&str; 3] = ["CHECK-RTW", "CHECK-ID", "CHECK-OH"];

/// Days after `as_of` in which a fact counts as "expiring soon" for the currency mix.
pub(super) const EXPIRING_WINDOW_DAYS: u64 = 30;

/// How a person keeps up with refresher training; correlating currency within a person makes
/// most people fully compliant and a minority behind on several subjects, as in real trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Diligence {
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
pub(super) const UP_TO_DATE_PERCENT: u32 = 70;

/// Per-mille chances of (missing, expired, expiring); the rest is in date. Mixed 70:30, the two
/// rows give about 2.5% missing, 9.5% expired, 6.5% expiring and 81.5% in date per subject,
/// while about three in four up-to-date people meet a whole profile.
fn currency_odds(diligence: Diligence) -> (u32, u32, u32) {
    match diligence {
        Diligence::UpToDate => (2, 5, 30),
        Diligence::Lagging => (79, 305, 147),
    }
}

impl Person {
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

impl Generator {
    pub(super) fn cstf_facts(&mut self, person: &Person) -> Vec<DemoFact> {
        CSTF_CORE
            .iter()
            .filter_map(|&subject| self.fact(person, subject, person.cstf_level(subject)))
            .collect()
    }

    /// An enhanced DBS check; the bank host re-checks a quarter of other trusts' bank workers.
    pub(super) fn dbs_check(&mut self, person: &Person, in_bank: bool) -> Option<DemoFact> {
        let mut fact = self.fact(person, "CHECK-DBS", 1)?;
        if in_bank && person.org.code != BANK_HOST && self.rng.random_bool(0.25) {
            fact.issuer_code = BANK_HOST;
        }
        Some(fact)
    }

    /// A fact of `code` at `level` whose date puts it in a currency drawn for the person, or
    /// `None` when the draw says the person never did it.
    pub(super) fn fact(
        &mut self,
        person: &Person,
        code: &'static str,
        level: u8,
    ) -> Option<DemoFact> {
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
    pub(super) fn add_earlier_record(&mut self, person: &Person, facts: &mut Vec<DemoFact>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    use crossrota_domain::catalogue::CredentialCode;
    use crossrota_domain::dates::add_months;
    use crossrota_domain::fact::{FactInput, NewFact};
    use crossrota_domain::ids::{OrgId, StaffId};

    use super::super::test_support::{catalogue, day, org_id};
    use super::super::{Region, generate};

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
}
