//! Printing the checker's verdict: the objective term by term, hard violations with the
//! violation index's advice, explanations of uncovered demand and fairness figures.

use std::collections::{BTreeMap, BTreeSet};

use crossrota_domain::roster::{
    Assignment, CheckReport, CoverLine, Demand, ObjectiveBreakdown, Reason, Roster, RosterModel,
    Rule, Shortfall, Violation, explain_shortfalls,
};

use crossrota_domain::roster::fairness::{FairnessSummary, Range};

/// How many of the closest candidates are named for each short line.
const NEAREST: usize = 3;

/// An objective value or cost as printed everywhere, so outputs can be compared as text.
pub(super) fn value(x: f64) -> String {
    format!("{x:.2}")
}

/// The objective, one term per line.
pub(super) fn print_objective(objective: &ObjectiveBreakdown) {
    println!("objective breakdown:");
    for (name, amount) in [
        ("uncovered demand", objective.uncovered),
        ("over-cover", objective.over_cover),
        ("requests not honoured", objective.requests),
        ("pay", objective.pay),
        ("fairness", objective.fairness),
        ("total", objective.total),
    ] {
        println!("  {name:<22} {:>14}", value(amount));
    }
}

/// Every hard violation, then the violation index's advice once per rule.
pub(super) fn print_violations(violations: &[Violation]) {
    if violations.is_empty() {
        println!("hard violations: none");
        return;
    }
    println!("hard violations: {}", violations.len());
    for v in violations {
        let staff = v.staff.as_ref().map_or("-", |s| s.as_str());
        let day = v.day.map_or_else(|| "-".to_owned(), |d| format!("day {d}"));
        println!(
            "  {:<24} {:<10} {:<7} {}",
            v.rule.code(),
            staff,
            day,
            v.message
        );
    }
    let rules: BTreeSet<Rule> = violations.iter().map(|v| v.rule).collect();
    for rule in rules {
        println!("  help {}: {}", rule.code(), rule.help());
    }
}

/// The codes of the broken rules, for an error message.
pub(super) fn broken_rules(violations: &[Violation]) -> String {
    let rules: BTreeSet<&str> = violations.iter().map(|v| v.rule.code()).collect();
    rules.into_iter().collect::<Vec<_>>().join(", ")
}

/// A short line with its demand, for ranking by cost.
struct Short<'a> {
    line: &'a CoverLine,
    demand: &'a Demand,
}

impl Short<'_> {
    fn cost(&self) -> f64 {
        self.demand.cost_per_missing * f64::from(self.line.missing())
    }
}

/// Summarises uncovered demand and explains the `limit` costliest short lines.
pub(super) fn print_shortfalls(
    model: &RosterModel,
    roster: &Roster,
    report: &CheckReport,
    limit: usize,
) {
    // The report's cover lines are in model order, one per demand.
    let mut short: Vec<Short<'_>> = report
        .cover
        .iter()
        .zip(&model.demands)
        .filter(|(line, _)| line.missing() > 0)
        .map(|(line, demand)| Short { line, demand })
        .collect();
    if short.is_empty() {
        println!("uncovered demand: none");
        return;
    }
    let people: u32 = short.iter().map(|s| s.line.missing()).sum();
    println!(
        "uncovered demand: {} short line(s), {people} people missing, cost {}",
        short.len(),
        value(report.objective.uncovered)
    );
    short.sort_by(|a, b| {
        b.cost()
            .total_cmp(&a.cost())
            .then(a.line.day.cmp(&b.line.day))
    });
    for s in short.iter().take(limit) {
        let line = s.line;
        let date = model
            .horizon
            .date(line.day)
            .map(|d| d.format(" (%a %Y-%m-%d)").to_string())
            .unwrap_or_default();
        println!(
            "  day {}{date} {} as {}: {} of {} missing, {} each",
            line.day,
            line.shift,
            line.skill,
            line.missing(),
            line.required,
            value(s.demand.cost_per_missing)
        );
        if let Some(shortfall) = explain_line(model, roster, s.demand) {
            let elsewhere = model.staff.len() - shortfall.candidates.len();
            print_candidates(&shortfall, elsewhere);
        }
    }
    if short.len() > limit {
        println!(
            "  … and {} more short line(s) (raise --explain to see them)",
            short.len() - limit
        );
    }
}

/// Explains one short demand line. The checker is run on a model cut down to that line and
/// the staff allowed at its site: a person's hard rules depend only on their own shifts, so
/// their reason is the same as in the full model, at a fraction of the cost (explaining
/// against a 600-person model would re-check the whole roster 600 times per line).
fn explain_line(model: &RosterModel, roster: &Roster, demand: &Demand) -> Option<Shortfall> {
    let staff: Vec<_> = model
        .staff
        .iter()
        .filter(|s| s.sites.contains(&demand.site))
        .cloned()
        .collect();
    let codes: BTreeSet<_> = staff.iter().map(|s| &s.code).collect();
    let on_line = |a: &Assignment| {
        a.site == demand.site
            && a.day == demand.day
            && a.shift == demand.shift
            && a.skill == demand.skill
    };
    let kept = roster
        .assignments
        .iter()
        .filter(|a| codes.contains(&a.staff) || on_line(a))
        .cloned()
        .collect();
    let cut = RosterModel {
        horizon: model.horizon,
        sites: model.sites.clone(),
        shift_types: model.shift_types.clone(),
        demands: vec![demand.clone()],
        staff,
        weights: model.weights,
    };
    explain_shortfalls(&cut, &Roster::new(kept))
        .into_iter()
        .next()
}

/// How far a person is from being able to take the shift; smaller is nearer.
fn distance(reason: &Reason) -> usize {
    match reason {
        Reason::Available => 0,
        Reason::WouldBreak(rules) => rules.len(),
        Reason::WorksOtherShift(_) => 50,
        Reason::Unavailable => 60,
        Reason::LacksSkill => 70,
        Reason::NotAtSite => 80,
    }
}

fn describe(reason: &Reason) -> String {
    match reason {
        Reason::Available => "free; left open for cost".to_owned(),
        Reason::WouldBreak(rules) => {
            let codes: Vec<&str> = rules.iter().map(|r| r.code()).collect();
            format!("would break {}", codes.join(", "))
        }
        Reason::WorksOtherShift(shift) => format!("works {shift} that day"),
        Reason::Unavailable => "unavailable".to_owned(),
        Reason::LacksSkill => "lacks the skill that day".to_owned(),
        Reason::NotAtSite => "may not work at the site".to_owned(),
    }
}

/// Names the nearest candidates and counts the rest by reason.
fn print_candidates(shortfall: &Shortfall, elsewhere: usize) {
    let mut candidates: Vec<_> = shortfall.candidates.iter().collect();
    candidates.sort_by_key(|c| distance(&c.reason));
    let nearest: Vec<String> = candidates
        .iter()
        .take(NEAREST)
        .map(|c| format!("{} ({})", c.staff, describe(&c.reason)))
        .collect();
    if nearest.is_empty() {
        println!("    nobody may work at {}", shortfall.site);
    } else {
        println!("    nearest: {}", nearest.join("; "));
    }
    let mut others: BTreeMap<&str, usize> = BTreeMap::new();
    for c in candidates.iter().skip(NEAREST) {
        let kind = match c.reason {
            Reason::Available => "free",
            Reason::WouldBreak(_) => "would break a rule",
            Reason::WorksOtherShift(_) => "on another shift",
            Reason::Unavailable => "unavailable",
            Reason::LacksSkill => "lacking the skill",
            Reason::NotAtSite => "not allowed at the site",
        };
        *others.entry(kind).or_default() += 1;
    }
    if elsewhere > 0 {
        *others.entry("not allowed at the site").or_default() += elsewhere;
    }
    if !others.is_empty() {
        let counts: Vec<String> = others.iter().map(|(k, n)| format!("{n} {k}")).collect();
        println!("    others: {}", counts.join(", "));
    }
}

/// Fairness figures over all staff and against targets.
pub(super) fn print_fairness(staff: usize, fairness: &FairnessSummary) {
    println!("fairness ({staff} staff):");
    let line = |name: &str, range: &Option<Range>, signed: bool| {
        let Some(r) = range else {
            return;
        };
        let show = |x: f64| {
            if signed {
                format!("{x:+.1}")
            } else {
                format!("{x:.1}")
            }
        };
        println!(
            "  {name:<28} min {} ({}), max {} ({}), spread {:.1}",
            show(r.min),
            r.min_staff,
            show(r.max),
            r.max_staff,
            r.spread()
        );
    };
    line("hours worked", &fairness.hours, false);
    line(
        &format!("hours vs target ({})", fairness.with_hours_target),
        &fairness.hours_vs_target,
        true,
    );
    line("weekends worked", &fairness.weekends, false);
    line(
        &format!("weekends vs target ({})", fairness.with_weekends_target),
        &fairness.weekends_vs_target,
        true,
    );
}
