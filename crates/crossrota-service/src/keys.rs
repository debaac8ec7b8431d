//! API key secrets: generation and hashing. Only the hash is ever stored.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// Prefix that makes crossrota keys recognisable in logs and secret scanners.
pub const KEY_PREFIX: &str = "crk_";

/// A fresh random secret, e.g. `crk_3f9a…` (32 random bytes, hex).
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{KEY_PREFIX}{}", hex::encode(bytes))
}

/// The stored form of a secret: hex SHA-256. Keys are long random strings, so a fast hash is
/// enough (no dictionary to attack), and lookups stay cheap on every call.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_unique_and_hash_is_stable() {
        let a = generate_secret();
        let b = generate_secret();
        assert_ne!(a, b);
        assert!(a.starts_with(KEY_PREFIX));
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), hash_secret(&b));
        assert_eq!(hash_secret(&a).len(), 64);
    }
}
