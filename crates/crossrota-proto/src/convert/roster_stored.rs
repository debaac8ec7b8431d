//! Reading a `StoredRosterProblem` into the domain's [`StoredProblem`], with field paths rooted
//! at the request (`stored.staff[1].requests[0].kind`, `stored.demands[0].profile`). The parts
//! it shares with a full model (horizon, sites, shift types, demand lines, requests, pins, rules,
//! weights) go through the model reader's own functions, so both requests check them alike.
//! What the references mean (does staff 12 exist, which profile is "HASU nurse") is the roster
//! service's to judge.

use crossrota_domain::FieldErrors;
use crossrota_domain::ids::StaffId;
use crossrota_domain::roster::stored::{StoredProblem, StoredStaff};
use crossrota_domain::roster::{RosterModel, SiteCode};

use crate::convert::fields::{collect, non_negative, required_message};
use crate::convert::roster_model::{
    amount, demand_naming, each, horizon, item_code, pin_naming, request, shift_type, site,
    weights, work_rules,
};
use crate::crossrota::v1 as pb;

/// Reads the stored problem of a SubmitRosterJob request, rooted at `path`.
pub fn stored_problem(
    path: &str,
    p: Option<pb::StoredRosterProblem>,
) -> Result<StoredProblem, FieldErrors> {
    let p = required_message(path, p)?;
    let mut errs = FieldErrors::new();
    let horizon = collect(&mut errs, horizon(&format!("{path}.horizon"), p.horizon));
    let sites = each(&mut errs, &format!("{path}.sites"), p.sites, site);
    let shift_types = each(
        &mut errs,
        &format!("{path}.shift_types"),
        p.shift_types,
        shift_type,
    );
    let demands = each(&mut errs, &format!("{path}.demands"), p.demands, |q, d| {
        demand_naming(&q, stored_demand(d), "profile")
    });
    let staff = each(&mut errs, &format!("{path}.staff"), p.staff, stored_staff);
    let weights = collect(&mut errs, weights(&format!("{path}.weights"), p.weights));
    let default_rules = collect(
        &mut errs,
        work_rules(&format!("{path}.default_rules"), p.default_rules),
    );
    match (horizon, weights, default_rules) {
        (Some(horizon), Some(weights), Some(default_rules)) if errs.is_empty() => {
            Ok(StoredProblem {
                frame: RosterModel {
                    horizon,
                    sites,
                    shift_types,
                    demands,
                    staff: Vec::new(),
                    weights,
                },
                default_rules,
                staff,
                reason: p.reason.trim().to_owned(),
            })
        }
        _ => Err(errs),
    }
}

/// A stored demand line as a model's, its profile reference in the skill (read back under the
/// name `profile`).
fn stored_demand(d: pb::StoredRosterDemand) -> pb::RosterDemand {
    pb::RosterDemand {
        site: d.site,
        day: d.day,
        shift: d.shift,
        skill: d.profile,
        required: d.required,
        cost_per_missing: d.cost_per_missing,
        cost_per_extra: d.cost_per_extra,
        hard_minimum: d.hard_minimum,
    }
}

/// One stored person: absent sites and rules stay absent (the service fills them in).
fn stored_staff(path: String, s: pb::StoredRosterStaff) -> Result<StoredStaff, FieldErrors> {
    let mut errs = FieldErrors::new();
    if s.staff_id <= 0 {
        errs.push(format!("{path}.staff_id"), "required");
    }
    let given_sites = !s.sites.is_empty();
    let sites = each(&mut errs, &format!("{path}.sites"), s.sites, |q, c| {
        item_code(&q, c, SiteCode)
    });
    let unavailable_days = each(
        &mut errs,
        &format!("{path}.unavailable_days"),
        s.unavailable_days,
        |q, d| non_negative(&q, d),
    );
    let requests = each(&mut errs, &format!("{path}.requests"), s.requests, request);
    let pinned = each(&mut errs, &format!("{path}.pinned"), s.pinned, |q, p| {
        pin_naming(
            q,
            pb::RosterPin {
                day: p.day,
                shift: p.shift,
                skill: p.profile,
            },
            "profile",
        )
    });
    let cost_per_hour = collect(
        &mut errs,
        amount(&format!("{path}.cost_per_hour"), s.cost_per_hour),
    );
    let rules = match s.rules {
        None => Some(None),
        given => collect(&mut errs, work_rules(&format!("{path}.rules"), given)).map(Some),
    };
    match (cost_per_hour, rules) {
        (Some(cost_per_hour), Some(rules)) if errs.is_empty() => Ok(StoredStaff {
            staff: StaffId(s.staff_id),
            sites: given_sites.then_some(sites),
            cost_per_hour,
            unavailable_days,
            requests,
            pinned,
            rules,
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn horizon() -> Option<pb::RosterHorizon> {
        Some(pb::RosterHorizon {
            start: "2026-11-23".into(),
            days: 7,
        })
    }

    #[test]
    fn fields_are_named_from_the_request() {
        let problem = pb::StoredRosterProblem {
            horizon: horizon(),
            demands: vec![pb::StoredRosterDemand {
                site: "W7".into(),
                shift: "E".into(),
                required: 1,
                ..Default::default()
            }],
            staff: vec![
                pb::StoredRosterStaff {
                    staff_id: 4,
                    ..Default::default()
                },
                pb::StoredRosterStaff {
                    staff_id: 0,
                    pinned: vec![pb::StoredRosterPin {
                        day: 1,
                        shift: "E".into(),
                        profile: String::new(),
                    }],
                    ..Default::default()
                },
            ],
            default_rules: Some(pb::RosterWorkRules {
                max_weekends: Some(-2),
                ..Default::default()
            }),
            ..Default::default()
        };
        let errs = match stored_problem("stored", Some(problem)) {
            Err(e) => e,
            Ok(p) => panic!("accepted {p:?}"),
        };
        let fields: Vec<&str> = errs.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "stored.demands[0].profile",
                "stored.staff[1].staff_id",
                "stored.staff[1].pinned[0].profile",
                "stored.default_rules.max_weekends",
            ]
        );
        assert_eq!(
            stored_problem("stored", None).map_err(|e| e.to_string()),
            Err("stored: required".to_owned())
        );
    }

    #[test]
    fn absent_sites_and_rules_stay_absent() {
        let problem = pb::StoredRosterProblem {
            horizon: horizon(),
            staff: vec![
                pb::StoredRosterStaff {
                    staff_id: 4,
                    ..Default::default()
                },
                pb::StoredRosterStaff {
                    staff_id: 5,
                    sites: vec!["W7".into()],
                    rules: Some(pb::RosterWorkRules::default()),
                    ..Default::default()
                },
            ],
            reason: "  roster  ".into(),
            ..Default::default()
        };
        let read = match stored_problem("stored", Some(problem)) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(read.staff[0].sites, None);
        assert_eq!(read.staff[0].rules, None);
        assert_eq!(read.staff[1].sites.as_ref().map(Vec::len), Some(1));
        assert!(read.staff[1].rules.is_some());
        assert_eq!(read.staff[1].staff, StaffId(5));
        assert_eq!(read.reason, "roster");
    }
}
