//! Passport use cases: organisations, networks, staff, facts, profiles, agreements,
//! verification, expiry lists and the audit log.
//!
//! One [`PassportService`] serves them all; its methods live in one file per resource (the
//! `impl` blocks are split, the type is not). This file holds the service itself, what every
//! resource shares (opening, the store and clock, error scoping) and the bulk import.

mod agreements;
mod audit;
mod catalogue;
mod expiring;
mod facts;
mod keys;
mod organisations;
mod profiles;
mod staff;
mod verification;

use crossrota_domain::catalogue::seed_catalogue;
use crossrota_domain::{FieldErrors, validation::FieldError};
use crossrota_store::{ImportBatch, ImportSummary, Store};

use crate::clock::Clock;
use crate::error::{Result, ServiceError};

pub use expiring::ExpiringItem;
pub use facts::Passport;
pub use verification::MAX_VERIFY_BATCH;
pub(crate) use verification::VerdictInputs;

/// The passport use cases over one store.
#[derive(Debug, Clone)]
pub struct PassportService {
    store: Store,
    clock: Clock,
}

impl PassportService {
    /// Opens the service, making sure the shipped catalogue is present (new codes are added,
    /// existing ones refreshed; organisations' overrides are untouched).
    pub async fn open(store: Store, clock: Clock) -> Result<Self> {
        for def in seed_catalogue() {
            store.upsert_credential_def(&def).await?;
        }
        Ok(Self { store, clock })
    }

    /// The underlying store (for the CLI's offline commands and tests).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The clock in use.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Imports staff and their records for one organisation: all rows or none.
    pub async fn import(&self, batch: &ImportBatch) -> Result<ImportSummary> {
        Ok(self.store.import_batch(batch, self.clock.now()).await?)
    }
}

/// Prefixes every field path with the request's root message.
fn scoped(errs: FieldErrors, root: &str) -> ServiceError {
    ServiceError::InvalidArgument(FieldErrors(
        errs.0
            .into_iter()
            .map(|e: FieldError| e.scoped(root))
            .collect(),
    ))
}
