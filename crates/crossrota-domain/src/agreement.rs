//! Workforce-sharing agreements: which issuers' facts a member trust accepts, per credential.
//!
//! Within a network every member accepts every other member's CSTF training by default (the
//! point of the Core Skills Training Framework). Anything else — competencies, employment
//! checks — needs an explicit agreement. An organisation always accepts its own facts, and a
//! professional register is always accepted for registrations.

use serde::{Deserialize, Serialize};

use crate::FieldErrors;
use crate::catalogue::{CredentialCode, CredentialKind};
use crate::ids::{NetworkId, OrgId};
use crate::organisation::Network;

/// Which credentials an agreement covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CredentialScope {
    /// One credential.
    Code(CredentialCode),
    /// Every credential of a kind.
    Kind(CredentialKind),
    /// Everything.
    All,
}

impl CredentialScope {
    /// True when the scope covers a credential of this code and kind.
    pub fn covers(&self, code: &CredentialCode, kind: CredentialKind) -> bool {
        match self {
            Self::Code(c) => c == code,
            Self::Kind(k) => *k == kind,
            Self::All => true,
        }
    }
}

/// "Within `network`, `verifier` accepts facts in `scope` issued by `issuers`."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingAgreement {
    /// The network the agreement lives in.
    pub network: NetworkId,
    /// The organisation that accepts.
    pub verifier: OrgId,
    /// What it accepts.
    pub scope: CredentialScope,
    /// From whom; empty means every member of the network.
    pub issuers: Vec<OrgId>,
}

impl SharingAgreement {
    /// Validates an agreement against its network's membership.
    pub fn parse(
        network: &Network,
        verifier: OrgId,
        scope: CredentialScope,
        mut issuers: Vec<OrgId>,
    ) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::new();
        if !network.members.contains(&verifier) {
            errs.push("verifier", "not a member of the network");
        }
        // Positions refer to the list as sent, so check before sorting.
        for (i, o) in issuers.iter().enumerate() {
            if !network.members.contains(o) {
                errs.push(
                    format!("issuer_org_ids[{i}]"),
                    "not a member of the network",
                );
            }
        }
        issuers.sort();
        issuers.dedup();
        errs.into_result(Self {
            network: network.id,
            verifier,
            scope,
            issuers,
        })
    }
}

/// Everything needed to decide whether `verifier` accepts a fact from some issuer.
#[derive(Debug, Clone)]
pub struct AcceptancePolicy<'a> {
    /// The organisation verifying.
    pub verifier: OrgId,
    /// Networks the verifier belongs to.
    pub networks: &'a [Network],
    /// Agreements in those networks.
    pub agreements: &'a [SharingAgreement],
}

impl AcceptancePolicy<'_> {
    /// True when the verifier accepts a fact of this credential from `issuer`.
    pub fn accepts(&self, issuer: OrgId, code: &CredentialCode, kind: CredentialKind) -> bool {
        if issuer == self.verifier {
            return true;
        }
        self.networks
            .iter()
            .filter(|n| n.members.contains(&self.verifier) && n.members.contains(&issuer))
            .any(|n| {
                (kind == CredentialKind::Training && code.is_cstf())
                    || self.agreements.iter().any(|a| {
                        a.network == n.id
                            && a.verifier == self.verifier
                            && a.scope.covers(code, kind)
                            && (a.issuers.is_empty() || a.issuers.contains(&issuer))
                    })
            })
    }
}
