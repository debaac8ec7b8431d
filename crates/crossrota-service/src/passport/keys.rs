//! API keys: resolving a presented secret to a caller, and issuing new keys.

use crossrota_domain::FieldErrors;
use crossrota_domain::access::{ApiKey, Role};
use crossrota_domain::organisation::OdsCode;
use crossrota_store::NewApiKey;

use super::PassportService;
use crate::access::Caller;
use crate::error::{Result, ServiceError};
use crate::keys::{generate_secret, hash_secret};

impl PassportService {
    /// Resolves a presented secret to a caller. Unknown or revoked keys are refused.
    pub async fn authenticate(&self, secret: &str) -> Result<Caller> {
        let secret = secret.trim();
        if secret.is_empty() {
            return Err(ServiceError::Unauthenticated(
                "missing API key: send `authorization: Bearer <key>`".into(),
            ));
        }
        match self
            .store
            .find_api_key_by_hash(&hash_secret(secret))
            .await?
        {
            Some(key) if key.revoked_at.is_none() => Ok(Caller { key }),
            Some(_) => Err(ServiceError::Unauthenticated("API key revoked".into())),
            None => Err(ServiceError::Unauthenticated("unknown API key".into())),
        }
    }

    /// Creates a key for an organisation and returns it with its secret (shown once).
    /// Used by the CLI to bootstrap the first admin key, and by admins for further keys.
    pub async fn create_api_key(
        &self,
        org: &OdsCode,
        label: &str,
        roles: &[Role],
    ) -> Result<(ApiKey, String)> {
        let mut errs = FieldErrors::new();
        if label.trim().is_empty() {
            errs.push("label", "required");
        }
        if roles.is_empty() {
            errs.push("roles", "at least one role is required");
        }
        errs.into_result(())?;
        let org = self.store.get_org_by_code(org).await?;
        let secret = generate_secret();
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        let key = self
            .store
            .create_api_key(&NewApiKey {
                org: org.id,
                label: label.trim().to_owned(),
                roles,
                secret_hash: hash_secret(&secret),
                created_at: self.clock.now(),
            })
            .await?;
        Ok((key, secret))
    }
}
