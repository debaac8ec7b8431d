//! The requirement profiles member trusts define: who they are for, and what they ask of them.
//!
//! A profile names the staff groups it is for, and the clinical competencies it asks for mark
//! the people who work in its service: the demo judges a stroke-unit nurse profile against the
//! stroke-trained nurses, not against every nurse of a trust (few of whom would ever staff a
//! stroke unit), so its compliance figures read as a manager of that service would read them.

use crossrota_domain::catalogue::{CredentialDef, CredentialKind, seed_catalogue};
use crossrota_domain::staff::StaffGroup;

use super::people::DemoStaff;
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
    /// The staff groups the role is for; empty when it is for everyone.
    pub(crate) staff_groups: Vec<StaffGroup>,
    /// The clinical competencies among the requirements (catalogue kind `competency`), in
    /// requirement order: holding any of them, current or lapsed, marks someone who works in
    /// the profile's service. Empty when the profile asks for none.
    pub(crate) competencies: Vec<&'static str>,
}

impl DemoProfile {
    /// A profile of `owner` for `staff_groups`; its competencies are read off the catalogue.
    fn new(
        catalogue: &[CredentialDef],
        owner_code: &'static str,
        name: &'static str,
        service: &'static str,
        staff_groups: &[StaffGroup],
        requirements: Vec<(&'static str, u8)>,
    ) -> Self {
        let competencies = requirements
            .iter()
            .map(|(code, _)| *code)
            .filter(|code| {
                catalogue
                    .iter()
                    .any(|d| d.code.as_str() == *code && d.kind == CredentialKind::Competency)
            })
            .collect();
        Self {
            owner_code,
            name,
            service,
            requirements,
            staff_groups: staff_groups.to_vec(),
            competencies,
        }
    }

    /// Whether the profile is for `person`: they are of one of its staff groups and, when it
    /// asks for clinical competencies, trained in at least one of them.
    pub(crate) fn is_for(&self, person: &DemoStaff) -> bool {
        let in_group =
            self.staff_groups.is_empty() || self.staff_groups.contains(&person.staff_group);
        let in_service = self.competencies.is_empty()
            || person
                .facts
                .iter()
                .any(|f| self.competencies.contains(&f.code));
        in_group && in_service
    }

    /// Whether the profile asks for `code`, at any level.
    pub(crate) fn requires(&self, code: &str) -> bool {
        self.requirements.iter().any(|(c, _)| *c == code)
    }

    /// Who the profile is for, in words: "nurses and midwives trained in STROKE-NIHSS or
    /// STROKE-DYSPH", "clinical support staff", "everyone".
    pub(crate) fn audience(&self) -> String {
        let groups = if self.staff_groups.is_empty() {
            "everyone".to_owned()
        } else {
            self.staff_groups
                .iter()
                .map(|g| group_words(*g))
                .collect::<Vec<_>>()
                .join(" and ")
        };
        if self.competencies.is_empty() {
            groups
        } else {
            format!("{groups} trained in {}", self.competencies.join(" or "))
        }
    }
}

/// A staff group in words, as a plural noun.
fn group_words(group: StaffGroup) -> &'static str {
    match group {
        StaffGroup::NursingAndMidwifery => "nurses and midwives",
        StaffGroup::Medical => "doctors",
        StaffGroup::AlliedHealthProfessional => "allied health professionals",
        StaffGroup::HealthcareScientist => "healthcare scientists",
        StaffGroup::ClinicalSupport => "clinical support staff",
        StaffGroup::AdminAndEstates => "admin and estates staff",
    }
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
    use StaffGroup as G;
    let catalogue = seed_catalogue();
    let profile = |owner, name, service, groups: &[StaffGroup], requirements| {
        DemoProfile::new(&catalogue, owner, name, service, groups, requirements)
    };
    vec![
        profile(
            "RWF",
            "MTW stroke HASU band 5 nurse",
            "stroke HASU",
            &[G::NursingAndMidwifery],
            core_and(
                &[("CSTF-RES", 3)],
                &[("STROKE-NIHSS", 1), ("STROKE-DYSPH", 1), ("REG-NMC", 1)],
            ),
        ),
        profile(
            "RVV",
            "EKHUFT stroke thrombolysis nurse",
            "hyperacute stroke",
            &[G::NursingAndMidwifery],
            core_and(
                &[("CSTF-RES", 3), ("CSTF-IPC", 2), ("CSTF-MH", 2)],
                &[
                    ("STROKE-NIHSS", 1),
                    ("STROKE-THROMB", 1),
                    ("STROKE-HASU", 1),
                    ("REG-NMC", 1),
                ],
            ),
        ),
        profile(
            "RN7",
            "Darent Valley stroke unit healthcare assistant",
            "stroke unit",
            &[G::ClinicalSupport],
            core_and(
                &[("CSTF-MH", 2), ("CSTF-IPC", 2), ("CSTF-RES", 2)],
                &[("STROKE-HASU", 1), ("STROKE-DYSPH", 1)],
            ),
        ),
        profile(
            "RPA",
            "Medway pathology biomedical scientist",
            "blood sciences",
            &[G::HealthcareScientist],
            core_and(
                &[],
                &[("PATH-TRANSFUSION", 2), ("PATH-LIMS", 1), ("REG-HCPC", 1)],
            ),
        ),
        profile(
            "RYY",
            "KCHFT community stroke rehabilitation therapist",
            "community stroke rehabilitation",
            &[G::AlliedHealthProfessional],
            core_and(
                &[("CSTF-MH", 2), ("CSTF-IPC", 2), ("CSTF-RES", 2)],
                &[("STROKE-DYSPH", 1), ("STROKE-NIHSS", 1), ("REG-HCPC", 1)],
            ),
        ),
        profile(
            "RVV",
            "Bank healthcare assistant",
            "collaborative bank",
            &[G::ClinicalSupport],
            core_and(&[("CSTF-MH", 2), ("CSTF-IPC", 2)], &[("CHECK-DBS", 1)]),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    use crossrota_domain::catalogue::CredentialCode;
    use crossrota_domain::profile::NewProfile;

    use super::super::test_support::{catalogue, day, org_id};
    use super::super::{Region, generate};

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

    fn profile<'a>(region: &'a Region, name: &str) -> &'a DemoProfile {
        region.profiles.iter().find(|p| p.name == name).unwrap()
    }

    #[test]
    fn each_profile_is_for_its_staff_groups_and_those_trained_for_its_service() {
        let region = generate(23, day(2025, 6, 2), 3000);
        let hasu = profile(&region, "MTW stroke HASU band 5 nurse");
        assert_eq!(hasu.staff_groups, [StaffGroup::NursingAndMidwifery]);
        assert_eq!(hasu.competencies, ["STROKE-NIHSS", "STROKE-DYSPH"]);
        assert_eq!(
            hasu.audience(),
            "nurses and midwives trained in STROKE-NIHSS or STROKE-DYSPH"
        );
        let bms = profile(&region, "Medway pathology biomedical scientist");
        assert_eq!(bms.staff_groups, [StaffGroup::HealthcareScientist]);
        assert_eq!(bms.competencies, ["PATH-TRANSFUSION", "PATH-LIMS"]);
        let bank = profile(&region, "Bank healthcare assistant");
        assert_eq!(
            bank.competencies,
            Vec::<&str>::new(),
            "a DBS check is no skill"
        );
        assert_eq!(bank.audience(), "clinical support staff");

        for p in &region.profiles {
            assert!(!p.staff_groups.is_empty(), "{}", p.name);
            let audience: Vec<&DemoStaff> = region.staff.iter().filter(|s| p.is_for(s)).collect();
            assert!(audience.len() >= 20, "{}: {}", p.name, audience.len());
            for s in &audience {
                assert!(p.staff_groups.contains(&s.staff_group), "{}: {s:?}", p.name);
                let trained = s.facts.iter().any(|f| p.competencies.contains(&f.code));
                assert!(p.competencies.is_empty() || trained, "{}: {s:?}", p.name);
            }
            let group_size = region
                .staff
                .iter()
                .filter(|s| p.staff_groups.contains(&s.staff_group))
                .count();
            if p.competencies.is_empty() {
                assert_eq!(audience.len(), group_size, "{}", p.name);
            } else {
                assert!(audience.len() < group_size, "{}", p.name);
            }
        }
    }

    /// Share of `people` holding every competency `p` asks for (whatever their currency).
    fn fully_trained(p: &DemoProfile, people: &[&DemoStaff]) -> f64 {
        let holds = |s: &DemoStaff, code: &str| s.facts.iter().any(|f| f.code == code);
        let trained = people
            .iter()
            .filter(|s| p.competencies.iter().all(|c| holds(s, c)))
            .count();
        trained as f64 / people.len().max(1) as f64
    }

    #[test]
    fn specialist_profiles_are_for_people_far_better_trained_than_their_group() {
        let region = generate(29, day(2025, 6, 2), 3000);
        for p in region
            .profiles
            .iter()
            .filter(|p| !p.competencies.is_empty())
        {
            let audience: Vec<&DemoStaff> = region.staff.iter().filter(|s| p.is_for(s)).collect();
            let group: Vec<&DemoStaff> = region
                .staff
                .iter()
                .filter(|s| p.staff_groups.contains(&s.staff_group))
                .collect();
            let (of_audience, of_group) = (fully_trained(p, &audience), fully_trained(p, &group));
            let msg = format!(
                "{}: {of_audience:.2} of its people, {of_group:.2} of the group",
                p.name
            );
            assert!(of_audience >= 0.3, "{msg}");
            assert!(of_audience >= of_group, "{msg}");
            if of_group < 0.5 {
                assert!(of_audience >= 3.0 * of_group, "{msg}");
            }
        }
    }
}
