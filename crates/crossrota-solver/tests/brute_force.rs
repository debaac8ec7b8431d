//! Property tests: on small random models the solver's roster always passes the checker, its
//! objective equals the checker's, and it equals the optimum found by trying every roster.

mod common;

use std::time::Duration;

use chrono::{Days, NaiveTime};
use crossrota_domain::roster::{
    Assignment, Demand, Pin, RequestKind, Roster, RosterModel, ShiftCode, ShiftRequest, ShiftType,
    SiteCode, SkillCode, SkillGrant, Succession, check, validate,
};
use crossrota_solver::{SolveOptions, SolveStatus, solve};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use common::{monday, person, ward};

/// Most rosters the brute force may enumerate per case.
const MAX_ROSTERS: u64 = 3000;

/// The shape of a random model; the details come from `seed`.
#[derive(Debug, Clone)]
struct Shape {
    staff: usize,
    shifts: usize,
    skills: usize,
    days: u32,
    seed: u64,
}

fn shapes() -> impl Strategy<Value = Shape> {
    (1usize..=2, 1usize..=2, 1usize..=2, 0u32..100, any::<u64>()).prop_map(
        |(staff, shifts, skills, day_pick, seed)| {
            let base = (1 + shifts * skills) as u64;
            let mut days = 2;
            while days < 8 && base.pow((staff as u32) * (days + 1)) <= MAX_ROSTERS {
                days += 1;
            }
            Shape {
                staff,
                shifts,
                skills,
                days: 2 + day_pick % (days - 1),
                seed,
            }
        },
    )
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

fn maybe<T>(rng: &mut ChaCha8Rng, value: impl FnOnce(&mut ChaCha8Rng) -> T) -> Option<T> {
    if rng.random_bool(0.5) {
        Some(value(rng))
    } else {
        None
    }
}

/// A random model of the given shape; every length is a whole number of hours, so every cost
/// is a whole number and objectives compare exactly.
fn model(shape: &Shape) -> RosterModel {
    let mut rng = ChaCha8Rng::seed_from_u64(shape.seed);
    let shifts: Vec<ShiftType> = (0..shape.shifts)
        .map(|i| ShiftType {
            code: ShiftCode::new(format!("S{i}")),
            site: SiteCode::new("W"),
            start: NaiveTime::from_hms_opt(rng.random_range(0..24), 0, 0).unwrap_or_default(),
            minutes: pick(&mut rng, &[240, 480, 600, 720]),
        })
        .collect();
    let skills: Vec<SkillCode> = (0..shape.skills)
        .map(|i| SkillCode::new(format!("K{i}")))
        .collect();
    let mut m = ward(shape.days, shifts.clone(), 0, Vec::new());
    m.horizon.start = monday() + Days::new(rng.random_range(0..7));
    m.demands.clear();
    for day in 0..shape.days {
        for s in &shifts {
            for skill in &skills {
                if !rng.random_bool(0.75) {
                    continue;
                }
                let required = rng.random_range(0..=2);
                m.demands.push(Demand {
                    site: SiteCode::new("W"),
                    day,
                    shift: s.code.clone(),
                    skill: skill.clone(),
                    required,
                    cost_per_missing: pick(&mut rng, &[5.0, 10.0, 50.0]),
                    cost_per_extra: pick(&mut rng, &[0.0, 1.0, 3.0]),
                    hard_minimum: rng.random_bool(0.1).then_some(required.min(1)),
                });
            }
        }
    }
    m.weights.pay = pick(&mut rng, &[0.0, 1.0]);
    m.weights.fairness_per_hour = pick(&mut rng, &[0.0, 1.0]);
    m.weights.fairness_per_weekend = pick(&mut rng, &[0.0, 2.0]);
    for i in 0..shape.staff {
        let mut p = person(&format!("P{i}"));
        p.skills = skills
            .iter()
            .filter(|_| rng.random_bool(0.7))
            .map(|s| SkillGrant::always(s.clone()))
            .collect();
        if p.skills.is_empty() {
            p.skills.push(SkillGrant::always(skills[0].clone()));
        }
        if rng.random_bool(0.2) {
            p.skills[0].eligible_until =
                Some(m.horizon.start + Days::new(rng.random_range(0..u64::from(shape.days))));
        }
        p.unavailable_days = (0..shape.days).filter(|_| rng.random_bool(0.15)).collect();
        for _ in 0..rng.random_range(0..3) {
            p.requests.push(ShiftRequest {
                day: rng.random_range(0..shape.days),
                shift: rng
                    .random_bool(0.5)
                    .then(|| shifts[rng.random_range(0..shifts.len())].code.clone()),
                kind: pick(&mut rng, &[RequestKind::On, RequestKind::Off]),
                weight: f64::from(rng.random_range(1..=5)),
            });
        }
        if rng.random_bool(0.15) {
            p.pinned.push(Pin {
                day: rng.random_range(0..shape.days),
                shift: shifts[rng.random_range(0..shifts.len())].code.clone(),
                skill: p.skills[0].skill.clone(),
            });
        }
        p.cost_per_hour = pick(&mut rng, &[0.0, 1.0, 2.0]);
        if rng.random_bool(0.3) {
            p.targets.minutes = Some(rng.random_range(0..=shape.days) * 480);
        }
        if rng.random_bool(0.3) {
            p.targets.weekends = Some(rng.random_range(0..=2));
        }
        let r = &mut p.rules;
        if rng.random_bool(0.3) {
            r.max_shifts_per_type
                .insert(shifts[0].code.clone(), rng.random_range(0..=3));
        }
        r.min_total_minutes = maybe(&mut rng, |g| g.random_range(0..=3) * 240);
        r.max_total_minutes = maybe(&mut rng, |g| g.random_range(1..=5) * 480);
        r.max_minutes_per_7_days = maybe(&mut rng, |g| g.random_range(1..=5) * 480);
        r.max_consecutive_days = maybe(&mut rng, |g| g.random_range(1..=4));
        r.min_consecutive_days = maybe(&mut rng, |g| g.random_range(1..=3));
        r.min_consecutive_days_off = maybe(&mut rng, |g| g.random_range(1..=3));
        r.max_weekends = maybe(&mut rng, |g| g.random_range(0..=1));
        r.min_rest_minutes = maybe(&mut rng, |g| pick(g, &[600, 660, 720]));
        r.weekly_rest_minutes = maybe(&mut rng, |g| pick(g, &[720, 1440]));
        if rng.random_bool(0.4) {
            r.forbidden_successions.push(Succession {
                first: shifts[rng.random_range(0..shifts.len())].code.clone(),
                next: shifts[rng.random_range(0..shifts.len())].code.clone(),
            });
        }
        p.history.consecutive_days_worked = rng.random_range(0..=6);
        p.history.recent_minutes = (0..rng.random_range(0..=6))
            .map(|_| pick(&mut rng, &[0, 480, 720]))
            .collect();
        p.history.last_shift_end = rng.random_bool(0.5).then(|| rng.random_range(-720..=600));
        m.staff.push(p);
    }
    m
}

/// The lowest checker objective over every roster that gives each person at most one
/// (shift, skill) a day, or `None` if no such roster breaks no rule.
fn brute_force(model: &RosterModel) -> Option<f64> {
    let mut choices: Vec<Option<(ShiftCode, SkillCode)>> = vec![None];
    let skills: Vec<SkillCode> = {
        let mut s: Vec<SkillCode> = model.demands.iter().map(|d| d.skill.clone()).collect();
        for p in &model.staff {
            s.extend(p.skills.iter().map(|g| g.skill.clone()));
        }
        s.sort();
        s.dedup();
        s
    };
    for shift in &model.shift_types {
        for skill in &skills {
            choices.push(Some((shift.code.clone(), skill.clone())));
        }
    }
    let slots: Vec<(usize, u32)> = (0..model.staff.len())
        .flat_map(|s| (0..model.horizon.days).map(move |d| (s, d)))
        .collect();
    let mut digits = vec![0usize; slots.len()];
    let mut best: Option<f64> = None;
    loop {
        let assignments = slots
            .iter()
            .zip(&digits)
            .filter_map(|(&(s, day), &digit)| {
                let (shift, skill) = choices[digit].clone()?;
                Some(Assignment {
                    staff: model.staff[s].code.clone(),
                    day,
                    site: SiteCode::new("W"),
                    shift,
                    skill,
                })
            })
            .collect();
        let report = check(model, &Roster::new(assignments));
        if report.is_feasible() && best.is_none_or(|b| report.objective.total < b) {
            best = Some(report.objective.total);
        }
        // Next roster, as a mixed-radix counter.
        let mut position = 0;
        loop {
            if position == digits.len() {
                return best;
            }
            digits[position] += 1;
            if digits[position] < choices.len() {
                break;
            }
            digits[position] = 0;
            position += 1;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_solver_matches_brute_force(shape in shapes()) {
        let model = model(&shape);
        prop_assume!(validate(&model).is_ok());
        let options = SolveOptions {
            time_limit: Duration::from_secs(30),
            large_neighbourhood_search: false,
            ..SolveOptions::default()
        };
        let result = solve(&model, &options, |_| {}).expect("the solve runs");
        let best = brute_force(&model);
        match (best, &result.solution) {
            (None, _) => prop_assert_eq!(result.status, SolveStatus::Infeasible),
            (Some(best), None) => {
                prop_assert!(false, "solver found nothing ({:?}), brute force {}", result.status, best)
            }
            (Some(best), Some(solution)) => {
                let report = check(&model, &solution.roster);
                prop_assert_eq!(&report.violations, &vec![]);
                prop_assert!((report.objective.total - solution.objective).abs() < 1e-6,
                    "solver says {}, checker {}", solution.objective, report.objective.total);
                prop_assert_eq!(result.status, SolveStatus::Optimal);
                prop_assert!((solution.objective - best).abs() < 1e-6,
                    "solver {} but brute force {}", solution.objective, best);
            }
        }
    }
}
