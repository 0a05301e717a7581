//! Keyed one-way digests: session tokens and readers' network addresses are kept only as these,
//! so a copy of the database gives away neither.

use blake2::{Blake2b256, Digest};

pub fn keyed_digest(key: &str, value: &str) -> String {
    keyed_digest_of_bytes(key, value.as_bytes())
}

/// The same digest of any bytes (a file's).
pub fn keyed_digest_of_bytes(key: &str, value: &[u8]) -> String {
    let digest = Blake2b256::new()
        .chain_update(key.as_bytes())
        .chain_update([0])
        .chain_update(value)
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random token of 32 lowercase hex digits from the given bytes.
pub fn hex_token(bytes: [u8; 16]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_depend_on_key_and_value() {
        let one = keyed_digest("k", "127.0.0.1");
        assert_eq!(one.len(), 64);
        assert_eq!(one, keyed_digest("k", "127.0.0.1"));
        assert_ne!(one, keyed_digest("other", "127.0.0.1"));
        assert_ne!(one, keyed_digest("k", "127.0.0.2"));
        assert_eq!(hex_token([0xab; 16]), "ab".repeat(16));
    }
}
