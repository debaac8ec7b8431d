//! Roster CSV: one row per worked day, day 0-based.
//!
//! Two shapes. The benchmark's `employee,day,shift` is what other Curtois solvers exchange, so
//! rosters can be compared across tools; it carries no site or skill, and reading takes them
//! from the model (the shift's site, and the first of the person's skills that the shift
//! demands that day). On a model with several skills that guess could move a nurse from the
//! HASU line to the ward line and change the objective, so rosters of such models are written
//! as `employee,day,shift,skill`, which round-trips exactly. Reading accepts both; the first
//! non-empty line decides which.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::roster::codes::SkillCode;
use crate::roster::model::{Assignment, Roster, RosterModel, RosterStaff, ShiftType};

/// The header line of the benchmark's three-column shape.
pub const HEADER: &str = "employee,day,shift";

/// The header line of the four-column shape, for models with several skills.
pub const HEADER_WITH_SKILL: &str = "employee,day,shift,skill";

/// A row of the CSV that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RosterCsvError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// Whether rosters of `model` need the skill column: it names more than one skill.
pub fn needs_skill_column(model: &RosterModel) -> bool {
    let skills: BTreeSet<&SkillCode> = model
        .demands
        .iter()
        .map(|d| &d.skill)
        .chain(
            model
                .staff
                .iter()
                .flat_map(|s| s.skills.iter().map(|g| &g.skill)),
        )
        .collect();
    skills.len() > 1
}

/// Writes a roster of `model`, header first, rows in the roster's order: three columns, or
/// four when the model has several skills.
pub fn write_roster_csv(model: &RosterModel, roster: &Roster) -> String {
    let with_skill = needs_skill_column(model);
    let mut out = String::with_capacity(24 * (roster.assignments.len() + 1));
    out.push_str(if with_skill {
        HEADER_WITH_SKILL
    } else {
        HEADER
    });
    out.push('\n');
    for a in &roster.assignments {
        // Writing to a String cannot fail.
        let _ = if with_skill {
            writeln!(out, "{},{},{},{}", a.staff, a.day, a.shift, a.skill)
        } else {
            writeln!(out, "{},{},{}", a.staff, a.day, a.shift)
        };
    }
    out
}

/// Reads a roster for `model` in either shape. Empty lines are skipped; the header is
/// optional.
pub fn read_roster_csv(model: &RosterModel, text: &str) -> Result<Roster, RosterCsvError> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let columns = if first.is_some_and(|l| l.split(',').count() == 4) {
        4
    } else {
        3
    };
    let header = if columns == 4 {
        HEADER_WITH_SKILL
    } else {
        HEADER
    };
    let mut assignments = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() || content.eq_ignore_ascii_case(header) {
            continue;
        }
        let at = |message: String| RosterCsvError { line, message };
        let fields: Vec<&str> = content.split(',').map(str::trim).collect();
        if fields.len() != columns {
            return Err(at(format!(
                "expected {columns} fields ({header}), found {}",
                fields.len()
            )));
        }
        let member = model
            .staff
            .iter()
            .find(|s| s.code.as_str() == fields[0])
            .ok_or_else(|| at(format!("unknown employee {}", fields[0])))?;
        let day: u32 = fields[1]
            .parse()
            .map_err(|_| at(format!("day {:?} is not a whole number", fields[1])))?;
        let shift_type = model
            .shift_types
            .iter()
            .find(|s| s.code.as_str() == fields[2])
            .ok_or_else(|| at(format!("unknown shift {}", fields[2])))?;
        let skill = match fields.get(3) {
            Some(&"") => return Err(at("empty skill".to_owned())),
            Some(skill) => SkillCode::new(*skill),
            None => inferred_skill(model, member, shift_type, day)
                .ok_or_else(|| at(format!("employee {} holds no skill", member.code)))?,
        };
        assignments.push(Assignment {
            staff: member.code.clone(),
            day,
            site: shift_type.site.clone(),
            shift: shift_type.code.clone(),
            skill,
        });
    }
    Ok(Roster::new(assignments))
}

/// The skill a three-column row stands for: the first of the person's skills that the shift
/// demands that day, else their first skill.
fn inferred_skill(
    model: &RosterModel,
    member: &RosterStaff,
    shift_type: &ShiftType,
    day: u32,
) -> Option<SkillCode> {
    let demanded = member.skills.iter().find(|g| {
        model.demands.iter().any(|d| {
            d.day == day
                && d.shift == shift_type.code
                && d.site == shift_type.site
                && d.skill == g.skill
        })
    });
    demanded
        .or_else(|| member.skills.first())
        .map(|g| g.skill.clone())
}
