//! Sharing agreements: domain agreements to the wire, and `CreateAgreement` requests to commands.

use crossrota_domain::FieldErrors;
use crossrota_domain::agreement::{CredentialScope, SharingAgreement};
use crossrota_domain::catalogue::CredentialCode;
use crossrota_domain::commands::CreateAgreement;
use crossrota_domain::ids::{NetworkId, OrgId};

use crate::convert::enums::credential_kind;
use crate::convert::fields::{collect, required_message};
use crate::convert::ids::{id_list, required_id};
use crate::crossrota::v1 as pb;

impl From<&SharingAgreement> for pb::Agreement {
    fn from(a: &SharingAgreement) -> Self {
        use pb::agreement::Scope;
        let scope = match &a.scope {
            CredentialScope::Code(code) => Scope::Code(code.as_str().to_owned()),
            CredentialScope::Kind(kind) => Scope::Kind(pb::CredentialKind::from(*kind) as i32),
            CredentialScope::All => Scope::All(true),
        };
        Self {
            network_id: a.network.0,
            verifier_org_id: a.verifier.0,
            scope: Some(scope),
            issuer_org_ids: a.issuers.iter().map(|o| o.0).collect(),
        }
    }
}

from_owned!(SharingAgreement => pb::Agreement);

/// Reads the `scope` oneof; errors name the chosen member (`agreement.code`,
/// `agreement.kind`, `agreement.all`) or `agreement.scope` when none was chosen.
fn scope(
    path: &str,
    scope: Option<pb::agreement_input::Scope>,
) -> Result<CredentialScope, FieldErrors> {
    use pb::agreement_input::Scope;
    match scope {
        None => Err(FieldErrors::single(
            format!("{path}.scope"),
            "required (code, kind or all)",
        )),
        Some(Scope::Code(code)) => CredentialCode::parse(&code)
            .map(CredentialScope::Code)
            .map_err(|e| FieldErrors::single(format!("{path}.code"), e)),
        Some(Scope::Kind(raw)) => {
            credential_kind(&format!("{path}.kind"), raw).map(CredentialScope::Kind)
        }
        Some(Scope::All(true)) => Ok(CredentialScope::All),
        Some(Scope::All(false)) => Err(FieldErrors::single(
            format!("{path}.all"),
            "must be true when chosen",
        )),
    }
}

impl TryFrom<pb::CreateAgreementRequest> for CreateAgreement {
    type Error = FieldErrors;

    /// Shape checks on `agreement.*`; network membership is the service's job.
    fn try_from(req: pb::CreateAgreementRequest) -> Result<Self, FieldErrors> {
        let input = required_message("agreement", req.agreement)?;
        let mut errs = FieldErrors::new();
        let network = collect(
            &mut errs,
            required_id("agreement.network_id", input.network_id).map(NetworkId),
        );
        let scope = collect(&mut errs, scope("agreement", input.scope));
        let issuers = collect(
            &mut errs,
            id_list("agreement.issuer_org_ids", &input.issuer_org_ids, OrgId),
        );
        match (network, scope, issuers) {
            (Some(network), Some(scope), Some(issuers)) => Ok(Self {
                network,
                scope,
                issuers,
            }),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::test_support::err;
    use crossrota_domain::catalogue::CredentialKind;

    /// The create request a client would send to recreate `wire`.
    fn create_from(wire: pb::Agreement) -> pb::CreateAgreementRequest {
        use pb::agreement::Scope as Stored;
        use pb::agreement_input::Scope as Input;
        pb::CreateAgreementRequest {
            agreement: Some(pb::AgreementInput {
                network_id: wire.network_id,
                scope: wire.scope.map(|s| match s {
                    Stored::Code(c) => Input::Code(c),
                    Stored::Kind(k) => Input::Kind(k),
                    Stored::All(a) => Input::All(a),
                }),
                issuer_org_ids: wire.issuer_org_ids,
            }),
        }
    }

    #[test]
    fn every_scope_round_trips() {
        for scope in [
            CredentialScope::Code(CredentialCode::parse("STROKE-NIHSS").unwrap()),
            CredentialScope::Kind(CredentialKind::Competency),
            CredentialScope::All,
        ] {
            let agreement = SharingAgreement {
                network: NetworkId(1),
                verifier: OrgId(2),
                scope: scope.clone(),
                issuers: vec![OrgId(1), OrgId(3)],
            };
            let wire = pb::Agreement::from(&agreement);
            assert_eq!(wire.verifier_org_id, 2);
            let cmd = CreateAgreement::try_from(create_from(wire)).unwrap();
            assert_eq!(
                cmd,
                CreateAgreement {
                    network: agreement.network,
                    scope,
                    issuers: agreement.issuers,
                }
            );
        }
    }

    #[test]
    fn agreement_errors_name_the_fields() {
        use pb::agreement_input::Scope;
        let create = |network_id, scope, issuers| {
            CreateAgreement::try_from(pb::CreateAgreementRequest {
                agreement: Some(pb::AgreementInput {
                    network_id,
                    scope,
                    issuer_org_ids: issuers,
                }),
            })
        };
        assert_eq!(
            err(create(0, None, vec![0])),
            "agreement.network_id: required; agreement.scope: required (code, kind or all); \
             agreement.issuer_org_ids[0]: required"
        );
        assert_eq!(
            err(create(1, Some(Scope::Code("no spaces".into())), vec![])),
            "agreement.code: must be letters, digits, '-' or '_'"
        );
        assert_eq!(
            err(create(1, Some(Scope::Kind(0)), vec![])),
            "agreement.kind: required"
        );
        assert_eq!(
            err(create(1, Some(Scope::All(false)), vec![])),
            "agreement.all: must be true when chosen"
        );
        assert_eq!(
            err(CreateAgreement::try_from(pb::CreateAgreementRequest {
                agreement: None
            })),
            "agreement: required"
        );
    }
}
