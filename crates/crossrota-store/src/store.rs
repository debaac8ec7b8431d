//! The `Store` handle: connecting to either backend from a URL and running its migrations.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::db::{Pool, Tx};
use crate::error::{Result, StoreError};

/// Embedded SQLite migrations (`migrations/sqlite`).
static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("../../migrations/sqlite");
/// Embedded PostgreSQL migrations (`migrations/postgres`), numbered like the SQLite ones.
static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("../../migrations/postgres");

/// How long a SQLite statement waits for another connection's write lock.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a caller waits for a free pooled connection before `Unavailable`.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// Pool size; PostgreSQL's default server limit is 100 connections, shared by every instance.
const MAX_CONNECTIONS: u32 = 10;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite, a file or in memory: the single-instance default.
    Sqlite,
    /// PostgreSQL: for several server instances sharing one database.
    Postgres,
}

impl Backend {
    /// Lower-case name, for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// The persistence of crossrota. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: Pool,
}

impl Store {
    /// Connects and runs the migrations.
    ///
    /// * `sqlite://path/file.db` opens (creating it if missing) a database file in WAL mode
    ///   with foreign keys on and a busy timeout;
    /// * `sqlite::memory:` opens a private in-memory database (one connection, so every
    ///   query sees the same database);
    /// * `postgres://...` or `postgresql://...` connects to PostgreSQL.
    ///
    /// Any other scheme is a [`StoreError::Config`].
    pub async fn connect(url: &str) -> Result<Store> {
        let store = if url.starts_with("sqlite:") {
            Self::connect_sqlite(url).await?
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::connect_postgres(url).await?
        } else {
            // Only the scheme is echoed: the rest of a URL may hold a password.
            let scheme = url.split(':').next().unwrap_or_default();
            return Err(StoreError::Config(format!(
                "unsupported database url scheme {scheme:?}, expected sqlite: or postgres://"
            )));
        };
        tracing::info!(
            backend = store.backend().as_str(),
            "store connected and migrated"
        );
        Ok(store)
    }

    async fn connect_sqlite(url: &str) -> Result<Store> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid sqlite url: {e}")))?
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT);
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let pool = if in_memory {
            // Every connection to `:memory:` is its own empty database, so keep exactly one
            // connection and never let it expire.
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await?
        } else {
            // SQLite creates a missing file but not a missing directory.
            if let Some(dir) = options.get_filename().parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Config(format!(
                        "cannot create database directory {}: {e}",
                        dir.display()
                    ))
                })?;
            }
            let options = options
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal);
            SqlitePoolOptions::new()
                .max_connections(MAX_CONNECTIONS)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await?
        };
        SQLITE_MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool: Pool::Sqlite(pool),
        })
    }

    async fn connect_postgres(url: &str) -> Result<Store> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid postgres url: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        POSTGRES_MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool: Pool::Postgres(pool),
        })
    }

    /// The engine behind this store.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Closes every connection, waiting for checked-out ones to come back.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// A transaction for a write; see [`Pool::begin_write`].
    pub(crate) async fn write(&self) -> Result<Tx> {
        self.pool.begin_write().await
    }

    /// A consistent snapshot for reads that take several statements.
    pub(crate) async fn snapshot(&self) -> Result<Tx> {
        self.pool.begin_read().await
    }
}
