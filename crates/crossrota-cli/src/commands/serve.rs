//! `crossrota serve`: the gRPC server until Ctrl-C.

use std::path::PathBuf;

use anyhow::Context;
use tracing_subscriber::EnvFilter;

use crossrota_service::roster::RosterConfig;
use crossrota_service::{Clock, RosterService};

use crate::config::{ServeConfig, ServeFlags};

/// Arguments of `crossrota serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Optional TOML file with `listen`, `database`, `roster_lease_seconds` and
    /// `roster_max_jobs_per_org`.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Listen address [env: CROSSROTA_LISTEN] [default: 127.0.0.1:50051].
    #[arg(long)]
    listen: Option<String>,
    /// Database URL: sqlite://FILE or postgres://... [env: CROSSROTA_DATABASE] [default: sqlite://crossrota.db].
    #[arg(long)]
    database: Option<String>,
    /// Seconds a roster job's lease lasts without renewal before another instance sharing the
    /// database takes the job over [env: CROSSROTA_ROSTER_LEASE_SECONDS] [default: 30].
    #[arg(long)]
    roster_lease_seconds: Option<u64>,
    /// Most roster jobs one organisation may have queued or running at once
    /// [env: CROSSROTA_ROSTER_MAX_JOBS_PER_ORG] [default: 20].
    #[arg(long)]
    roster_max_jobs_per_org: Option<u64>,
}

/// Runs the server until Ctrl-C.
pub(crate) async fn run(args: Args) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let cfg = ServeConfig::resolve(
        args.config.as_deref(),
        |k| std::env::var(k).ok(),
        &ServeFlags {
            listen: args.listen,
            database: args.database,
            roster_lease_seconds: args.roster_lease_seconds,
            roster_max_jobs_per_org: args.roster_max_jobs_per_org,
        },
    )?;
    let service = super::open_service(&cfg.database.0).await?;
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .with_context(|| format!("binding {}", cfg.listen))?;
    let roster = RosterService::new(
        service.clone(),
        Clock::system(),
        RosterConfig {
            lease: cfg.roster_lease,
            max_active_jobs_per_org: cfg.roster_max_jobs_per_org,
            ..RosterConfig::default()
        },
    );
    tracing::info!(
        listen = %cfg.listen,
        database = ?cfg.database,
        roster_lease = ?cfg.roster_lease,
        roster_max_jobs_per_org = cfg.roster_max_jobs_per_org,
        "crossrota serving"
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    };
    crossrota_server::serve_with(listener, service, roster, shutdown).await?;
    Ok(())
}
