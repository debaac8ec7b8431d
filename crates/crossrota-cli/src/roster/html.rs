//! A roster as one self-contained HTML page: a staff × day grid coloured by shift type, a
//! legend, and a cover table with uncovered demand in red.
//!
//! The page has no external assets (inline CSS, no scripts, no fonts), so it can be mailed
//! between trusts or opened offline. Every name from the model is HTML-escaped: model files
//! come from other organisations.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{Datelike, Weekday};
use crossrota_domain::roster::{
    Assignment, CheckReport, CoverLine, Roster, RosterModel, ShiftCode, ShiftType, SiteCode,
    SkillCode, StaffCode,
};

/// The stylesheet; shift-type colours are appended per model.
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
margin:16px;color:#1d2530;font-size:13px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:22px 0 6px}
.summary{color:#4a5563;margin:0 0 8px}
.legend{display:flex;flex-wrap:wrap;gap:6px 28px;margin:6px 0 12px;padding:0;list-style:none}
.legend li{display:flex;flex-wrap:wrap;align-items:center;gap:4px 6px}
.legend b{font-weight:600;margin-right:2px}
.swatch{display:inline-block;min-width:36px;padding:2px 4px;text-align:center;\
border:1px solid #c4cad3;border-radius:3px;font-weight:600;font-size:11px}
table{border-collapse:collapse}
th,td{border:1px solid #dde1e6;padding:1px 2px;text-align:center;white-space:nowrap}
.grid td{min-width:26px;height:18px;padding:1px;font-size:9px;font-weight:600;letter-spacing:-0.2px}
thead th{position:sticky;top:0;background:#f4f6f8;font-size:9px;font-weight:600;z-index:1}
th.name{text-align:left;position:sticky;left:0;background:#fff;font-weight:600}
thead th.name{background:#f4f6f8;z-index:2}
td.site{font-weight:400;color:#4a5563;text-align:left}
td.num{font-weight:400;text-align:right}
.we{background:#eef0f3}
thead th.we{background:#dde2e8}
.off{background:repeating-linear-gradient(135deg,#fff 0 4px,#cfd4db 4px 6px);color:#6b737d}
.bad{outline:2px solid #c0392b;outline-offset:-2px}
.cover td{min-width:26px;font-size:9px;color:#3c4650}
.cover td.short{background:#f6c9c5;color:#a3231a;font-weight:700}
.cover td.over{color:#1f5fa8}
.cover tr.total th,.cover tr.total td{border-top:2px solid #aab2bd;font-weight:700}
.violations td{text-align:left}
";

/// Renders the page. `title` names the roster (usually its file).
pub(crate) fn render(
    model: &RosterModel,
    roster: &Roster,
    report: &CheckReport,
    title: &str,
) -> String {
    let mut page = String::with_capacity(64 * 1024);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    push(
        &mut page,
        format_args!("<title>Roster: {}</title>\n", escape(title)),
    );
    page.push_str("<style>\n");
    page.push_str(STYLE);
    for (i, colour) in shift_colours(model).iter().enumerate() {
        push(&mut page, format_args!(".t{i}{{background:{colour}}}\n"));
    }
    page.push_str("</style>\n</head>\n<body>\n");
    summary(&mut page, model, roster, report, title);
    legend(&mut page, model);
    grid(&mut page, model, roster, report);
    cover(&mut page, model, report);
    violations(&mut page, report);
    page.push_str("</body>\n</html>\n");
    page
}

/// Appends formatted text; writing to a `String` cannot fail.
fn push(page: &mut String, args: std::fmt::Arguments<'_>) {
    let _ = page.write_fmt(args);
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One colour per shift type, in model order. When shifts start at different times the hue
/// follows the clock (earlies amber, lates green, nights blue) and each site gets its own
/// lightness, so the same kind of shift looks alike across trusts; when they all start at the
/// same time (benchmark imports) the hues are spread by index instead.
fn shift_colours(model: &RosterModel) -> Vec<String> {
    let starts: BTreeSet<u32> = model
        .shift_types
        .iter()
        .map(ShiftType::start_minute)
        .collect();
    let by_clock = starts.len() > 1;
    model
        .shift_types
        .iter()
        .enumerate()
        .map(|(i, shift)| {
            if by_clock {
                let site = model
                    .sites
                    .iter()
                    .position(|s| s.code == shift.site)
                    .unwrap_or(0);
                let hue = (280.0 + f64::from(shift.start_minute()) * 0.25) % 360.0;
                let lightness = 86 - 6 * (site % 4);
                format!("hsl({hue:.0},68%,{lightness}%)")
            } else {
                let hue = (i as f64 * 137.508 + 40.0) % 360.0;
                format!("hsl({hue:.0},68%,80%)")
            }
        })
        .collect()
}

/// `07:00–15:00`, with `+1` when the shift ends the next day.
fn clock_span(shift: &ShiftType) -> String {
    let start = shift.start_minute();
    let end = start + shift.minutes;
    let next_day = if end > 1440 { " +1" } else { "" };
    let end = end % 1440;
    format!(
        "{:02}:{:02}–{:02}:{:02}{next_day}",
        start / 60,
        start % 60,
        end / 60,
        end % 60
    )
}

fn summary(
    page: &mut String,
    model: &RosterModel,
    roster: &Roster,
    report: &CheckReport,
    title: &str,
) {
    let horizon = model.horizon;
    let last = horizon
        .date(horizon.days.saturating_sub(1))
        .map(|d| d.to_string())
        .unwrap_or_default();
    let missing: u32 = report.cover.iter().map(CoverLine::missing).sum();
    push(
        page,
        format_args!("<h1>Roster: {}</h1>\n<p class=\"summary\">", escape(title)),
    );
    push(
        page,
        format_args!(
            "{} to {last} ({} days) · {} site(s) · {} staff · {} shifts rostered · \
             objective {:.2} · {missing} people short · {} hard violation(s)</p>\n",
            horizon.start,
            horizon.days,
            model.sites.len(),
            model.staff.len(),
            roster.assignments.len(),
            report.objective.total,
            report.violations.len()
        ),
    );
}

fn legend(page: &mut String, model: &RosterModel) {
    page.push_str("<ul class=\"legend\">\n");
    // One entry per site with its shifts, then the markings.
    let mut sites: Vec<(&SiteCode, String)> = model
        .sites
        .iter()
        .map(|s| (&s.code, s.name.clone()))
        .collect();
    for shift in &model.shift_types {
        if !sites.iter().any(|(code, _)| **code == shift.site) {
            sites.push((&shift.site, shift.site.to_string()));
        }
    }
    for (code, name) in sites {
        push(page, format_args!("<li><b>{}</b>", escape(&name)));
        for (i, shift) in model.shift_types.iter().enumerate() {
            if shift.site == *code {
                push(
                    page,
                    format_args!(
                        "<span class=\"swatch t{i}\">{}</span>{}",
                        escape(shift.code.as_str()),
                        clock_span(shift)
                    ),
                );
            }
        }
        page.push_str("</li>\n");
    }
    page.push_str(
        "<li><span class=\"swatch off\">×</span>unavailable</li>\n\
         <li><span class=\"swatch we\">&nbsp;</span>weekend</li>\n\
         <li><span class=\"swatch bad\">&nbsp;</span>breaks a hard rule (hover for why)</li>\n\
         <li><span class=\"swatch\" style=\"background:#f6c9c5;color:#a3231a\">−1</span>\
         people short</li>\n</ul>\n",
    );
}

/// The header row of both tables: one column per day, weekends shaded.
fn day_headers(page: &mut String, model: &RosterModel, leading: &[&str], trailing: &[&str]) {
    page.push_str("<thead><tr>");
    for (i, label) in leading.iter().enumerate() {
        let class = if i == 0 { " class=\"name\"" } else { "" };
        push(page, format_args!("<th{class}>{label}</th>"));
    }
    for day in 0..model.horizon.days {
        match model.horizon.date(day) {
            Some(date) => push(
                page,
                format_args!(
                    "<th{} title=\"day {day}, {date}\">{}<br>{}</th>",
                    weekend_class(model, day),
                    date.format("%a"),
                    date.format("%d/%m")
                ),
            ),
            None => push(page, format_args!("<th>day {day}</th>")),
        }
    }
    for label in trailing {
        push(page, format_args!("<th>{label}</th>"));
    }
    page.push_str("</tr></thead>\n");
}

fn weekend_class(model: &RosterModel, day: u32) -> &'static str {
    let weekend = model
        .horizon
        .date(day)
        .is_some_and(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun));
    if weekend { " class=\"we\"" } else { "" }
}

/// Staff × day grid.
fn grid(page: &mut String, model: &RosterModel, roster: &Roster, report: &CheckReport) {
    let mut worked: BTreeMap<(&StaffCode, u32), Vec<&Assignment>> = BTreeMap::new();
    for a in &roster.assignments {
        worked.entry((&a.staff, a.day)).or_default().push(a);
    }
    let mut broken: BTreeMap<(&StaffCode, Option<u32>), Vec<&str>> = BTreeMap::new();
    for v in &report.violations {
        if let Some(staff) = &v.staff {
            broken
                .entry((staff, v.day))
                .or_default()
                .push(v.message.as_str());
        }
    }
    let type_index: BTreeMap<&ShiftCode, usize> = model
        .shift_types
        .iter()
        .enumerate()
        .map(|(i, s)| (&s.code, i))
        .collect();
    page.push_str("<h2>Roster</h2>\n<table class=\"grid\">\n");
    day_headers(page, model, &["Staff", "Sites"], &["Hours"]);
    page.push_str("<tbody>\n");
    for member in &model.staff {
        let code = &member.code;
        let all_sites: Vec<&str> = member.sites.iter().map(SiteCode::as_str).collect();
        let sites = match all_sites.split_first() {
            Some((home, rest)) if !rest.is_empty() => format!("{home} +{}", rest.len()),
            Some((home, _)) => (*home).to_owned(),
            None => String::new(),
        };
        // Rules about the whole plan (hours, weekends) mark the person's name.
        let name = match broken.get(&(code, None)) {
            Some(messages) => format!(
                "<th class=\"name bad\" title=\"{}\">",
                escape(&messages.join("\n"))
            ),
            None => "<th class=\"name\">".to_owned(),
        };
        push(
            page,
            format_args!(
                "<tr>{name}{}</th><td class=\"site\" title=\"{}\">{}</td>",
                escape(code.as_str()),
                escape(&all_sites.join(", ")),
                escape(&sites)
            ),
        );
        let mut minutes = 0;
        for day in 0..model.horizon.days {
            let shifts = worked.get(&(code, day)).map_or(&[][..], Vec::as_slice);
            let unavailable = member.unavailable_days.contains(&day);
            let problems = broken.get(&(code, Some(day)));
            let mut classes = Vec::new();
            let mut tips: Vec<String> = Vec::new();
            let mut text = Vec::new();
            for a in shifts {
                match model.shift_type(&a.shift) {
                    Some(shift) => {
                        minutes += shift.minutes;
                        if let Some(i) = type_index.get(&a.shift) {
                            classes.push(format!("t{i}"));
                        }
                        tips.push(format!("{} as {}, {}", a.shift, a.skill, clock_span(shift)));
                    }
                    None => tips.push(format!("{} (unknown shift)", a.shift)),
                }
                text.push(escape(a.shift.as_str()));
            }
            if unavailable {
                tips.push("unavailable".to_owned());
                if shifts.is_empty() {
                    classes.push("off".to_owned());
                    text.push("×".to_owned());
                }
            } else if shifts.is_empty() && !weekend_class(model, day).is_empty() {
                classes.push("we".to_owned());
            }
            if let Some(messages) = problems {
                classes.push("bad".to_owned());
                tips.extend(messages.iter().map(|m| (*m).to_owned()));
            }
            let class = if classes.is_empty() {
                String::new()
            } else {
                format!(" class=\"{}\"", classes.join(" "))
            };
            let title = if tips.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape(&tips.join("\n")))
            };
            push(
                page,
                format_args!("<td{class}{title}>{}</td>", text.join(" ")),
            );
        }
        push(
            page,
            format_args!(
                "<td class=\"num\">{:.1}</td></tr>\n",
                f64::from(minutes) / 60.0
            ),
        );
    }
    page.push_str("</tbody>\n</table>\n");
}

/// Cover per site, shift and skill for each day; short cells in red with the count missing.
fn cover(page: &mut String, model: &RosterModel, report: &CheckReport) {
    let mut lines: BTreeMap<(&SiteCode, &ShiftCode, &SkillCode), BTreeMap<u32, &CoverLine>> =
        BTreeMap::new();
    for line in &report.cover {
        lines
            .entry((&line.site, &line.shift, &line.skill))
            .or_default()
            .insert(line.day, line);
    }
    let shift_order: BTreeMap<&ShiftCode, usize> = model
        .shift_types
        .iter()
        .enumerate()
        .map(|(i, s)| (&s.code, i))
        .collect();
    let mut rows: Vec<_> = lines.into_iter().collect();
    rows.sort_by_key(|((_, shift, skill), _)| {
        (
            shift_order.get(shift).copied().unwrap_or(usize::MAX),
            (*skill).clone(),
        )
    });
    page.push_str(
        "<h2>Cover</h2>\n<p class=\"summary\">Rostered / required for each shift and skill; \
         red cells are short by the number shown.</p>\n<table class=\"cover\">\n",
    );
    day_headers(page, model, &["Shift", "Skill"], &["Short"]);
    page.push_str("<tbody>\n");
    let days = model.horizon.days;
    let mut short_per_day = vec![0u32; days as usize];
    for ((_, shift, skill), by_day) in &rows {
        push(
            page,
            format_args!(
                "<tr><th class=\"name\">{}</th><td class=\"site\">{}</td>",
                escape(shift.as_str()),
                escape(skill.as_str())
            ),
        );
        let mut row_short = 0;
        for day in 0..days {
            let Some(line) = by_day.get(&day) else {
                push(page, format_args!("<td{}></td>", weekend_class(model, day)));
                continue;
            };
            let missing = line.missing();
            if missing > 0 {
                row_short += missing;
                if let Some(total) = short_per_day.get_mut(day as usize) {
                    *total += missing;
                }
                push(
                    page,
                    format_args!(
                        "<td class=\"short\" title=\"{} of {} rostered\">−{missing}</td>",
                        line.assigned, line.required
                    ),
                );
            } else {
                let class = if line.extra() > 0 {
                    " class=\"over\""
                } else {
                    weekend_class(model, day)
                };
                push(
                    page,
                    format_args!("<td{class}>{}/{}</td>", line.assigned, line.required),
                );
            }
        }
        push(
            page,
            format_args!("<td class=\"num\">{row_short}</td></tr>\n"),
        );
    }
    page.push_str(
        "<tr class=\"total\"><th class=\"name\">All</th><td class=\"site\">people short</td>",
    );
    for short in &short_per_day {
        if *short > 0 {
            push(page, format_args!("<td class=\"short\">−{short}</td>"));
        } else {
            page.push_str("<td>0</td>");
        }
    }
    let total: u32 = short_per_day.iter().sum();
    push(page, format_args!("<td class=\"num\">{total}</td></tr>\n"));
    page.push_str("</tbody>\n</table>\n");
}

/// Every hard violation, when there are any.
fn violations(page: &mut String, report: &CheckReport) {
    if report.violations.is_empty() {
        return;
    }
    page.push_str(
        "<h2>Hard violations</h2>\n<table class=\"violations\">\n\
         <thead><tr><th>Rule</th><th>Staff</th><th>Day</th><th>What</th></tr></thead>\n<tbody>\n",
    );
    for v in &report.violations {
        push(
            page,
            format_args!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                v.rule.code(),
                escape(v.staff.as_ref().map_or("", StaffCode::as_str)),
                v.day.map(|d| d.to_string()).unwrap_or_default(),
                escape(&v.message)
            ),
        );
    }
    page.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrota_domain::roster::check;
    use crossrota_testkit::roster::generator::{GeneratorParams, generate};

    #[test]
    fn names_are_escaped() {
        assert_eq!(
            escape(r#"<b>"St Mary's" & co</b>"#),
            "&lt;b&gt;&quot;St Mary&#39;s&quot; &amp; co&lt;/b&gt;"
        );
    }

    #[test]
    fn the_page_has_a_cell_per_person_and_day_and_marks_shortfalls() {
        let params = GeneratorParams {
            trusts: 3,
            ..GeneratorParams::small()
        };
        let mut model = generate(&params, 3);
        model.staff[0].code = StaffCode::new("<script>x</script>");
        let roster = Roster::default();
        let report = check(&model, &roster);
        let page = render(&model, &roster, &report, "a & b");
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(page.contains("Roster: a &amp; b"));
        // St Mary's & St John's is the third trust's name.
        assert!(page.contains("St Mary&#39;s &amp; St John&#39;s"));
        let grid_rows = page.matches("<tr><th class=\"name").count();
        let cover_rows = report
            .cover
            .iter()
            .map(|l| (&l.site, &l.shift, &l.skill))
            .collect::<BTreeSet<_>>()
            .len();
        // Plus the header row of each table.
        assert_eq!(grid_rows, model.staff.len() + cover_rows + 2);
        // Nobody works, so every demand line with people wanted is short.
        let short_lines = report.cover.iter().filter(|l| l.missing() > 0).count();
        assert_eq!(
            page.matches("<td class=\"short\" title=").count(),
            short_lines
        );
        assert!(!page.contains("http"), "no external assets");
    }
}
