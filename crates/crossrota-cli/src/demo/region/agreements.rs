//! Who accepts which credentials from whom, network by network, with deliberate gaps.

use crossrota_domain::agreement::CredentialScope;
use crossrota_domain::catalogue::{CredentialCode, CredentialKind};

use super::orgs::{BANK_HOST, BANK_NETWORK, ORGS, PATHOLOGY_NETWORK, STROKE_NETWORK};

/// "Within `network`, `verifier_code` accepts `scope` from `issuer_codes` (empty = all members)."
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DemoAgreement {
    /// Network name.
    pub(crate) network: &'static str,
    /// The accepting organisation.
    pub(crate) verifier_code: &'static str,
    /// What it accepts.
    pub(crate) scope: CredentialScope,
    /// From whom; empty means every member of the network.
    pub(crate) issuer_codes: Vec<&'static str>,
}

/// One row of the agreement table: network, verifier, what, from whom (empty = everyone).
type AgreementRow = (&'static str, &'static str, Scope, &'static [&'static str]);

/// Agreement scope as written in the table (codes are checked when the scope is built).
#[derive(Debug, Clone, Copy)]
enum Scope {
    Code(&'static str),
    Kind(CredentialKind),
}

const ALL_STROKE: [&str; 4] = [
    "STROKE-NIHSS",
    "STROKE-DYSPH",
    "STROKE-HASU",
    "STROKE-THROMB",
];

/// Who accepts what. The gaps are deliberate, so the demo shows "issuer not accepted":
/// Dartford signs off its own thrombolysis nurses; East Kent takes thrombolysis only from MTW
/// and Medway; community services take no acute-unit competencies; Dartford takes transfusion
/// only from MTW; nobody accepts another laboratory's LIMS sign-off (the systems differ).
fn agreement_table() -> Vec<AgreementRow> {
    let mut rows: Vec<AgreementRow> = Vec::new();
    for verifier in ["RWF", "RPA"] {
        for code in ALL_STROKE {
            rows.push((STROKE_NETWORK, verifier, Scope::Code(code), &[]));
        }
    }
    for code in ["STROKE-NIHSS", "STROKE-DYSPH", "STROKE-HASU"] {
        rows.push((STROKE_NETWORK, "RN7", Scope::Code(code), &[]));
        rows.push((STROKE_NETWORK, "RVV", Scope::Code(code), &[]));
    }
    rows.push((
        STROKE_NETWORK,
        "RVV",
        Scope::Code("STROKE-THROMB"),
        &["RWF", "RPA"],
    ));
    for code in ["STROKE-NIHSS", "STROKE-DYSPH"] {
        rows.push((STROKE_NETWORK, "RYY", Scope::Code(code), &[]));
    }
    for verifier in ["RWF", "RPA", "RVV"] {
        rows.push((
            PATHOLOGY_NETWORK,
            verifier,
            Scope::Code("PATH-TRANSFUSION"),
            &[],
        ));
    }
    rows.push((
        PATHOLOGY_NETWORK,
        "RN7",
        Scope::Code("PATH-TRANSFUSION"),
        &["RWF"],
    ));
    rows.push((PATHOLOGY_NETWORK, "RPA", Scope::Code("PATH-POCT"), &[]));
    for org in &ORGS {
        rows.push((BANK_NETWORK, org.code, Scope::Code("CHECK-DBS"), &[]));
    }
    rows.push((
        BANK_NETWORK,
        BANK_HOST,
        Scope::Kind(CredentialKind::EmploymentCheck),
        &[],
    ));
    rows
}

pub(super) fn agreements() -> Vec<DemoAgreement> {
    agreement_table()
        .into_iter()
        .filter_map(|(network, verifier_code, scope, issuers)| {
            let scope = match scope {
                Scope::Code(code) => CredentialScope::Code(CredentialCode::parse(code).ok()?),
                Scope::Kind(kind) => CredentialScope::Kind(kind),
            };
            Some(DemoAgreement {
                network,
                verifier_code,
                scope,
                issuer_codes: issuers.to_vec(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crossrota_domain::agreement::{AcceptancePolicy, SharingAgreement};

    use super::super::generate;
    use super::super::test_support::{catalogue, day, domain_networks, org_id};

    #[test]
    fn agreements_are_valid_and_leave_gaps_that_bite() {
        let region = generate(19, day(2025, 6, 2), 3000);
        assert_eq!(region.agreements.len(), agreement_table().len());
        let networks = domain_networks(&region);
        let mut agreements = Vec::new();
        for a in &region.agreements {
            let network = networks.iter().find(|n| n.name == a.network).unwrap();
            let parsed = SharingAgreement::parse(
                network,
                org_id(&region, a.verifier_code),
                a.scope.clone(),
                a.issuer_codes.iter().map(|c| org_id(&region, c)).collect(),
            );
            agreements.push(parsed.unwrap_or_else(|e| panic!("{a:?}: {e}")));
        }
        let catalogue = catalogue();
        let (mut accepted, mut refused) = (0, 0);
        for p in &region.profiles {
            let verifier = org_id(&region, p.owner_code);
            let policy = AcceptancePolicy {
                verifier,
                networks: &networks,
                agreements: &agreements,
            };
            for s in &region.staff {
                for f in &s.facts {
                    let code = CredentialCode::parse(f.code).unwrap();
                    let kind = catalogue.get(&code).unwrap().kind;
                    let needed = p.requirements.iter().any(|(c, _)| *c == f.code);
                    let issuer = org_id(&region, f.issuer_code);
                    if !needed || code.is_cstf() || issuer == verifier {
                        continue;
                    }
                    if policy.accepts(issuer, &code, kind) {
                        accepted += 1;
                    } else {
                        refused += 1;
                    }
                }
            }
        }
        assert!(accepted > 100, "{accepted} accepted");
        assert!(refused > 20, "{refused} refused");
    }
}
