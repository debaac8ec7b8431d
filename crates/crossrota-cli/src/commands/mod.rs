//! Subcommands that work on the server side (database and listener).

pub(crate) mod import;
pub(crate) mod keys;
pub(crate) mod serve;

use anyhow::Context;
use crossrota_service::{Clock, PassportService};
use crossrota_store::Store;

/// Opens the database (creating and migrating it) and the service over it.
pub(crate) async fn open_service(database: &str) -> anyhow::Result<PassportService> {
    let store = Store::connect(database)
        .await
        .with_context(|| format!("opening database {}", crate::config::redact(database)))?;
    Ok(PassportService::open(store, Clock::system()).await?)
}
