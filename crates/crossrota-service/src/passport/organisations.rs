//! The region's directory: organisations (trusts, by ODS code) and the networks they form.
//! Every caller may read it; admins change it, and only for their own organisation or a
//! network it belongs to.

use crossrota_domain::access::Role;
use crossrota_domain::ids::{NetworkId, OrgId};
use crossrota_domain::organisation::{Network, NewNetwork, NewOrganisation, OdsCode, Organisation};
use crossrota_store::Page;

use super::PassportService;
use crate::access::Caller;
use crate::error::{Result, ServiceError};

impl PassportService {
    /// Registers an organisation (any admin of the region may).
    pub async fn create_org(&self, caller: &Caller, o: NewOrganisation) -> Result<Organisation> {
        caller.require_any(&[Role::Admin], "creating an organisation")?;
        Ok(self.store.create_org(&o).await?)
    }

    /// Bootstraps an organisation without a caller (CLI only: the region's first step).
    pub async fn create_org_unchecked(&self, o: NewOrganisation) -> Result<Organisation> {
        Ok(self.store.create_org(&o).await?)
    }

    /// Renames or re-codes the caller's own organisation.
    pub async fn update_org(
        &self,
        caller: &Caller,
        id: OrgId,
        o: NewOrganisation,
    ) -> Result<Organisation> {
        caller.require_any(&[Role::Admin], "updating an organisation")?;
        caller.require_own_org(id, "updating an organisation")?;
        Ok(self.store.update_org(id, &o).await?)
    }

    /// One organisation (the directory is public to every caller).
    pub async fn get_org(&self, _caller: &Caller, id: OrgId) -> Result<Organisation> {
        Ok(self.store.get_org(id).await?)
    }

    /// One organisation by ODS code.
    pub async fn get_org_by_code(&self, _caller: &Caller, code: &OdsCode) -> Result<Organisation> {
        Ok(self.store.get_org_by_code(code).await?)
    }

    /// A page of organisations.
    pub async fn list_orgs(
        &self,
        _caller: &Caller,
        page: Page<OrgId>,
    ) -> Result<Vec<Organisation>> {
        Ok(self.store.list_orgs(page).await?)
    }

    /// Creates a network; the caller's organisation must be one of its members.
    pub async fn create_network(&self, caller: &Caller, n: NewNetwork) -> Result<Network> {
        caller.require_any(&[Role::Admin], "creating a network")?;
        if !n.members.contains(&caller.org()) {
            return Err(ServiceError::PermissionDenied(
                "a network can only be created by one of its members".into(),
            ));
        }
        Ok(self.store.create_network(&n).await?)
    }

    /// Updates a network the caller's organisation belongs to (and stays in).
    pub async fn update_network(
        &self,
        caller: &Caller,
        id: NetworkId,
        n: NewNetwork,
    ) -> Result<Network> {
        caller.require_any(&[Role::Admin], "updating a network")?;
        let current = self.store.get_network(id).await?;
        if !current.members.contains(&caller.org()) || !n.members.contains(&caller.org()) {
            return Err(ServiceError::PermissionDenied(
                "a network can only be updated by a member that stays a member".into(),
            ));
        }
        Ok(self.store.update_network(id, &n).await?)
    }

    /// One network.
    pub async fn get_network(&self, _caller: &Caller, id: NetworkId) -> Result<Network> {
        Ok(self.store.get_network(id).await?)
    }

    /// A page of networks.
    pub async fn list_networks(
        &self,
        _caller: &Caller,
        page: Page<NetworkId>,
    ) -> Result<Vec<Network>> {
        Ok(self.store.list_networks(page).await?)
    }
}
