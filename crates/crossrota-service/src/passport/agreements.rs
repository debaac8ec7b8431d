//! Sharing agreements: which issuers' facts an organisation accepts within a network, beyond
//! the defaults (its own facts, members' CSTF training, the registers).

use crossrota_domain::access::Role;
use crossrota_domain::agreement::SharingAgreement;
use crossrota_domain::commands;
use crossrota_domain::ids::NetworkId;

use super::{PassportService, scoped};
use crate::access::Caller;
use crate::error::{Result, ServiceError};

impl PassportService {
    /// Records which issuers the caller's organisation accepts within a network.
    pub async fn create_agreement(
        &self,
        caller: &Caller,
        cmd: commands::CreateAgreement,
    ) -> Result<SharingAgreement> {
        caller.require_any(&[Role::Admin], "creating a sharing agreement")?;
        let network = self
            .store
            .get_network(cmd.network)
            .await
            .map_err(|e| match e.kind() {
                crossrota_store::StoreErrorKind::NotFound => ServiceError::invalid(
                    "agreement.network_id",
                    format!("unknown network {}", cmd.network),
                ),
                _ => e.into(),
            })?;
        if !network.members.contains(&caller.org()) {
            return Err(ServiceError::PermissionDenied(
                "your organisation is not a member of this network".into(),
            ));
        }
        let a = SharingAgreement::parse(&network, caller.org(), cmd.scope, cmd.issuers)
            .map_err(|e| scoped(e, "agreement"))?;
        Ok(self.store.create_agreement(&a).await?)
    }

    /// Agreements, optionally of one network.
    pub async fn list_agreements(
        &self,
        _caller: &Caller,
        network: Option<NetworkId>,
    ) -> Result<Vec<SharingAgreement>> {
        Ok(self.store.list_agreements(network).await?)
    }
}
