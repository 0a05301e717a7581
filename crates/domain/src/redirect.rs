//! Redirects: an old address (a story's WordPress permalink, a renamed page) that answers 301
//! with its new one. Both ends are kept in one normal form, so that the address a reader's
//! browser asks for finds the redirect however it was typed or exported.

use std::fmt;

/// The query parameters by which WordPress names a post, page, category, tag or author
/// (`/?p=12`): the only queries an old address keeps.
pub const OLD_QUERY_NAMES: [&str; 5] = ["p", "page_id", "cat", "tag", "author"];

/// The longest address kept, either end.
const MAX_CHARS: usize = 2000;

/// An old address: a path on this site, percent-decoded, without its trailing slash (but
/// `/`), and at most one of WordPress's query pairs (`/?p=12`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OldAddress(String);

/// A redirect's new address: a path on this site (`/article/harbour-reopens`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAddress(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("an address starts with / (or http:// or https://), without spaces")]
    NotAPath,
    #[error("only WordPress's queries are kept: ?p=, ?page_id=, ?cat=, ?tag= or ?author=")]
    QueryNotKept,
    #[error("the address is too long")]
    TooLong,
}

/// The path of `raw`: itself, or what follows the host of an `http(s)://` address.
fn path_of(raw: &str) -> Result<&str, AddressError> {
    let raw = raw.trim();
    let path = match raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
    {
        Some(rest) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => raw,
    };
    let path = path.split('#').next().unwrap_or_default();
    let fine = path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c.is_whitespace() || c.is_control());
    if !fine {
        return Err(AddressError::NotAPath);
    }
    if path.chars().count() > MAX_CHARS {
        return Err(AddressError::TooLong);
    }
    Ok(path)
}

/// `%XX` sequences decoded, when what they spell is UTF-8; the text as it was otherwise.
pub fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[at],
            bytes.get(at + 1).copied().and_then(hex),
            bytes.get(at + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                at += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// A path in normal form: decoded, without its trailing slashes (but `/`).
fn normal_path(path: &str) -> String {
    let decoded = percent_decoded(path);
    match decoded.trim_end_matches('/') {
        "" => "/".to_owned(),
        trimmed => trimmed.to_owned(),
    }
}

impl OldAddress {
    /// An old address as an editor typed it or an export gave it: a path or a whole URL.
    pub fn parse(raw: &str) -> Result<Self, AddressError> {
        let full = path_of(raw)?;
        let (path, query) = full.split_once('?').unwrap_or((full, ""));
        let path = normal_path(path);
        if query.is_empty() {
            return Ok(OldAddress(path));
        }
        let mut pairs = query.split('&').filter(|pair| !pair.is_empty());
        match (pairs.next().and_then(|pair| pair.split_once('=')), pairs.next()) {
            (Some((name, value)), None) if OLD_QUERY_NAMES.contains(&name) && !value.is_empty() => {
                Ok(OldAddress(format!("{path}?{name}={}", percent_decoded(value))))
            }
            _ => Err(AddressError::QueryNotKept),
        }
    }

    /// The old addresses a request may be for: its path, and its path with each of
    /// WordPress's query pairs it carries.
    pub fn of_request(path: &str, query: Option<&str>) -> Vec<OldAddress> {
        let path = normal_path(path);
        let mut addresses = Vec::new();
        for pair in query.unwrap_or_default().split('&') {
            if let Some((name, value)) = pair.split_once('=')
                && OLD_QUERY_NAMES.contains(&name)
                && !value.is_empty()
            {
                addresses.push(OldAddress(format!("{path}?{name}={}", percent_decoded(value))));
            }
        }
        addresses.push(OldAddress(path));
        addresses
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl NewAddress {
    /// A new address: a path on this site (a whole URL of it is taken as its path), with any
    /// letter beyond ASCII percent-encoded, as a `Location` header carries it.
    pub fn parse(raw: &str) -> Result<Self, AddressError> {
        let path = path_of(raw)?;
        let mut encoded = String::with_capacity(path.len());
        for byte in path.bytes() {
            if byte.is_ascii() {
                encoded.push(byte as char);
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        Ok(NewAddress(encoded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OldAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for NewAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_addresses_are_kept_in_one_form() {
        for (typed, kept) in [
            ("/2019/05/01/harbour-reopens/", "/2019/05/01/harbour-reopens"),
            (
                "https://old.example.org/2019/05/01/harbour-reopens",
                "/2019/05/01/harbour-reopens",
            ),
            ("/?p=12", "/?p=12"),
            ("http://old.example.org/?page_id=7", "/?page_id=7"),
            ("/category/news/", "/category/news"),
            ("/%D8%B3%D9%88%D9%82/", "/سوق"),
            ("/", "/"),
            ("/about/#team", "/about"),
        ] {
            assert_eq!(
                OldAddress::parse(typed).map(|a| a.0),
                Ok(kept.to_owned()),
                "{typed}"
            );
        }
        assert_eq!(OldAddress::parse("harbour"), Err(AddressError::NotAPath));
        assert_eq!(OldAddress::parse("//evil.example/x"), Err(AddressError::NotAPath));
        assert_eq!(OldAddress::parse("/a b"), Err(AddressError::NotAPath));
        assert_eq!(
            OldAddress::parse("/?utm_source=x"),
            Err(AddressError::QueryNotKept)
        );
        assert_eq!(
            OldAddress::parse("/?p=1&page_id=2"),
            Err(AddressError::QueryNotKept)
        );
        assert_eq!(
            OldAddress::parse(&format!("/{}", "a".repeat(2001))),
            Err(AddressError::TooLong)
        );
    }

    #[test]
    fn a_request_finds_the_address_it_was_kept_under() {
        let kept = OldAddress::parse("/2019/05/01/سوق/").unwrap();
        let asked = OldAddress::of_request("/2019/05/01/%D8%B3%D9%88%D9%82", None);
        assert!(asked.contains(&kept));
        let asked = OldAddress::of_request("/", Some("utm_source=mail&p=12"));
        assert_eq!(asked[0], OldAddress::parse("/?p=12").unwrap());
        assert_eq!(asked.last(), Some(&OldAddress("/".to_owned())));
    }

    #[test]
    fn new_addresses_stay_on_this_site() {
        assert_eq!(
            NewAddress::parse("/article/x").map(|a| a.0),
            Ok("/article/x".to_owned())
        );
        assert_eq!(
            NewAddress::parse("https://news.example.org/ar/article/y").map(|a| a.0),
            Ok("/ar/article/y".to_owned())
        );
        assert_eq!(
            NewAddress::parse("/ar/article/سوق").map(|a| a.0),
            Ok("/ar/article/%D8%B3%D9%88%D9%82".to_owned()),
            "a Location header is ASCII"
        );
        assert!(NewAddress::parse("//evil.example").is_err());
        assert!(NewAddress::parse("javascript:alert(1)").is_err());
    }
}
