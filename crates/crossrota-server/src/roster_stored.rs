//! Reading a `StoredRosterProblem`: shapes only, with field paths rooted at `stored`
//! (`stored.staff[1].requests[0].kind`). The pieces it shares with a full model (horizon,
//! sites, shift types, demand lines, requests, pins, rules, weights) are read by the proto
//! crate's model reader, so both requests check them alike; the profile references in demand
//! lines and pins travel in the model's `skill` fields, and their errors are renamed back to
//! `profile`. What the references mean is the roster service's to judge.

use crossrota_domain::FieldErrors;
use crossrota_domain::ids::StaffId;
use crossrota_proto::convert::roster_model::{roster_model, work_rules};
use crossrota_proto::crossrota::v1 as pb;
use crossrota_service::roster::{StoredProblem, StoredStaff};

/// Reads the `stored` field of a SubmitRosterJob request.
pub(crate) fn stored_problem(p: pb::StoredRosterProblem) -> Result<StoredProblem, FieldErrors> {
    let mut errs = FieldErrors::new();
    let ids: Vec<i64> = p.staff.iter().map(|s| s.staff_id).collect();
    for (i, id) in ids.iter().enumerate() {
        if *id <= 0 {
            errs.push(format!("stored.staff[{i}].staff_id"), "required");
        }
    }
    let sites_given: Vec<bool> = p.staff.iter().map(|s| !s.sites.is_empty()).collect();
    let rules_given: Vec<bool> = p.staff.iter().map(|s| s.rules.is_some()).collect();
    let default_rules = match work_rules("stored.default_rules", p.default_rules) {
        Ok(rules) => Some(rules),
        Err(e) => {
            errs.0.extend(e.0);
            None
        }
    };
    let frame = pb::RosterModel {
        horizon: p.horizon,
        sites: p.sites,
        shift_types: p.shift_types,
        demands: p.demands.into_iter().map(demand).collect(),
        staff: p.staff.into_iter().enumerate().map(person).collect(),
        weights: p.weights,
    };
    let model = match roster_model("stored", Some(frame)) {
        Ok(model) => Some(model),
        Err(e) => {
            errs.0.extend(e.0.into_iter().map(|mut f| {
                if let Some(base) = f.field.strip_suffix(".skill") {
                    f.field = format!("{base}.profile");
                }
                f
            }));
            None
        }
    };
    let (Some(mut model), Some(default_rules)) = (model, default_rules) else {
        return Err(errs);
    };
    errs.into_result(())?;
    let people = std::mem::take(&mut model.staff);
    let staff = people
        .into_iter()
        .zip(ids)
        .zip(sites_given.into_iter().zip(rules_given))
        .map(|((s, id), (sites_given, rules_given))| StoredStaff {
            staff: StaffId(id),
            sites: sites_given.then_some(s.sites),
            cost_per_hour: s.cost_per_hour,
            unavailable_days: s.unavailable_days,
            requests: s.requests,
            pinned: s.pinned,
            rules: rules_given.then_some(s.rules),
        })
        .collect();
    Ok(StoredProblem {
        frame: model,
        default_rules,
        staff,
        reason: p.reason.trim().to_owned(),
    })
}

/// A demand line with its profile reference in the skill field.
fn demand(d: pb::StoredRosterDemand) -> pb::RosterDemand {
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

/// A person as a model's staff entry: a placeholder code (the service codes people by staff
/// id), pins with their profile reference in the skill field.
fn person((i, s): (usize, pb::StoredRosterStaff)) -> pb::RosterStaff {
    pb::RosterStaff {
        code: format!("stored-{i}"),
        home_org_id: 0,
        sites: s.sites,
        skills: Vec::new(),
        unavailable_days: s.unavailable_days,
        requests: s.requests,
        pinned: s
            .pinned
            .into_iter()
            .map(|p| pb::RosterPin {
                day: p.day,
                shift: p.shift,
                skill: p.profile,
            })
            .collect(),
        cost_per_hour: s.cost_per_hour,
        rules: s.rules,
        history: None,
        targets: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_from_the_request() {
        let problem = pb::StoredRosterProblem {
            horizon: Some(pb::RosterHorizon {
                start: "2026-11-23".into(),
                days: 7,
            }),
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
        let errs = match stored_problem(problem) {
            Err(e) => e,
            Ok(p) => panic!("accepted {p:?}"),
        };
        let fields: Vec<&str> = errs.0.iter().map(|f| f.field.as_str()).collect();
        assert!(fields.contains(&"stored.staff[1].staff_id"), "{fields:?}");
        assert!(
            fields.contains(&"stored.default_rules.max_weekends"),
            "{fields:?}"
        );
        assert!(fields.contains(&"stored.demands[0].profile"), "{fields:?}");
        assert!(
            fields.contains(&"stored.staff[1].pinned[0].profile"),
            "{fields:?}"
        );
    }

    #[test]
    fn absent_sites_and_rules_stay_absent() {
        let problem = pb::StoredRosterProblem {
            horizon: Some(pb::RosterHorizon {
                start: "2026-11-23".into(),
                days: 7,
            }),
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
            ..Default::default()
        };
        let read = match stored_problem(problem) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(read.staff[0].sites, None);
        assert_eq!(read.staff[0].rules, None);
        assert_eq!(read.staff[1].sites.as_ref().map(Vec::len), Some(1));
        assert!(read.staff[1].rules.is_some());
        assert_eq!(read.staff[1].staff, StaffId(5));
    }
}
