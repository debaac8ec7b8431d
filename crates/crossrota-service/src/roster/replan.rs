//! Replanning a published roster: apply the changes (people absent, extra demand) to its
//! model, then make every change to the published roster cost `change_penalty`, so the solver
//! keeps what it can and moves only what it must.
//!
//! The penalty goes through the model itself, as requests: an *on* request for each published
//! assignment (costs the penalty when dropped or moved to another shift) and an *off* request
//! for each published day off (costs it when filled). So the solver needs no special mode and
//! the independent checker prices the changes exactly as the solver does. Pure code.

use crossrota_domain::FieldErrors;
use crossrota_domain::roster::{Demand, RequestKind, Roster, RosterModel, ShiftRequest, StaffCode};

use crossrota_domain::jobs::JobOptions;
use crossrota_store::RosterJobId;

/// What a replan starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Published {
    /// A finished job of the caller's organisation that has a roster.
    Job(RosterJobId),
    /// A roster given in full, with the model it was made for.
    Roster {
        /// The model.
        model: RosterModel,
        /// The roster.
        roster: Roster,
    },
}

/// A person who cannot work `days` consecutive days from `from_day` (e.g. off sick).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    /// Who; must be in the model.
    pub staff: StaffCode,
    /// First day absent; must be in the horizon.
    pub from_day: u32,
    /// Number of days, at least 1; days past the horizon are ignored.
    pub days: u32,
}

/// A replan request.
#[derive(Debug, Clone, PartialEq)]
pub struct Replan {
    /// What to replan.
    pub published: Published,
    /// People who became unavailable.
    pub absences: Vec<Absence>,
    /// Extra demand: added to the line of the same site, day, shift and skill (its costs
    /// kept), or a new line.
    pub extra_demands: Vec<Demand>,
    /// Cost of each assignment that differs from the published roster.
    pub change_penalty: f64,
    /// Solve options.
    pub options: JobOptions,
    /// Label.
    pub name: String,
}

/// `model` with the absences and extra demand applied; errors name the request's fields.
///
/// Pins of an absent person on their absent days are dropped: illness overrides a fixed
/// assignment.
pub(crate) fn apply_changes(
    model: &RosterModel,
    absences: &[Absence],
    extra_demands: &[Demand],
) -> Result<RosterModel, FieldErrors> {
    let mut errs = FieldErrors::new();
    let mut changed = model.clone();
    let days = model.horizon.days;
    for (i, absence) in absences.iter().enumerate() {
        let path = format!("absences[{i}]");
        if absence.from_day >= days {
            errs.push(
                format!("{path}.from_day"),
                format!(
                    "day {} is outside the horizon of {days} days",
                    absence.from_day
                ),
            );
        }
        let Some(member) = changed.staff.iter_mut().find(|s| s.code == absence.staff) else {
            errs.push(
                format!("{path}.staff"),
                format!("{} is not in the model", absence.staff),
            );
            continue;
        };
        let end = absence.from_day.saturating_add(absence.days).min(days);
        let absent = absence.from_day..end;
        member.unavailable_days.extend(absent.clone());
        member.unavailable_days.sort_unstable();
        member.unavailable_days.dedup();
        member.pinned.retain(|pin| !absent.contains(&pin.day));
    }
    for (i, extra) in extra_demands.iter().enumerate() {
        let path = format!("extra_demands[{i}]");
        if extra.day >= days {
            errs.push(
                format!("{path}.day"),
                format!("day {} is outside the horizon of {days} days", extra.day),
            );
        }
        match model.shift_type(&extra.shift) {
            None => errs.push(
                format!("{path}.shift"),
                format!("unknown shift type {}", extra.shift),
            ),
            Some(shift) if shift.site != extra.site => errs.push(
                format!("{path}.site"),
                format!("shift type {} belongs to site {}", shift.code, shift.site),
            ),
            Some(_) => {}
        }
        let same_line = |d: &&mut Demand| {
            d.site == extra.site
                && d.day == extra.day
                && d.shift == extra.shift
                && d.skill == extra.skill
        };
        match changed.demands.iter_mut().find(same_line) {
            Some(line) => {
                let required = line.required.checked_add(extra.required);
                let hard = match (line.hard_minimum, extra.hard_minimum) {
                    (Some(a), Some(b)) => a.checked_add(b).map(Some),
                    (a, b) => Some(a.or(b)),
                };
                match (required, hard) {
                    (Some(required), Some(hard)) => {
                        line.required = required;
                        line.hard_minimum = hard;
                    }
                    _ => errs.push(format!("{path}.required"), "too large"),
                }
            }
            None => changed.demands.push(extra.clone()),
        }
    }
    errs.into_result(changed)
}

/// Checks that a published roster names people, shifts and days of `model`; errors name
/// `path[i]`.
pub(crate) fn check_published(
    path: &str,
    model: &RosterModel,
    roster: &Roster,
) -> Result<(), FieldErrors> {
    let mut errs = FieldErrors::new();
    for (i, a) in roster.assignments.iter().enumerate() {
        if model.staff_member(&a.staff).is_none() {
            errs.push(
                format!("{path}[{i}].staff"),
                format!("{} is not in the model", a.staff),
            );
        }
        if model.shift_type(&a.shift).is_none() {
            errs.push(
                format!("{path}[{i}].shift"),
                format!("unknown shift type {}", a.shift),
            );
        }
        if !model.horizon.contains(a.day) {
            errs.push(
                format!("{path}[{i}].day"),
                format!("outside the horizon of {} days", model.horizon.days),
            );
        }
    }
    errs.into_result(())
}

/// `base` with every change to `published` costing `penalty`: the model the replan solves.
///
/// Request weights are first multiplied out (`weights.requests` becomes 1), so the penalty
/// requests cost exactly `penalty` and existing requests keep their cost.
pub(crate) fn penalise_changes(
    base: &RosterModel,
    published: &Roster,
    penalty: f64,
) -> RosterModel {
    let mut model = base.clone();
    if penalty <= 0.0 {
        return model;
    }
    let scale = model.weights.requests;
    model.weights.requests = 1.0;
    for member in &mut model.staff {
        for request in &mut member.requests {
            request.weight *= scale;
        }
        for day in 0..model.horizon.days {
            if member.unavailable_days.contains(&day) {
                continue;
            }
            let worked: Vec<_> = published
                .assignments
                .iter()
                .filter(|a| a.staff == member.code && a.day == day)
                .collect();
            if worked.is_empty() {
                member.requests.push(ShiftRequest {
                    day,
                    shift: None,
                    kind: RequestKind::Off,
                    weight: penalty,
                });
            }
            for a in worked {
                member.requests.push(ShiftRequest {
                    day,
                    shift: Some(a.shift.clone()),
                    kind: RequestKind::On,
                    weight: penalty,
                });
            }
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};
    use crossrota_domain::ids::OrgId;
    use crossrota_domain::roster::{
        Assignment, Horizon, ObjectiveWeights, Pin, RosterStaff, ShiftCode, ShiftType, Site,
        SiteCode, SkillCode, SkillGrant, WorkRules, check,
    };

    use super::*;

    fn model() -> RosterModel {
        let staff = |code: &str| RosterStaff {
            code: StaffCode::from(code),
            home_org: OrgId(1),
            sites: vec![SiteCode::from("W")],
            skills: vec![SkillGrant::always(SkillCode::from("RN"))],
            unavailable_days: vec![6],
            requests: vec![ShiftRequest {
                day: 0,
                shift: None,
                kind: RequestKind::Off,
                weight: 3.0,
            }],
            pinned: vec![Pin {
                day: 2,
                shift: ShiftCode::from("E"),
                skill: SkillCode::from("RN"),
            }],
            cost_per_hour: 0.0,
            rules: WorkRules::none(),
            history: Default::default(),
            targets: Default::default(),
        };
        RosterModel {
            horizon: Horizon {
                start: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
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
                start: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
                minutes: 480,
            }],
            demands: vec![demand(1, 1)],
            staff: vec![staff("A"), staff("B")],
            weights: ObjectiveWeights {
                requests: 2.0,
                ..ObjectiveWeights::default()
            },
        }
    }

    fn demand(day: u32, required: i32) -> Demand {
        Demand {
            site: SiteCode::from("W"),
            day,
            shift: ShiftCode::from("E"),
            skill: SkillCode::from("RN"),
            required,
            cost_per_missing: 100.0,
            cost_per_extra: 1.0,
            hard_minimum: None,
        }
    }

    fn on(staff: &str, day: u32) -> Assignment {
        Assignment {
            staff: StaffCode::from(staff),
            day,
            site: SiteCode::from("W"),
            shift: ShiftCode::from("E"),
            skill: SkillCode::from("RN"),
        }
    }

    #[test]
    fn absences_and_extra_demand_change_the_model() {
        let absent = Absence {
            staff: StaffCode::from("A"),
            from_day: 1,
            days: 3,
        };
        let past_the_end = Absence {
            staff: StaffCode::from("B"),
            from_day: 5,
            days: 10,
        };
        let changed = apply_changes(
            &model(),
            &[absent, past_the_end],
            &[demand(1, 2), demand(4, 1)],
        )
        .unwrap();
        assert_eq!(changed.staff[0].unavailable_days, [1, 2, 3, 6]);
        assert_eq!(changed.staff[0].pinned, [], "the pin on day 2 is dropped");
        assert_eq!(changed.staff[1].unavailable_days, [5, 6]);
        assert_eq!(changed.staff[1].pinned.len(), 1);
        assert_eq!(changed.demands, [demand(1, 3), demand(4, 1)]);
    }

    #[test]
    fn bad_changes_name_the_field() {
        let stranger = Absence {
            staff: StaffCode::from("Z"),
            from_day: 9,
            days: 1,
        };
        let mut wrong_shift = demand(8, 1);
        wrong_shift.shift = ShiftCode::from("N");
        let errs = apply_changes(&model(), &[stranger], &[wrong_shift]).unwrap_err();
        assert_eq!(
            errs.to_string(),
            "absences[0].from_day: day 9 is outside the horizon of 7 days; \
             absences[0].staff: Z is not in the model; \
             extra_demands[0].day: day 8 is outside the horizon of 7 days; \
             extra_demands[0].shift: unknown shift type N"
        );
        let roster = Roster::new(vec![on("A", 1), on("Q", 9)]);
        assert_eq!(
            check_published("published_roster.assignments", &model(), &roster)
                .unwrap_err()
                .to_string(),
            "published_roster.assignments[1].staff: Q is not in the model; \
             published_roster.assignments[1].day: outside the horizon of 7 days"
        );
    }

    #[test]
    fn each_change_costs_the_penalty_and_old_requests_keep_their_cost() {
        let base = model();
        let published = Roster::new(vec![on("A", 1), on("A", 2), on("B", 2)]);
        let penalised = penalise_changes(&base, &published, 50.0);
        let cost = |model: &RosterModel, roster: &Roster| check(model, roster).objective.requests;
        assert_eq!(
            cost(&penalised, &published),
            0.0,
            "no change, no request broken"
        );
        // A now works day 0 (breaking their day-off request, 2 x 3) instead of day 1, and B
        // adds day 4: three changes. Day 6 is unavailable to both, so it is never charged.
        let changed = Roster::new(vec![on("A", 0), on("A", 2), on("B", 2), on("B", 4)]);
        assert_eq!(cost(&base, &changed), 6.0);
        assert_eq!(cost(&penalised, &changed), 6.0 + 3.0 * 50.0);
        assert_eq!(penalised.weights.requests, 1.0);
        assert_eq!(penalise_changes(&base, &published, 0.0), base);
    }
}
