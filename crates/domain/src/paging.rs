//! Page numbers taken from a reader's query string.

use std::num::NonZeroU32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageNumber(NonZeroU32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("page must be a whole number from 1 to {max}", max = PageNumber::MAX)]
pub struct BadPageNumber;

impl PageNumber {
    /// Far beyond any archive; keeps `offset` arithmetic small.
    pub const MAX: u32 = 100_000;
    pub const FIRST: PageNumber = PageNumber(NonZeroU32::MIN);

    pub fn parse(raw: &str) -> Result<Self, BadPageNumber> {
        if raw.is_empty() || raw.len() > 6 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BadPageNumber);
        }
        raw.parse::<u32>()
            .ok()
            .filter(|n| *n <= Self::MAX)
            .and_then(NonZeroU32::new)
            .map(Self)
            .ok_or(BadPageNumber)
    }

    pub fn get(self) -> u32 {
        self.0.get()
    }

    pub fn offset(self, per_page: u32) -> i64 {
        i64::from(self.get() - 1) * i64::from(per_page)
    }
}

impl Default for PageNumber {
    fn default() -> Self {
        Self::FIRST
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_positive_numbers_are_pages() {
        assert_eq!(PageNumber::parse("1").unwrap().get(), 1);
        assert_eq!(PageNumber::parse("42").unwrap().offset(10), 410);
        for bad in [
            "",
            "0",
            "-1",
            "abc",
            "1.5",
            "+2",
            " 3",
            "99999999999",
            "100001",
            "１",
        ] {
            assert!(PageNumber::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
