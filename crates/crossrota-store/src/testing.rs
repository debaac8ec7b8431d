//! Test support (cargo feature `testing`): a fresh, migrated database per test on either
//! backend, so tests never share state and can run in parallel.
//!
//! This is test code: it panics with a clear message when the test environment is not set
//! up, because a test cannot continue without its database.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::Store;

/// The environment variable naming the PostgreSQL server for tests, e.g.
/// `postgres://postgres@127.0.0.1:5432/test`.
pub const POSTGRES_URL_ENV: &str = "CROSSROTA_TEST_POSTGRES_URL";

/// A database that exists for the life of one test.
pub struct TestDb {
    store: Store,
    url: String,
    /// Keeps the SQLite file's directory until the test ends.
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL database to drop at the end.
    postgres: Option<PgTestDatabase>,
}

/// A database created on the test server, and how to reach the server to drop it.
struct PgTestDatabase {
    admin_url: String,
    name: String,
}

impl TestDb {
    /// A fresh SQLite database file in a new temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = match tempfile::tempdir() {
            Ok(dir) => dir,
            Err(e) => panic!("cannot create a temporary directory for a test database: {e}"),
        };
        let url = format!("sqlite://{}", dir.path().join("crossrota.db").display());
        let store = match Store::connect(&url).await {
            Ok(store) => store,
            Err(e) => panic!("cannot open test database {url}: {e}"),
        };
        TestDb {
            store,
            url,
            _dir: Some(dir),
            postgres: None,
        }
    }

    /// A fresh database `crossrota_t_<random>` on the PostgreSQL server named by
    /// `CROSSROTA_TEST_POSTGRES_URL`, dropped again when the `TestDb` is dropped.
    pub async fn postgres() -> TestDb {
        let admin_url = match std::env::var(POSTGRES_URL_ENV) {
            Ok(url) if !url.trim().is_empty() => url,
            _ => panic!(
                "set {POSTGRES_URL_ENV} to a PostgreSQL server for the PostgreSQL tests, \
                 e.g. {POSTGRES_URL_ENV}=postgres://postgres@127.0.0.1:5432/test \
                 (`.ci/run` sets it)"
            ),
        };
        let name = unique_database_name();
        let mut admin = match PgConnection::connect(&admin_url).await {
            Ok(conn) => conn,
            Err(e) => panic!("cannot connect to the test server named by {POSTGRES_URL_ENV}: {e}"),
        };
        // `name` is generated above from hex digits, so it is safe to splice into SQL.
        let create = format!("CREATE DATABASE \"{name}\"");
        if let Err(e) = sqlx::query(AssertSqlSafe(create)).execute(&mut admin).await {
            panic!("cannot create test database {name}: {e}");
        }
        // Closing is a courtesy to the server; the database exists either way.
        let _ = admin.close().await;
        let url = with_database(&admin_url, &name);
        let store = match Store::connect(&url).await {
            Ok(store) => store,
            Err(e) => panic!("cannot open test database {name}: {e}"),
        };
        TestDb {
            store,
            url,
            _dir: None,
            postgres: Some(PgTestDatabase { admin_url, name }),
        }
    }

    /// The store on the test database.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The database URL, for components that connect by themselves.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDb {
    /// Drops the PostgreSQL database, best effort. `Drop` cannot await, and blocking on the
    /// test's own runtime could deadlock it, so the drop runs on a short-lived thread with its
    /// own runtime. `WITH (FORCE)` ends the connections the store's pool still holds. A
    /// database left behind (say, by a killed test run) has a unique name and harms nothing.
    fn drop(&mut self) {
        let Some(db) = self.postgres.take() else {
            return;
        };
        let dropper = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            let Ok(runtime) = runtime else {
                return;
            };
            runtime.block_on(async {
                let Ok(mut admin) = PgConnection::connect(&db.admin_url).await else {
                    return;
                };
                let drop_sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", db.name);
                let _ = sqlx::query(AssertSqlSafe(drop_sql))
                    .execute(&mut admin)
                    .await;
                let _ = admin.close().await;
            });
        });
        let _ = dropper.join();
    }
}

/// `crossrota_t_` plus 16 random hex digits, unique across processes and calls.
fn unique_database_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(since_epoch) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(since_epoch.as_nanos());
    }
    format!("crossrota_t_{:016x}", hasher.finish())
}

/// `url` with its database replaced by `name`, keeping user, host, port and parameters.
fn with_database(url: &str, name: &str) -> String {
    let (base, params) = match url.split_once('?') {
        Some((base, params)) => (base, Some(params)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(params) = params {
        out.push('?');
        out.push_str(params);
    }
    out
}

/// Instantiates each named `async fn(&TestDb)` test body once per backend: a `sqlite` and a
/// `postgres` module of tokio tests, each on a fresh database.
#[macro_export]
macro_rules! conformance_suite {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let db = crossrota_store::testing::TestDb::sqlite().await;
                    assert_eq!(db.store().backend(), crossrota_store::Backend::Sqlite);
                    super::$test(&db).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let db = crossrota_store::testing::TestDb::postgres().await;
                    assert_eq!(db.store().backend(), crossrota_store::Backend::Postgres);
                    super::$test(&db).await;
                }
            )*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_is_replaced_and_the_rest_kept() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgresql://u:p@db:5433", "t1"),
            "postgresql://u:p@db:5433/t1"
        );
        assert_eq!(
            with_database("postgres://u@db/test?sslmode=disable", "t1"),
            "postgres://u@db/t1?sslmode=disable"
        );
    }

    #[test]
    fn database_names_differ() {
        let a = unique_database_name();
        let b = unique_database_name();
        assert_ne!(a, b);
        assert!(a.starts_with("crossrota_t_") && a.len() == "crossrota_t_".len() + 16);
    }
}
