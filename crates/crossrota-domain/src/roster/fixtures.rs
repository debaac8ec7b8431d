//! Small hand-made models shared by the roster tests.

use chrono::{NaiveDate, NaiveTime};

use crate::ids::OrgId;
use crate::roster::codes::{ShiftCode, SiteCode, SkillCode, StaffCode};
use crate::roster::model::{
    Assignment, CarriedHistory, Demand, FairnessTargets, Horizon, ObjectiveWeights, RosterModel,
    RosterStaff, ShiftType, Site, SkillGrant, WorkRules,
};

/// 2024-01-01 is a Monday, so days 5, 6 and 12, 13 are weekends.
pub(crate) fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date")
}

pub(crate) fn shift(code: &str, site: &str, hour: u32, minute: u32, minutes: u32) -> ShiftType {
    ShiftType {
        code: ShiftCode::new(code),
        site: SiteCode::new(site),
        start: NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"),
        minutes,
    }
}

pub(crate) fn person(code: &str) -> RosterStaff {
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

/// Site W with shifts E 07:00–15:00, M 10:00–18:00, L 14:00–23:00 and N 20:00–08:00; site V
/// with shift X. Every shift wants one RN every day at cost 100 missing, 1 extra.
pub(crate) fn model(days: u32) -> RosterModel {
    let shift_types = vec![
        shift("E", "W", 7, 0, 480),
        shift("M", "W", 10, 0, 480),
        shift("L", "W", 14, 0, 540),
        shift("N", "W", 20, 0, 720),
        shift("X", "V", 9, 0, 480),
    ];
    let demands = (0..days)
        .flat_map(|day| {
            shift_types.iter().map(move |s| Demand {
                site: s.site.clone(),
                day,
                shift: s.code.clone(),
                skill: SkillCode::new("RN"),
                required: 1,
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
        sites: vec![
            Site {
                code: SiteCode::new("W"),
                org: OrgId(1),
                name: "Ward".into(),
            },
            Site {
                code: SiteCode::new("V"),
                org: OrgId(2),
                name: "Other trust".into(),
            },
        ],
        shift_types,
        demands,
        staff: vec![person("A")],
        weights: ObjectiveWeights::default(),
    }
}

pub(crate) fn on(staff: &str, day: u32, shift: &str) -> Assignment {
    let site = if shift == "X" { "V" } else { "W" };
    Assignment {
        staff: StaffCode::new(staff),
        day,
        site: SiteCode::new(site),
        shift: ShiftCode::new(shift),
        skill: SkillCode::new("RN"),
    }
}
