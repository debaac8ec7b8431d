//! A first roster by column generation and diving (price-and-dive).
//!
//! Each person's rules are hard and only cover couples people, so a roster is one schedule per
//! person. The master LP (see [`master`]) mixes schedules; its prices for cover say what each
//! person should work, and pricing (see [`pricing`]) finds each person's cheapest schedule under
//! those prices. When no person has a schedule that would lower the LP, the dive fixes the
//! people whose LP schedule is (nearly) whole, prices again for the rest, and repeats until
//! everyone has a schedule. The master LP of rosters is tight (on Curtois Instance6 it reaches
//! the published lower bound, 1949, where the compact MIP's LP gives 1916), so the roster the
//! dive ends with is usually far better than one built person by person, and LNS starts from it.

#[cfg(feature = "highs")]
mod exact;
#[cfg(feature = "highs")]
mod master;
#[cfg(feature = "highs")]
mod price_and_branch;
pub(crate) mod pricing;

#[cfg(feature = "highs")]
pub(crate) use price_and_branch::price_and_branch;
