//! `crossrota keys create`: the way the first admin key comes into being.

use anyhow::Context;
use crossrota_domain::access::Role;
use crossrota_domain::organisation::{NewOrganisation, OdsCode};
use crossrota_store::StoreErrorKind;

use crate::config::DEFAULT_DATABASE;

/// Key subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum KeysCommand {
    /// Create an API key for an organisation and print it (shown once).
    Create {
        /// ODS code of the organisation, e.g. RWF.
        #[arg(long)]
        org: String,
        /// Organisation name: creates the organisation first if it does not exist yet.
        #[arg(long)]
        org_name: Option<String>,
        /// Role(s): admin, issuer, verifier, bank_office, rotation_coordinator. Repeatable.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Label recorded with every fact the key records.
        #[arg(long, default_value = "cli")]
        label: String,
        /// Database URL.
        #[arg(long, env = "CROSSROTA_DATABASE", default_value = DEFAULT_DATABASE)]
        database: String,
    },
}

/// Runs a key subcommand.
pub(crate) async fn run(cmd: KeysCommand) -> anyhow::Result<()> {
    let KeysCommand::Create {
        org,
        org_name,
        roles,
        label,
        database,
    } = cmd;
    let roles: Vec<Role> = roles
        .iter()
        .map(|r| Role::parse(r).with_context(|| format!("unknown role {r:?}")))
        .collect::<anyhow::Result<_>>()?;
    let code = OdsCode::parse(&org).map_err(|e| anyhow::anyhow!("--org: {e}"))?;
    let service = super::open_service(&database).await?;
    if let Some(name) = org_name {
        match service.store().get_org_by_code(&code).await {
            Ok(_) => {}
            Err(e) if e.kind() == StoreErrorKind::NotFound => {
                let new = NewOrganisation::parse(code.as_str(), &name)
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                service.create_org_unchecked(new).await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let (key, secret) = service
        .create_api_key(&code, &label, &roles)
        .await
        .with_context(|| {
            format!(
                "creating a key for {code} (create the organisation with --org-name if it is new)"
            )
        })?;
    let names: Vec<&str> = key.roles.iter().map(|r| r.as_str()).collect();
    eprintln!(
        "created key {} for {code} with roles {}",
        key.id,
        names.join(", ")
    );
    println!("{secret}");
    Ok(())
}
