//! The anonymous reader's cookie: who voted, whose comment is awaiting moderation. The cookie
//! carries the reader's id sealed with the site's key, so only identities this site handed out
//! count. Pages are the same cached bytes for everyone; a reader's own part of a story comes
//! from `handlers::mine`, which the page's script asks only when the browser holds the mark
//! cookie handed out with the identity (the identity itself is out of scripts' reach).

use crate::App;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use dateline_domain::ReaderId;
use std::convert::Infallible;

pub(crate) const READER_COOKIE: &str = "dl_reader";
/// Readable by the page's script: this browser has a reader identity, so the reader may have an
/// answer or comments of their own to show. It carries nothing else.
const MARK_COOKIE: &str = "dl_mine";
const ONE_YEAR_SECONDS: u32 = 365 * 24 * 60 * 60;
/// Hex digits of the seal: 128 bits of the keyed digest.
const SEAL_LEN: usize = 32;

/// The reader's identity, if their browser holds one this site gave it.
pub(crate) struct Reader(pub Option<ReaderId>);

impl FromRequestParts<App> for Reader {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Infallible> {
        Ok(Reader(reader_id(app, &parts.headers)))
    }
}

/// The identity in the request's reader cookie, when its seal is this site's.
fn reader_id(app: &App, headers: &HeaderMap) -> Option<ReaderId> {
    crate::extract::cookie_values(headers, READER_COOKIE).find_map(|value| {
        let (id, seal) = value.split_once('.')?;
        let id = ReaderId::parse(id)?;
        same_text(seal, &seal_of(app, &id)).then_some(id)
    })
}

fn seal_of(app: &App, id: &ReaderId) -> String {
    let mut seal = app.service.digest(&format!("reader:{}", id.as_str()));
    seal.truncate(SEAL_LEN);
    seal
}

/// Compares in time that does not depend on where the texts differ.
fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |differ, (x, y)| differ | (x ^ y))
            == 0
}

/// A new identity for a reader who has none yet.
pub(crate) fn new_reader_id() -> ReaderId {
    ReaderId::from_random(rand::random())
}

/// The `Set-Cookie` values that hand a reader their identity, and its mark for the page's script.
pub(crate) fn identity_cookies(app: &App, id: &ReaderId, secure: bool) -> [HeaderValue; 2] {
    let secure = if secure { "; Secure" } else { "" };
    let identity = HeaderValue::from_str(&format!(
        "{READER_COOKIE}={}.{}; Path=/; Max-Age={ONE_YEAR_SECONDS}; HttpOnly; SameSite=Lax{secure}",
        id.as_str(),
        seal_of(app, id)
    ))
    .expect("hex tokens make a valid header value");
    let mark = HeaderValue::from_str(&format!(
        "{MARK_COOKIE}=1; Path=/; Max-Age={ONE_YEAR_SECONDS}; SameSite=Lax{secure}"
    ))
    .expect("a valid header value");
    [identity, mark]
}

#[cfg(test)]
mod tests {
    use super::same_text;

    #[test]
    fn texts_are_the_same_only_when_equal() {
        assert!(same_text("abc", "abc"));
        assert!(!same_text("abc", "abd"));
        assert!(!same_text("abc", "ab"));
        assert!(same_text("", ""));
    }
}
