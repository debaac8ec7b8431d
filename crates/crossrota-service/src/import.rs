//! Import of staff and training records from an ESR-like CSV export: all rows or none.
//!
//! Every row is checked before anything is written, and every bad cell is reported with its
//! line and column, so a workforce team can fix the whole file in one pass.
//!
//! Columns (header row required; names are case-insensitive, spaces or underscores):
//! `employee_number, full_name, staff_group, band, registration_body, registration_number,
//! registration_expires_on, credential_code, level, achieved_on, expires_on, evidence_ref`.
//! A row with an empty `credential_code` only records the person.

use std::collections::HashMap;

use chrono::NaiveDate;
use crossrota_domain::catalogue::Catalogue;
use crossrota_domain::fact::{FactInput, NewFact};
use crossrota_domain::ids::{OrgId, StaffId};
use crossrota_domain::staff::{NewStaff, StaffInput};
use crossrota_store::{ImportBatch, ImportFact};

/// One bad cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    /// Column name, as in the header.
    pub column: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// The columns, in their canonical names.
pub const COLUMNS: [&str; 12] = [
    "employee_number",
    "full_name",
    "staff_group",
    "band",
    "registration_body",
    "registration_number",
    "registration_expires_on",
    "credential_code",
    "level",
    "achieved_on",
    "expires_on",
    "evidence_ref",
];

const REQUIRED: [&str; 4] = ["employee_number", "full_name", "staff_group", "band"];

/// Parses and validates a whole file into a batch for `org`. `today` bounds achieved dates;
/// `recorded_by` is stamped on every fact.
pub fn parse_csv(
    text: &str,
    org: OrgId,
    catalogue: &Catalogue,
    today: NaiveDate,
    recorded_by: &str,
) -> Result<ImportBatch, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(normalise_header).collect(),
        Err(e) => {
            return Err(vec![RowError {
                line: 1,
                column: String::new(),
                message: e.to_string(),
            }]);
        }
    };
    let index: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    for (i, h) in header.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            errors.push(RowError {
                line: 1,
                column: h.clone(),
                message: format!("unknown column (column {})", i + 1),
            });
        }
    }
    for r in REQUIRED {
        if !index.contains_key(r) {
            errors.push(RowError {
                line: 1,
                column: r.into(),
                message: "missing column".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut staff: Vec<NewStaff> = Vec::new();
    let mut staff_line: HashMap<String, (usize, u64)> = HashMap::new();
    let mut facts: Vec<ImportFact> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    column: String::new(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cell = |name: &str| index.get(name).and_then(|i| record.get(*i)).unwrap_or("");
        let mut row_err = |column: &str, message: String| {
            errors.push(RowError {
                line,
                column: column.into(),
                message,
            });
        };
        if record.len() != header.len() {
            row_err(
                "",
                format!("expected {} fields, found {}", header.len(), record.len()),
            );
            continue;
        }
        let band = match cell("band").parse::<i64>() {
            Ok(b) => b,
            Err(_) => {
                row_err("band", format!("not a number: {:?}", cell("band")));
                continue;
            }
        };
        let reg_expiry = match parse_date(cell("registration_expires_on")) {
            Ok(d) => d,
            Err(m) => {
                row_err("registration_expires_on", m);
                continue;
            }
        };
        let parsed = NewStaff::parse(StaffInput {
            org: Some(org),
            employee_number: cell("employee_number"),
            name: cell("full_name"),
            staff_group: cell("staff_group"),
            band,
            registration_body: cell("registration_body"),
            registration_number: cell("registration_number"),
            registration_expires_on: reg_expiry,
            networks: Vec::new(),
        });
        let new_staff = match parsed {
            Ok(s) => s,
            Err(errs) => {
                for e in errs.0 {
                    row_err(staff_field_column(&e.field), e.description);
                }
                continue;
            }
        };
        let emp = new_staff.employee_number.clone();
        match staff_line.get(&emp) {
            Some((idx, first_line)) => {
                if staff[*idx] != new_staff {
                    row_err(
                        "employee_number",
                        format!("{emp} has different personal details than on line {first_line}"),
                    );
                    continue;
                }
            }
            None => {
                staff_line.insert(emp.clone(), (staff.len(), line));
                staff.push(new_staff);
            }
        }
        if cell("credential_code").is_empty() {
            continue;
        }
        let level = match cell("level").parse::<i64>() {
            Ok(l) => l,
            Err(_) => {
                row_err("level", format!("not a number: {:?}", cell("level")));
                continue;
            }
        };
        let (achieved_on, expires_on) = match (
            parse_date(cell("achieved_on")),
            parse_date(cell("expires_on")),
        ) {
            (Ok(a), Ok(e)) => (a, e),
            (a, e) => {
                if let Err(m) = a {
                    row_err("achieved_on", m);
                }
                if let Err(m) = e {
                    row_err("expires_on", m);
                }
                continue;
            }
        };
        let fact = NewFact::parse(
            FactInput {
                staff: StaffId(0),
                code: cell("credential_code"),
                level,
                achieved_on,
                expires_on,
                issuer: org,
                evidence_ref: cell("evidence_ref"),
                recorded_by,
                supersedes: None,
            },
            catalogue,
            today,
        );
        match fact {
            Ok(fact) => facts.push(ImportFact {
                employee_number: emp,
                fact,
            }),
            Err(errs) => {
                for e in errs.0 {
                    row_err(fact_field_column(&e.field), e.description);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(ImportBatch { org, staff, facts })
    } else {
        Err(errors)
    }
}

fn normalise_header(h: &str) -> String {
    let h = h.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    match h.as_str() {
        "name" => "full_name".into(),
        "competence" | "competence_code" | "code" => "credential_code".into(),
        "registration_expiry" => "registration_expires_on".into(),
        "achieved" | "achieved_date" => "achieved_on".into(),
        "expiry" | "expiry_date" => "expires_on".into(),
        "evidence" => "evidence_ref".into(),
        _ => h,
    }
}

fn parse_date(s: &str) -> Result<Option<NaiveDate>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("not a date (expected YYYY-MM-DD): {s:?}"))
}

fn staff_field_column(field: &str) -> &'static str {
    match field {
        "employee_number" => "employee_number",
        "name" => "full_name",
        "staff_group" => "staff_group",
        "band" => "band",
        "registration.body" => "registration_body",
        "registration.number" => "registration_number",
        "registration.expires_on" => "registration_expires_on",
        _ => "employee_number",
    }
}

fn fact_field_column(field: &str) -> &'static str {
    match field {
        "code" => "credential_code",
        "level" => "level",
        "achieved_on" => "achieved_on",
        "expires_on" => "expires_on",
        "evidence_ref" => "evidence_ref",
        _ => "credential_code",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrota_domain::catalogue::seed_catalogue;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    #[test]
    fn good_file_becomes_one_batch() {
        let text = "Employee Number,Full Name,Staff Group,Band,Registration Body,Registration Number,Registration Expiry,Competence,Level,Achieved,Expiry,Evidence\n\
            E1,Ada Lovelace,nursing_midwifery,5,NMC,12A3456E,2027-05-01,CSTF-FS,1,2026-01-10,,cert-1\n\
            E1,Ada Lovelace,nursing_midwifery,5,NMC,12A3456E,2027-05-01,STROKE-NIHSS,1,2026-02-10,,\n\
            E2,Bob Builder,admin_estates,3,,,,,,,,\n";
        let cat = Catalogue::new(seed_catalogue(), vec![]);
        let batch =
            parse_csv(text, OrgId(1), &cat, today(), "import").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(batch.staff.len(), 2);
        assert_eq!(batch.facts.len(), 2);
        assert_eq!(
            batch.facts[0].fact.expires_on,
            NaiveDate::from_ymd_opt(2027, 1, 10)
        );
    }

    #[test]
    fn every_bad_cell_is_reported_by_line_and_column() {
        let text = "employee_number,full_name,staff_group,band,credential_code,level,achieved_on\n\
            E1,Ada,nursing_midwifery,5,CSTF-FS,1,2026-01-10\n\
            E2,,nurse,12,CSTF-FS,1,2026-01-10\n\
            E3,Cy,medical,0,NOPE,1,2030-01-01\n\
            E4,Di,medical,0,CSTF-FS,7,10/01/2026\n";
        let cat = Catalogue::new(seed_catalogue(), vec![]);
        let errs = parse_csv(text, OrgId(1), &cat, today(), "import").unwrap_err();
        let got: Vec<(u64, &str)> = errs.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert!(got.contains(&(3, "full_name")), "{errs:?}");
        assert!(got.contains(&(3, "staff_group")), "{errs:?}");
        assert!(got.contains(&(3, "band")), "{errs:?}");
        assert!(got.contains(&(4, "credential_code")), "{errs:?}");
        assert!(got.contains(&(4, "achieved_on")), "{errs:?}");
        assert!(got.contains(&(5, "achieved_on")), "{errs:?}");
        assert!(!got.iter().any(|(l, _)| *l == 2), "{errs:?}");
    }

    #[test]
    fn unknown_and_missing_columns_are_refused() {
        let cat = Catalogue::new(seed_catalogue(), vec![]);
        let errs = parse_csv(
            "employee_number,colour\nE1,red\n",
            OrgId(1),
            &cat,
            today(),
            "x",
        )
        .unwrap_err();
        assert!(errs.iter().any(|e| e.column == "colour"));
        assert!(
            errs.iter()
                .any(|e| e.column == "full_name" && e.message == "missing column")
        );
    }
}
