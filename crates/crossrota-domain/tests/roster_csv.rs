//! The roster CSV shapes, read and written, on a benchmark model and a generated multi-skill one.

use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_domain::roster::roster_csv::{
    HEADER_WITH_SKILL, needs_skill_column, read_roster_csv, write_roster_csv,
};
use crossrota_domain::roster::{Assignment, Roster, RosterModel};
use crossrota_testkit::roster::generator::{GeneratorParams, generate};

const INSTANCE2: &str = include_str!("../../../data/curtois/Instance2.txt");

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
    let error = read_roster_csv(&model, &format!("{staff},0,{shift},\n")).expect_err("empty skill");
    assert_eq!(error.to_string(), "line 1: empty skill");
}
