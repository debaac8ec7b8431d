//! Helpers shared by the solver's integration tests: a small ward model and a solve that
//! always runs the checker on its result.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use crossrota_domain::ids::OrgId;
use crossrota_domain::roster::{
    CarriedHistory, CheckReport, Demand, FairnessTargets, Horizon, ObjectiveWeights, RosterModel,
    RosterStaff, ShiftCode, ShiftType, Site, SiteCode, SkillCode, SkillGrant, StaffCode, WorkRules,
    check,
};
use crossrota_solver::{SolveOptions, SolveResult, solve};

/// 2024-01-01, a Monday.
pub fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date")
}

pub fn shift(code: &str, hour: u32, minutes: u32) -> ShiftType {
    ShiftType {
        code: ShiftCode::new(code),
        site: SiteCode::new("W"),
        start: NaiveTime::from_hms_opt(hour, 0, 0).expect("valid time"),
        minutes,
    }
}

pub fn person(code: &str) -> RosterStaff {
    RosterStaff {
        code: StaffCode::new(code),
        home_org: OrgId(1),
        sites: vec![SiteCode::new("W")],
        skills: vec![SkillGrant::always(SkillCode::new("RN"))],
        unavailable_days: Vec::new(),
        requests: Vec::new(),
        pinned: Vec::new(),
        cost_per_hour: 0.0,
        rules: WorkRules::none(),
        history: CarriedHistory::default(),
        targets: FairnessTargets::default(),
    }
}

/// One ward, the given shifts, `required` RNs on every shift of every day (100 per missing
/// person, 1 per extra), and the given people.
pub fn ward(
    days: u32,
    shifts: Vec<ShiftType>,
    required: i32,
    staff: Vec<RosterStaff>,
) -> RosterModel {
    let demands = (0..days)
        .flat_map(|day| {
            shifts.iter().map(move |s| Demand {
                site: SiteCode::new("W"),
                day,
                shift: s.code.clone(),
                skill: SkillCode::new("RN"),
                required,
                cost_per_missing: 100.0,
                cost_per_extra: 1.0,
                hard_minimum: None,
            })
        })
        .collect();
    RosterModel {
        horizon: Horizon {
            start: monday(),
            days,
        },
        sites: vec![Site {
            code: SiteCode::new("W"),
            org: OrgId(1),
            name: "Ward".into(),
        }],
        shift_types: shifts,
        demands,
        staff,
        weights: ObjectiveWeights::default(),
    }
}

pub fn quick() -> SolveOptions {
    SolveOptions {
        time_limit: Duration::from_secs(20),
        ..SolveOptions::default()
    }
}

/// Solves and checks: the roster must break no hard rule and the solver's objective must
/// equal the checker's.
pub fn solve_and_check(model: &RosterModel, options: &SolveOptions) -> (SolveResult, CheckReport) {
    let result = solve(model, options, |_| {}).expect("the solve runs");
    let solution = result.solution.as_ref().expect("a roster");
    let report = check(model, &solution.roster);
    assert_eq!(
        report.violations,
        vec![],
        "the solver's roster breaks rules"
    );
    assert!(
        (report.objective.total - solution.objective).abs()
            <= 1e-6 * report.objective.total.abs().max(1.0),
        "solver objective {} but checker {}",
        solution.objective,
        report.objective.total
    );
    (result, report)
}

/// Shifts worked by one person, as `(day, shift)`.
pub fn worked(result: &SolveResult, staff: &str) -> Vec<(u32, String)> {
    result
        .solution
        .as_ref()
        .map(|s| {
            s.roster
                .assignments
                .iter()
                .filter(|a| a.staff.as_str() == staff)
                .map(|a| (a.day, a.shift.to_string()))
                .collect()
        })
        .unwrap_or_default()
}
