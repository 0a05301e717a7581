//! The anonymous reader's cookie: who voted, whose comment is awaiting moderation. Pages for a
//! reader who holds one are rendered for them; everyone else shares the cached page.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use dateline_domain::ReaderId;
use std::convert::Infallible;

pub(crate) const READER_COOKIE: &str = "dl_reader";
const ONE_YEAR_SECONDS: u32 = 365 * 24 * 60 * 60;

/// The reader's identity, if their browser has been given one.
pub(crate) struct Reader(pub Option<ReaderId>);

impl<S: Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Reader(reader_id(&parts.headers)))
    }
}

pub(crate) fn reader_id(headers: &HeaderMap) -> Option<ReaderId> {
    crate::extract::cookie_values(headers, READER_COOKIE).find_map(ReaderId::parse)
}

/// A new identity for a reader who has none yet.
pub(crate) fn new_reader_id() -> ReaderId {
    ReaderId::from_random(rand::random())
}

/// The `Set-Cookie` value that hands a reader their identity.
pub(crate) fn reader_cookie(id: &ReaderId, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{READER_COOKIE}={}; Path=/; Max-Age={ONE_YEAR_SECONDS}; HttpOnly; SameSite=Lax{secure}",
        id.as_str()
    ))
    .expect("a hex token is a valid header value")
}
