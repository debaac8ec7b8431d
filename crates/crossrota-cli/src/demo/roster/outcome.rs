//! What a finished roster job produced, as the demo prints it: the checker's verdict, the
//! cover of the demand, the agency cost of what stays open, and the HTML grid.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use crossrota_domain::roster::{CheckReport, Roster, RosterModel, StaffCode, check};
use crossrota_proto::convert::roster_model::roster_model;
use crossrota_proto::convert::roster_result::roster_from_wire;
use crossrota_proto::crossrota::v1 as pb;

use crate::roster::html;

/// Required and covered places over all demand lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Coverage {
    pub(super) required: u64,
    pub(super) covered: u64,
}

impl Coverage {
    pub(super) fn of(report: &CheckReport) -> Self {
        let mut c = Coverage {
            required: 0,
            covered: 0,
        };
        for line in &report.cover {
            let required = u32::try_from(line.required).unwrap_or(0);
            c.required += u64::from(required);
            c.covered += u64::from(line.assigned.min(required));
        }
        c
    }

    /// Percentage covered; 100 when nothing was required.
    pub(super) fn percent(self) -> f64 {
        if self.required == 0 {
            100.0
        } else {
            100.0 * self.covered as f64 / self.required as f64
        }
    }
}

/// The job's roster and model, in domain terms, re-checked here.
pub(super) struct Outcome {
    pub(super) model: RosterModel,
    pub(super) roster: Roster,
    pub(super) report: CheckReport,
}

impl Outcome {
    /// Reads the wire model and the result's assignments, and judges them with the same
    /// independent checker the server ran.
    pub(super) fn read(model: pb::RosterModel, result: &pb::RosterResult) -> anyhow::Result<Self> {
        let model = roster_model("model", Some(model))
            .map_err(|e| anyhow::anyhow!("the job's model: {e}"))?;
        let roster = roster_from_wire("result.assignments", result.assignments.clone())
            .map_err(|e| anyhow::anyhow!("the job's roster: {e}"))?;
        let report = check(&model, &roster);
        Ok(Self {
            model,
            roster,
            report,
        })
    }

    /// Prints the verdict (the server's checker against the solver, and this re-check), the
    /// cover and the agency cost of the uncovered demand.
    pub(super) fn print(&self, result: &pb::RosterResult) {
        let server = result.check.as_ref();
        let broken = server.map_or(self.report.violations.len(), |c| c.violations.len());
        let feasible = if broken == 0 {
            "feasible, no hard rule broken".to_owned()
        } else {
            format!("INFEASIBLE, {broken} hard rule(s) broken")
        };
        let checker = server
            .and_then(|c| c.objective.as_ref())
            .map(|o| o.total)
            .unwrap_or(self.report.objective.total);
        let solver = result
            .objective
            .map_or_else(|| "none".to_owned(), |v| format!("{v:.2}"));
        let here = if (self.report.objective.total - checker).abs() <= 1e-6 * checker.abs().max(1.0)
            && self.report.is_feasible() == (broken == 0)
        {
            "the same when re-checked here".to_owned()
        } else {
            format!(
                "re-checked here: {:.2}, {} violation(s)",
                self.report.objective.total,
                self.report.violations.len()
            )
        };
        let eligible = self
            .model
            .staff
            .iter()
            .filter(|s| !s.skills.is_empty())
            .count();
        println!(
            "{eligible} of the {} nurses are compliant with the profile on at least one day; \
             the others' passports lack a requirement or let one lapse",
            self.model.staff.len()
        );
        println!(
            "verdict: {feasible}; objective {checker:.2} by the checker, {solver} by the solver ({here})"
        );
        let coverage = Coverage::of(&self.report);
        println!(
            "coverage: {} of {} shifts covered ({:.1}%), {} uncovered",
            coverage.covered,
            coverage.required,
            coverage.percent(),
            coverage.required - coverage.covered
        );
        let objective = server.and_then(|c| c.objective.as_ref());
        let uncovered = objective.map_or(self.report.objective.uncovered, |o| o.uncovered);
        let pay = objective.map_or(self.report.objective.pay, |o| o.pay);
        println!(
            "agency cost of the uncovered shifts: £{} (staff pay £{})",
            money(uncovered),
            money(pay)
        );
    }

    /// Writes the HTML grid to `path`, people shown by `labels` (name and trust) instead of
    /// their bare staff ids.
    pub(super) fn write_html(
        &self,
        path: &Path,
        labels: &HashMap<String, String>,
        title: &str,
    ) -> anyhow::Result<()> {
        let relabel = |code: &StaffCode| {
            labels
                .get(code.as_str())
                .map_or_else(|| code.clone(), |l| StaffCode(l.clone()))
        };
        let mut model = self.model.clone();
        for s in &mut model.staff {
            s.code = relabel(&s.code);
        }
        let mut assignments = self.roster.assignments.clone();
        for a in &mut assignments {
            a.staff = relabel(&a.staff);
        }
        let roster = Roster::new(assignments);
        // Judged again under the new codes, so violations point at the rows as drawn.
        let report = check(&model, &roster);
        std::fs::write(path, html::render(&model, &roster, &report, title))
            .with_context(|| format!("writing {}", path.display()))
    }
}

/// Pounds with thousands separators and pence: 12,345.60.
fn money(amount: f64) -> String {
    let pence = (amount * 100.0).round();
    let whole = format!("{:.0}", (pence / 100.0).trunc().abs());
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if pence < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}.{:02}", (pence.abs() % 100.0) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrota_domain::roster::{CoverLine, ObjectiveBreakdown, ShiftCode, SiteCode, SkillCode};

    fn line(required: i32, assigned: u32) -> CoverLine {
        CoverLine {
            site: SiteCode::from("MTW"),
            day: 0,
            shift: ShiftCode::from("MTW-E"),
            skill: SkillCode::from("RN"),
            required,
            assigned,
        }
    }

    #[test]
    fn coverage_counts_places_filled_up_to_what_was_required() {
        let report = CheckReport {
            objective: ObjectiveBreakdown::default(),
            violations: Vec::new(),
            cover: vec![line(3, 1), line(2, 4), line(2, 2), line(0, 1)],
        };
        let c = Coverage::of(&report);
        assert_eq!((c.required, c.covered), (7, 5));
        assert!((c.percent() - 500.0 / 7.0).abs() < 1e-9);
        let empty = CheckReport {
            cover: Vec::new(),
            ..report
        };
        assert_eq!(Coverage::of(&empty).percent(), 100.0);
    }

    #[test]
    fn money_has_separators_and_pence() {
        assert_eq!(money(0.0), "0.00");
        assert_eq!(money(440.0), "440.00");
        assert_eq!(money(12_345.6), "12,345.60");
        assert_eq!(money(1_234_567.891), "1,234,567.89");
    }
}
