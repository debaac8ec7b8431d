//! Small draws from the seeded generator; their order of calls is what makes a seed a region.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Draws from percentage weights; `rest` gets whatever the weights leave of 100.
pub(super) fn pick_percent<T: Copy>(rng: &mut ChaCha8Rng, weights: &[(T, u32)], rest: T) -> T {
    let mut roll = rng.random_range(0..100u32);
    for &(item, weight) in weights {
        if roll < weight {
            return item;
        }
        roll -= weight;
    }
    rest
}

/// `set` plus `item` with probability `chance`.
pub(super) fn maybe(
    rng: &mut ChaCha8Rng,
    mut set: Vec<(&'static str, u8)>,
    item: (&'static str, u8),
    chance: f64,
) -> Vec<(&'static str, u8)> {
    if rng.random_bool(chance) {
        set.push(item);
    }
    set
}

/// A uniformly drawn element; callers pass constant, non-empty tables.
pub(super) fn any<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}
