//! The two-backend plumbing: an enum over the native sqlx pools, connections and
//! transactions, and the macros that expand one piece of query code once per backend.
//!
//! The query code is written once against `$N` placeholders and the SQL both dialects share;
//! the macros only choose which native connection type it runs on.

use chrono::{DateTime, SubsecRound, Timelike, Utc};
use sqlx::{
    Database, Encode, PgConnection, PgPool, Postgres, QueryBuilder, Sqlite, SqliteConnection,
    SqlitePool, Transaction, Type,
};

use crate::error::Result;

/// How many values one `IN (...)` list or multi-row `VALUES` binds at most. Far below both
/// backends' parameter limits (SQLite 32766, PostgreSQL 65535) even for wide rows.
pub(crate) const CHUNK: usize = 500;

/// A pool of either backend.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A borrowed native connection of either backend, inside a transaction.
pub(crate) enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

/// An open transaction; dropping it without [`Tx::commit`] rolls it back.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    /// The transaction's connection, to hand to query helpers.
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Self::Sqlite(t) => Conn::Sqlite(t),
            Self::Postgres(t) => Conn::Postgres(t),
        }
    }

    /// Commits everything done through [`Tx::conn`].
    pub(crate) async fn commit(self) -> Result<()> {
        match self {
            Self::Sqlite(t) => t.commit().await?,
            Self::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

impl Pool {
    /// Begins a write transaction. On SQLite it is `BEGIN IMMEDIATE`, which takes the write
    /// lock up front: a deferred transaction that reads and then writes can fail with
    /// `SQLITE_BUSY` instead of waiting when another writer got there first.
    pub(crate) async fn begin_write(&self) -> Result<Tx> {
        Ok(match self {
            Self::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Begins a read-only transaction whose statements all see one snapshot, for reads that
    /// take several queries (a record and its child rows).
    pub(crate) async fn begin_read(&self) -> Result<Tx> {
        Ok(match self {
            Self::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Self::Postgres(p) => Tx::Postgres(
                p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .await?,
            ),
        })
    }
}

/// Runs `$body` with `$c` bound to the native connection behind `$conn: &mut Conn`, and the
/// type alias `$db` (if given) naming the backend's `sqlx::Database`.
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        $crate::db::on_conn!($conn, |$c, Db| $body)
    };
    ($conn:expr, |$c:ident, $db:ident| $body:expr) => {
        match $conn {
            $crate::db::Conn::Sqlite(inner) => {
                #[allow(dead_code)]
                type $db = ::sqlx::Sqlite;
                let $c: &mut ::sqlx::SqliteConnection = &mut **inner;
                $body
            }
            $crate::db::Conn::Postgres(inner) => {
                #[allow(dead_code)]
                type $db = ::sqlx::Postgres;
                let $c: &mut ::sqlx::PgConnection = &mut **inner;
                $body
            }
        }
    };
}

/// Runs `$body` with `$p` bound to the native pool behind `$pool: &Pool`, for single
/// statements that need neither a transaction nor a checked-out connection.
macro_rules! on_pool {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            $crate::db::Pool::Sqlite($p) => $body,
            $crate::db::Pool::Postgres($p) => $body,
        }
    };
}

pub(crate) use {on_conn, on_pool};

/// Appends `(<v1>, <v2>, ...)`, binding every value; `values` must not be empty.
pub(crate) fn push_list<DB, T>(qb: &mut QueryBuilder<DB>, values: impl IntoIterator<Item = T>)
where
    DB: Database,
    T: for<'t> Encode<'t, DB> + Type<DB>,
{
    qb.push("(");
    let mut list = qb.separated(", ");
    for v in values {
        list.push_bind(v);
    }
    list.push_unseparated(")");
}

/// The store keeps timestamps to the microsecond, PostgreSQL's resolution, on both backends,
/// so that what a write returns equals what any later read returns. (A leap second is folded
/// into the second before it.)
pub(crate) fn db_time(t: DateTime<Utc>) -> DateTime<Utc> {
    let t = if t.nanosecond() >= 1_000_000_000 {
        t.with_nanosecond(999_999_999).unwrap_or(t)
    } else {
        t
    };
    t.trunc_subsecs(6)
}

/// Sorted copy without duplicates.
pub(crate) fn sorted_unique<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut v = items.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// The keyset lower bound for `after`: ids start at 1 on both backends, so 0 means "from the
/// beginning".
pub(crate) fn after_raw(after: Option<i64>) -> i64 {
    after.unwrap_or(0)
}
