//! Importer for the Curtois & Qu employee scheduling benchmark text format.
//!
//! The benchmark (schedulingbenchmarks.org) is how nurse rostering solvers are compared, so
//! importing it lets the roster engine be measured against published best-known values. The
//! format and problem are described in `shared/benchdata/curtois/README.md`. The mapping:
//!
//! * one site ([`CURTOIS_SITE`]) and one skill ([`CURTOIS_SKILL`]); day 0 is a Monday;
//! * shifts start at 00:00, because the format has no clock times; "cannot follow" lists become
//!   forbidden successions, and no minimum-rest or weekly-rest rule is added;
//! * weights become request weights and per-person cover costs, all objective multipliers are 1
//!   except pay and fairness, which are 0; no history is carried in.
//!
//! With that mapping the checker's objective is exactly the benchmark's objective.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};

use crate::ids::OrgId;
use crate::roster::codes::{ShiftCode, SiteCode, SkillCode, StaffCode};
use crate::roster::model::{
    Demand, Horizon, ObjectiveWeights, RequestKind, RosterModel, RosterStaff, ShiftRequest,
    ShiftType, Site, SkillGrant, Succession, WorkRules,
};

/// The single site of an imported instance.
pub const CURTOIS_SITE: &str = "ward";
/// The single skill of an imported instance.
pub const CURTOIS_SKILL: &str = "nurse";

/// A line of the file that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CurtoisError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// The Monday used as day 0 of every imported instance (the format has no dates).
pub fn curtois_start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Horizon,
    Shifts,
    Staff,
    DaysOff,
    OnRequests,
    OffRequests,
    Cover,
}

impl Section {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "SECTION_HORIZON" => Self::Horizon,
            "SECTION_SHIFTS" => Self::Shifts,
            "SECTION_STAFF" => Self::Staff,
            "SECTION_DAYS_OFF" => Self::DaysOff,
            "SECTION_SHIFT_ON_REQUESTS" => Self::OnRequests,
            "SECTION_SHIFT_OFF_REQUESTS" => Self::OffRequests,
            "SECTION_COVER" => Self::Cover,
            _ => return None,
        })
    }
}

/// A shift line, kept until all shifts are known so "cannot follow" lists can be resolved.
struct ShiftLine {
    line: usize,
    code: ShiftCode,
    minutes: u32,
    cannot_follow: Vec<ShiftCode>,
}

/// Reads an instance into a roster model.
pub fn parse_curtois(text: &str) -> Result<RosterModel, CurtoisError> {
    let mut parser = Parser::default();
    let mut section = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with("SECTION_") {
            section = Some(Section::parse(content).ok_or_else(|| CurtoisError {
                line,
                message: format!("unknown section {content}"),
            })?);
            continue;
        }
        let fields: Vec<&str> = content.split(',').map(str::trim).collect();
        let at = |message: String| CurtoisError { line, message };
        match section {
            None => return Err(at("data before any SECTION_ header".into())),
            Some(Section::Horizon) => parser.horizon(&fields).map_err(at)?,
            Some(Section::Shifts) => parser.shift(line, &fields).map_err(at)?,
            Some(Section::Staff) => parser.staff(&fields).map_err(at)?,
            Some(Section::DaysOff) => parser.days_off(&fields).map_err(at)?,
            Some(Section::OnRequests) => parser.request(RequestKind::On, &fields).map_err(at)?,
            Some(Section::OffRequests) => parser.request(RequestKind::Off, &fields).map_err(at)?,
            Some(Section::Cover) => parser.cover(&fields).map_err(at)?,
        }
    }
    parser.finish()
}

#[derive(Default)]
struct Parser {
    days: Option<u32>,
    shifts: Vec<ShiftLine>,
    staff: Vec<RosterStaff>,
    demands: Vec<Demand>,
}

fn number(field: &str, what: &str) -> Result<u32, String> {
    field
        .parse::<u32>()
        .map_err(|_| format!("{what} {field:?} is not a whole number"))
}

fn expect_fields(fields: &[&str], count: usize, layout: &str) -> Result<(), String> {
    if fields.len() == count {
        Ok(())
    } else {
        Err(format!(
            "expected {count} fields ({layout}), found {}",
            fields.len()
        ))
    }
}

impl Parser {
    fn horizon(&mut self, fields: &[&str]) -> Result<(), String> {
        expect_fields(fields, 1, "number of days")?;
        if self.days.is_some() {
            return Err("horizon given twice".into());
        }
        let days = number(fields[0], "horizon")?;
        if days == 0 {
            return Err("horizon must be at least one day".into());
        }
        self.days = Some(days);
        Ok(())
    }

    fn day(&self, field: &str) -> Result<u32, String> {
        let days = self
            .days
            .ok_or("SECTION_HORIZON must come before days are used")?;
        let day = number(field, "day")?;
        if day >= days {
            return Err(format!("day {day} is outside the horizon of {days} days"));
        }
        Ok(day)
    }

    fn shift(&mut self, line: usize, fields: &[&str]) -> Result<(), String> {
        if fields.len() != 2 && fields.len() != 3 {
            return Err(format!(
                "expected 3 fields (id, minutes, cannot follow), found {}",
                fields.len()
            ));
        }
        let code = ShiftCode::new(fields[0]);
        if code.as_str().is_empty() {
            return Err("empty shift id".into());
        }
        if self.shifts.iter().any(|s| s.code == code) {
            return Err(format!("shift {code} defined twice"));
        }
        let minutes = number(fields[1], "shift length")?;
        let cannot_follow = fields
            .get(2)
            .map(|list| {
                list.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(ShiftCode::new)
                    .collect()
            })
            .unwrap_or_default();
        self.shifts.push(ShiftLine {
            line,
            code,
            minutes,
            cannot_follow,
        });
        Ok(())
    }

    fn known_shift(&self, field: &str) -> Result<ShiftCode, String> {
        self.shifts
            .iter()
            .find(|s| s.code.as_str() == field)
            .map(|s| s.code.clone())
            .ok_or_else(|| format!("unknown shift {field}"))
    }

    fn staff_index(&self, field: &str) -> Result<usize, String> {
        self.staff
            .iter()
            .position(|s| s.code.as_str() == field)
            .ok_or_else(|| format!("unknown employee {field}"))
    }

    fn staff(&mut self, fields: &[&str]) -> Result<(), String> {
        expect_fields(
            fields,
            8,
            "id, max shifts, max minutes, min minutes, max consecutive, min consecutive, \
             min days off, max weekends",
        )?;
        let code = StaffCode::new(fields[0]);
        if self.staff.iter().any(|s| s.code == code) {
            return Err(format!("employee {code} defined twice"));
        }
        let mut max_shifts_per_type = BTreeMap::new();
        for item in fields[1].split('|').filter(|s| !s.trim().is_empty()) {
            let (shift, max) = item
                .split_once('=')
                .ok_or_else(|| format!("max shifts entry {item:?} is not SHIFT=MAX"))?;
            let shift = self.known_shift(shift.trim())?;
            max_shifts_per_type.insert(shift, number(max.trim(), "max shifts")?);
        }
        let forbidden_successions = self
            .shifts
            .iter()
            .flat_map(|s| {
                s.cannot_follow.iter().map(|next| Succession {
                    first: s.code.clone(),
                    next: next.clone(),
                })
            })
            .collect();
        let rules = WorkRules {
            max_shifts_per_type,
            max_total_minutes: Some(number(fields[2], "max total minutes")?),
            min_total_minutes: Some(number(fields[3], "min total minutes")?),
            max_consecutive_days: Some(number(fields[4], "max consecutive shifts")?),
            min_consecutive_days: Some(number(fields[5], "min consecutive shifts")?),
            min_consecutive_days_off: Some(number(fields[6], "min consecutive days off")?),
            max_weekends: Some(number(fields[7], "max weekends")?),
            forbidden_successions,
            ..WorkRules::none()
        };
        self.staff.push(RosterStaff {
            code,
            home_org: OrgId(0),
            sites: vec![SiteCode::new(CURTOIS_SITE)],
            skills: vec![SkillGrant::always(SkillCode::new(CURTOIS_SKILL))],
            unavailable_days: Vec::new(),
            requests: Vec::new(),
            pinned: Vec::new(),
            cost_per_hour: 0.0,
            rules,
            history: Default::default(),
            targets: Default::default(),
        });
        Ok(())
    }

    fn days_off(&mut self, fields: &[&str]) -> Result<(), String> {
        let index = self.staff_index(fields[0])?;
        for field in fields[1..].iter().filter(|f| !f.is_empty()) {
            let day = self.day(field)?;
            self.staff[index].unavailable_days.push(day);
        }
        Ok(())
    }

    fn request(&mut self, kind: RequestKind, fields: &[&str]) -> Result<(), String> {
        expect_fields(fields, 4, "employee, day, shift, weight")?;
        let index = self.staff_index(fields[0])?;
        let day = self.day(fields[1])?;
        let shift = self.known_shift(fields[2])?;
        let weight = number(fields[3], "weight")?;
        self.staff[index].requests.push(ShiftRequest {
            day,
            shift: Some(shift),
            kind,
            weight: f64::from(weight),
        });
        Ok(())
    }

    fn cover(&mut self, fields: &[&str]) -> Result<(), String> {
        expect_fields(
            fields,
            5,
            "day, shift, requirement, weight for under, weight for over",
        )?;
        let day = self.day(fields[0])?;
        let shift = self.known_shift(fields[1])?;
        let required = number(fields[2], "requirement")?;
        let required =
            i32::try_from(required).map_err(|_| format!("requirement {required} is too large"))?;
        let under = number(fields[3], "weight for under")?;
        let over = number(fields[4], "weight for over")?;
        if self
            .demands
            .iter()
            .any(|d| d.day == day && d.shift == shift)
        {
            return Err(format!("second cover line for {shift} on day {day}"));
        }
        self.demands.push(Demand {
            site: SiteCode::new(CURTOIS_SITE),
            day,
            shift,
            skill: SkillCode::new(CURTOIS_SKILL),
            required,
            cost_per_missing: f64::from(under),
            cost_per_extra: f64::from(over),
            hard_minimum: None,
        });
        Ok(())
    }

    fn finish(self) -> Result<RosterModel, CurtoisError> {
        let Some(days) = self.days else {
            return Err(CurtoisError {
                line: 0,
                message: "no SECTION_HORIZON".into(),
            });
        };
        for shift in &self.shifts {
            if let Some(unknown) = shift
                .cannot_follow
                .iter()
                .find(|next| !self.shifts.iter().any(|s| &s.code == *next))
            {
                return Err(CurtoisError {
                    line: shift.line,
                    message: format!(
                        "shift {} cannot be followed by unknown shift {unknown}",
                        shift.code
                    ),
                });
            }
        }
        let shift_types = self
            .shifts
            .iter()
            .map(|s| ShiftType {
                code: s.code.clone(),
                site: SiteCode::new(CURTOIS_SITE),
                start: NaiveTime::MIN,
                minutes: s.minutes,
            })
            .collect();
        Ok(RosterModel {
            horizon: Horizon {
                start: curtois_start_date(),
                days,
            },
            sites: vec![Site {
                code: SiteCode::new(CURTOIS_SITE),
                org: OrgId(0),
                name: "Curtois benchmark ward".into(),
            }],
            shift_types,
            demands: self.demands,
            staff: self.staff,
            weights: ObjectiveWeights {
                pay: 0.0,
                ..ObjectiveWeights::default()
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::validation::validate;

    const INSTANCE1: &str = include_str!("../../../../data/curtois/Instance1.txt");
    const INSTANCE3: &str = include_str!("../../../../data/curtois/Instance3.txt");

    #[test]
    fn instance1_imports_with_every_section() {
        let model = parse_curtois(INSTANCE1).expect("Instance1 parses");
        assert_eq!(model.horizon.days, 14);
        assert_eq!(model.horizon.start.format("%a").to_string(), "Mon");
        assert_eq!(model.shift_types.len(), 1);
        assert_eq!(model.staff.len(), 8);
        assert_eq!(model.demands.len(), 14);
        let a = &model.staff[0];
        assert_eq!(a.code.as_str(), "A");
        assert_eq!(a.unavailable_days, vec![0]);
        assert_eq!(a.rules.max_total_minutes, Some(4320));
        assert_eq!(a.rules.min_total_minutes, Some(3360));
        assert_eq!(a.rules.max_consecutive_days, Some(5));
        assert_eq!(a.rules.min_consecutive_days, Some(2));
        assert_eq!(a.rules.min_consecutive_days_off, Some(2));
        assert_eq!(a.rules.max_weekends, Some(1));
        assert_eq!(a.rules.min_rest_minutes, None);
        assert_eq!(a.rules.weekly_rest_minutes, None);
        assert_eq!(a.requests.len(), 2);
        let c = &model.staff[2];
        assert_eq!(
            c.requests
                .iter()
                .filter(|r| r.kind == RequestKind::Off)
                .count(),
            2
        );
        assert_eq!(model.demands[1].required, 7);
        assert_eq!(model.demands[1].cost_per_missing, 100.0);
        assert_eq!(model.demands[1].cost_per_extra, 1.0);
        assert_eq!(validate(&model), Ok(()));
    }

    #[test]
    fn instance3_maps_cannot_follow_to_successions() {
        let model = parse_curtois(INSTANCE3).expect("Instance3 parses");
        let rules = &model.staff[0].rules;
        let pairs: Vec<(&str, &str)> = rules
            .forbidden_successions
            .iter()
            .map(|s| (s.first.as_str(), s.next.as_str()))
            .collect();
        assert_eq!(pairs, vec![("D", "E"), ("L", "E"), ("L", "D")]);
        assert_eq!(
            rules.max_shifts_per_type.get(&ShiftCode::new("L")),
            Some(&0)
        );
        assert_eq!(validate(&model), Ok(()));
    }

    #[test]
    fn errors_name_the_line() {
        let text = "SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_COVER\n0,D,5,100,1\n14,D,5,100,1\n";
        let error = parse_curtois(text).expect_err("day 14 is outside a 14-day horizon");
        assert_eq!(error.line, 9);
        assert!(error.message.contains("outside the horizon"), "{error}");

        let error = parse_curtois("SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,X\n")
            .expect_err("X is unknown");
        assert_eq!(error.line, 4);

        let error = parse_curtois("SECTION_HORIZON\n7\nSECTION_STAFF\nA,D=1,1,1\n")
            .expect_err("too few staff fields");
        assert_eq!(error.line, 4);

        let error = parse_curtois("14\n").expect_err("no section");
        assert_eq!(error.line, 1);

        let error =
            parse_curtois("SECTION_HORIZON\n7\nSECTION_WHATEVER\n").expect_err("bad section");
        assert_eq!(error.line, 3);
    }

    #[test]
    fn crlf_line_endings_are_accepted() {
        let text = INSTANCE1.replace("\r\n", "\n").replace('\n', "\r\n");
        assert_eq!(parse_curtois(&text), parse_curtois(INSTANCE1));
    }
}
