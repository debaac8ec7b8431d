//! The requirement profiles member trusts define: who they are for, and what they ask of them.

use super::training::CSTF_CORE;

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

pub(super) fn profiles() -> Vec<DemoProfile> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    use crossrota_domain::catalogue::CredentialCode;
    use crossrota_domain::profile::NewProfile;

    use super::super::generate;
    use super::super::test_support::{catalogue, day, org_id};

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
}
