//! The credential catalogue (shared by the region) and each organisation's own validity
//! overrides for its levels.

use crossrota_domain::FieldErrors;
use crossrota_domain::access::Role;
use crossrota_domain::catalogue::{
    CredentialCode, CredentialDef, MAX_LEVEL, Validity, ValidityOverride,
};
use crossrota_domain::commands;

use super::PassportService;
use crate::access::Caller;
use crate::error::{Result, ServiceError};

impl PassportService {
    /// The credential catalogue.
    pub async fn list_credentials(&self, _caller: &Caller) -> Result<Vec<CredentialDef>> {
        Ok(self.store.list_credential_defs().await?)
    }

    /// Sets the caller's organisation's own validity for a credential level.
    pub async fn set_validity_override(
        &self,
        caller: &Caller,
        cmd: commands::SetValidityOverride,
    ) -> Result<ValidityOverride> {
        caller.require_any(&[Role::Admin], "overriding a validity period")?;
        let catalogue = self.store.load_catalogue().await?;
        let mut errs = FieldErrors::new();
        let code = CredentialCode::parse(&cmd.code)
            .map_err(|e| errs.push("override.code", e))
            .ok();
        let def = code.as_ref().and_then(|c| {
            let d = catalogue.get(c);
            if d.is_none() {
                errs.push("override.code", format!("unknown credential {c}"));
            }
            d
        });
        let level = u8::try_from(cmd.level)
            .ok()
            .filter(|l| (1..=MAX_LEVEL).contains(l));
        match (level, def) {
            (None, _) => errs.push("override.level", "must be 1..3"),
            (Some(l), Some(d)) if !d.has_level(l) => {
                errs.push("override.level", format!("{} has no level {l}", d.code))
            }
            _ => {}
        }
        let months = u32::try_from(cmd.months).ok().filter(|m| *m <= 120);
        if months.is_none() {
            errs.push("override.months", "must be 0..120 (0 = never expires)");
        }
        errs.into_result(())?;
        let (Some(code), Some(level), Some(months)) = (code, level, months) else {
            return Err(ServiceError::invalid("override", "invalid"));
        };
        let o = ValidityOverride {
            org: caller.org(),
            code,
            level,
            validity: Validity::from_months(months),
        };
        self.store.set_validity_override(&o).await?;
        Ok(o)
    }
}
