//! The collaborative bank half of the demo, all over gRPC: the seven trusts record their
//! sites, the host trust creates the Kent and Medway collaborative bank, each trust enrols its
//! staff who joined the bank network; each bank office posts a fortnight of open shifts; the
//! candidates for a night at Maidstone's HASU are shown with the near misses and their
//! reasons; shifts are booked (and some refused, with the reason), and one nurse's
//! commitments across trusts are listed.
//!
//! Everything is drawn from the demo's seed (on streams of its own, so the region stays as it
//! was) and dated from `--as-of`, and the server ranks ties by staff id: one seed and day
//! always print the same bank.
//!
//! One file per part: [`places`] (sites, wards, neighbours), [`terms`] (what members offer),
//! [`plan`] (the shifts), [`offices`] (the trusts' clients), [`setup`], [`post`],
//! [`candidates`] and [`bookings`].

mod bookings;
mod candidates;
mod offices;
mod places;
mod plan;
mod post;
mod setup;
mod terms;

use anyhow::Context;
use chrono::{Days, NaiveDate};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::region::Region;
use super::seed::Seeded;
use offices::Offices;
use places::SHOWCASE;
use plan::Kind;

/// The random streams of the seed the bank draws from: members' terms and the shifts.
const TERMS_STREAM: u64 = 1;
const SHIFTS_STREAM: u64 = 2;

/// Heading of the bank part.
fn heading(as_of: NaiveDate) -> String {
    let (from, to) = window(as_of);
    format!("== Kent and Medway collaborative bank, {from} to {to} ==")
}

/// The fortnight of shifts: the [`plan::DAYS`] days after `as_of`.
fn window(as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = as_of.checked_add_days(Days::new(1)).unwrap_or(as_of);
    let to = as_of
        .checked_add_days(Days::new(plan::DAYS))
        .unwrap_or(as_of);
    (from, to)
}

/// Sets the bank up, posts, shows candidates and books, printing as it goes.
pub(crate) async fn run(
    server: &str,
    region: &Region,
    seeded: &Seeded,
    as_of: NaiveDate,
    seed: u64,
) -> anyhow::Result<()> {
    println!();
    println!("{}", heading(as_of));
    let offices = Offices::connect(server, region, seeded).await?;
    setup::sites(&offices).await?;
    println!(
        "{} sites recorded by their trusts, e.g. RWF MAID {}",
        places::SITES.len(),
        places::site_name("RWF", "MAID")
    );
    let mut rng = stream(seed, TERMS_STREAM);
    let members = setup::enrol(server, &offices, region, seeded, &mut rng).await?;

    println!();
    println!(
        "Open shifts posted by each trust's bank office (nights 19:30–07:30, long days 07:30–20:00):"
    );
    let plan = plan::plan(&mut stream(seed, SHIFTS_STREAM), as_of);
    let posted = post::post(&offices, region, seeded, plan).await?;

    let showcase = posted
        .iter()
        .position(|p| {
            (p.plan.ward.trust, p.plan.ward.site, p.plan.ward.ward) == SHOWCASE
                && p.kind() == Kind::Night
        })
        .context("the showcase unit posts its first night")?;
    let found = candidates::candidates(&offices, &posted[showcase]).await?;
    println!();
    candidates::print(
        &offices,
        &posted[showcase],
        posted[showcase].plan.ward.profile,
        &found,
    );

    bookings::run(bookings::Story {
        offices: &offices,
        posted: &posted,
        members: &members,
        showcase,
        found: &found,
        trusts: region.orgs.iter().map(|o| o.code).collect(),
        window: window(as_of),
    })
    .await
}

/// The generator of `seed` on one of the bank's streams.
fn stream(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}
