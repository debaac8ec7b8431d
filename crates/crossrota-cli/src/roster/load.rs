//! Reading model and roster files, with errors that name the file and the bad item.

use std::path::Path;

use anyhow::Context;
use crossrota_domain::roster::curtois::parse_curtois;
use crossrota_domain::roster::roster_csv::read_roster_csv;
use crossrota_domain::roster::{Roster, RosterModel, validate};

use super::{ModelArgs, ModelFormat};

/// Reads and validates the model. Every validation error is printed to stderr before the
/// error is returned, so a planner can fix the file in one pass.
pub(super) fn load_model(args: &ModelArgs) -> anyhow::Result<RosterModel> {
    let path = &args.model;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let format = args.format.unwrap_or_else(|| format_of(path));
    let model = match format {
        ModelFormat::Json => serde_json::from_str::<RosterModel>(&text)
            .with_context(|| format!("{} is not a JSON roster model", path.display()))?,
        ModelFormat::Curtois => parse_curtois(&text)
            .with_context(|| format!("{} is not a Curtois instance", path.display()))?,
    };
    if let Err(errors) = validate(&model) {
        for error in &errors {
            eprintln!("{}: {error}", path.display());
        }
        anyhow::bail!(
            "{} has {} model error(s); nothing was solved or checked",
            path.display(),
            errors.len()
        );
    }
    Ok(model)
}

/// `.txt` files are Curtois instances (that is how the benchmark ships); anything else JSON.
fn format_of(path: &Path) -> ModelFormat {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("txt") => ModelFormat::Curtois,
        _ => ModelFormat::Json,
    }
}

/// Reads a roster CSV (`employee,day,shift`, optionally `,skill`) for `model`.
pub(super) fn load_roster(model: &RosterModel, path: &Path) -> anyhow::Result<Roster> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    read_roster_csv(model, &text).with_context(|| format!("{} is not a roster", path.display()))
}

/// Writes `contents` to `path`, naming the file on failure.
pub(super) fn write_file(path: &Path, contents: &str) -> anyhow::Result<()> {
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}
