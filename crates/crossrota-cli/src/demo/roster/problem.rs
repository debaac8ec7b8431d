//! The demo's roster problem: four weeks of the stroke network's two west Kent hyperacute
//! stroke units (Maidstone and Darent Valley), staffed by the stroke-trained nurses of their
//! trusts, with the HASU nurse profile as the one skill. The server decides who may work which
//! day from their passports; this file only says who is asked and what is wanted.

use chrono::{Days, NaiveDate};
use crossrota_proto::crossrota::v1 as pb;

use crate::demo::region::{DemoProfile, DemoStaff, Region, STROKE_NETWORK};

/// Days planned, from the day after the demo's today.
pub(super) const DAYS: u32 = 28;

/// Most people asked from each trust, so the model stays small enough to solve in seconds.
const MAX_PER_TRUST: usize = 20;

/// The profile every shift asks for; it belongs to the planning trust.
pub(super) const PROFILE: &str = "MTW stroke HASU band 5 nurse";

/// The trust that plans the roster (and owns [`PROFILE`]).
pub(super) const PLANNER: &str = "RWF";

/// Agency rate per hour: what a shift nobody covers costs.
const AGENCY_PER_HOUR: f64 = 55.0;

/// A hyperacute stroke unit and the trust that runs it.
struct Unit {
    code: &'static str,
    trust: &'static str,
    name: &'static str,
}

const UNITS: [Unit; 2] = [
    Unit {
        code: "MTW",
        trust: "RWF",
        name: "Maidstone Hospital HASU",
    },
    Unit {
        code: "DVH",
        trust: "RN7",
        name: "Darent Valley Hospital HASU",
    },
];

/// A kind of shift every unit runs: code suffix, start, minutes, and people wanted per unit
/// (Maidstone, Darent Valley).
const SHIFTS: [(&str, &str, i32, [i32; 2]); 3] = [
    ("E", "07:00", 480, [3, 2]),
    ("L", "14:30", 480, [2, 2]),
    ("N", "22:00", 600, [2, 2]),
];

/// One person asked to work, as the region made them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Nurse<'a> {
    pub(super) person: &'a DemoStaff,
    /// Whether they joined the stroke network, and so may work at the other trust's unit.
    pub(super) shared: bool,
}

/// The nurses asked: the people [`PROFILE`] is for at the trusts running a unit, the first
/// [`MAX_PER_TRUST`] of each in region order. Another trust's nurses are asked only if they
/// joined the stroke network: the planner may not read their passports otherwise.
pub(super) fn nurses(region: &Region) -> Vec<Nurse<'_>> {
    let Some(profile) = profile(region) else {
        return Vec::new();
    };
    UNITS
        .iter()
        .flat_map(|unit| {
            region
                .staff
                .iter()
                .filter(move |s| s.org_code == unit.trust && profile.is_for(s))
                .map(|s| Nurse {
                    person: s,
                    shared: s.networks.contains(&STROKE_NETWORK),
                })
                .filter(|n| n.shared || n.person.org_code == PLANNER)
                .take(MAX_PER_TRUST)
        })
        .collect()
}

/// The demand's profile in the region.
pub(super) fn profile(region: &Region) -> Option<&DemoProfile> {
    region
        .profiles
        .iter()
        .find(|p| p.owner_code == PLANNER && p.name == PROFILE)
}

/// Hourly cost of a nurse by Agenda for Change band, with on-costs.
fn cost_per_hour(band: u8) -> f64 {
    match band {
        0..=5 => 21.0,
        6 => 26.0,
        7 => 31.0,
        _ => 37.0,
    }
}

/// The problem over `staff` (each nurse with their staff id), for [`DAYS`] days from `start`;
/// `org_id` gives a trust's stored id.
pub(super) fn build(
    start: NaiveDate,
    staff: &[(Nurse<'_>, i64)],
    org_id: impl Fn(&str) -> i64,
) -> pb::StoredRosterProblem {
    let days = i32::try_from(DAYS).unwrap_or(i32::MAX);
    let shift_code = |unit: &Unit, suffix: &str| format!("{}-{suffix}", unit.code);
    let shift_types = UNITS
        .iter()
        .flat_map(|unit| {
            SHIFTS
                .iter()
                .map(move |(suffix, start, minutes, _)| pb::RosterShiftType {
                    code: shift_code(unit, suffix),
                    site: unit.code.into(),
                    start: (*start).into(),
                    minutes: *minutes,
                })
        })
        .collect();
    let mut demands = Vec::new();
    for day in 0..days {
        for (u, unit) in UNITS.iter().enumerate() {
            for (suffix, _, minutes, wanted) in SHIFTS {
                demands.push(pb::StoredRosterDemand {
                    site: unit.code.into(),
                    day,
                    shift: shift_code(unit, suffix),
                    profile: PROFILE.into(),
                    required: wanted[u],
                    cost_per_missing: AGENCY_PER_HOUR * f64::from(minutes) / 60.0,
                    cost_per_extra: 0.0,
                    hard_minimum: None,
                });
            }
        }
    }
    let staff = staff
        .iter()
        .map(|(nurse, id)| pb::StoredRosterStaff {
            staff_id: *id,
            sites: UNITS
                .iter()
                .filter(|u| nurse.shared || u.trust == nurse.person.org_code)
                .map(|u| u.code.into())
                .collect(),
            cost_per_hour: cost_per_hour(nurse.person.band),
            ..Default::default()
        })
        .collect();
    pb::StoredRosterProblem {
        horizon: Some(pb::RosterHorizon {
            start: start.to_string(),
            days,
        }),
        sites: UNITS
            .iter()
            .map(|u| pb::RosterSite {
                code: u.code.into(),
                org_id: org_id(u.trust),
                name: u.name.into(),
            })
            .collect(),
        shift_types,
        demands,
        staff,
        weights: None,
        default_rules: Some(rules()),
        reason: "demo: stroke network HASU roster".into(),
    }
}

/// Full-time hours (37.5 a week on average, 48 in any seven days), at most four days in a
/// row and two weekends in four; the statutory rests apply.
fn rules() -> pb::RosterWorkRules {
    pb::RosterWorkRules {
        max_total_minutes: Some(i32::try_from(DAYS / 7 * 2250).unwrap_or(i32::MAX)),
        max_minutes_per_7_days: Some(48 * 60),
        max_consecutive_days: Some(4),
        max_weekends: Some(2),
        ..Default::default()
    }
}

/// The first day planned: the day after `as_of`.
pub(super) fn first_day(as_of: NaiveDate) -> NaiveDate {
    as_of.checked_add_days(Days::new(1)).unwrap_or(as_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::region::generate;
    use crossrota_domain::staff::StaffGroup;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_nurses_are_stroke_trained_from_the_two_trusts_and_shareable_when_not_the_planners() {
        let region = generate(42, day(2026, 11, 23), 1000);
        let asked = nurses(&region);
        assert!((20..=40).contains(&asked.len()), "{}", asked.len());
        for n in &asked {
            let s = n.person;
            assert_eq!(s.staff_group, StaffGroup::NursingAndMidwifery, "{s:?}");
            assert!(s.facts.iter().any(|f| f.code.starts_with("STROKE-")));
            assert!(["RWF", "RN7"].contains(&s.org_code));
            assert!(s.org_code == PLANNER || n.shared, "{s:?}");
        }
        for trust in ["RWF", "RN7"] {
            let of_trust = asked.iter().filter(|n| n.person.org_code == trust).count();
            assert!(
                (1..=MAX_PER_TRUST).contains(&of_trust),
                "{trust}: {of_trust}"
            );
        }
        assert!(nurses(&generate(42, day(2026, 11, 23), 0)).is_empty());
    }

    #[test]
    fn the_problem_covers_four_weeks_of_two_units_from_the_day_after() {
        let region = generate(42, day(2026, 11, 23), 1000);
        let staff: Vec<(Nurse<'_>, i64)> = nurses(&region).into_iter().zip(100..).collect();
        let problem = build(first_day(day(2026, 11, 23)), &staff, |code| {
            if code == "RWF" { 1 } else { 2 }
        });
        let horizon = problem.horizon.unwrap();
        assert_eq!((horizon.start.as_str(), horizon.days), ("2026-11-24", 28));
        let sites: Vec<(&str, i64)> = problem
            .sites
            .iter()
            .map(|s| (s.code.as_str(), s.org_id))
            .collect();
        assert_eq!(sites, [("MTW", 1), ("DVH", 2)]);
        assert_eq!(problem.shift_types.len(), 6);
        assert_eq!(problem.demands.len(), 28 * 6);
        for d in &problem.demands {
            assert!((2..=4).contains(&d.required), "{d:?}");
            assert_eq!(d.profile, PROFILE);
            assert!(d.shift.starts_with(&d.site), "{d:?}");
            assert!(
                d.cost_per_missing > 400.0,
                "agency costs more than staff: {d:?}"
            );
        }
        assert_eq!(problem.staff.len(), staff.len());
        for ((nurse, id), s) in staff.iter().zip(&problem.staff) {
            assert_eq!(s.staff_id, *id);
            let home = if nurse.person.org_code == "RWF" {
                "MTW"
            } else {
                "DVH"
            };
            assert!(s.sites.iter().any(|x| x == home), "{s:?}");
            assert_eq!(s.sites.len(), if nurse.shared { 2 } else { 1 }, "{s:?}");
            assert!(s.cost_per_hour * 8.0 < 440.0);
        }
    }
}
