//! Writes a generated region into the store, with a progress bar, and creates one API key per
//! trust for the gRPC part of the demo.

use std::collections::HashMap;

use anyhow::Context;
use crossrota_domain::access::Role;
use crossrota_domain::agreement::SharingAgreement;
use crossrota_domain::fact::{FactInput, NewFact};
use crossrota_domain::ids::{NetworkId, OrgId, ProfileId, StaffId};
use crossrota_domain::organisation::{NewNetwork, NewOrganisation};
use crossrota_domain::profile::NewProfile;
use crossrota_domain::staff::{NewStaff, StaffInput};
use crossrota_service::PassportService;
use crossrota_store::{ImportBatch, ImportFact};
use indicatif::{ProgressBar, ProgressStyle};

use super::region::Region;

/// What the seeding created, for the gRPC part to use.
pub(crate) struct Seeded {
    /// Organisation ids by ODS code.
    pub(crate) orgs: HashMap<&'static str, OrgId>,
    /// API key secret per ODS code (admin, issuer, verifier, rotation coordinator and bank
    /// office roles).
    pub(crate) keys: HashMap<&'static str, String>,
    /// Network ids by name.
    pub(crate) networks: HashMap<&'static str, NetworkId>,
    /// Profile ids, in the order of the region's profiles.
    pub(crate) profiles: Vec<ProfileId>,
}

/// Seeds the region. Staff and facts go in one all-or-nothing import per trust.
pub(crate) async fn seed(service: &PassportService, region: &Region) -> anyhow::Result<Seeded> {
    let store = service.store();
    let mut orgs = HashMap::new();
    for o in &region.orgs {
        let new = NewOrganisation::parse(o.code, o.name).map_err(|e| anyhow::anyhow!("{e}"))?;
        orgs.insert(o.code, service.create_org_unchecked(new).await?.id);
    }
    let org = |code: &str| {
        orgs.get(code)
            .copied()
            .with_context(|| format!("unknown org {code}"))
    };
    let mut networks: HashMap<&'static str, NetworkId> = HashMap::new();
    let mut network_defs = Vec::new();
    for n in &region.networks {
        let members = n
            .members
            .iter()
            .map(|c| org(c))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let new = NewNetwork::parse(n.name, n.kind, members).map_err(|e| anyhow::anyhow!("{e}"))?;
        let created = store.create_network(&new).await?;
        networks.insert(n.name, created.id);
        network_defs.push(created);
    }
    for a in &region.agreements {
        let network = network_defs
            .iter()
            .find(|n| networks.get(a.network) == Some(&n.id))
            .with_context(|| format!("unknown network {}", a.network))?;
        let issuers = a
            .issuer_codes
            .iter()
            .map(|c| org(c))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let agreement =
            SharingAgreement::parse(network, org(a.verifier_code)?, a.scope.clone(), issuers)
                .map_err(|e| anyhow::anyhow!("agreement in {}: {e}", a.network))?;
        store.create_agreement(&agreement).await?;
    }
    let catalogue = store.load_catalogue().await?;
    let mut profiles = Vec::new();
    for p in &region.profiles {
        let reqs: Vec<(String, i64)> = p
            .requirements
            .iter()
            .map(|(c, l)| ((*c).to_owned(), i64::from(*l)))
            .collect();
        let new = NewProfile::parse(org(p.owner_code)?, p.name, p.service, &reqs, &catalogue)
            .map_err(|e| anyhow::anyhow!("profile {}: {e}", p.name))?;
        profiles.push(store.create_profile(&new).await?.id);
    }

    let bar = ProgressBar::new(region.staff.len() as u64);
    bar.set_style(ProgressStyle::with_template(
        "seeding staff {bar:40} {pos}/{len} {msg}",
    )?);
    let today = service.clock().today();
    let mut keys = HashMap::new();
    for o in &region.orgs {
        let org_id = org(o.code)?;
        let mut batch = ImportBatch {
            org: org_id,
            staff: Vec::new(),
            facts: Vec::new(),
        };
        for s in region.staff.iter().filter(|s| s.org_code == o.code) {
            let nets = s
                .networks
                .iter()
                .filter_map(|n| networks.get(n).copied())
                .collect();
            let reg = s.registration.as_ref();
            let new = NewStaff::parse(StaffInput {
                org: Some(org_id),
                employee_number: &s.employee_number,
                name: &s.name,
                staff_group: s.staff_group.as_str(),
                band: i64::from(s.band),
                registration_body: reg.map(|r| r.body.as_str()).unwrap_or(""),
                registration_number: reg.map(|r| r.number.as_str()).unwrap_or(""),
                registration_expires_on: reg.map(|r| r.expires_on),
                networks: nets,
            })
            .map_err(|e| anyhow::anyhow!("staff {}: {e}", s.employee_number))?;
            batch.staff.push(new);
            for f in &s.facts {
                let fact = NewFact::parse(
                    FactInput {
                        staff: StaffId(0),
                        code: f.code,
                        level: i64::from(f.level),
                        achieved_on: Some(f.achieved_on),
                        expires_on: None,
                        issuer: org(f.issuer_code)?,
                        evidence_ref: "demo",
                        recorded_by: "demo seed",
                        supersedes: None,
                    },
                    &catalogue,
                    today,
                )
                .map_err(|e| anyhow::anyhow!("fact of {}: {e}", s.employee_number))?;
                batch.facts.push(ImportFact {
                    employee_number: s.employee_number.clone(),
                    fact,
                });
            }
        }
        bar.set_message(o.code);
        let n = batch.staff.len() as u64;
        service.import(&batch).await?;
        bar.inc(n);
        let (_, secret) = service
            .create_api_key(
                &crossrota_domain::organisation::OdsCode::parse(o.code)
                    .map_err(|e| anyhow::anyhow!(e))?,
                &format!("{} workforce team", o.code),
                &[
                    Role::Admin,
                    Role::Issuer,
                    Role::Verifier,
                    Role::RotationCoordinator,
                    Role::BankOffice,
                ],
            )
            .await?;
        keys.insert(o.code, secret);
    }
    bar.finish_with_message("done");

    Ok(Seeded {
        orgs,
        keys,
        networks,
        profiles,
    })
}
