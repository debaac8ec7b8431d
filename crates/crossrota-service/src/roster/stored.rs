//! Roster problems built from what crossrota stores: people by staff id, demand by requirement
//! profile. The skills of the model are the profiles, and a person holds a profile's skill on
//! exactly the days their passport is compliant with it.
//!
//! Access and audit go through [`PassportService::verify`] (one call per profile over the
//! horizon): the caller's organisation may only roster people it may verify, and every
//! passport read is in the audit log, as for any verification. Eligibility per day is then the
//! same verdict engine evaluated on each day of the horizon (someone whose resuscitation
//! training lapses mid-horizon stops being eligible that day) with the same inputs verify
//! uses. A run of eligible days becomes one [`SkillGrant`]; a gap between runs makes several
//! grants of the same skill, which the model allows (a person holds a skill on a day when any
//! of their grants of it covers the day).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use crossrota_domain::commands;
use crossrota_domain::compliance::{VerifyRequest, verify};
use crossrota_domain::dates::DateRange;
use crossrota_domain::ids::{ProfileId, StaffId};
use crossrota_domain::profile::RequirementProfile;
use crossrota_domain::roster::stored::{StoredProblem, staff_code};
use crossrota_domain::roster::{Horizon, Pin, RosterModel, RosterStaff, SkillCode, SkillGrant};
use crossrota_domain::staff::Staff;
use crossrota_domain::{FieldError, FieldErrors};
use crossrota_store::{MAX_PAGE, Page, Store, StoreErrorKind};

use crate::access::Caller;
use crate::error::{Result, ServiceError};
use crate::passport::{PassportService, VerdictInputs};

/// The people and profiles a problem names, loaded and checked.
pub(crate) struct Resolved {
    /// Each person, in request order.
    pub(crate) staff: Vec<Staff>,
    /// Each profile reference (as written) and the profile it names.
    pub(crate) profiles: HashMap<String, RequirementProfile>,
    /// The model's skill code of each profile.
    pub(crate) skills: HashMap<ProfileId, SkillCode>,
}

/// Loads the people and profiles `problem` names; every unknown one is an invalid argument
/// naming its field (`stored.staff[2].staff_id`, `stored.demands[0].profile`). Reads only.
pub(crate) async fn resolve(
    store: &Store,
    caller: &Caller,
    problem: &StoredProblem,
) -> Result<Resolved> {
    let mut errs = FieldErrors::new();
    if problem.staff.is_empty() {
        errs.push("stored.staff", "at least one person is required");
    }
    if problem.frame.demands.is_empty() {
        errs.push("stored.demands", "at least one demand line is required");
    }

    let ids: Vec<StaffId> = problem.staff.iter().map(|s| s.staff).collect();
    let found: HashMap<StaffId, Staff> = store
        .get_staff_many(&ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut seen = HashSet::new();
    let mut staff = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let field = format!("stored.staff[{i}].staff_id");
        if !seen.insert(*id) {
            errs.push(field, format!("staff {id} is listed twice"));
        } else if let Some(s) = found.get(id) {
            staff.push(s.clone());
        } else {
            errs.push(field, format!("unknown staff {id}"));
        }
    }

    let mut references: Vec<(String, &str)> = problem
        .frame
        .demands
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("stored.demands[{i}].profile"), d.skill.as_str()))
        .collect();
    for (i, s) in problem.staff.iter().enumerate() {
        for (j, pin) in s.pinned.iter().enumerate() {
            references.push((
                format!("stored.staff[{i}].pinned[{j}].profile"),
                pin.skill.as_str(),
            ));
        }
    }
    let own_profiles = own_profiles(store, caller).await?;
    let mut profiles: HashMap<String, RequirementProfile> = HashMap::new();
    for (field, reference) in references {
        if profiles.contains_key(reference) {
            continue;
        }
        match find_profile(store, &own_profiles, reference).await? {
            Some(p) => {
                profiles.insert(reference.to_owned(), p);
            }
            None => errs.push(field, format!("unknown profile {reference:?}")),
        }
    }
    errs.into_result(())?;
    let skills = skill_codes(profiles.values());
    Ok(Resolved {
        staff,
        profiles,
        skills,
    })
}

/// Every profile of the caller's organisation, for references by name.
async fn own_profiles(store: &Store, caller: &Caller) -> Result<Vec<RequirementProfile>> {
    let mut all = Vec::new();
    let mut page = Page::first(MAX_PAGE);
    loop {
        let batch = store.list_profiles(Some(caller.org()), page).await?;
        let last = batch.last().map(|p| p.id);
        let full = batch.len() >= MAX_PAGE as usize;
        all.extend(batch);
        match last {
            Some(id) if full => page = Page::after(id, MAX_PAGE),
            _ => return Ok(all),
        }
    }
}

/// The profile a reference names: digits are an id (of any organisation: profiles are public
/// within the region), anything else a name among the caller's own profiles.
async fn find_profile(
    store: &Store,
    own: &[RequirementProfile],
    reference: &str,
) -> Result<Option<RequirementProfile>> {
    let reference = reference.trim();
    if !reference.is_empty() && reference.bytes().all(|b| b.is_ascii_digit()) {
        let Ok(id) = reference.parse::<i64>() else {
            return Ok(None);
        };
        return match store.get_profile(ProfileId(id)).await {
            Ok(p) => Ok(Some(p)),
            Err(e) if e.kind() == StoreErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        };
    }
    Ok(own.iter().find(|p| p.name == reference).cloned())
}

/// Skill codes for profiles: the profile's name, or `name #id` for profiles whose names clash
/// (two organisations may each have a profile of the same name).
fn skill_codes<'a>(
    profiles: impl Iterator<Item = &'a RequirementProfile>,
) -> HashMap<ProfileId, SkillCode> {
    let distinct: BTreeMap<ProfileId, &RequirementProfile> = profiles.map(|p| (p.id, p)).collect();
    let mut names: HashMap<&str, usize> = HashMap::new();
    for p in distinct.values() {
        *names.entry(p.name.as_str()).or_default() += 1;
    }
    distinct
        .values()
        .map(|p| {
            let code = if names.get(p.name.as_str()).copied().unwrap_or(0) > 1 {
                format!("{} #{}", p.name, p.id)
            } else {
                p.name.clone()
            };
            (p.id, SkillCode(code))
        })
        .collect()
}

/// The model of `problem` with `grants` as each person's skills (`None`: every profile on every
/// day, to validate everything but eligibility before any passport is read).
pub(crate) fn build_model(
    problem: &StoredProblem,
    resolved: &Resolved,
    grants: Option<&HashMap<StaffId, Vec<SkillGrant>>>,
) -> RosterModel {
    let skill_of = |reference: &SkillCode| {
        resolved
            .profiles
            .get(reference.as_str())
            .and_then(|p| resolved.skills.get(&p.id))
            .cloned()
            .unwrap_or_else(|| reference.clone())
    };
    let mut model = problem.frame.clone();
    for d in &mut model.demands {
        d.skill = skill_of(&d.skill);
    }
    let mut every_skill: Vec<SkillCode> = resolved.skills.values().cloned().collect();
    every_skill.sort();
    model.staff = problem
        .staff
        .iter()
        .zip(&resolved.staff)
        .map(|(given, person)| {
            let sites = given.sites.clone().unwrap_or_else(|| {
                problem
                    .frame
                    .sites
                    .iter()
                    .filter(|s| s.org == person.org)
                    .map(|s| s.code.clone())
                    .collect()
            });
            let skills = match grants {
                Some(g) => g.get(&person.id).cloned().unwrap_or_default(),
                None => every_skill
                    .iter()
                    .cloned()
                    .map(SkillGrant::always)
                    .collect(),
            };
            RosterStaff {
                code: staff_code(person.id),
                home_org: person.org,
                sites,
                skills,
                unavailable_days: given.unavailable_days.clone(),
                requests: given.requests.clone(),
                pinned: given
                    .pinned
                    .iter()
                    .map(|p| Pin {
                        skill: skill_of(&p.skill),
                        ..p.clone()
                    })
                    .collect(),
                cost_per_hour: given.cost_per_hour,
                rules: given
                    .rules
                    .clone()
                    .unwrap_or_else(|| problem.default_rules.clone()),
                history: Default::default(),
                targets: Default::default(),
            }
        })
        .collect();
    model
}

/// The horizon as a date range; an invalid argument when it runs off the calendar.
fn horizon_range(horizon: &Horizon) -> Result<DateRange> {
    let last = horizon
        .days
        .checked_sub(1)
        .and_then(|last| horizon.date(last))
        .ok_or_else(|| ServiceError::invalid("stored.horizon", "must hold a day"))?;
    Ok(DateRange::new(horizon.start, last)?)
}

/// Each person's skill grants: the runs of days on which their passport is compliant with each
/// profile. Verifies every person against every profile through the passport service first,
/// which refuses people the caller may not verify and writes the audit log.
pub(crate) async fn eligibility(
    passport: &PassportService,
    caller: &Caller,
    problem: &StoredProblem,
    resolved: &Resolved,
    reason: &str,
) -> Result<HashMap<StaffId, Vec<SkillGrant>>> {
    let range = horizon_range(&problem.frame.horizon)?;
    let ids: Vec<StaffId> = resolved.staff.iter().map(|s| s.id).collect();
    let mut profiles: Vec<&RequirementProfile> = resolved.profiles.values().collect();
    profiles.sort_by_key(|p| p.id);
    profiles.dedup_by_key(|p| p.id);
    for profile in &profiles {
        passport
            .verify(
                caller,
                commands::Verify {
                    staff: ids.clone(),
                    profile: profile.id,
                    range,
                    warn_within_days: 0,
                    reason: reason.to_owned(),
                },
            )
            .await?;
    }

    // The inputs verify uses, to evaluate the same verdict on each day.
    let store = passport.store();
    let networks = store.networks_of_org(caller.org()).await?;
    let inputs = VerdictInputs::load(store, caller.org(), networks, &ids).await?;
    let (histories, catalogue, policy) = (&inputs.histories, &inputs.catalogue, inputs.policy());
    let days: Vec<NaiveDate> = (0..problem.frame.horizon.days)
        .filter_map(|d| problem.frame.horizon.date(d))
        .collect();
    let empty = Vec::new();
    let mut grants: HashMap<StaffId, Vec<SkillGrant>> = HashMap::new();
    for person in &resolved.staff {
        let history = histories.get(&person.id).unwrap_or(&empty);
        let mine = grants.entry(person.id).or_default();
        for profile in &profiles {
            let compliant: Vec<bool> = days
                .iter()
                .map(|day| {
                    verify(&VerifyRequest {
                        staff: person,
                        history,
                        profile,
                        catalogue,
                        policy: &policy,
                        range: DateRange::day(*day),
                        warn_within_days: 0,
                    })
                    .compliant
                })
                .collect();
            let skill = resolved
                .skills
                .get(&profile.id)
                .cloned()
                .unwrap_or_else(|| SkillCode(profile.name.clone()));
            mine.extend(
                runs(&days, &compliant)
                    .into_iter()
                    .map(|(from, until)| SkillGrant {
                        skill: skill.clone(),
                        eligible_from: Some(from),
                        eligible_until: Some(until),
                    }),
            );
        }
    }
    Ok(grants)
}

/// The first and last date of each run of `true` days.
fn runs(days: &[NaiveDate], on: &[bool]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start: Option<NaiveDate> = None;
    for (i, (day, on)) in days.iter().zip(on).enumerate() {
        match (*on, start) {
            (true, None) => start = Some(*day),
            (false, Some(from)) => {
                out.push((from, days[i - 1]));
                start = None;
            }
            _ => {}
        }
    }
    if let (Some(from), Some(last)) = (start, days.last()) {
        out.push((from, *last));
    }
    out
}

/// Moves model validation errors of the built model onto field `stored`, like those of a
/// submitted model on field `model`.
pub(crate) fn scoped_model_errors(
    errors: Vec<crossrota_domain::roster::ModelError>,
) -> ServiceError {
    ServiceError::InvalidArgument(FieldErrors(
        errors
            .into_iter()
            .map(|e| FieldError::new("stored", e.to_string()))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23 + d).unwrap_or_default()
    }

    #[test]
    fn runs_of_eligible_days_become_ranges() {
        let days: Vec<NaiveDate> = (0..7).map(day).collect();
        assert_eq!(runs(&days, &[true; 7]), [(day(0), day(6))]);
        assert_eq!(runs(&days, &[false; 7]), []);
        assert_eq!(
            runs(&days, &[true, true, false, false, true, false, true]),
            [(day(0), day(1)), (day(4), day(4)), (day(6), day(6))]
        );
        assert_eq!(
            runs(&days, &[false, true, true, true, true, true, true]),
            [(day(1), day(6))]
        );
    }
}
