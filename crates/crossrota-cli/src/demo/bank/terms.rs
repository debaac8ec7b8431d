//! What a member of staff offers the bank when their trust enrols them: the profiles they can
//! work (the region's own mapping of profiles to the staff they are for), their band, the
//! neighbouring trusts they will travel to, and for some a weekly cap or the 48-hour opt-out.

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::places::neighbours;
use crate::demo::region::{DemoProfile, DemoStaff};

/// Share of members who set their own weekly cap, and the caps they choose.
const CAP_CHANCE: f64 = 0.3;
const CAPS: [f64; 3] = [24.0, 30.0, 37.5];

/// Share of members who opted out of the 48-hour average in writing.
const OPT_OUT_CHANCE: f64 = 0.15;

/// What one member offers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Terms {
    /// Indices into the region's profiles of those they offer to work.
    pub(super) profiles: Vec<usize>,
    /// Agenda for Change band, 1 to 9.
    pub(super) band: u8,
    /// Trusts besides their own they will work at (ODS codes): one or two neighbours.
    pub(super) travels_to: Vec<&'static str>,
    /// Their own cap on weekly hours.
    pub(super) weekly_cap_hours: Option<f64>,
    /// Whether they opted out of the 48-hour average.
    pub(super) opted_out: bool,
}

/// The terms of `person`, or `None` when no profile of the region is for them (a bank office
/// has no shift to offer them). Draws from `rng` only for people who get terms.
pub(super) fn terms(
    rng: &mut ChaCha8Rng,
    profiles: &[DemoProfile],
    person: &DemoStaff,
) -> Option<Terms> {
    let offered: Vec<usize> = profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_for(person))
        .map(|(i, _)| i)
        .collect();
    if offered.is_empty() {
        return None;
    }
    let near = neighbours(person.org_code);
    let count = if rng.random_bool(0.5) { 1 } else { 2 };
    let mut travels_to: Vec<&'static str> = near.choose_multiple(rng, count).copied().collect();
    travels_to.sort_unstable();
    let weekly_cap_hours = if rng.random_bool(CAP_CHANCE) {
        CAPS.choose(rng).copied()
    } else {
        None
    };
    let opted_out = rng.random_bool(OPT_OUT_CHANCE);
    Some(Terms {
        profiles: offered,
        band: person.band.clamp(1, 9),
        travels_to,
        weekly_cap_hours,
        opted_out,
    })
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::demo::region::generate;

    #[test]
    fn members_offer_the_profiles_they_are_for_and_travel_to_one_or_two_neighbours() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let region = generate(8, day, 1500);
        let mut rng = ChaCha8Rng::seed_from_u64(8);
        let (mut members, mut capped, mut opted, mut none) = (0, 0, 0, 0);
        for person in &region.staff {
            let Some(t) = terms(&mut rng, &region.profiles, person) else {
                assert!(!region.profiles.iter().any(|p| p.is_for(person)));
                none += 1;
                continue;
            };
            members += 1;
            for &i in &t.profiles {
                assert!(region.profiles[i].is_for(person), "{person:?}");
            }
            assert!((1..=2).contains(&t.travels_to.len()), "{t:?}");
            let near = neighbours(person.org_code);
            assert!(t.travels_to.iter().all(|o| near.contains(o)), "{t:?}");
            assert!(!t.travels_to.contains(&person.org_code));
            assert!((1..=9).contains(&t.band));
            capped += usize::from(t.weekly_cap_hours.is_some());
            opted += usize::from(t.opted_out);
        }
        assert!(
            members > 100 && none > 100,
            "{members} members, {none} without"
        );
        assert!(capped > 0 && capped < members / 2, "{capped} of {members}");
        assert!(opted > 0 && opted < members / 4, "{opted} of {members}");
    }

    #[test]
    fn the_same_seed_gives_the_same_terms() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let region = generate(2, day, 300);
        let draw = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            region
                .staff
                .iter()
                .map(|p| terms(&mut rng, &region.profiles, p))
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(5), draw(5));
        assert_ne!(draw(5), draw(6));
    }
}
