//! The benchmark's roster CSV: one `employee,day,shift` row per worked day (day 0-based).
//!
//! The format is what other Curtois solvers exchange, so rosters can be compared across tools.
//! It carries no site or skill: reading takes them from the model (the shift's site, and the
//! first of the person's skills that the shift demands that day).

use std::fmt::Write as _;

use crate::roster::model::{Assignment, Roster, RosterModel};

/// The header line written and accepted.
pub const HEADER: &str = "employee,day,shift";

/// A row of the CSV that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RosterCsvError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// Writes a roster, header first, rows in the roster's order.
pub fn write_roster_csv(roster: &Roster) -> String {
    let mut out = String::with_capacity(16 * (roster.assignments.len() + 1));
    out.push_str(HEADER);
    out.push('\n');
    for a in &roster.assignments {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{},{},{}", a.staff, a.day, a.shift);
    }
    out
}

/// Reads a roster for `model`. Empty lines are skipped; the header is optional.
pub fn read_roster_csv(model: &RosterModel, text: &str) -> Result<Roster, RosterCsvError> {
    let mut assignments = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() || (line == 1 && content.eq_ignore_ascii_case(HEADER)) {
            continue;
        }
        let at = |message: String| RosterCsvError { line, message };
        let fields: Vec<&str> = content.split(',').map(str::trim).collect();
        let [staff, day, shift] = fields[..] else {
            return Err(at(format!(
                "expected 3 fields ({HEADER}), found {}",
                fields.len()
            )));
        };
        let member = model
            .staff
            .iter()
            .find(|s| s.code.as_str() == staff)
            .ok_or_else(|| at(format!("unknown employee {staff}")))?;
        let day: u32 = day
            .parse()
            .map_err(|_| at(format!("day {day:?} is not a whole number")))?;
        let shift_type = model
            .shift_types
            .iter()
            .find(|s| s.code.as_str() == shift)
            .ok_or_else(|| at(format!("unknown shift {shift}")))?;
        let demanded = member.skills.iter().find(|g| {
            model.demands.iter().any(|d| {
                d.day == day
                    && d.shift == shift_type.code
                    && d.site == shift_type.site
                    && d.skill == g.skill
            })
        });
        let grant = demanded
            .or_else(|| member.skills.first())
            .ok_or_else(|| at(format!("employee {staff} holds no skill")))?;
        assignments.push(Assignment {
            staff: member.code.clone(),
            day,
            site: shift_type.site.clone(),
            shift: shift_type.code.clone(),
            skill: grant.skill.clone(),
        });
    }
    Ok(Roster::new(assignments))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::curtois::parse_curtois;

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
        let written = write_roster_csv(&roster);
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
}
