//! "Do you like this article?": a reader's yes or no, and the tally of them.

use serde::Serialize;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reaction {
    Yes,
    No,
}

impl Reaction {
    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Yes => "yes",
            Reaction::No => "no",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a reaction is \"yes\" or \"no\"")]
pub struct UnknownReaction;

impl FromStr for Reaction {
    type Err = UnknownReaction;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw {
            "yes" => Ok(Reaction::Yes),
            "no" => Ok(Reaction::No),
            _ => Err(UnknownReaction),
        }
    }
}

/// How readers have answered, with this reader's own answer when they have given one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReactionTally {
    pub yes: i64,
    pub no: i64,
    pub mine: Option<Reaction>,
}

/// A reader's anonymous identity: a random token kept in a cookie, so that one browser has
/// one vote per article and sees its own pending comments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReaderId(String);

impl ReaderId {
    pub const LEN: usize = 32;

    pub fn parse(raw: &str) -> Option<Self> {
        (raw.len() == Self::LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
        .then(|| Self(raw.to_owned()))
    }

    /// A new identity from 16 random bytes.
    pub fn from_random(bytes: [u8; 16]) -> Self {
        Self(crate::digest::hex_token(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reactions_are_yes_or_no() {
        assert_eq!("yes".parse::<Reaction>(), Ok(Reaction::Yes));
        assert_eq!("no".parse::<Reaction>(), Ok(Reaction::No));
        assert!("YES".parse::<Reaction>().is_err());
        assert!("maybe".parse::<Reaction>().is_err());
    }

    #[test]
    fn reader_ids_are_32_lowercase_hex_digits() {
        let id = ReaderId::from_random([0xab; 16]);
        assert_eq!(id.as_str().len(), 32);
        assert_eq!(ReaderId::parse(id.as_str()), Some(id));
        assert!(ReaderId::parse("ABABABABABABABABABABABABABABABAB").is_none());
        assert!(ReaderId::parse("xyz").is_none());
        assert!(ReaderId::parse("'; DROP TABLE reactions; --aaaaaa").is_none());
    }
}
