//! Existence checks run inside a write transaction before inserting rows that refer to other
//! records, so that a missing reference is reported by name and key (`organisation 42 not
//! found`). The foreign keys stay as the backstop; nothing is ever deleted, so a record seen
//! here still exists when the transaction commits.

use std::collections::HashSet;

use sqlx::QueryBuilder;

use crate::db::{CHUNK, Conn, on_conn, push_list};
use crate::error::{Result, StoreError};

/// A table whose rows are looked up by integer id.
#[derive(Debug, Clone, Copy)]
pub(crate) enum IdTable {
    Organisations,
    Networks,
    Staff,
}

impl IdTable {
    fn select_ids(self) -> &'static str {
        match self {
            Self::Organisations => "SELECT id FROM organisations WHERE id IN ",
            Self::Networks => "SELECT id FROM networks WHERE id IN ",
            Self::Staff => "SELECT id FROM staff WHERE id IN ",
        }
    }

    fn entity(self) -> &'static str {
        match self {
            Self::Organisations => "organisation",
            Self::Networks => "network",
            Self::Staff => "staff",
        }
    }
}

/// `NotFound` naming the first of `ids` that is not in `table`.
pub(crate) async fn require_ids(c: &mut Conn<'_>, table: IdTable, ids: &[i64]) -> Result<()> {
    let mut wanted: Vec<i64> = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found: HashSet<i64> = HashSet::with_capacity(wanted.len());
    for chunk in wanted.chunks(CHUNK) {
        let rows: Vec<i64> = on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new(table.select_ids());
            push_list(&mut qb, chunk.iter().copied());
            qb.build_query_scalar().fetch_all(&mut *c).await?
        });
        found.extend(rows);
    }
    match wanted.into_iter().find(|id| !found.contains(id)) {
        Some(missing) => Err(StoreError::not_found(table.entity(), missing)),
        None => Ok(()),
    }
}

/// `NotFound` naming the first of `codes` that is not in the credential catalogue.
pub(crate) async fn require_credentials(c: &mut Conn<'_>, codes: &[&str]) -> Result<()> {
    let mut wanted: Vec<&str> = codes.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found: HashSet<String> = HashSet::with_capacity(wanted.len());
    for chunk in wanted.chunks(CHUNK) {
        let rows: Vec<String> = on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new("SELECT code FROM credential_defs WHERE code IN ");
            push_list(&mut qb, chunk.iter().map(|s| (*s).to_owned()));
            qb.build_query_scalar().fetch_all(&mut *c).await?
        });
        found.extend(rows);
    }
    match wanted.into_iter().find(|code| !found.contains(*code)) {
        Some(missing) => Err(StoreError::not_found("credential", missing)),
        None => Ok(()),
    }
}
