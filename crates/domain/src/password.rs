//! Password hashing for newsroom accounts: argon2id with a random salt, PHC strings at rest.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

#[derive(Debug, thiserror::Error)]
#[error("could not hash the password: {0}")]
pub struct HashError(String);

pub fn hash(password: &str) -> Result<String, HashError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// Whether `password` is the one `stored` was made from, doing the same work when there is
/// nothing to check it against (no such account, or an account without a password yet): how
/// long a sign-in takes does not tell whether a username exists.
pub fn verify_without_telling(password: &str, stored: Option<&str>) -> bool {
    static STAND_IN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    match stored.filter(|stored| argon2::PasswordHash::new(stored).is_ok()) {
        Some(stored) => verify(password, stored),
        None => {
            let stand_in = STAND_IN.get_or_init(|| hash("a stand-in no account has").unwrap_or_default());
            let _ = verify(password, stand_in);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let stored = super::hash("correct horse").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(super::verify("correct horse", &stored));
        assert!(!super::verify("wrong horse", &stored));
        assert!(!super::verify("correct horse", "not a hash"));
    }

    #[test]
    fn without_a_hash_nothing_verifies() {
        let stored = super::hash("correct horse").unwrap();
        assert!(super::verify_without_telling("correct horse", Some(&stored)));
        assert!(!super::verify_without_telling("correct horse", None));
        assert!(!super::verify_without_telling("!", Some("!")));
        assert!(!super::verify_without_telling("a stand-in no account has", None));
    }
}
