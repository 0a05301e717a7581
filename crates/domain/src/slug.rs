//! URL slugs: lowercase words of letters and digits (any script) joined by single hyphens.

use serde::Serialize;
use std::fmt;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("a slug cannot be empty")]
    Empty,
    #[error("a slug can be at most {max} characters long", max = Slug::MAX_CHARS)]
    TooLong,
    #[error("a slug may hold only lowercase letters, digits and single hyphens between words")]
    InvalidCharacter,
}

impl Slug {
    pub const MAX_CHARS: usize = 120;

    /// Accepts a slug exactly as it must be stored: no normalising, so that a URL that is not
    /// in canonical form is simply not found rather than silently aliased.
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        if raw.is_empty() {
            return Err(SlugError::Empty);
        }
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(SlugError::TooLong);
        }
        let words_are_clean = raw
            .split('-')
            .all(|word| !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() && !c.is_uppercase()));
        // ASCII is in normal form as it is; the quick check settles most other text without
        // composing it (every story a page lists has its slug read back through here).
        if !words_are_clean || !(raw.is_ascii() || unicode_normalization::is_nfc(raw)) {
            return Err(SlugError::InvalidCharacter);
        }
        Ok(Self(raw.to_owned()))
    }

    /// Makes a readable slug from a headline or name in any script: "Ferry returns!" -> "ferry-returns".
    pub fn from_title(title: &str) -> Result<Self, SlugError> {
        let mut slug = String::with_capacity(title.len());
        for c in title.nfc().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() && !is_arabic_diacritic(c) {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') && !is_arabic_diacritic(c) {
                slug.push('-');
            }
        }
        let trimmed: String = slug.trim_end_matches('-').chars().take(Self::MAX_CHARS).collect();
        Self::parse(trimmed.trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Harakat and tatweel: readers do not type them, so slugs leave them out.
fn is_arabic_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_words_in_any_script() {
        assert!(Slug::parse("ferry-service-returns").is_ok());
        assert!(Slug::parse("عودة-العبارة-إلى-نهر-سهل").is_ok());
        assert!(Slug::parse("2026-budget").is_ok());
    }

    #[test]
    fn refuses_what_a_url_should_not_hold() {
        for bad in [
            "", "-x", "x-", "a--b", "A", "a b", "a/b", "../x", "a_b", "<script>",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::TooLong));
    }

    #[test]
    fn refuses_letters_not_in_composed_form() {
        // Alef with madda, and a Hangul syllable, each written as its letter and a mark.
        for (composed, decomposed) in [
            ("\u{0622}ب", "\u{0627}\u{0653}ب"),
            ("\u{AC00}", "\u{1100}\u{1161}"),
        ] {
            assert!(Slug::parse(composed).is_ok(), "{composed:?}");
            assert_eq!(
                Slug::parse(decomposed),
                Err(SlugError::InvalidCharacter),
                "{decomposed:?}"
            );
        }
    }

    #[test]
    fn titles_become_readable_slugs() {
        let slug = Slug::from_title("  Ferry returns — after 11 years!  ").unwrap();
        assert_eq!(slug.as_str(), "ferry-returns-after-11-years");
        let arabic = Slug::from_title("عَوْدَةُ العبّارة إلى النهر").unwrap();
        assert_eq!(arabic.as_str(), "عودة-العبارة-إلى-النهر");
        assert!(Slug::from_title("!!!").is_err());
    }
}
