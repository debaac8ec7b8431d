//! `crossrota roster generate`: write a seeded multi-trust stroke network model as JSON.

use std::path::PathBuf;

use anyhow::Context;
use crossrota_testkit::roster::generator::{GeneratorParams, generate};

use super::load::write_file;

/// Arguments of `crossrota roster generate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Random seed: the same seed and sizes always give the same model.
    #[arg(long)]
    seed: u64,
    /// Number of trusts, each running one stroke unit.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u16).range(1..))]
    trusts: u16,
    /// Number of staff across the network.
    #[arg(long, default_value_t = 600)]
    staff: usize,
    /// Length of the plan in days (from a Monday).
    #[arg(long, default_value_t = 28, value_parser = clap::value_parser!(u32).range(1..=366))]
    days: u32,
    /// The JSON file to write.
    #[arg(long)]
    out: PathBuf,
}

/// Generates the model and writes it.
pub(crate) fn run(args: Args) -> anyhow::Result<()> {
    let params = GeneratorParams {
        trusts: usize::from(args.trusts),
        staff: args.staff,
        days: args.days,
        ..GeneratorParams::stroke_network()
    };
    let model = generate(&params, args.seed);
    let text = serde_json::to_string_pretty(&model).context("encoding the model")?;
    write_file(&args.out, &text)?;
    let wanted: i64 = model.demands.iter().map(|d| i64::from(d.required)).sum();
    println!(
        "model written to {}: {} trust(s), {} staff, {} days from {}, {} shift type(s), \
         {} demand line(s) wanting {wanted} shifts",
        args.out.display(),
        model.sites.len(),
        model.staff.len(),
        model.horizon.days,
        model.horizon.start,
        model.shift_types.len(),
        model.demands.len()
    );
    Ok(())
}
