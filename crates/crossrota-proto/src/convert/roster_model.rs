//! The roster model on the wire and in the domain, both ways.
//!
//! Reading checks shapes only and names every bad field with its wire path
//! (`model.staff[3].rules.max_consecutive_days`, `model.shift_types[0].start`): codes present,
//! counts not negative, numbers finite and not negative, dates and clock times well formed,
//! enums known. Whether the items fit together (references resolve, a minimum is below its
//! maximum, pins are workable) is [`crossrota_domain::roster::validate`]'s job, which the
//! service runs next.

use std::collections::BTreeMap;

use chrono::NaiveTime;
use crossrota_domain::FieldErrors;
use crossrota_domain::ids::OrgId;
use crossrota_domain::roster::model::{
    DEFAULT_MIN_REST_MINUTES, DEFAULT_WEEKLY_REST_MINUTES, MINUTES_PER_DAY,
};
use crossrota_domain::roster::{
    CarriedHistory, Demand, FairnessTargets, Horizon, ObjectiveWeights, Pin, RequestKind,
    RosterModel, RosterStaff, ShiftCode, ShiftRequest, ShiftType, Site, SiteCode, SkillCode,
    SkillGrant, StaffCode, Succession, WorkRules,
};

use crate::convert::dates::{date_text, optional_date_text, parse_date, required_date};
use crate::convert::fields::{collect, non_negative, required_message, saturating_i32};
use crate::convert::ids::optional_id;
use crate::crossrota::v1 as pb;

/// Longest code accepted for a staff member, site, shift type or skill.
pub const MAX_CODE_LEN: usize = 100;

/// Reads a required `model` field rooted at `path`.
pub fn roster_model(
    path: &str,
    model: Option<pb::RosterModel>,
) -> Result<RosterModel, FieldErrors> {
    let model = required_message(path, model)?;
    let mut errs = FieldErrors::new();
    let horizon = collect(
        &mut errs,
        horizon(&format!("{path}.horizon"), model.horizon),
    );
    let sites = each(&mut errs, &format!("{path}.sites"), model.sites, site);
    let shift_types = each(
        &mut errs,
        &format!("{path}.shift_types"),
        model.shift_types,
        shift_type,
    );
    let demands = each(
        &mut errs,
        &format!("{path}.demands"),
        model.demands,
        |p, d| demand(&p, d),
    );
    let staff = each(&mut errs, &format!("{path}.staff"), model.staff, staff);
    let weights = collect(
        &mut errs,
        weights(&format!("{path}.weights"), model.weights),
    );
    match (horizon, weights) {
        (Some(horizon), Some(weights)) if errs.is_empty() => Ok(RosterModel {
            horizon,
            sites,
            shift_types,
            demands,
            staff,
            weights,
        }),
        _ => Err(errs),
    }
}

/// Reads a list element by element, naming bad elements `path[i]`; the good ones are kept so
/// that every error of the list is reported at once.
pub(crate) fn each<P, T>(
    errs: &mut FieldErrors,
    path: &str,
    items: Vec<P>,
    read: impl Fn(String, P) -> Result<T, FieldErrors>,
) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| collect(errs, read(format!("{path}[{i}]"), item)))
        .collect()
}

/// A required code: not blank, at most [`MAX_CODE_LEN`] characters.
pub(crate) fn item_code<T>(
    path: &str,
    text: String,
    wrap: fn(String) -> T,
) -> Result<T, FieldErrors> {
    if text.trim().is_empty() {
        Err(FieldErrors::single(path, "required"))
    } else if text.chars().count() > MAX_CODE_LEN {
        Err(FieldErrors::single(
            path,
            format!("at most {MAX_CODE_LEN} characters"),
        ))
    } else {
        Ok(wrap(text))
    }
}

/// An optional code: empty is `None`.
fn optional_code<T>(
    path: &str,
    text: String,
    wrap: fn(String) -> T,
) -> Result<Option<T>, FieldErrors> {
    if text.is_empty() {
        Ok(None)
    } else {
        item_code(path, text, wrap).map(Some)
    }
}

/// An organisation id inside a model: informational (benchmark imports use 0), so only a
/// negative id is refused.
fn org_id(path: &str, raw: i64) -> Result<OrgId, FieldErrors> {
    optional_id(path, raw).map(|id| OrgId(id.unwrap_or(0)))
}

/// A cost or weight: finite and not negative.
pub(crate) fn amount(path: &str, value: f64) -> Result<f64, FieldErrors> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(FieldErrors::single(
            path,
            "must be a finite number, 0 or more",
        ))
    }
}

/// An optional non-negative count.
fn optional_count(path: &str, raw: Option<i32>) -> Result<Option<u32>, FieldErrors> {
    raw.map(|n| non_negative(path, n)).transpose()
}

/// A clock time `HH:MM`, exactly five characters.
pub fn clock_time(path: &str, text: &str) -> Result<NaiveTime, FieldErrors> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 5
        && bytes[2] == b':'
        && [0, 1, 3, 4].iter().all(|&i| bytes[i].is_ascii_digit());
    if text.is_empty() {
        return Err(FieldErrors::single(path, "required"));
    }
    if !shaped {
        return Err(FieldErrors::single(path, "not a time (expected HH:MM)"));
    }
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| FieldErrors::single(path, "not a time (no such time of day)"))
}

/// A clock time as `HH:MM`.
pub fn clock_text(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

pub(crate) fn horizon(path: &str, h: Option<pb::RosterHorizon>) -> Result<Horizon, FieldErrors> {
    let h = required_message(path, h)?;
    let mut errs = FieldErrors::new();
    let start = collect(&mut errs, required_date(&format!("{path}.start"), &h.start));
    let days = collect(&mut errs, non_negative(&format!("{path}.days"), h.days));
    match (start, days) {
        (Some(start), Some(days)) => Ok(Horizon { start, days }),
        _ => Err(errs),
    }
}

pub(crate) fn site(path: String, s: pb::RosterSite) -> Result<Site, FieldErrors> {
    let mut errs = FieldErrors::new();
    let code = collect(
        &mut errs,
        item_code(&format!("{path}.code"), s.code, SiteCode),
    );
    let org = collect(&mut errs, org_id(&format!("{path}.org_id"), s.org_id));
    match (code, org) {
        (Some(code), Some(org)) => Ok(Site {
            code,
            org,
            name: s.name,
        }),
        _ => Err(errs),
    }
}

pub(crate) fn shift_type(path: String, s: pb::RosterShiftType) -> Result<ShiftType, FieldErrors> {
    let mut errs = FieldErrors::new();
    let code = collect(
        &mut errs,
        item_code(&format!("{path}.code"), s.code, ShiftCode),
    );
    let site = collect(
        &mut errs,
        item_code(&format!("{path}.site"), s.site, SiteCode),
    );
    let start = collect(&mut errs, clock_time(&format!("{path}.start"), &s.start));
    let minutes = collect(
        &mut errs,
        shift_minutes(&format!("{path}.minutes"), s.minutes),
    );
    match (code, site, start, minutes) {
        (Some(code), Some(site), Some(start), Some(minutes)) => Ok(ShiftType {
            code,
            site,
            start,
            minutes,
        }),
        _ => Err(errs),
    }
}

fn shift_minutes(path: &str, raw: i32) -> Result<u32, FieldErrors> {
    match u32::try_from(raw) {
        Ok(m) if (1..=MINUTES_PER_DAY).contains(&m) => Ok(m),
        _ => Err(FieldErrors::single(path, "must be 1 to 1440")),
    }
}

/// Reads one demand line rooted at `path` (also used for a replan's extra demand).
pub fn demand(path: &str, d: pb::RosterDemand) -> Result<Demand, FieldErrors> {
    demand_naming(path, d, "skill")
}

/// [`demand`], with the skill read from the field `skill_field` of the request (a stored
/// problem's demand names a requirement profile in `profile`).
pub(crate) fn demand_naming(
    path: &str,
    d: pb::RosterDemand,
    skill_field: &str,
) -> Result<Demand, FieldErrors> {
    let mut errs = FieldErrors::new();
    let site = collect(
        &mut errs,
        item_code(&format!("{path}.site"), d.site, SiteCode),
    );
    let day = collect(&mut errs, non_negative(&format!("{path}.day"), d.day));
    let shift = collect(
        &mut errs,
        item_code(&format!("{path}.shift"), d.shift, ShiftCode),
    );
    let skill = collect(
        &mut errs,
        item_code(&format!("{path}.{skill_field}"), d.skill, SkillCode),
    );
    let required = collect(
        &mut errs,
        non_negative(&format!("{path}.required"), d.required),
    );
    let missing = collect(
        &mut errs,
        amount(&format!("{path}.cost_per_missing"), d.cost_per_missing),
    );
    let extra = collect(
        &mut errs,
        amount(&format!("{path}.cost_per_extra"), d.cost_per_extra),
    );
    let hard = collect(
        &mut errs,
        optional_count(&format!("{path}.hard_minimum"), d.hard_minimum),
    );
    match (site, day, shift, skill, required, missing, extra, hard) {
        (
            Some(site),
            Some(day),
            Some(shift),
            Some(skill),
            Some(_),
            Some(cost_per_missing),
            Some(cost_per_extra),
            Some(_),
        ) if errs.is_empty() => Ok(Demand {
            site,
            day,
            shift,
            skill,
            required: d.required,
            cost_per_missing,
            cost_per_extra,
            hard_minimum: d.hard_minimum,
        }),
        _ => Err(errs),
    }
}

fn staff(path: String, s: pb::RosterStaff) -> Result<RosterStaff, FieldErrors> {
    let mut errs = FieldErrors::new();
    let code = collect(
        &mut errs,
        item_code(&format!("{path}.code"), s.code, StaffCode),
    );
    let home_org = collect(
        &mut errs,
        org_id(&format!("{path}.home_org_id"), s.home_org_id),
    );
    let sites = each(&mut errs, &format!("{path}.sites"), s.sites, |p, c| {
        item_code(&p, c, SiteCode)
    });
    let skills = each(&mut errs, &format!("{path}.skills"), s.skills, skill_grant);
    let unavailable_days = each(
        &mut errs,
        &format!("{path}.unavailable_days"),
        s.unavailable_days,
        |p, d| non_negative(&p, d),
    );
    let requests = each(&mut errs, &format!("{path}.requests"), s.requests, request);
    let pinned = each(&mut errs, &format!("{path}.pinned"), s.pinned, pin);
    let cost_per_hour = collect(
        &mut errs,
        amount(&format!("{path}.cost_per_hour"), s.cost_per_hour),
    );
    let rules = collect(&mut errs, work_rules(&format!("{path}.rules"), s.rules));
    let history = collect(&mut errs, history(&format!("{path}.history"), s.history));
    let targets = collect(&mut errs, targets(&format!("{path}.targets"), s.targets));
    match (code, home_org, cost_per_hour, rules, history, targets) {
        (
            Some(code),
            Some(home_org),
            Some(cost_per_hour),
            Some(rules),
            Some(history),
            Some(targets),
        ) if errs.is_empty() => Ok(RosterStaff {
            code,
            home_org,
            sites,
            skills,
            unavailable_days,
            requests,
            pinned,
            cost_per_hour,
            rules,
            history,
            targets,
        }),
        _ => Err(errs),
    }
}

fn skill_grant(path: String, g: pb::RosterSkillGrant) -> Result<SkillGrant, FieldErrors> {
    let mut errs = FieldErrors::new();
    let skill = collect(
        &mut errs,
        item_code(&format!("{path}.skill"), g.skill, SkillCode),
    );
    let from = collect(
        &mut errs,
        parse_date(&format!("{path}.eligible_from"), &g.eligible_from),
    );
    let until = collect(
        &mut errs,
        parse_date(&format!("{path}.eligible_until"), &g.eligible_until),
    );
    match (skill, from, until) {
        (Some(skill), Some(eligible_from), Some(eligible_until)) => Ok(SkillGrant {
            skill,
            eligible_from,
            eligible_until,
        }),
        _ => Err(errs),
    }
}

pub(crate) fn request(
    path: String,
    r: pb::RosterShiftRequest,
) -> Result<ShiftRequest, FieldErrors> {
    let mut errs = FieldErrors::new();
    let day = collect(&mut errs, non_negative(&format!("{path}.day"), r.day));
    let shift = collect(
        &mut errs,
        optional_code(&format!("{path}.shift"), r.shift, ShiftCode),
    );
    let kind = collect(&mut errs, request_kind(&format!("{path}.kind"), r.kind));
    let weight = collect(&mut errs, amount(&format!("{path}.weight"), r.weight));
    match (day, shift, kind, weight) {
        (Some(day), Some(shift), Some(kind), Some(weight)) => Ok(ShiftRequest {
            day,
            shift,
            kind,
            weight,
        }),
        _ => Err(errs),
    }
}

fn request_kind(path: &str, raw: i32) -> Result<RequestKind, FieldErrors> {
    match pb::RosterRequestKind::try_from(raw) {
        Ok(pb::RosterRequestKind::On) => Ok(RequestKind::On),
        Ok(pb::RosterRequestKind::Off) => Ok(RequestKind::Off),
        Ok(pb::RosterRequestKind::Unspecified) => Err(FieldErrors::single(path, "required")),
        Err(_) => Err(FieldErrors::single(path, format!("unknown value {raw}"))),
    }
}

fn pin(path: String, p: pb::RosterPin) -> Result<Pin, FieldErrors> {
    pin_naming(path, p, "skill")
}

/// [`pin`], with the skill read from the field `skill_field` of the request.
pub(crate) fn pin_naming(
    path: String,
    p: pb::RosterPin,
    skill_field: &str,
) -> Result<Pin, FieldErrors> {
    let mut errs = FieldErrors::new();
    let day = collect(&mut errs, non_negative(&format!("{path}.day"), p.day));
    let shift = collect(
        &mut errs,
        item_code(&format!("{path}.shift"), p.shift, ShiftCode),
    );
    let skill = collect(
        &mut errs,
        item_code(&format!("{path}.{skill_field}"), p.skill, SkillCode),
    );
    match (day, shift, skill) {
        (Some(day), Some(shift), Some(skill)) => Ok(Pin { day, shift, skill }),
        _ => Err(errs),
    }
}

/// A rest rule: absent is the statutory `default`, 0 switches it off.
fn rest_rule(path: &str, raw: Option<i32>, default: u32) -> Result<Option<u32>, FieldErrors> {
    match raw {
        None => Ok(Some(default)),
        Some(0) => Ok(None),
        Some(n) => non_negative(path, n).map(Some),
    }
}

/// Reads optional work rules rooted at `path`; absent rules are the statutory defaults.
pub fn work_rules(
    path: &str,
    rules: Option<pb::RosterWorkRules>,
) -> Result<WorkRules, FieldErrors> {
    let Some(r) = rules else {
        return Ok(WorkRules::default());
    };
    let mut errs = FieldErrors::new();
    let mut max_shifts_per_type = BTreeMap::new();
    // A map arrives in no particular order; sorting keeps the error order stable.
    let mut entries: Vec<(String, i32)> = r.max_shifts_per_type.into_iter().collect();
    entries.sort();
    for (shift, max) in entries {
        let entry_path = format!("{path}.max_shifts_per_type[{shift}]");
        let shift = collect(&mut errs, item_code(&entry_path, shift, ShiftCode));
        let max = collect(&mut errs, non_negative(&entry_path, max));
        if let (Some(shift), Some(max)) = (shift, max) {
            max_shifts_per_type.insert(shift, max);
        }
    }
    let mut limit = |name: &str, raw: Option<i32>| {
        collect(&mut errs, optional_count(&format!("{path}.{name}"), raw)).flatten()
    };
    let min_total_minutes = limit("min_total_minutes", r.min_total_minutes);
    let max_total_minutes = limit("max_total_minutes", r.max_total_minutes);
    let max_minutes_per_7_days = limit("max_minutes_per_7_days", r.max_minutes_per_7_days);
    let max_consecutive_days = limit("max_consecutive_days", r.max_consecutive_days);
    let min_consecutive_days = limit("min_consecutive_days", r.min_consecutive_days);
    let min_consecutive_days_off = limit("min_consecutive_days_off", r.min_consecutive_days_off);
    let max_weekends = limit("max_weekends", r.max_weekends);
    let min_rest_minutes = collect(
        &mut errs,
        rest_rule(
            &format!("{path}.min_rest_minutes"),
            r.min_rest_minutes,
            DEFAULT_MIN_REST_MINUTES,
        ),
    )
    .flatten();
    let weekly_rest_minutes = collect(
        &mut errs,
        rest_rule(
            &format!("{path}.weekly_rest_minutes"),
            r.weekly_rest_minutes,
            DEFAULT_WEEKLY_REST_MINUTES,
        ),
    )
    .flatten();
    let forbidden_successions = each(
        &mut errs,
        &format!("{path}.forbidden_successions"),
        r.forbidden_successions,
        |p, s| {
            let mut errs = FieldErrors::new();
            let first = collect(
                &mut errs,
                item_code(&format!("{p}.first"), s.first, ShiftCode),
            );
            let next = collect(
                &mut errs,
                item_code(&format!("{p}.next"), s.next, ShiftCode),
            );
            match (first, next) {
                (Some(first), Some(next)) => Ok(Succession { first, next }),
                _ => Err(errs),
            }
        },
    );
    errs.into_result(WorkRules {
        max_shifts_per_type,
        min_total_minutes,
        max_total_minutes,
        max_minutes_per_7_days,
        max_consecutive_days,
        min_consecutive_days,
        min_consecutive_days_off,
        max_weekends,
        min_rest_minutes,
        weekly_rest_minutes,
        forbidden_successions,
    })
}

fn history(path: &str, h: Option<pb::RosterHistory>) -> Result<CarriedHistory, FieldErrors> {
    let h = h.unwrap_or_default();
    let mut errs = FieldErrors::new();
    let consecutive_days_worked = collect(
        &mut errs,
        non_negative(
            &format!("{path}.consecutive_days_worked"),
            h.consecutive_days_worked,
        ),
    );
    let recent_minutes = each(
        &mut errs,
        &format!("{path}.recent_minutes"),
        h.recent_minutes,
        |p, m| non_negative(&p, m),
    );
    match consecutive_days_worked {
        Some(consecutive_days_worked) if errs.is_empty() => Ok(CarriedHistory {
            consecutive_days_worked,
            recent_minutes,
            last_shift_end: h.last_shift_end,
        }),
        _ => Err(errs),
    }
}

fn targets(
    path: &str,
    t: Option<pb::RosterFairnessTargets>,
) -> Result<FairnessTargets, FieldErrors> {
    let t = t.unwrap_or_default();
    let mut errs = FieldErrors::new();
    let minutes = collect(
        &mut errs,
        optional_count(&format!("{path}.minutes"), t.minutes),
    );
    let weekends = collect(
        &mut errs,
        optional_count(&format!("{path}.weekends"), t.weekends),
    );
    match (minutes, weekends) {
        (Some(minutes), Some(weekends)) => Ok(FairnessTargets { minutes, weekends }),
        _ => Err(errs),
    }
}

pub(crate) fn weights(
    path: &str,
    w: Option<pb::RosterWeights>,
) -> Result<ObjectiveWeights, FieldErrors> {
    let defaults = ObjectiveWeights::default();
    let Some(w) = w else {
        return Ok(defaults);
    };
    let mut errs = FieldErrors::new();
    let mut weight = |name: &str, raw: Option<f64>, default: f64| {
        collect(
            &mut errs,
            amount(&format!("{path}.{name}"), raw.unwrap_or(default)),
        )
        .unwrap_or(default)
    };
    let weights = ObjectiveWeights {
        uncovered: weight("uncovered", w.uncovered, defaults.uncovered),
        over_cover: weight("over_cover", w.over_cover, defaults.over_cover),
        requests: weight("requests", w.requests, defaults.requests),
        pay: weight("pay", w.pay, defaults.pay),
        fairness_per_hour: weight(
            "fairness_per_hour",
            w.fairness_per_hour,
            defaults.fairness_per_hour,
        ),
        fairness_per_weekend: weight(
            "fairness_per_weekend",
            w.fairness_per_weekend,
            defaults.fairness_per_weekend,
        ),
    };
    errs.into_result(weights)
}

// ---------------------------------------------------------------------------------------------
// Domain to wire

impl From<&RosterModel> for pb::RosterModel {
    fn from(m: &RosterModel) -> Self {
        Self {
            horizon: Some(pb::RosterHorizon {
                start: date_text(m.horizon.start),
                days: saturating_i32(m.horizon.days),
            }),
            sites: m
                .sites
                .iter()
                .map(|s| pb::RosterSite {
                    code: s.code.0.clone(),
                    org_id: s.org.0,
                    name: s.name.clone(),
                })
                .collect(),
            shift_types: m
                .shift_types
                .iter()
                .map(|s| pb::RosterShiftType {
                    code: s.code.0.clone(),
                    site: s.site.0.clone(),
                    start: clock_text(s.start),
                    minutes: saturating_i32(s.minutes),
                })
                .collect(),
            demands: m.demands.iter().map(pb::RosterDemand::from).collect(),
            staff: m.staff.iter().map(pb::RosterStaff::from).collect(),
            weights: Some(pb::RosterWeights {
                uncovered: Some(m.weights.uncovered),
                over_cover: Some(m.weights.over_cover),
                requests: Some(m.weights.requests),
                pay: Some(m.weights.pay),
                fairness_per_hour: Some(m.weights.fairness_per_hour),
                fairness_per_weekend: Some(m.weights.fairness_per_weekend),
            }),
        }
    }
}

impl From<&Demand> for pb::RosterDemand {
    fn from(d: &Demand) -> Self {
        Self {
            site: d.site.0.clone(),
            day: saturating_i32(d.day),
            shift: d.shift.0.clone(),
            skill: d.skill.0.clone(),
            required: d.required,
            cost_per_missing: d.cost_per_missing,
            cost_per_extra: d.cost_per_extra,
            hard_minimum: d.hard_minimum,
        }
    }
}

impl From<&RosterStaff> for pb::RosterStaff {
    fn from(s: &RosterStaff) -> Self {
        Self {
            code: s.code.0.clone(),
            home_org_id: s.home_org.0,
            sites: s.sites.iter().map(|c| c.0.clone()).collect(),
            skills: s
                .skills
                .iter()
                .map(|g| pb::RosterSkillGrant {
                    skill: g.skill.0.clone(),
                    eligible_from: optional_date_text(g.eligible_from),
                    eligible_until: optional_date_text(g.eligible_until),
                })
                .collect(),
            unavailable_days: s
                .unavailable_days
                .iter()
                .map(|d| saturating_i32(*d))
                .collect(),
            requests: s
                .requests
                .iter()
                .map(|r| pb::RosterShiftRequest {
                    day: saturating_i32(r.day),
                    shift: r.shift.as_ref().map(|c| c.0.clone()).unwrap_or_default(),
                    kind: match r.kind {
                        RequestKind::On => pb::RosterRequestKind::On,
                        RequestKind::Off => pb::RosterRequestKind::Off,
                    } as i32,
                    weight: r.weight,
                })
                .collect(),
            pinned: s
                .pinned
                .iter()
                .map(|p| pb::RosterPin {
                    day: saturating_i32(p.day),
                    shift: p.shift.0.clone(),
                    skill: p.skill.0.clone(),
                })
                .collect(),
            cost_per_hour: s.cost_per_hour,
            rules: Some(pb::RosterWorkRules::from(&s.rules)),
            history: Some(pb::RosterHistory {
                consecutive_days_worked: saturating_i32(s.history.consecutive_days_worked),
                recent_minutes: s
                    .history
                    .recent_minutes
                    .iter()
                    .map(|m| saturating_i32(*m))
                    .collect(),
                last_shift_end: s.history.last_shift_end,
            }),
            targets: Some(pb::RosterFairnessTargets {
                minutes: s.targets.minutes.map(saturating_i32),
                weekends: s.targets.weekends.map(saturating_i32),
            }),
        }
    }
}

impl From<&WorkRules> for pb::RosterWorkRules {
    fn from(r: &WorkRules) -> Self {
        let limit = |n: Option<u32>| n.map(saturating_i32);
        // On the wire an absent rest rule is the statutory value, so "off" travels as 0.
        let rest = |n: Option<u32>| Some(n.map_or(0, saturating_i32));
        Self {
            max_shifts_per_type: r
                .max_shifts_per_type
                .iter()
                .map(|(shift, max)| (shift.0.clone(), saturating_i32(*max)))
                .collect(),
            min_total_minutes: limit(r.min_total_minutes),
            max_total_minutes: limit(r.max_total_minutes),
            max_minutes_per_7_days: limit(r.max_minutes_per_7_days),
            max_consecutive_days: limit(r.max_consecutive_days),
            min_consecutive_days: limit(r.min_consecutive_days),
            min_consecutive_days_off: limit(r.min_consecutive_days_off),
            max_weekends: limit(r.max_weekends),
            min_rest_minutes: rest(r.min_rest_minutes),
            weekly_rest_minutes: rest(r.weekly_rest_minutes),
            forbidden_successions: r
                .forbidden_successions
                .iter()
                .map(|s| pb::RosterSuccession {
                    first: s.first.0.clone(),
                    next: s.next.0.clone(),
                })
                .collect(),
        }
    }
}

from_owned!(RosterModel => pb::RosterModel, Demand => pb::RosterDemand);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;
    use crossrota_domain::roster::curtois::parse_curtois;
    use crossrota_testkit::roster::generator::{GeneratorParams, generate};

    fn read(model: pb::RosterModel) -> Result<RosterModel, FieldErrors> {
        roster_model("model", Some(model))
    }

    #[test]
    fn generated_and_benchmark_models_round_trip() {
        let generated = generate(&GeneratorParams::small(), 7);
        assert_eq!(read(pb::RosterModel::from(&generated)), Ok(generated));
        let curtois =
            parse_curtois(include_str!("../../../../data/curtois/Instance1.txt")).unwrap();
        // Curtois rules switch statutory rest off, which must survive the wire.
        assert_eq!(curtois.staff[0].rules.min_rest_minutes, None);
        assert_eq!(read(pb::RosterModel::from(&curtois)), Ok(curtois));
    }

    #[test]
    fn absent_parts_take_the_documented_defaults() {
        let model = pb::RosterModel {
            horizon: Some(pb::RosterHorizon {
                start: "2026-11-23".into(),
                days: 7,
            }),
            staff: vec![pb::RosterStaff {
                code: "A".into(),
                home_org_id: 1,
                ..Default::default()
            }],
            weights: Some(pb::RosterWeights {
                fairness_per_hour: Some(2.0),
                ..Default::default()
            }),
            ..Default::default()
        };
        let read = read(model).unwrap();
        assert_eq!(read.staff[0].rules, WorkRules::default());
        assert_eq!(read.staff[0].history, CarriedHistory::default());
        assert_eq!(
            read.weights,
            ObjectiveWeights {
                fairness_per_hour: 2.0,
                ..ObjectiveWeights::default()
            }
        );
        let rules = |r: pb::RosterWorkRules| work_rules("rules", Some(r)).unwrap();
        let statutory = rules(pb::RosterWorkRules::default());
        assert_eq!(statutory.min_rest_minutes, Some(DEFAULT_MIN_REST_MINUTES));
        assert_eq!(
            statutory.weekly_rest_minutes,
            Some(DEFAULT_WEEKLY_REST_MINUTES)
        );
        assert_eq!(statutory.max_consecutive_days, None);
        let off = rules(pb::RosterWorkRules {
            min_rest_minutes: Some(0),
            weekly_rest_minutes: Some(0),
            ..Default::default()
        });
        assert_eq!(
            (off.min_rest_minutes, off.weekly_rest_minutes),
            (None, None)
        );
    }

    #[test]
    fn bad_fields_are_named_with_wire_paths() {
        let mut model = pb::RosterModel::from(&generate(&GeneratorParams::small(), 3));
        model.horizon = Some(pb::RosterHorizon {
            start: "2026-02-30".into(),
            days: -1,
        });
        model.shift_types[0].start = "7:00".into();
        model.shift_types[1].minutes = 0;
        model.demands[2].cost_per_missing = f64::NAN;
        model.demands[2].skill = String::new();
        model.staff[3].rules = Some(pb::RosterWorkRules {
            max_consecutive_days: Some(-2),
            ..Default::default()
        });
        model.staff[4].requests = vec![pb::RosterShiftRequest {
            day: 1,
            shift: String::new(),
            kind: 0,
            weight: -1.0,
        }];
        model.staff[5].skills[0].eligible_until = "soon".into();
        assert_eq!(
            err(read(model)),
            "model.horizon.start: not a date (no such day); \
             model.horizon.days: must not be negative; \
             model.shift_types[0].start: not a time (expected HH:MM); \
             model.shift_types[1].minutes: must be 1 to 1440; \
             model.demands[2].skill: required; \
             model.demands[2].cost_per_missing: must be a finite number, 0 or more; \
             model.staff[3].rules.max_consecutive_days: must not be negative; \
             model.staff[4].requests[0].kind: required; \
             model.staff[4].requests[0].weight: must be a finite number, 0 or more; \
             model.staff[5].skills[0].eligible_until: not a date (expected YYYY-MM-DD)"
        );
        assert_eq!(err(roster_model("model", None)), "model: required");
    }

    #[test]
    fn clock_times_are_exact() {
        assert_eq!(
            clock_time("t", "07:30"),
            Ok(NaiveTime::from_hms_opt(7, 30, 0).unwrap())
        );
        assert_eq!(
            err(clock_time("t", "24:00")),
            "t: not a time (no such time of day)"
        );
        assert_eq!(
            err(clock_time("t", "7:30")),
            "t: not a time (expected HH:MM)"
        );
        assert_eq!(
            err(clock_time("t", "07:30:00")),
            "t: not a time (expected HH:MM)"
        );
        assert_eq!(err(clock_time("t", "")), "t: required");
        assert_eq!(
            clock_text(NaiveTime::from_hms_opt(21, 5, 0).unwrap()),
            "21:05"
        );
    }
}
