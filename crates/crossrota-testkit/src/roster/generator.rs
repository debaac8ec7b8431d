//! A seeded generator of realistic multi-trust roster models: a regional stroke network.
//!
//! Benchmarks and demos need models the size and shape of real shared rosters, and public
//! benchmark files have one ward, one skill and no clock times. The generator draws a network
//! of trusts, each running a stroke unit with early, late and night shifts at slightly
//! different clock times; nurses and healthcare assistants with skills, some of which lapse
//! mid-plan (a passport credential expiring); leave, requests, bank staff, carried-in history
//! and the statutory and contractual working-time rules of `shared/reference/working-time.md`.
//!
//! Every draw comes from one ChaCha8 stream seeded by the caller, so a seed always gives the
//! same model. Every generated model passes [`crossrota_domain::roster::validate`], and the empty roster
//! breaks no hard rule (there are no hard minimums, minimum hours or pins), so every model has
//! a feasible roster.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crossrota_domain::ids::OrgId;
use crossrota_domain::roster::model::MINUTES_PER_DAY;
use crossrota_domain::roster::{
    CarriedHistory, Demand, FairnessTargets, Horizon, ObjectiveWeights, RequestKind, RosterModel,
    RosterStaff, ShiftCode, ShiftRequest, ShiftType, Site, SiteCode, SkillCode, SkillGrant,
    StaffCode, WorkRules,
};

/// Registered nurse competent on a hyper-acute stroke unit.
pub const HASU_NURSE: &str = "HASU-RN";
/// Registered nurse on the stroke ward.
pub const STROKE_NURSE: &str = "STROKE-RN";
/// Nurse signed off to deliver thrombolysis.
pub const THROMBOLYSIS: &str = "THROMB";
/// Nurse trained in swallow (dysphagia) screening.
pub const DYSPHAGIA: &str = "DYSPHAGIA";
/// Healthcare assistant.
pub const HCA: &str = "HCA";

/// Minutes a full-time Agenda for Change contract works in a week (37.5 h).
const FULL_TIME_WEEKLY_MINUTES: f64 = 2250.0;

/// The statutory limit of 48 h in any 7 days, as a hard rule (no opt-outs modelled).
const MAX_MINUTES_PER_7_DAYS: u32 = 48 * 60;

/// Cost of each person beyond a shift's requirement: small, so extra cover is tolerated.
const COST_PER_EXTRA: f64 = 15.0;

/// Share of staff who work for the bank only.
const BANK_SHARE: f64 = 0.1;

/// Share of staff with a skill that lapses during the plan.
const EXPIRY_SHARE: f64 = 0.05;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratorParams {
    /// Number of trusts, each with one stroke unit (a site); at least 1 is generated.
    pub trusts: usize,
    /// Number of staff across the network.
    pub staff: usize,
    /// Length of the horizon in days; at least 1 is generated.
    pub days: u32,
    /// Day 0; the presets use a Monday.
    pub start: NaiveDate,
}

impl GeneratorParams {
    /// A regional stroke network: 6 trusts, 600 staff, 4 weeks from a Monday.
    pub fn stroke_network() -> Self {
        Self {
            trusts: 6,
            staff: 600,
            days: 28,
            start: NaiveDate::from_ymd_opt(2025, 3, 3).unwrap_or_default(),
        }
    }

    /// Two trusts, 30 staff and two weeks: small enough for quick tests with microlp.
    pub fn small() -> Self {
        Self {
            trusts: 2,
            staff: 30,
            days: 14,
            ..Self::stroke_network()
        }
    }
}

impl Default for GeneratorParams {
    /// [`GeneratorParams::stroke_network`].
    fn default() -> Self {
        Self::stroke_network()
    }
}

/// Site codes and names of the first trusts; later ones are numbered.
const TRUST_NAMES: [(&str, &str); 8] = [
    ("NGH", "Northgate General Hospital"),
    ("RSH", "Riverside Hospital"),
    ("SMJ", "St Mary's & St John's Hospital"),
    ("QEH", "Queen Eleanor Hospital"),
    ("WDH", "Weald District Hospital"),
    ("HBH", "Harbour Bay Hospital"),
    ("KMH", "Kingsmead Hospital"),
    ("AVH", "Abbey Vale Hospital"),
];

/// Which of a unit's three shifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Early,
    Late,
    Night,
}

const PERIODS: [Period; 3] = [Period::Early, Period::Late, Period::Night];

/// People wanted per 100 staff of the unit on a weekday: `(skill, [early, late, night])`.
const WEEKDAY_DEMAND_PER_100: [(&str, [f64; 3]); 5] = [
    (HASU_NURSE, [3.0, 3.0, 2.0]),
    (STROKE_NURSE, [5.0, 5.0, 3.0]),
    (THROMBOLYSIS, [1.0, 1.0, 1.0]),
    (DYSPHAGIA, [2.0, 1.0, 0.0]),
    (HCA, [6.0, 5.0, 4.0]),
];

/// Agency cost of one missing person on a weekday day shift, by skill.
fn agency_cost(skill: &str) -> f64 {
    match skill {
        HASU_NURSE => 480.0,
        THROMBOLYSIS => 560.0,
        STROKE_NURSE => 400.0,
        DYSPHAGIA => 340.0,
        _ => 300.0,
    }
}

/// Whether a skill's demand drops at weekends (planned work) or not (acute care).
fn quieter_at_weekends(skill: &str) -> bool {
    matches!(skill, STROKE_NURSE | DYSPHAGIA | HCA)
}

/// One trust's unit as generated.
struct Unit {
    site: Site,
    /// Early, late and night shift types, in [`PERIODS`] order.
    shifts: [ShiftType; 3],
    /// Multiplies agency costs (regional price differences).
    cost_factor: f64,
    /// Number of staff whose home is this unit.
    staff: usize,
}

/// Generates a model; the same parameters and seed always give the same model.
pub fn generate(params: &GeneratorParams, seed: u64) -> RosterModel {
    let mut draw = Generator {
        rng: ChaCha8Rng::seed_from_u64(seed),
        horizon: Horizon {
            start: params.start,
            days: params.days.max(1),
        },
    };
    let mut units: Vec<Unit> = (0..params.trusts.max(1)).map(|i| draw.unit(i)).collect();
    draw.share_staff(&mut units, params.staff);
    let mut staff = Vec::with_capacity(params.staff);
    for home in 0..units.len() {
        for n in 0..units[home].staff {
            staff.push(draw.person(&units, home, n + 1));
        }
    }
    let demands = units
        .iter()
        .flat_map(|unit| draw.unit_demands(unit))
        .collect();
    RosterModel {
        horizon: draw.horizon,
        sites: units.iter().map(|u| u.site.clone()).collect(),
        shift_types: units.iter().flat_map(|u| u.shifts.clone()).collect(),
        demands,
        staff,
        // Substantive staff are paid their contract whether rostered or not, so an hour
        // short of (or beyond) the contract must cost more than an hour's pay; otherwise the
        // cheapest roster leaves salaried staff at home and buys agency shifts.
        weights: ObjectiveWeights {
            fairness_per_hour: 30.0,
            fairness_per_weekend: 60.0,
            ..ObjectiveWeights::default()
        },
    }
}

struct Generator {
    rng: ChaCha8Rng,
    horizon: Horizon,
}

impl Generator {
    /// Trust `index`'s unit; clock times vary a little from trust to trust.
    fn unit(&mut self, index: usize) -> Unit {
        let (code, name) = match TRUST_NAMES.get(index) {
            Some((code, name)) => ((*code).to_owned(), format!("Stroke unit, {name}")),
            None => (
                format!("T{}", index + 1),
                format!("Stroke unit, trust {}", index + 1),
            ),
        };
        let offset = index as u32 % 3;
        let shift = |period: &str, minute_of_day: u32, minutes: u32| ShiftType {
            code: ShiftCode::new(format!("{code}-{period}")),
            site: SiteCode::new(&code),
            start: clock(minute_of_day),
            minutes,
        };
        let shifts = [
            // 07:00, 07:15 or 07:30 to 15:00..15:30.
            shift("E", 7 * 60 + 15 * offset, 480),
            // 13:30, 14:00 or 14:30 to 21:30..22:30.
            shift("L", 13 * 60 + 30 + 30 * ((offset + 1) % 3), 480),
            // 21:30 or 21:45 to 07:30 or 07:45 the next day.
            shift("N", 21 * 60 + 30 + 15 * (index as u32 % 2), 600),
        ];
        Unit {
            site: Site {
                code: SiteCode::new(&code),
                org: OrgId(index as i64 + 1),
                name,
            },
            shifts,
            cost_factor: 0.95 + 0.1 * self.rng.random::<f64>(),
            staff: 0,
        }
    }

    /// Splits `total` staff between the units, each getting 80–120% of an even share.
    fn share_staff(&mut self, units: &mut [Unit], total: usize) {
        let weights: Vec<f64> = units
            .iter()
            .map(|_| 0.8 + 0.4 * self.rng.random::<f64>())
            .collect();
        let sum: f64 = weights.iter().sum();
        let mut given = 0;
        for (unit, weight) in units.iter_mut().zip(&weights) {
            unit.staff = (total as f64 * weight / sum).floor() as usize;
            given += unit.staff;
        }
        // Hand out what rounding down left, one each from the first unit on.
        let count = units.len();
        for i in 0..total.saturating_sub(given) {
            units[i % count].staff += 1;
        }
    }

    fn person(&mut self, units: &[Unit], home: usize, number: usize) -> RosterStaff {
        let unit = &units[home];
        let bank = self.rng.random_bool(BANK_SHARE);
        let nurse = self.rng.random_bool(0.65);
        let code = if bank {
            format!("{}-B{number:03}", unit.site.code)
        } else {
            format!("{}-{number:03}", unit.site.code)
        };
        let mut skills = self.skills(nurse);
        let sites = self.sites(units, home, bank);
        let unavailable_days = self.leave();
        let mut rules = self.rules();
        let fte = if bank { 0.0 } else { self.fte() };
        let contract = self.contract_minutes(fte);
        if bank {
            // Bank staff take a few shifts around other commitments: 16–30 h a week.
            let weekly = f64::from(self.rng.random_range(16..=30) * 60);
            rules.max_total_minutes = Some(self.per_horizon(weekly));
        } else {
            rules.max_total_minutes = Some((f64::from(contract) * 1.1).round() as u32);
        }
        if self.rng.random_bool(0.1) {
            // Exempt from nights (occupational health or carer's agreement).
            for site in &sites {
                if let Some(u) = units.iter().find(|u| &u.site.code == site) {
                    rules
                        .max_shifts_per_type
                        .insert(u.shifts[2].code.clone(), 0);
                }
            }
        }
        self.lapse_a_skill(&mut skills);
        let available = self.horizon.days as usize - unavailable_days.len();
        let targets = if bank {
            FairnessTargets::default()
        } else {
            let share = available as f64 / f64::from(self.horizon.days);
            FairnessTargets {
                minutes: Some((f64::from(contract) * share / 30.0).round() as u32 * 30),
                weekends: Some((f64::from(weekends(self.horizon)) * fte / 2.0).round() as u32),
            }
        };
        let nights_allowed = rules
            .max_shifts_per_type
            .get(&unit.shifts[2].code)
            .is_none_or(|&max| max > 0);
        RosterStaff {
            code: StaffCode::new(code),
            home_org: unit.site.org,
            requests: if bank {
                Vec::new()
            } else {
                self.requests(unit, &unavailable_days)
            },
            history: self.history(unit, nights_allowed),
            cost_per_hour: self.pay(nurse, bank, &skills),
            sites,
            skills,
            unavailable_days,
            pinned: Vec::new(),
            rules,
            targets,
        }
    }

    /// Nurses all hold the stroke ward skill, some also HASU, thrombolysis and swallow
    /// screening; healthcare assistants hold one skill.
    fn skills(&mut self, nurse: bool) -> Vec<SkillGrant> {
        if !nurse {
            return vec![SkillGrant::always(SkillCode::new(HCA))];
        }
        let mut skills = vec![SkillGrant::always(SkillCode::new(STROKE_NURSE))];
        let hasu = self.rng.random_bool(0.5);
        if hasu {
            skills.push(SkillGrant::always(SkillCode::new(HASU_NURSE)));
        }
        // Thrombolysis is delivered by experienced HASU nurses.
        if hasu && self.rng.random_bool(0.5) {
            skills.push(SkillGrant::always(SkillCode::new(THROMBOLYSIS)));
        }
        if self.rng.random_bool(0.3) {
            skills.push(SkillGrant::always(SkillCode::new(DYSPHAGIA)));
        }
        skills
    }

    /// For about one person in twenty, the most specialised skill lapses mid-plan (its
    /// passport credential expires), so they drop out of those shifts from then on.
    fn lapse_a_skill(&mut self, skills: &mut [SkillGrant]) {
        if !self.rng.random_bool(EXPIRY_SHARE) {
            return;
        }
        let days = self.horizon.days;
        let last_day = days / 4 + self.rng.random_range(0..days / 2 + 1);
        if let Some(grant) = skills.last_mut() {
            grant.eligible_until = self.horizon.date(last_day.min(days - 1));
        }
    }

    /// The home site first, then 0–2 other units of the network; bank staff roam more.
    fn sites(&mut self, units: &[Unit], home: usize, bank: bool) -> Vec<SiteCode> {
        let mut others: Vec<usize> = (0..units.len()).filter(|&i| i != home).collect();
        others.shuffle(&mut self.rng);
        let extra = match self.rng.random::<f64>() {
            p if p < if bank { 0.2 } else { 0.6 } => 0,
            p if p < if bank { 0.6 } else { 0.9 } => 1,
            _ => 2,
        };
        std::iter::once(home)
            .chain(others.into_iter().take(extra))
            .map(|i| units[i].site.code.clone())
            .collect()
    }

    /// About 8% of days: a block of annual leave for some, single study or sick days for
    /// others.
    fn leave(&mut self) -> Vec<u32> {
        let days = self.horizon.days;
        let mut off = Vec::new();
        if self.rng.random_bool(0.28) {
            let length = self.rng.random_range(4..=8).min(days);
            let first = self.rng.random_range(0..=days - length);
            off.extend(first..first + length);
        }
        for day in 0..days {
            if self.rng.random_bool(0.02) {
                off.push(day);
            }
        }
        off.sort_unstable();
        off.dedup();
        off
    }

    /// Contract rules of the Working Time Regulations and a typical NHS rostering policy:
    /// 11 h daily and 24 h weekly rest (the defaults), 48 h in any 7 days, 5 or 6 days in a
    /// row, days off in pairs, and at most half the weekends.
    fn rules(&mut self) -> WorkRules {
        WorkRules {
            max_minutes_per_7_days: Some(MAX_MINUTES_PER_7_DAYS),
            max_consecutive_days: Some(if self.rng.random_bool(0.6) { 5 } else { 6 }),
            min_consecutive_days_off: Some(2),
            max_weekends: Some(weekends(self.horizon).div_ceil(2)),
            ..WorkRules::default()
        }
    }

    /// Whole-time equivalent: full time, 0.8 or 0.6.
    fn fte(&mut self) -> f64 {
        match self.rng.random::<f64>() {
            p if p < 0.55 => 1.0,
            p if p < 0.8 => 0.8,
            _ => 0.6,
        }
    }

    /// Contracted minutes over the horizon.
    fn contract_minutes(&self, fte: f64) -> u32 {
        self.per_horizon(FULL_TIME_WEEKLY_MINUTES * fte)
    }

    /// A weekly amount of minutes scaled to the horizon.
    fn per_horizon(&self, weekly: f64) -> u32 {
        (weekly * f64::from(self.horizon.days) / 7.0).round() as u32
    }

    /// Hourly cost: Agenda for Change band 3 to 6 with on-costs; bank rates are higher.
    fn pay(&mut self, nurse: bool, bank: bool, skills: &[SkillGrant]) -> f64 {
        let specialist = skills
            .iter()
            .any(|g| g.skill.as_str() == HASU_NURSE || g.skill.as_str() == THROMBOLYSIS);
        let base = match (nurse, specialist) {
            (false, _) => 14.0,
            (true, false) => 20.0,
            (true, true) => 24.0,
        };
        let premium = if bank { 1.45 } else { 1.0 };
        // Whole and half pounds keep the objective's sums exact.
        let hourly = (base + f64::from(self.rng.random_range(0..=6)) * 0.5) * premium;
        (hourly * 2.0).round() / 2.0
    }

    /// Up to three wishes: mostly days off (any shift), sometimes a particular home shift.
    fn requests(&mut self, unit: &Unit, unavailable: &[u32]) -> Vec<ShiftRequest> {
        let count = self.rng.random_range(0..=3);
        let mut requests = Vec::new();
        for _ in 0..count {
            let day = self.rng.random_range(0..self.horizon.days);
            let off = self.rng.random_bool(0.7);
            let request = if off {
                ShiftRequest {
                    day,
                    shift: None,
                    kind: RequestKind::Off,
                    weight: f64::from(self.rng.random_range(4..=12) * 5),
                }
            } else {
                let period = self.rng.random_range(0..PERIODS.len());
                ShiftRequest {
                    day,
                    shift: Some(unit.shifts[period].code.clone()),
                    kind: RequestKind::On,
                    weight: f64::from(self.rng.random_range(2..=8) * 5),
                }
            };
            let taken = requests.iter().any(|r: &ShiftRequest| r.day == day);
            if !taken && !unavailable.contains(&day) {
                requests.push(request);
            }
        }
        requests
    }

    /// Three in ten people end a run of 1–4 days of one home shift the day before the plan.
    fn history(&mut self, unit: &Unit, nights_allowed: bool) -> CarriedHistory {
        if !self.rng.random_bool(0.3) {
            return CarriedHistory::default();
        }
        let run = self.rng.random_range(1..=4);
        let periods = if nights_allowed { 3 } else { 2 };
        let shift = &unit.shifts[self.rng.random_range(0..periods)];
        let end =
            i64::from(shift.start_minute()) + i64::from(shift.minutes) - i64::from(MINUTES_PER_DAY);
        CarriedHistory {
            consecutive_days_worked: run,
            recent_minutes: vec![shift.minutes; run as usize],
            last_shift_end: i32::try_from(end).ok(),
        }
    }

    /// Demand of one unit for every day, shift and skill, scaled to its staff.
    fn unit_demands(&mut self, unit: &Unit) -> Vec<Demand> {
        let scale = unit.staff as f64 / 100.0;
        let mut demands = Vec::new();
        for day in 0..self.horizon.days {
            let weekend = self.horizon.date(day).is_some_and(is_weekend);
            for (p, period) in PERIODS.iter().enumerate() {
                for (skill, per_100) in WEEKDAY_DEMAND_PER_100 {
                    let quieter = weekend && quieter_at_weekends(skill);
                    // Swallow screening happens on early shifts only at weekends.
                    if weekend && skill == DYSPHAGIA && *period != Period::Early {
                        continue;
                    }
                    let expected = per_100[p] * scale * if quieter { 0.8 } else { 1.0 };
                    let required = self.people(expected).max(floor(skill, expected));
                    if required == 0 {
                        continue;
                    }
                    let night = if *period == Period::Night { 1.15 } else { 1.0 };
                    let weekend_rate = if weekend { 1.1 } else { 1.0 };
                    let cost = agency_cost(skill) * night * weekend_rate * unit.cost_factor;
                    demands.push(Demand {
                        site: unit.site.code.clone(),
                        day,
                        shift: unit.shifts[p].code.clone(),
                        skill: SkillCode::new(skill),
                        required,
                        cost_per_missing: cost.round().clamp(300.0, 600.0),
                        cost_per_extra: COST_PER_EXTRA,
                        hard_minimum: None,
                    });
                }
            }
        }
        demands
    }

    /// A whole number of people around `expected`: rounded at random in proportion to the
    /// fraction, so small units want a specialist on some shifts rather than on all or none;
    /// larger counts also vary by one from day to day.
    fn people(&mut self, expected: f64) -> i32 {
        let whole = expected.floor();
        let mut people = whole as i32 + i32::from(self.rng.random_bool(expected - whole));
        if expected >= 2.0 {
            people += self.rng.random_range(-1..=1);
        }
        people
    }
}

/// The fewest people a shift may be planned with: a ward always needs a nurse and an
/// assistant, and a unit big enough to want half a specialist per shift wants one on every
/// shift (thrombolysis and hyper-acute care run round the clock). Swallow screening can wait.
fn floor(skill: &str, expected: f64) -> i32 {
    let core = matches!(skill, STROKE_NURSE | HCA);
    i32::from(core || (expected >= 0.5 && skill != DYSPHAGIA))
}

/// A clock time from minutes after midnight.
fn clock(minute_of_day: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(minute_of_day / 60 % 24, minute_of_day % 60, 0).unwrap_or_default()
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Number of weekends the horizon touches (a Sunday on day 0 is a weekend of its own).
fn weekends(horizon: Horizon) -> u32 {
    (0..horizon.days)
        .filter_map(|day| horizon.start.checked_add_days(Days::new(u64::from(day))))
        .enumerate()
        .filter(|(day, date)| {
            date.weekday() == Weekday::Sat || (*day == 0 && date.weekday() == Weekday::Sun)
        })
        .count() as u32
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crossrota_domain::roster::{Roster, check, validate};

    #[test]
    fn the_same_seed_gives_the_same_model_and_another_seed_another() {
        let params = GeneratorParams::small();
        assert_eq!(generate(&params, 7), generate(&params, 7));
        assert_ne!(generate(&params, 7), generate(&params, 8));
    }

    #[test]
    fn generated_models_validate_for_many_seeds_and_sizes() {
        let sizes = [
            GeneratorParams::small(),
            GeneratorParams {
                trusts: 1,
                staff: 5,
                days: 3,
                ..GeneratorParams::small()
            },
            GeneratorParams {
                trusts: 10,
                staff: 50,
                days: 9,
                start: NaiveDate::from_ymd_opt(2025, 3, 9).unwrap_or_default(),
            },
        ];
        for params in sizes {
            for seed in 0..20 {
                let model = generate(&params, seed);
                assert_eq!(validate(&model), Ok(()), "{params:?} seed {seed}");
            }
        }
    }

    #[test]
    fn sizes_are_as_asked() {
        let params = GeneratorParams {
            trusts: 3,
            staff: 47,
            days: 10,
            ..GeneratorParams::small()
        };
        let model = generate(&params, 1);
        assert_eq!(model.sites.len(), 3);
        assert_eq!(model.shift_types.len(), 9);
        assert_eq!(model.staff.len(), 47);
        assert_eq!(model.horizon.days, 10);
        assert!(model.demands.iter().all(|d| d.day < 10));
        let codes: BTreeSet<_> = model.staff.iter().map(|s| &s.code).collect();
        assert_eq!(codes.len(), 47);
    }

    #[test]
    fn the_stroke_network_looks_like_the_brief() {
        let model = generate(&GeneratorParams::stroke_network(), 42);
        assert_eq!(validate(&model), Ok(()));
        assert_eq!(model.sites.len(), 6);
        assert_eq!(model.staff.len(), 600);
        assert_eq!(model.horizon.days, 28);
        assert_eq!(model.horizon.start.weekday(), Weekday::Mon);
        let skills: BTreeSet<&str> = model.demands.iter().map(|d| d.skill.as_str()).collect();
        assert_eq!(skills.len(), 5);
        // Every unit has a night shift that crosses midnight.
        for site in &model.sites {
            let nights = model
                .shift_types
                .iter()
                .filter(|s| s.site == site.code && s.crosses_midnight())
                .count();
            assert_eq!(nights, 1, "{}", site.code);
        }
        let staff = model.staff.len() as f64;
        let leave: usize = model.staff.iter().map(|s| s.unavailable_days.len()).sum();
        let leave_share = leave as f64 / (staff * 28.0);
        assert!((0.05..0.11).contains(&leave_share), "leave {leave_share}");
        let lapsing = model
            .staff
            .iter()
            .filter(|s| s.skills.iter().any(|g| g.eligible_until.is_some()))
            .count() as f64;
        assert!(
            (0.02..0.09).contains(&(lapsing / staff)),
            "lapsing {lapsing}"
        );
        let roaming = model.staff.iter().filter(|s| s.sites.len() > 1).count();
        assert!(roaming > 100 && roaming < 400, "roaming {roaming}");
        assert!(model.staff.iter().all(|s| s.sites.len() <= 3));
        let bank: Vec<_> = model
            .staff
            .iter()
            .filter(|s| s.code.as_str().contains("-B"))
            .collect();
        let bank_pay = bank.iter().map(|s| s.cost_per_hour).sum::<f64>() / bank.len() as f64;
        let others = model
            .staff
            .iter()
            .filter(|s| !s.code.as_str().contains("-B"));
        let other_pay =
            others.clone().map(|s| s.cost_per_hour).sum::<f64>() / (staff - bank.len() as f64);
        assert!(bank_pay > other_pay * 1.2, "bank {bank_pay} vs {other_pay}");
        assert!(
            model
                .demands
                .iter()
                .all(|d| (300.0..=600.0).contains(&d.cost_per_missing))
        );
        assert!(
            model
                .staff
                .iter()
                .any(|s| s.history.consecutive_days_worked > 0)
        );
        assert!(model.staff.iter().any(|s| !s.requests.is_empty()));
    }

    #[test]
    fn weekends_are_quieter_for_ward_work() {
        let model = generate(&GeneratorParams::stroke_network(), 3);
        let wanted = |day: u32, skill: &str| -> i32 {
            model
                .demands
                .iter()
                .filter(|d| d.day == day && d.skill.as_str() == skill)
                .map(|d| d.required)
                .sum()
        };
        // Day 0 is a Monday, day 5 a Saturday.
        assert!(wanted(5, HCA) < wanted(0, HCA));
        assert!(wanted(5, DYSPHAGIA) < wanted(0, DYSPHAGIA));
    }

    #[test]
    fn the_empty_roster_breaks_no_hard_rule() {
        for seed in 0..5 {
            let model = generate(&GeneratorParams::small(), seed);
            let report = check(&model, &Roster::default());
            assert_eq!(report.violations, vec![], "seed {seed}");
            assert!(report.objective.uncovered > 0.0);
        }
    }
}
