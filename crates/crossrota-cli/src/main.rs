//! The `crossrota` binary: the composition root that wires store, service and server, plus the
//! everyday client commands.

mod bank;
mod client;
mod commands;
mod config;
mod demo;
mod roster;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// crossrota: shared staff passports, a collaborative bank and shared rosters for NHS trusts.
#[derive(Debug, Parser)]
#[command(name = "crossrota", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the gRPC server.
    Serve(commands::serve::Args),
    /// Manage API keys (run on the server's database).
    #[command(subcommand)]
    Keys(commands::keys::KeysCommand),
    /// Seed a synthetic Kent and Medway region, start the server, verify passports and solve a
    /// stroke network roster over gRPC.
    Demo(demo::Args),
    /// Import staff and training records from an ESR-like CSV file: all rows or none.
    Import(commands::import::Args),
    /// Passport commands (a gRPC client).
    #[command(subcommand)]
    Passport(client::PassportCommand),
    /// Verify staff against a requirement profile (a gRPC client).
    Verify(client::VerifyArgs),
    /// List facts of your organisation's staff that expire soon (a gRPC client).
    Expiring(client::ExpiringArgs),
    /// The collaborative bank: post shifts, candidates, bookings, commitments (a gRPC client).
    #[command(subcommand)]
    Bank(bank::BankCommand),
    /// Shared rosters: solve, check, export as HTML, generate test networks.
    #[command(subcommand)]
    Roster(roster::RosterCommand),
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => commands::serve::run(args).await,
            Command::Keys(cmd) => commands::keys::run(cmd).await,
            Command::Demo(args) => demo::run(args).await,
            Command::Import(args) => commands::import::run(args).await,
            Command::Passport(cmd) => client::passport(cmd).await,
            Command::Verify(args) => client::verify(args).await,
            Command::Expiring(args) => client::expiring(args).await,
            Command::Roster(cmd) => roster::run(cmd),
            Command::Bank(cmd) => bank::run(cmd).await,
        }
    })
}
