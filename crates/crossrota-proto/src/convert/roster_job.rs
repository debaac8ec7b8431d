//! Roster job requests: solve options, submissions and replans, read into checked values
//! whose field errors are rooted at the request (`options.mip_gap`, `absences[1].days`).
//!
//! The values here are plain data; the server hands them to the roster service, which judges
//! what only it can (whether a backend is built in, whether a published job exists).

use std::time::Duration;

use crossrota_domain::FieldErrors;
use crossrota_domain::jobs::{DEFAULT_TIME_LIMIT, JobOptions, MAX_TIME_LIMIT, SolverBackend};
use crossrota_domain::roster::stored::StoredProblem;
use crossrota_domain::roster::{Demand, Roster, RosterModel, StaffCode};

use crate::convert::fields::{collect, non_negative};
use crate::convert::ids::required_id;
use crate::convert::roster_model::{demand, roster_model};
use crate::convert::roster_result::roster_from_wire;
use crate::convert::roster_stored::stored_problem;
use crate::crossrota::v1 as pb;

/// The longest job name.
pub const MAX_JOB_NAME_LEN: usize = 200;

/// Reads an optional `options` field rooted at `path` into the domain's job options: an
/// unspecified backend or 0 threads means "the best this server has" (`None`), a time limit
/// of 0 the default; every value is checked by [`JobOptions::validate`].
pub fn roster_options(
    path: &str,
    options: Option<pb::RosterSolveOptions>,
) -> Result<JobOptions, FieldErrors> {
    let o = options.unwrap_or_default();
    let mut errs = FieldErrors::new();
    let seconds = o.time_limit_seconds;
    let time_limit = if seconds == 0.0 {
        DEFAULT_TIME_LIMIT
    } else if seconds.is_finite() && seconds > 0.0 && seconds <= MAX_TIME_LIMIT.as_secs_f64() {
        Duration::from_secs_f64(seconds)
    } else {
        // Out of range: validation below names it.
        Duration::ZERO
    };
    let threads = match u32::try_from(o.threads) {
        Ok(0) => None,
        Ok(n) => Some(n),
        Err(_) => Some(u32::MAX),
    };
    let backend = match pb::RosterSolverBackend::try_from(o.backend) {
        Ok(pb::RosterSolverBackend::Unspecified) => None,
        Ok(pb::RosterSolverBackend::Microlp) => Some(SolverBackend::Microlp),
        Ok(pb::RosterSolverBackend::Highs) => Some(SolverBackend::Highs),
        Err(_) => {
            errs.push(
                format!("{path}.backend"),
                format!("unknown value {}", o.backend),
            );
            None
        }
    };
    let options = JobOptions {
        time_limit,
        mip_gap: o.mip_gap,
        threads,
        seed: o.seed,
        backend,
        deterministic: o.deterministic,
    };
    if let Err(e) = options.validate(path) {
        // Validation's errors come first, in field order; the backend's last.
        let backend_errors = std::mem::take(&mut errs.0);
        errs.0 = e.0;
        errs.0.extend(backend_errors);
    }
    errs.into_result(options)
}

/// The wire form of job options: `None` choices go back as unspecified / 0.
pub fn roster_options_to_proto(o: &JobOptions) -> pb::RosterSolveOptions {
    pb::RosterSolveOptions {
        time_limit_seconds: o.time_limit.as_secs_f64(),
        mip_gap: o.mip_gap,
        threads: o
            .threads
            .map_or(0, |n| i32::try_from(n).unwrap_or(i32::MAX)),
        seed: o.seed,
        backend: match o.backend {
            None => pb::RosterSolverBackend::Unspecified,
            Some(SolverBackend::Microlp) => pb::RosterSolverBackend::Microlp,
            Some(SolverBackend::Highs) => pb::RosterSolverBackend::Highs,
        } as i32,
        deterministic: o.deterministic,
    }
}

fn job_name(path: &str, name: String) -> Result<String, FieldErrors> {
    let name = name.trim().to_owned();
    if name.chars().count() > MAX_JOB_NAME_LEN {
        Err(FieldErrors::single(
            path,
            format!("at most {MAX_JOB_NAME_LEN} characters"),
        ))
    } else {
        Ok(name)
    }
}

/// What a SubmitRosterJob request asks to solve.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemInput {
    /// A model, well formed (not yet validated as a whole).
    Model(RosterModel),
    /// A problem over stored staff and profiles, well formed (what its references mean is the
    /// roster service's to judge).
    Stored(Box<StoredProblem>),
}

/// A checked SubmitRosterJob request.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitRosterJob {
    /// The problem.
    pub problem: ProblemInput,
    /// The options.
    pub options: JobOptions,
    /// The label, trimmed.
    pub name: String,
}

impl TryFrom<pb::SubmitRosterJobRequest> for SubmitRosterJob {
    type Error = FieldErrors;

    fn try_from(req: pb::SubmitRosterJobRequest) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        use pb::submit_roster_job_request::Problem;
        let problem = match req.problem {
            None => {
                errs.push("problem", "required: set model or stored");
                None
            }
            Some(Problem::Model(model)) => {
                collect(&mut errs, roster_model("model", Some(model))).map(ProblemInput::Model)
            }
            Some(Problem::Stored(stored)) => {
                collect(&mut errs, stored_problem("stored", Some(stored)))
                    .map(|p| ProblemInput::Stored(Box::new(p)))
            }
        };
        let options = collect(&mut errs, roster_options("options", req.options));
        let name = collect(&mut errs, job_name("name", req.name));
        match (problem, options, name) {
            (Some(problem), Some(options), Some(name)) => Ok(Self {
                problem,
                options,
                name,
            }),
            _ => Err(errs),
        }
    }
}

/// What a replan starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum PublishedInput {
    /// A stored job, by id.
    Job(i64),
    /// A roster given in full with its model.
    Roster {
        /// The model the roster was made for.
        model: RosterModel,
        /// The roster.
        roster: Roster,
    },
}

/// A person absent on `days` consecutive days from `from_day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsenceInput {
    /// Who.
    pub staff: StaffCode,
    /// First day absent.
    pub from_day: u32,
    /// Number of days, at least 1.
    pub days: u32,
}

/// A checked ReplanRoster request.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplanRoster {
    /// What to replan.
    pub published: PublishedInput,
    /// People who became unavailable.
    pub absences: Vec<AbsenceInput>,
    /// Extra demand lines.
    pub extra_demands: Vec<Demand>,
    /// Cost of each changed assignment.
    pub change_penalty: f64,
    /// The options.
    pub options: JobOptions,
    /// The label, trimmed.
    pub name: String,
}

fn published(
    p: Option<pb::replan_roster_request::Published>,
) -> Result<PublishedInput, FieldErrors> {
    use pb::replan_roster_request::Published;
    match p {
        None => Err(FieldErrors::single(
            "published",
            "required: set published_job_id or published_roster",
        )),
        Some(Published::PublishedJobId(id)) => {
            required_id("published_job_id", id).map(PublishedInput::Job)
        }
        Some(Published::PublishedRoster(r)) => {
            let mut errs = FieldErrors::new();
            let model = collect(&mut errs, roster_model("published_roster.model", r.model));
            let roster = collect(
                &mut errs,
                roster_from_wire("published_roster.assignments", r.assignments),
            );
            match (model, roster) {
                (Some(model), Some(roster)) => Ok(PublishedInput::Roster { model, roster }),
                _ => Err(errs),
            }
        }
    }
}

fn absence(path: &str, a: pb::StaffAbsence) -> Result<AbsenceInput, FieldErrors> {
    let mut errs = FieldErrors::new();
    if a.staff.trim().is_empty() {
        errs.push(format!("{path}.staff"), "required");
    }
    let from_day = collect(
        &mut errs,
        non_negative(&format!("{path}.from_day"), a.from_day),
    );
    if a.days < 1 {
        errs.push(format!("{path}.days"), "must be at least 1");
    }
    match from_day {
        Some(from_day) if errs.is_empty() => Ok(AbsenceInput {
            staff: StaffCode(a.staff),
            from_day,
            days: a.days.unsigned_abs(),
        }),
        _ => Err(errs),
    }
}

impl TryFrom<pb::ReplanRosterRequest> for ReplanRoster {
    type Error = FieldErrors;

    fn try_from(req: pb::ReplanRosterRequest) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        let published = collect(&mut errs, published(req.published));
        let absences: Vec<AbsenceInput> = req
            .absences
            .into_iter()
            .enumerate()
            .filter_map(|(i, a)| collect(&mut errs, absence(&format!("absences[{i}]"), a)))
            .collect();
        let extra_demands: Vec<Demand> = req
            .extra_demands
            .into_iter()
            .enumerate()
            .filter_map(|(i, d)| collect(&mut errs, demand(&format!("extra_demands[{i}]"), d)))
            .collect();
        let penalty = req.change_penalty;
        if !(penalty.is_finite() && penalty >= 0.0) {
            errs.push("change_penalty", "must be a finite number, 0 or more");
        }
        let options = collect(&mut errs, roster_options("options", req.options));
        let name = collect(&mut errs, job_name("name", req.name));
        match (published, options, name) {
            (Some(published), Some(options), Some(name)) if errs.is_empty() => Ok(Self {
                published,
                absences,
                extra_demands,
                change_penalty: penalty,
                options,
                name,
            }),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;

    fn options(o: pb::RosterSolveOptions) -> Result<JobOptions, FieldErrors> {
        roster_options("options", Some(o))
    }

    #[test]
    fn absent_options_are_the_defaults_and_round_trip() {
        let defaults = roster_options("options", None).unwrap();
        assert_eq!(defaults, JobOptions::default());
        assert_eq!(
            defaults.backend, None,
            "unspecified: the best this server has"
        );
        assert_eq!(defaults.threads, None, "unspecified: one search per core");
        assert_eq!(options(roster_options_to_proto(&defaults)), Ok(defaults));
        let chosen = JobOptions {
            time_limit: Duration::from_millis(2500),
            mip_gap: 0.01,
            threads: Some(4),
            seed: 99,
            backend: Some(SolverBackend::Microlp),
            deterministic: true,
        };
        assert_eq!(options(roster_options_to_proto(&chosen)), Ok(chosen));
    }

    #[test]
    fn out_of_range_options_are_named() {
        let bad = pb::RosterSolveOptions {
            time_limit_seconds: -1.0,
            mip_gap: f64::INFINITY,
            threads: 65,
            seed: 0,
            backend: 7,
            deterministic: false,
        };
        assert_eq!(
            err(options(bad)),
            "options.time_limit_seconds: must be more than 0 and at most 3600; \
             options.mip_gap: must be 0 to 1; options.threads: must be 0 (one per core) to 64; \
             options.backend: unknown value 7"
        );
        let too_long = pb::RosterSolveOptions {
            time_limit_seconds: 3600.5,
            ..Default::default()
        };
        assert!(err(options(too_long)).starts_with("options.time_limit_seconds"));
    }

    #[test]
    fn replan_requests_name_every_bad_field() {
        let req = pb::ReplanRosterRequest {
            published: None,
            absences: vec![
                pb::StaffAbsence {
                    staff: "A".into(),
                    from_day: 2,
                    days: 3,
                },
                pb::StaffAbsence {
                    staff: String::new(),
                    from_day: -1,
                    days: 0,
                },
            ],
            extra_demands: vec![pb::RosterDemand {
                required: -1,
                ..Default::default()
            }],
            change_penalty: -5.0,
            options: None,
            name: "x".repeat(201),
        };
        assert_eq!(
            err(ReplanRoster::try_from(req)),
            "published: required: set published_job_id or published_roster; \
             absences[1].staff: required; absences[1].from_day: must not be negative; \
             absences[1].days: must be at least 1; extra_demands[0].site: required; \
             extra_demands[0].shift: required; extra_demands[0].skill: required; \
             extra_demands[0].required: must not be negative; \
             change_penalty: must be a finite number, 0 or more; name: at most 200 characters"
        );
    }

    #[test]
    fn a_replan_of_a_job_reads_its_changes() {
        let req = pb::ReplanRosterRequest {
            published: Some(pb::replan_roster_request::Published::PublishedJobId(12)),
            absences: vec![pb::StaffAbsence {
                staff: "A".into(),
                from_day: 2,
                days: 3,
            }],
            change_penalty: 10.0,
            name: "  sick cover ".into(),
            ..Default::default()
        };
        let replan = ReplanRoster::try_from(req).unwrap();
        assert_eq!(replan.published, PublishedInput::Job(12));
        assert_eq!(
            replan.absences,
            [AbsenceInput {
                staff: StaffCode::from("A"),
                from_day: 2,
                days: 3
            }]
        );
        assert_eq!(replan.name, "sick cover");
        let zero_id = pb::ReplanRosterRequest {
            published: Some(pb::replan_roster_request::Published::PublishedJobId(0)),
            ..Default::default()
        };
        assert_eq!(
            err(ReplanRoster::try_from(zero_id)),
            "published_job_id: required"
        );
    }
}
