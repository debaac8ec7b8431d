//! Small hand-made roster models that several crates' tests share, and the Curtois & Qu
//! instances shipped in `data/curtois`.

use chrono::{NaiveDate, NaiveTime};
use crossrota_domain::ids::OrgId;
use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_domain::roster::{
    Assignment, Demand, FairnessTargets, Horizon, ObjectiveWeights, RosterModel, RosterStaff,
    ShiftCode, ShiftType, Site, SiteCode, SkillCode, SkillGrant, StaffCode, WorkRules,
};

/// Monday 2026-11-23, the first day of [`one_ward_week`].
pub fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// A registered nurse `code` at ward W who may work any day, at 10 an hour, with no working
/// rules, targets of 16 hours and one weekend.
pub fn ward_nurse(code: &str) -> RosterStaff {
    RosterStaff {
        code: StaffCode::from(code),
        home_org: OrgId(1),
        sites: vec![SiteCode::from("W")],
        skills: vec![SkillGrant::always(SkillCode::from("RN"))],
        unavailable_days: vec![],
        requests: vec![],
        pinned: vec![],
        cost_per_hour: 10.0,
        rules: WorkRules::default(),
        history: Default::default(),
        targets: FairnessTargets {
            minutes: Some(960),
            weekends: Some(1),
        },
    }
}

/// One RN wanted on the early shift E at ward W on `day`, 500 per person missing, 5 per extra.
pub fn early_demand(day: u32, required: i32) -> Demand {
    Demand {
        site: SiteCode::from("W"),
        day,
        shift: ShiftCode::from("E"),
        skill: SkillCode::from("RN"),
        required,
        cost_per_missing: 500.0,
        cost_per_extra: 5.0,
        hard_minimum: None,
    }
}

/// One ward W of trust 1, an 8-hour early shift E at 07:00 wanting one RN every day for a week
/// from [`monday`], and two nurses A and B ([`ward_nurse`]).
pub fn one_ward_week() -> RosterModel {
    RosterModel {
        horizon: Horizon {
            start: monday(),
            days: 7,
        },
        sites: vec![Site {
            code: SiteCode::from("W"),
            org: OrgId(1),
            name: "Ward".into(),
        }],
        shift_types: vec![ShiftType {
            code: ShiftCode::from("E"),
            site: SiteCode::from("W"),
            start: NaiveTime::from_hms_opt(7, 0, 0).expect("a valid time"),
            minutes: 480,
        }],
        demands: (0..7).map(|day| early_demand(day, 1)).collect(),
        staff: vec![ward_nurse("A"), ward_nurse("B")],
        weights: ObjectiveWeights::default(),
    }
}

/// `staff` on the early shift E at ward W as an RN on `day`.
pub fn on(staff: &str, day: u32) -> Assignment {
    Assignment {
        staff: StaffCode::from(staff),
        day,
        site: SiteCode::from("W"),
        shift: ShiftCode::from("E"),
        skill: SkillCode::from("RN"),
    }
}

/// The text of a Curtois & Qu instance shipped in `data/curtois` (`name` like "Instance2").
///
/// # Panics
/// When the instance is not shipped: a test that names a missing file is wrong.
pub fn curtois_text(name: &str) -> String {
    let path = format!(
        "{}/../../data/curtois/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// A shipped Curtois & Qu instance, parsed.
///
/// # Panics
/// When the instance is not shipped or does not parse.
pub fn curtois(name: &str) -> RosterModel {
    parse_curtois(&curtois_text(name)).unwrap_or_else(|e| panic!("{name} does not parse: {e}"))
}

/// A shift type `code` at ward W starting at `hour`:00 and lasting `minutes`.
pub fn ward_shift(code: &str, hour: u32, minutes: u32) -> ShiftType {
    ShiftType {
        code: ShiftCode::from(code),
        site: SiteCode::from("W"),
        start: NaiveTime::from_hms_opt(hour, 0, 0).expect("a valid time"),
        minutes,
    }
}

/// An RN `code` at ward W with no working rules, no pay and no targets: only what a test adds.
pub fn bare_nurse(code: &str) -> RosterStaff {
    RosterStaff {
        cost_per_hour: 0.0,
        rules: WorkRules::none(),
        targets: FairnessTargets::default(),
        ..ward_nurse(code)
    }
}

/// Ward W of trust 1 for `days` days from [`monday`]: the given shifts, `required` RNs on
/// every shift of every day (100 per person missing, 1 per extra), and the given people.
pub fn ward(
    days: u32,
    shifts: Vec<ShiftType>,
    required: i32,
    staff: Vec<RosterStaff>,
) -> RosterModel {
    let demands = (0..days)
        .flat_map(|day| {
            shifts.iter().map(move |s| Demand {
                site: SiteCode::from("W"),
                day,
                shift: s.code.clone(),
                skill: SkillCode::from("RN"),
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
            code: SiteCode::from("W"),
            org: OrgId(1),
            name: "Ward".into(),
        }],
        shift_types: shifts,
        demands,
        staff,
        weights: ObjectiveWeights::default(),
    }
}

/// Best-known objectives of Curtois & Qu instances, from every `best_known.csv` (columns
/// `instance,best_known,...`) in `dirs`; a later directory's value wins.
pub fn read_best_known(dirs: &[std::path::PathBuf]) -> std::collections::BTreeMap<String, f64> {
    let mut best = std::collections::BTreeMap::new();
    for dir in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join("best_known.csv")) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let mut fields = line.split(',');
            if let (Some(name), Some(value)) = (fields.next(), fields.next())
                && let Ok(value) = value.trim().parse::<f64>()
            {
                best.insert(name.trim().to_owned(), value);
            }
        }
    }
    best
}
