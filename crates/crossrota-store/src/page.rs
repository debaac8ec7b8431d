//! Keyset paging: "the next `limit` records with an id greater than `after`".
//!
//! Keyset rather than offset paging, so a page costs the same however deep it is and records
//! inserted meanwhile never shift later pages.

/// Largest page a caller may ask for.
pub const MAX_PAGE: u32 = 1000;

/// One page of a listing ordered by id ascending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page<I> {
    /// Return records whose id is greater than this; `None` starts at the beginning.
    pub after: Option<I>,
    /// How many records at most; clamped to `1..=1000`.
    pub limit: u32,
}

impl<I> Page<I> {
    /// The first page of `limit` records.
    pub fn first(limit: u32) -> Self {
        Self { after: None, limit }
    }

    /// The page of `limit` records after `id` (the last id of the previous page).
    pub fn after(id: I, limit: u32) -> Self {
        Self {
            after: Some(id),
            limit,
        }
    }

    /// The limit as bound into SQL, clamped to `1..=MAX_PAGE`.
    pub(crate) fn sql_limit(&self) -> i64 {
        i64::from(self.limit.clamp(1, MAX_PAGE))
    }
}
