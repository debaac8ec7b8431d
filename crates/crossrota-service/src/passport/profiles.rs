//! Requirement profiles: what an organisation's service asks of the people who work in it.
//! An admin defines them for their own organisation; everyone in the region may read them.

use crossrota_domain::access::Role;
use crossrota_domain::commands;
use crossrota_domain::ids::{OrgId, ProfileId};
use crossrota_domain::profile::{NewProfile, RequirementProfile};
use crossrota_store::Page;

use super::{PassportService, scoped};
use crate::access::Caller;
use crate::error::Result;

impl PassportService {
    /// Defines a requirement profile for the caller's organisation.
    pub async fn define_profile(
        &self,
        caller: &Caller,
        cmd: commands::DefineProfile,
    ) -> Result<RequirementProfile> {
        caller.require_any(&[Role::Admin], "defining a requirement profile")?;
        let catalogue = self.store.load_catalogue().await?;
        let p = NewProfile::parse(
            caller.org(),
            &cmd.name,
            &cmd.service,
            &cmd.requirements,
            &catalogue,
        )
        .map_err(|e| scoped(e, "profile"))?;
        Ok(self.store.create_profile(&p).await?)
    }

    /// One profile (profiles are public within the region).
    pub async fn get_profile(&self, _caller: &Caller, id: ProfileId) -> Result<RequirementProfile> {
        Ok(self.store.get_profile(id).await?)
    }

    /// A page of profiles, optionally of one organisation.
    pub async fn list_profiles(
        &self,
        _caller: &Caller,
        org: Option<OrgId>,
        page: Page<ProfileId>,
    ) -> Result<Vec<RequirementProfile>> {
        Ok(self.store.list_profiles(org, page).await?)
    }
}
