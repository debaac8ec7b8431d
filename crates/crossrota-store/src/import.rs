//! Bulk import of one organisation's staff and facts: all or nothing, in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use crossrota_domain::fact::NewFact;
use crossrota_domain::ids::{OrgId, StaffId};
use crossrota_domain::staff::NewStaff;

use crate::error::{Result, StoreError};
use crate::exists::{IdTable, require_credentials, require_ids};
use crate::store::Store;
use crate::{facts, staff};

/// One organisation's staff and facts to import together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    /// The organisation importing; every staff row must belong to it.
    pub org: OrgId,
    /// Staff to create or update, matched on `(org, employee_number)`.
    pub staff: Vec<NewStaff>,
    /// Facts to append after the staff.
    pub facts: Vec<ImportFact>,
}

/// A fact about the person `org` knows by `employee_number` (in this batch or already
/// stored). `fact.staff` is ignored: the person is resolved inside the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFact {
    /// The importing organisation's number for the person.
    pub employee_number: String,
    /// The fact.
    pub fact: NewFact,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Staff rows that were new.
    pub staff_created: u32,
    /// Staff rows that replaced a stored member of staff.
    pub staff_updated: u32,
    /// Facts appended.
    pub facts_recorded: u32,
}

impl Store {
    /// Imports a batch in one transaction: staff rows whose `(org, employee_number)` exists
    /// are updated (a later row of the same person updates an earlier one), others created;
    /// then the facts are appended, stamped `recorded_at`. Any error (`NotFound` for an
    /// unknown person, credential, issuer or network; `Conflict` for a staff row of another
    /// organisation or a bad supersession) leaves the store untouched.
    pub async fn import_batch(
        &self,
        b: &ImportBatch,
        recorded_at: DateTime<Utc>,
    ) -> Result<ImportSummary> {
        if let Some(s) = b.staff.iter().find(|s| s.org != b.org) {
            return Err(StoreError::Conflict(format!(
                "staff {} belongs to organisation {}, not to the importing organisation {}",
                s.employee_number, s.org, b.org
            )));
        }
        let mut summary = ImportSummary::default();
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_ids(c, IdTable::Organisations, &[b.org.0]).await?;
        staff::require_references(c, &b.staff).await?;

        let mut numbers: Vec<&str> = b
            .staff
            .iter()
            .map(|s| s.employee_number.as_str())
            .chain(b.facts.iter().map(|f| f.employee_number.as_str()))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut known = staff::ids_by_employee_number(c, b.org, &numbers).await?;

        // The last row of each person is what ends up stored; the rows before it count as
        // updates it overwrote, as if the rows were applied one by one.
        let mut order: Vec<&str> = Vec::new();
        let mut last: HashMap<&str, (&NewStaff, u32)> = HashMap::new();
        for s in &b.staff {
            let entry = last.entry(s.employee_number.as_str()).or_insert_with(|| {
                order.push(s.employee_number.as_str());
                (s, 0)
            });
            *entry = (s, entry.1.saturating_add(1));
        }
        let mut updates: Vec<(StaffId, &NewStaff)> = Vec::new();
        let mut creates: Vec<&NewStaff> = Vec::new();
        for number in order {
            let Some(&(s, rows)) = last.get(number) else {
                continue;
            };
            match known.get(number) {
                Some(&id) => {
                    updates.push((id, s));
                    summary.staff_updated = summary.staff_updated.saturating_add(rows);
                }
                None => {
                    creates.push(s);
                    summary.staff_created = summary.staff_created.saturating_add(1);
                    summary.staff_updated =
                        summary.staff_updated.saturating_add(rows.saturating_sub(1));
                }
            }
        }
        staff::update_many(c, &updates).await?;
        known.extend(staff::insert_many(c, &creates).await?);

        let resolved: Vec<(StaffId, &NewFact)> = b
            .facts
            .iter()
            .map(|f| match known.get(&f.employee_number) {
                Some(&id) => Ok((id, &f.fact)),
                None => Err(StoreError::not_found(
                    "staff",
                    format!("org {} employee {}", b.org, f.employee_number),
                )),
            })
            .collect::<Result<_>>()?;
        let codes: Vec<&str> = resolved.iter().map(|(_, f)| f.code.as_str()).collect();
        require_credentials(c, &codes).await?;
        let issuers: Vec<i64> = resolved.iter().map(|(_, f)| f.issuer.0).collect();
        require_ids(c, IdTable::Organisations, &issuers).await?;
        for (id, f) in &resolved {
            if let Some(target) = f.supersedes {
                facts::check_supersedes(c, *id, target).await?;
            }
        }
        facts::insert_many(c, &resolved, recorded_at).await?;
        summary.facts_recorded = u32::try_from(resolved.len()).unwrap_or(u32::MAX);

        tx.commit().await?;
        Ok(summary)
    }
}
