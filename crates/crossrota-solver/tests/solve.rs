//! Solver behaviour on small hand-made models; every roster goes through the checker.

mod common;

use chrono::Days;
use crossrota_domain::roster::{
    Pin, RequestKind, RosterModel, ShiftCode, ShiftRequest, SkillCode, SkillGrant, check,
};
use crossrota_solver::{Progress, SolveError, SolveOptions, SolveStatus, solve, solve_with};

use common::{monday, person, quick, shift, solve_and_check, ward, worked};

fn objective(model: &RosterModel) -> f64 {
    let (result, report) = solve_and_check(model, &quick());
    assert_eq!(result.status, SolveStatus::Optimal);
    report.objective.total
}

#[test]
fn minimum_rest_counts_a_night_shift_across_midnight() {
    // N 20:00–08:00 on day 0, L 14:00–22:00 on day 1: 6 h apart.
    let mut model = ward(
        2,
        vec![shift("N", 20, 720), shift("L", 14, 480)],
        1,
        vec![person("A")],
    );
    model
        .demands
        .retain(|d| (d.day == 0) == (d.shift.as_str() == "N"));
    assert_eq!(objective(&model), 0.0);
    model.staff[0].rules.min_rest_minutes = Some(660);
    assert_eq!(objective(&model), 100.0);
}

#[test]
fn weekly_rest_forces_a_rest_day_in_every_7() {
    let mut model = ward(8, vec![shift("E", 7, 480)], 1, vec![person("A")]);
    assert_eq!(objective(&model), 0.0);
    model.staff[0].rules.weekly_rest_minutes = Some(1440);
    let (result, report) = solve_and_check(&model, &quick());
    assert_eq!(report.objective.total, 100.0);
    let days: Vec<u32> = worked(&result, "A").into_iter().map(|(d, _)| d).collect();
    assert_eq!(days.len(), 7);
    // One day off inside 1..=6 serves both 7-day windows, so days 0 and 7 are worked.
    assert!(days.contains(&0) && days.contains(&7), "{days:?}");
}

#[test]
fn carried_in_days_count_toward_the_longest_run() {
    let mut model = ward(5, vec![shift("E", 7, 480)], 1, vec![person("A")]);
    model.staff[0].rules.max_consecutive_days = Some(3);
    assert_eq!(objective(&model), 100.0);
    model.staff[0].history.consecutive_days_worked = 3;
    let (result, report) = solve_and_check(&model, &quick());
    assert_eq!(report.objective.total, 200.0);
    assert!(worked(&result, "A").iter().all(|(d, _)| *d != 0));
}

#[test]
fn pins_are_kept_even_when_they_cost() {
    let mut model = ward(3, vec![shift("E", 7, 480)], 0, vec![person("A")]);
    model.staff[0].pinned = vec![Pin {
        day: 2,
        shift: ShiftCode::new("E"),
        skill: SkillCode::new("RN"),
    }];
    let (result, report) = solve_and_check(&model, &quick());
    assert_eq!(worked(&result, "A"), vec![(2, "E".to_owned())]);
    assert_eq!(report.objective.over_cover, 1.0);
}

#[test]
fn a_hard_minimum_nobody_can_meet_is_infeasible() {
    let mut model = ward(2, vec![shift("E", 7, 480)], 1, vec![person("A")]);
    model.demands[1].skill = SkillCode::new("HCA");
    model.demands[1].hard_minimum = Some(1);
    let result = solve(&model, &quick(), |_| {}).expect("the solve runs");
    assert_eq!(result.status, SolveStatus::Infeasible);
    assert_eq!(result.solution, None);
}

#[test]
fn contradictory_rules_are_infeasible() {
    let mut model = ward(7, vec![shift("E", 7, 480)], 1, vec![person("A")]);
    model.staff[0].rules.min_total_minutes = Some(480 * 6);
    model.staff[0].rules.max_consecutive_days = Some(2);
    model.staff[0].rules.min_consecutive_days_off = Some(2);
    // At most 2 on, then at least 2 off: 4 shifts in 7 days at most.
    let result = solve(&model, &quick(), |_| {}).expect("the solve runs");
    assert_eq!(result.status, SolveStatus::Infeasible);
}

#[test]
fn invalid_models_are_rejected_with_every_bad_item() {
    let mut model = ward(2, vec![shift("E", 7, 480)], 1, vec![person("A")]);
    model.demands[0].day = 9;
    model.demands[1].required = -2;
    match solve(&model, &quick(), |_| {}) {
        Err(SolveError::InvalidModel(errors)) => {
            let items: Vec<&str> = errors.iter().map(|e| e.item.as_str()).collect();
            assert_eq!(items, vec!["demands[0]", "demands[1]"]);
        }
        other => panic!("expected InvalidModel, got {other:?}"),
    }
    let options = SolveOptions {
        mip_gap: -1.0,
        ..quick()
    };
    assert!(matches!(
        solve(
            &ward(1, vec![shift("E", 7, 480)], 1, vec![]),
            &options,
            |_| {}
        ),
        Err(SolveError::InvalidOptions(_))
    ));
}

#[test]
fn skills_count_only_while_eligible() {
    let mut model = ward(
        4,
        vec![shift("E", 7, 480)],
        1,
        vec![person("A"), person("B")],
    );
    model.staff[0].skills = vec![SkillGrant {
        skill: SkillCode::new("RN"),
        eligible_from: None,
        eligible_until: Some(monday() + Days::new(1)),
    }];
    model.staff[1].rules.max_total_minutes = Some(480);
    let (result, report) = solve_and_check(&model, &quick());
    assert!(worked(&result, "A").iter().all(|(d, _)| *d <= 1));
    // A covers days 0 and 1, B one more day, one day stays short.
    assert_eq!(report.objective.uncovered, 100.0);
}

#[test]
fn pay_prefers_the_cheaper_person() {
    let mut model = ward(
        4,
        vec![shift("E", 7, 480)],
        1,
        vec![person("A"), person("B")],
    );
    model.staff[0].cost_per_hour = 20.0;
    model.staff[1].cost_per_hour = 10.0;
    let (result, report) = solve_and_check(&model, &quick());
    assert_eq!(worked(&result, "A"), vec![]);
    assert_eq!(worked(&result, "B").len(), 4);
    assert_eq!(report.objective.pay, 4.0 * 8.0 * 10.0);
}

#[test]
fn fairness_spreads_the_hours() {
    let mut model = ward(
        4,
        vec![shift("E", 7, 480)],
        1,
        vec![person("A"), person("B")],
    );
    model.weights.fairness_per_hour = 10.0;
    for member in &mut model.staff {
        member.targets.minutes = Some(960);
    }
    let (result, report) = solve_and_check(&model, &quick());
    assert_eq!(worked(&result, "A").len(), 2);
    assert_eq!(worked(&result, "B").len(), 2);
    assert_eq!(report.objective.fairness, 0.0);
}

#[test]
fn requests_are_honoured_when_nothing_else_costs() {
    let mut model = ward(
        3,
        vec![shift("E", 7, 480), shift("L", 14, 480)],
        1,
        vec![person("A")],
    );
    model.weights.uncovered = 0.0;
    model.weights.over_cover = 0.0;
    model.staff[0].requests = vec![
        ShiftRequest {
            day: 1,
            shift: Some(ShiftCode::new("L")),
            kind: RequestKind::On,
            weight: 5.0,
        },
        ShiftRequest {
            day: 2,
            shift: None,
            kind: RequestKind::Off,
            weight: 5.0,
        },
    ];
    let (result, report) = solve_and_check(&model, &quick());
    assert_eq!(report.objective.total, 0.0);
    assert!(worked(&result, "A").contains(&(1, "L".to_owned())));
    assert!(worked(&result, "A").iter().all(|(d, _)| *d != 2));
}

#[test]
fn progress_reports_the_final_objective() {
    let model = ward(
        5,
        vec![shift("E", 7, 480)],
        2,
        vec![person("A"), person("B")],
    );
    let mut reports: Vec<Progress> = Vec::new();
    let result = solve(&model, &quick(), |p| reports.push(p)).expect("solves");
    let objective = result.solution.expect("a roster").objective;
    let last = reports.last().expect("at least one report");
    assert_eq!(last.incumbent, Some(objective));
    assert!(last.bound.is_some_and(|b| b <= objective + 1e-9));
    assert_eq!(last.gap, Some(0.0));
}

#[test]
fn the_same_seed_gives_the_same_roster() {
    let mut model = ward(
        7,
        vec![shift("E", 7, 480), shift("L", 14, 480)],
        1,
        vec![person("A"), person("B"), person("C")],
    );
    for member in &mut model.staff {
        member.rules.max_consecutive_days = Some(3);
        member.rules.min_rest_minutes = Some(660);
    }
    let first = solve(&model, &quick(), |_| {}).expect("solves");
    let second = solve(&model, &quick(), |_| {}).expect("solves");
    assert_eq!(first.solution, second.solution);
}

#[test]
fn the_generic_good_lp_path_finds_the_same_optimum() {
    let mut model = ward(
        6,
        vec![shift("E", 7, 480), shift("N", 20, 720)],
        1,
        vec![person("A"), person("B")],
    );
    for member in &mut model.staff {
        member.rules.min_rest_minutes = Some(660);
        member.rules.min_consecutive_days = Some(2);
    }
    let generic = solve_with(&model, &quick(), good_lp::microlp, |m| m).expect("solves");
    let solution = generic.solution.expect("a roster");
    let report = check(&model, &solution.roster);
    assert_eq!(report.violations, vec![]);
    assert_eq!(report.objective.total, solution.objective);
    assert_eq!(generic.status, SolveStatus::Optimal);
    assert_eq!(solution.objective, objective(&model));
}

#[test]
fn a_model_read_back_from_json_solves_the_same() {
    let mut model = ward(4, vec![shift("E", 7, 480)], 1, vec![person("A")]);
    model.staff[0].rules.max_weekends = Some(0);
    model.horizon.start = monday() + Days::new(3);
    let json = serde_json::to_string_pretty(&model).expect("serialises");
    let back: RosterModel = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, model);
    // Thursday to Sunday with no weekends: two days short.
    assert_eq!(objective(&back), 200.0);
}

/// Two searches at once: progress comes through on the caller's thread, the best roster wins,
/// and it passes the checker.
#[test]
fn a_portfolio_of_two_searches_returns_a_checked_roster() {
    let text = include_str!("../../../data/curtois/Instance2.txt");
    let model = crossrota_domain::roster::curtois::parse_curtois(text).expect("Instance2 parses");
    let options = SolveOptions {
        time_limit: std::time::Duration::from_secs(4),
        threads: 2,
        ..SolveOptions::default()
    };
    let mut reports = Vec::new();
    let result = solve(&model, &options, |p| reports.push(p)).expect("solves");
    let solution = result.solution.expect("a roster");
    let report = crossrota_domain::roster::check(&model, &solution.roster);
    assert_eq!(report.violations, vec![]);
    assert_eq!(report.objective.total, solution.objective);
    assert!(
        solution.objective >= 828.0,
        "no roster beats the published optimum"
    );
    assert!(!reports.is_empty());
    // Merged reports only ever improve.
    for pair in reports.windows(2) {
        let (a, b) = (pair[0].incumbent, pair[1].incumbent);
        if let (Some(a), Some(b)) = (a, b) {
            assert!(b <= a);
        }
    }
    assert!(result.elapsed < std::time::Duration::from_millis(4400));
}
