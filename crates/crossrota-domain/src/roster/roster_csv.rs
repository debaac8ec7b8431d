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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::curtois::parse_curtois;
    use crate::roster::generator::{GeneratorParams, generate};

    const INSTANCE2: &str = include_str!("../../../../data/curtois/Instance2.txt");

    #[test]
    fn a_roster_survives_a_round_trip() {
        let model = parse_curtois(INSTANCE2).expect("Instance2 parses");
        let text = "employee,day,shift\nA,0,E\nA,1,L\n\nB,13,L\n";
        let roster = read_roster_csv(&model, text).expect("valid rows");
        assert_eq!(roster.assignments.len(), 3);
        assert_eq!(roster.assignments[1].shift.as_str(), "L");
        assert_eq!(roster.assignments[1].skill.as_str(), "nurse");
        assert_eq!(roster.assignments[1].site.as_str(), "ward");
        let written = write_roster_csv(&model, &roster);
        assert_eq!(written, "employee,day,shift\nA,0,E\nA,1,L\nB,13,L\n");
        assert_eq!(read_roster_csv(&model, &written), Ok(roster));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let model = parse_curtois(INSTANCE2).expect("Instance2 parses");
        let error = read_roster_csv(&model, "A,0,E\nZZ,1,E\n").expect_err("unknown employee");
        assert_eq!(error.line, 2);
        let error = read_roster_csv(&model, "A,x,E\n").expect_err("bad day");
        assert_eq!(error.line, 1);
        let error = read_roster_csv(&model, "A,0,Q\n").expect_err("unknown shift");
        assert!(error.message.contains("unknown shift"));
        let error = read_roster_csv(&model, "A,0\n").expect_err("two fields");
        assert!(error.message.contains("expected 3 fields"));
    }

    /// A roster where person `i` works day `i` on the first shift at their first site, as
    /// their last skill (not the first, which a three-column reader would pick).
    fn roster_of(model: &RosterModel) -> Roster {
        let assignments = model
            .staff
            .iter()
            .take(10)
            .enumerate()
            .filter_map(|(day, member)| {
                let shift = model
                    .shift_types
                    .iter()
                    .find(|s| member.sites.first() == Some(&s.site))?;
                Some(Assignment {
                    staff: member.code.clone(),
                    day: day as u32,
                    site: shift.site.clone(),
                    shift: shift.code.clone(),
                    skill: member.skills.last()?.skill.clone(),
                })
            })
            .collect();
        Roster::new(assignments)
    }

    #[test]
    fn multi_skill_rosters_keep_their_skills() {
        let model = generate(&GeneratorParams::small(), 2);
        let roster = roster_of(&model);
        assert!(
            roster.assignments.iter().any(|a| model
                .staff_member(&a.staff)
                .is_some_and(|m| m.skills[0].skill != a.skill)),
            "the test needs a person working as other than their first skill"
        );
        let text = write_roster_csv(&model, &roster);
        assert!(text.starts_with("employee,day,shift,skill\n"));
        assert_eq!(read_roster_csv(&model, &text), Ok(roster));
    }

    #[test]
    fn single_skill_rosters_use_the_benchmark_shape() {
        let model = parse_curtois(INSTANCE2).expect("Instance2 parses");
        assert!(!needs_skill_column(&model));
        let roster = roster_of(&model);
        let text = write_roster_csv(&model, &roster);
        assert!(text.starts_with("employee,day,shift\n"));
        assert_eq!(read_roster_csv(&model, &text), Ok(roster));
    }

    #[test]
    fn bad_four_column_rows_name_their_line() {
        let model = generate(&GeneratorParams::small(), 2);
        let staff = model.staff[0].code.clone();
        let shift = model.shift_types[0].code.clone();
        let text = format!("{HEADER_WITH_SKILL}\n{staff},0,{shift},HCA\n{staff},x,{shift},HCA\n");
        let error = read_roster_csv(&model, &text).expect_err("bad day");
        assert_eq!(error.to_string(), "line 3: day \"x\" is not a whole number");
        let error = read_roster_csv(
            &model,
            &format!("{staff},0,{shift},HCA\nnobody,1,{shift},HCA\n"),
        )
        .expect_err("unknown employee");
        assert!(error.to_string().starts_with("line 2: unknown employee"));
        let error = read_roster_csv(
            &model,
            &format!("{staff},0,{shift},HCA\n{staff},1,{shift}\n"),
        )
        .expect_err("three fields in a four-column file");
        assert!(error.to_string().contains("expected 4 fields"));
        let error =
            read_roster_csv(&model, &format!("{staff},0,{shift},\n")).expect_err("empty skill");
        assert_eq!(error.to_string(), "line 1: empty skill");
    }
}
