//! `crossrota serve`: the gRPC server until Ctrl-C.

use std::path::PathBuf;

use anyhow::Context;
use tracing_subscriber::EnvFilter;

use crate::config::ServeConfig;

/// Arguments of `crossrota serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Optional TOML file with `listen` and `database`.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Listen address [env: CROSSROTA_LISTEN] [default: 127.0.0.1:50051].
    #[arg(long)]
    listen: Option<String>,
    /// Database URL: sqlite://FILE or postgres://... [env: CROSSROTA_DATABASE] [default: sqlite://crossrota.db].
    #[arg(long)]
    database: Option<String>,
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
        args.listen,
        args.database,
    )?;
    let service = super::open_service(&cfg.database.0).await?;
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .with_context(|| format!("binding {}", cfg.listen))?;
    tracing::info!(listen = %cfg.listen, database = ?cfg.database, "crossrota serving");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    };
    crossrota_server::serve(listener, service, shutdown).await?;
    Ok(())
}
