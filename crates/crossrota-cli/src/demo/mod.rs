//! `crossrota demo`: a synthetic Kent and Medway region on a fresh SQLite file, served by the
//! real gRPC server on a loopback port, its passports verified, a collaborative bank set up,
//! filled and booked, and a stroke network roster solved, all through the real gRPC client.

mod bank;
mod lookup;
mod region;
mod roster;
mod seed;
mod summary;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use chrono::{NaiveDate, NaiveTime};
use crossrota_service::{Clock, PassportService};
use crossrota_store::Store;

/// Arguments of `crossrota demo`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Random seed: the same seed and date give the same region, passport summary and bank
    /// (the roster can differ from run to run: its solve stops at a time limit).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Number of staff in the region.
    #[arg(long, default_value_t = 1000)]
    staff: usize,
    /// The demo's "today" (YYYY-MM-DD); defaults to the current date.
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// SQLite file to create (must not exist); defaults to a file in a fresh temporary directory.
    #[arg(long)]
    database: Option<PathBuf>,
    /// Directory to write the roster's HTML grid (crossrota-demo-roster.html) into; created
    /// if missing.
    #[arg(long, default_value = ".")]
    out_dir: PathBuf,
    /// Time limit of the roster solve, in seconds.
    #[arg(long, default_value_t = 15.0, value_parser = roster_seconds)]
    roster_seconds: f64,
}

/// A roster time limit the server accepts: more than 0 and at most 3600 seconds.
fn roster_seconds(text: &str) -> Result<f64, String> {
    let seconds: f64 = text.parse().map_err(|e| format!("{e}"))?;
    if seconds > 0.0 && seconds <= 3600.0 {
        Ok(seconds)
    } else {
        Err("must be more than 0 and at most 3600".to_owned())
    }
}

/// Runs the demo end to end.
pub(crate) async fn run(args: Args) -> anyhow::Result<()> {
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let tmp = tempfile::tempdir()?;
    let path = match &args.database {
        Some(p) if p.exists() => {
            anyhow::bail!("{} exists; the demo needs a fresh file", p.display())
        }
        Some(p) => p.clone(),
        None => tmp.path().join("crossrota-demo.db"),
    };
    let url = format!("sqlite://{}", path.display());
    println!(
        "crossrota demo: seed {}, {} staff, as of {as_of}, database {}",
        args.seed,
        args.staff,
        path.display()
    );

    let store = Store::connect(&url)
        .await
        .with_context(|| format!("creating {url}"))?;
    let noon = as_of
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
        .and_utc();
    let service = PassportService::open(store, Clock::fixed(noon)).await?;

    let region = region::generate(args.seed, as_of, args.staff);
    let seeded = seed::seed(&service, &region).await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(crossrota_server::serve(listener, service.clone(), async {
        let _ = stop_rx.await;
    }));
    println!("server listening on {addr} (gRPC with health and reflection)");

    let url = format!("http://{addr}");
    let result = async {
        summary::run(&url, &region, &seeded, as_of).await?;
        bank::run(&url, &region, &seeded, as_of, args.seed).await?;
        let limit = Duration::from_secs_f64(args.roster_seconds);
        roster::run(&url, &region, &seeded, as_of, limit, &args.out_dir).await
    }
    .await;
    let _ = stop_tx.send(());
    server.await.context("server task")??;
    service.store().close().await;
    result
}
