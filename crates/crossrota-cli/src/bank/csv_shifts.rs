//! A bank office's shifts CSV: read whole before anything is sent (a bad cell names its line
//! and column), and the server's refusal of a row translated back to the line it came from.

use anyhow::bail;
use crossrota_proto::crossrota::v1 as pb;

use crate::client::{field_violations, status_error};

/// The columns, in order.
pub(crate) const HEADER: [&str; 9] = [
    "site",
    "ward",
    "profile_id",
    "band",
    "start",
    "end",
    "headcount",
    "rate_pence_per_hour",
    "reason",
];

/// Reads every row, or says which cells are bad (line numbers count the header as line 1).
pub(crate) fn parse(text: &str) -> anyhow::Result<Vec<pb::OpenShiftInput>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    if header != HEADER {
        bail!("line 1: the header must be {}", HEADER.join(","));
    }
    let mut shifts = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let cell = |n: usize| record.get(n).unwrap_or("").to_owned();
        let mut number = |n: usize| -> i64 {
            match cell(n).parse::<i64>() {
                Ok(v) => v,
                Err(_) => {
                    errors.push(format!(
                        "line {line}, column {}: \"{}\" is not a whole number",
                        HEADER[n],
                        cell(n)
                    ));
                    0
                }
            }
        };
        let profile_id = number(2);
        let band = number(3);
        let headcount = number(6);
        let rate = number(7);
        let reason = match cell(8).to_ascii_lowercase().as_str() {
            "vacancy" => pb::BankShiftReason::Vacancy,
            "sickness" => pb::BankShiftReason::Sickness,
            "acuity" => pb::BankShiftReason::Acuity,
            "leave" => pb::BankShiftReason::Leave,
            "training" => pb::BankShiftReason::Training,
            "other" => pb::BankShiftReason::Other,
            other => {
                errors.push(format!(
                    "line {line}, column reason: \"{other}\" is not one of vacancy, sickness, \
                     acuity, leave, training, other"
                ));
                pb::BankShiftReason::Unspecified
            }
        };
        shifts.push(pb::OpenShiftInput {
            site: cell(0),
            ward: cell(1),
            profile_id,
            band: i32::try_from(band).unwrap_or(-1),
            start: cell(4),
            end: cell(5),
            headcount: i32::try_from(headcount).unwrap_or(-1),
            rate_pence_per_hour: rate,
            reason: reason as i32,
            release_at: None,
        });
    }
    if !errors.is_empty() {
        bail!("nothing was posted:\n  {}", errors.join("\n  "));
    }
    if shifts.is_empty() {
        bail!("the file has no shifts");
    }
    Ok(shifts)
}

/// The server's refusal, with `shifts[i].field` named as the file's line and column.
pub(crate) fn explain(status: &tonic::Status) -> anyhow::Error {
    let fields = field_violations(status);
    if fields.is_empty() {
        return status_error(status.clone());
    }
    let lines: Vec<String> = fields
        .iter()
        .map(|(field, description)| match row_and_column(field) {
            Some((row, column)) => format!("line {}, column {column}: {description}", row + 2),
            None => format!("{field}: {description}"),
        })
        .collect();
    anyhow::anyhow!("nothing was posted:\n  {}", lines.join("\n  "))
}

/// `shifts[3].end` → (3, "end").
fn row_and_column(field: &str) -> Option<(usize, &str)> {
    let rest = field.strip_prefix("shifts[")?;
    let (row, column) = rest.split_once("].")?;
    Some((row.parse().ok()?, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "site,ward,profile_id,band,start,end,headcount,rate_pence_per_hour,reason\n\
        MAID,HASU,3,5,2026-12-15T19:30,2026-12-16T07:30,2,2200,sickness\n";

    #[test]
    fn rows_are_read_and_bad_cells_named() {
        let shifts = parse(GOOD).expect("good rows");
        assert_eq!(shifts.len(), 1);
        assert_eq!(shifts[0].headcount, 2);
        assert_eq!(shifts[0].reason, pb::BankShiftReason::Sickness as i32);
        let bad = format!("{GOOD}MAID,HASU,x,5,2026-12-15T07:00,2026-12-15T19:00,1,2200,holiday\n");
        let err = parse(&bad).expect_err("two bad cells").to_string();
        assert!(err.contains("line 3, column profile_id"), "{err}");
        assert!(err.contains("line 3, column reason"), "{err}");
        assert!(parse("a,b\n").is_err());
        assert_eq!(row_and_column("shifts[3].end"), Some((3, "end")));
        assert_eq!(row_and_column("name"), None);
    }
}
