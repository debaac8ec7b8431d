//! Roster CSV files as the CLI writes and reads them: the benchmark's `employee,day,shift`
//! when the model has one skill, and `employee,day,shift,skill` when it has several.
//!
//! The three-column format cannot say which skill a person covers, and reading it back has to
//! guess (the domain reader takes the person's first demanded skill). On a multi-skill model
//! that guess can move a nurse from the HASU line to the ward line and change the objective,
//! so `roster check` would not reproduce what `roster solve` printed. The fourth column keeps
//! the round trip exact; single-skill files stay in the format other benchmark tools read.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crossrota_domain::roster::roster_csv::{read_roster_csv, write_roster_csv};
use crossrota_domain::roster::{Assignment, Roster, RosterModel, SkillCode};

/// Header of the four-column format.
const HEADER_WITH_SKILL: &str = "employee,day,shift,skill";

/// Whether the model names more than one skill, so rosters need the skill column.
fn needs_skill(model: &RosterModel) -> bool {
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

/// Writes a roster for `model`, rows in the roster's order.
pub(super) fn write(model: &RosterModel, roster: &Roster) -> String {
    if !needs_skill(model) {
        return write_roster_csv(roster);
    }
    let mut out = String::with_capacity(24 * (roster.assignments.len() + 1));
    out.push_str(HEADER_WITH_SKILL);
    out.push('\n');
    for a in &roster.assignments {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{},{},{},{}", a.staff, a.day, a.shift, a.skill);
    }
    out
}

/// Reads either format; the first non-empty line decides which.
pub(super) fn read(model: &RosterModel, text: &str) -> anyhow::Result<Roster> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let four_columns = first.is_some_and(|l| l.split(',').count() == 4);
    if !four_columns {
        return Ok(read_roster_csv(model, text)?);
    }
    let mut assignments = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() || content.eq_ignore_ascii_case(HEADER_WITH_SKILL) {
            continue;
        }
        let fields: Vec<&str> = content.split(',').map(str::trim).collect();
        let [staff, day, shift, skill] = fields[..] else {
            anyhow::bail!(
                "line {line}: expected 4 fields ({HEADER_WITH_SKILL}), found {}",
                fields.len()
            );
        };
        let member = model
            .staff
            .iter()
            .find(|s| s.code.as_str() == staff)
            .ok_or_else(|| anyhow::anyhow!("line {line}: unknown employee {staff}"))?;
        let day: u32 = day
            .parse()
            .map_err(|_| anyhow::anyhow!("line {line}: day {day:?} is not a whole number"))?;
        let shift_type = model
            .shift_types
            .iter()
            .find(|s| s.code.as_str() == shift)
            .ok_or_else(|| anyhow::anyhow!("line {line}: unknown shift {shift}"))?;
        anyhow::ensure!(!skill.is_empty(), "line {line}: empty skill");
        assignments.push(Assignment {
            staff: member.code.clone(),
            day,
            site: shift_type.site.clone(),
            shift: shift_type.code.clone(),
            skill: SkillCode::new(skill),
        });
    }
    Ok(Roster::new(assignments))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrota_domain::roster::curtois::parse_curtois;
    use crossrota_domain::roster::generator::{GeneratorParams, generate};

    const INSTANCE1: &str = include_str!("../../../../data/curtois/Instance1.txt");

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
    fn multi_skill_rosters_keep_their_skills() -> anyhow::Result<()> {
        let model = generate(&GeneratorParams::small(), 2);
        let roster = roster_of(&model);
        assert!(
            roster.assignments.iter().any(|a| model
                .staff_member(&a.staff)
                .is_some_and(|m| m.skills[0].skill != a.skill)),
            "the test needs a person working as other than their first skill"
        );
        let text = write(&model, &roster);
        assert!(text.starts_with("employee,day,shift,skill\n"));
        assert_eq!(read(&model, &text)?, roster);
        Ok(())
    }

    #[test]
    fn single_skill_rosters_use_the_benchmark_format() -> anyhow::Result<()> {
        let model = parse_curtois(INSTANCE1)?;
        let roster = roster_of(&model);
        let text = write(&model, &roster);
        assert!(text.starts_with("employee,day,shift\n"));
        assert_eq!(read(&model, &text)?, roster);
        Ok(())
    }

    #[test]
    fn bad_rows_name_their_line() {
        let model = generate(&GeneratorParams::small(), 2);
        let staff = model.staff[0].code.clone();
        let shift = model.shift_types[0].code.clone();
        let text = format!("{HEADER_WITH_SKILL}\n{staff},0,{shift},HCA\n{staff},x,{shift},HCA\n");
        let error = read(&model, &text).expect_err("bad day");
        assert_eq!(error.to_string(), "line 3: day \"x\" is not a whole number");
        let error = read(
            &model,
            &format!("{staff},0,{shift},HCA\nnobody,1,{shift},HCA\n"),
        )
        .expect_err("unknown employee");
        assert!(error.to_string().starts_with("line 2: unknown employee"));
        let error = read(
            &model,
            &format!("{staff},0,{shift},HCA\n{staff},1,{shift}\n"),
        )
        .expect_err("three fields in a four-column file");
        assert!(error.to_string().contains("expected 4 fields"));
    }
}
