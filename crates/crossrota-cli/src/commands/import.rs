//! `crossrota import`: staff and training records from an ESR-like CSV, all rows or none.

use std::path::PathBuf;

use anyhow::Context;
use crossrota_domain::organisation::OdsCode;
use crossrota_service::import::parse_csv;

use crate::config::DEFAULT_DATABASE;

/// Arguments of `crossrota import`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// ODS code of the organisation whose staff the file lists.
    #[arg(long)]
    org: String,
    /// The CSV file.
    file: PathBuf,
    /// Database URL.
    #[arg(long, env = "CROSSROTA_DATABASE", default_value = DEFAULT_DATABASE)]
    database: String,
}

/// Runs the import; on any bad row nothing is written and every bad cell is printed.
pub(crate) async fn run(args: Args) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let code = OdsCode::parse(&args.org).map_err(|e| anyhow::anyhow!("--org: {e}"))?;
    let service = super::open_service(&args.database).await?;
    let org = service
        .store()
        .get_org_by_code(&code)
        .await
        .with_context(|| format!("organisation {code}"))?;
    let catalogue = service.store().load_catalogue().await?;
    let label = format!("import {}", args.file.display());
    match parse_csv(&text, org.id, &catalogue, service.clock().today(), &label) {
        Ok(batch) => {
            let s = service.import(&batch).await?;
            println!(
                "imported {}: {} staff created, {} updated, {} facts recorded",
                args.file.display(),
                s.staff_created,
                s.staff_updated,
                s.facts_recorded
            );
            Ok(())
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}:{e}", args.file.display());
            }
            anyhow::bail!("{} bad cell(s); nothing was imported", errors.len())
        }
    }
}
