//! Keys for the JSON APIs, in the forms Ghost's official clients check before they send
//! anything: a Content API key is 26 lowercase hex digits (public: it sits in a front-end's
//! query strings); an Admin API key is `<24 hex id>:<64 hex secret>`, whose secret signs the
//! short-lived tokens a client sends and is never sent itself.

use crate::Role;
use std::fmt;

/// Which API a key opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyKind {
    /// The read-only Content API: published stories, pages, authors, tags, settings.
    Content,
    /// The Admin API, with the rights of the newsroom role the key is given.
    Admin(Role),
}

impl ApiKeyKind {
    /// How the kind is stored: `content` or `admin`.
    pub fn name(self) -> &'static str {
        match self {
            ApiKeyKind::Content => "content",
            ApiKeyKind::Admin(_) => "admin",
        }
    }

    pub fn role(self) -> Option<Role> {
        match self {
            ApiKeyKind::Content => None,
            ApiKeyKind::Admin(role) => Some(role),
        }
    }
}

/// A string of exactly `N` lowercase hex digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Hex<const N: usize>(String);

impl<const N: usize> Hex<N> {
    pub fn parse(raw: &str) -> Option<Self> {
        (raw.len() == N && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Self(raw.to_owned()))
    }

    /// Hex digits drawn from `random` bytes (at least `N / 2` rounded up of them).
    pub fn from_random(random: &[u8]) -> Self {
        let digits: String = random.iter().map(|b| format!("{b:02x}")).collect();
        assert!(
            digits.len() >= N,
            "{} random bytes give fewer than {N} hex digits",
            random.len()
        );
        Self(digits[..N].to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Keys are secrets: a debug print never shows one whole.
impl<const N: usize> fmt::Debug for Hex<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hex({}…)", &self.0[..4.min(self.0.len())])
    }
}

/// A Content API key, as a client sends it in `?key=`.
pub type ContentKey = Hex<26>;
/// The public half of an Admin API key: the `kid` of the tokens it signs.
pub type AdminKeyId = Hex<24>;
/// The secret half of an Admin API key.
pub type AdminSecret = Hex<64>;

/// What an operator or admin calls a key ("Static front-end", "Newsletter tool").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiKeyNameError {
    #[error("give the key a name that says who uses it")]
    Empty,
    #[error("a key's name is at most {MAX_NAME_CHARS} characters")]
    TooLong,
    #[error("a key's name is one line of plain text")]
    ControlCharacter,
}

pub const MAX_NAME_CHARS: usize = 80;

impl ApiKeyName {
    pub fn parse(raw: &str) -> Result<Self, ApiKeyNameError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ApiKeyNameError::Empty);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(ApiKeyNameError::TooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(ApiKeyNameError::ControlCharacter);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_the_forms_ghosts_clients_check() {
        assert!(ContentKey::parse(&"a1".repeat(13)).is_some());
        assert!(ContentKey::parse(&"a1".repeat(12)).is_none(), "too short");
        assert!(ContentKey::parse(&"A1".repeat(13)).is_none(), "upper case");
        assert!(ContentKey::parse(&"g1".repeat(13)).is_none(), "not hex");
        assert!(ContentKey::parse(&format!("{}é", "a".repeat(24))).is_none());
        assert_eq!(AdminKeyId::from_random(&[0xab; 12]).as_str(), "ab".repeat(12));
        assert_eq!(ContentKey::from_random(&[0x0f; 13]).as_str().len(), 26);
        assert!(!format!("{:?}", AdminSecret::from_random(&[0xcd; 32])).contains(&"cd".repeat(3)));
    }

    #[test]
    fn names_are_one_short_line() {
        assert_eq!(
            ApiKeyName::parse("  Static site ").unwrap().as_str(),
            "Static site"
        );
        assert_eq!(ApiKeyName::parse(" "), Err(ApiKeyNameError::Empty));
        assert_eq!(ApiKeyName::parse(&"x".repeat(81)), Err(ApiKeyNameError::TooLong));
        assert_eq!(ApiKeyName::parse("a\nb"), Err(ApiKeyNameError::ControlCharacter));
        assert!(ApiKeyName::parse(&"ن".repeat(80)).is_ok());
    }
}
