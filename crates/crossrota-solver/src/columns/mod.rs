//! A first roster by column generation and price-and-branch.
//!
//! Each person's rules are hard and only cover couples people, so a roster is one schedule per
//! person. The master LP (see [`master`]) mixes schedules; its prices for cover say what each
//! person should work, and pricing finds each person's cheapest schedule under those prices:
//! first by labelling ([`pricing`], milliseconds a person, heuristic), then, once labelling
//! finds nothing, exactly by a small MIP per person ([`exact`]). The master of rosters is
//! tight (on Curtois Instance6 it reaches the published lower bound, 1949, where the compact
//! MIP's LP gives 1916), so HiGHS's MIP over the schedules found ([`price_and_branch`]) is
//! usually a far better roster than one built person by person, and LNS starts from it.
//!
//! Labelling is pure, but only price-and-branch uses it, and the master and exact pricing need
//! HiGHS: the whole module exists with the `highs` feature only.

mod exact;
mod master;
mod price_and_branch;
mod pricing;

pub(crate) use price_and_branch::price_and_branch;
