//! Clinical competencies: stroke skills for the staff of stroke-network trusts (the unit set
//! for stroke-unit nurses), laboratory skills for scientists and some ward staff.

use crossrota_domain::staff::StaffGroup;
use rand::Rng;

use super::draw::maybe;
use super::orgs::{PATHOLOGY_MEMBERS, STROKE_MEMBERS, Sector};
use super::people::{Generator, Person};

impl Generator {
    /// Stroke competencies for a share of the clinical staff of stroke-network trusts.
    pub(super) fn stroke_competencies(
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
    pub(super) fn pathology_competencies(&mut self, person: &Person) -> Vec<(&'static str, u8)> {
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
}

#[cfg(test)]
mod tests {
    use super::super::generate;
    use super::super::orgs::STROKE_MEMBERS;
    use super::super::test_support::day;
    use crossrota_domain::staff::StaffGroup;

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
}
