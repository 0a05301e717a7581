//! Headers that make the browser hold the site to its own rules (no inline script or style,
//! no framing, no sniffing; https only once it is served so; newsroom pages never stored), and a
//! guard against addresses no page can have.

use crate::App;
use crate::error::ErrorPage;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Longer than any path the site makes, even with a long Arabic slug percent-encoded.
const MAX_PATH_BYTES: usize = 2048;

/// The policy every page carries, framed by no page (`frame-ancestors` ends it).
macro_rules! content_security_policy {
    ($frame_ancestors:literal) => {
        concat!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; ",
            "font-src 'self'; connect-src 'self'; form-action 'self'; object-src 'none'; ",
            "base-uri 'none'; frame-ancestors ",
            $frame_ancestors
        )
    };
}
const CONTENT_SECURITY_POLICY: &str = content_security_policy!("'none'");
/// The same for a page the site shows inside one of its own (the editor's preview).
const OWN_FRAME_POLICY: &str = content_security_policy!("'self'");

/// Marks a response the site's own pages may show in a frame; every other page is framed by none.
#[derive(Clone, Copy)]
pub(crate) struct OwnFrameAllowed;

/// Answers 414 for a path longer than any the site makes, before routing looks at it.
pub(crate) async fn reject_long_paths(request: Request, next: Next) -> Response {
    if request.uri().path().len() > MAX_PATH_BYTES {
        return ErrorPage::TooLong.into_response();
    }
    next.run(request).await
}

pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let own_frame = response.extensions().get::<OwnFrameAllowed>().is_some();
    let headers = response.headers_mut();
    add_security_headers(headers);
    if own_frame {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(OWN_FRAME_POLICY),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    }
    response
}

/// Newsroom pages (drafts, a commenter's data) and a reader's own part of a story are kept by no
/// cache, the browser's included.
pub(crate) async fn never_stored(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// When the site's public address is https, browsers are told to come back over https only,
/// for a year (cached pages too: this is outside the cache).
pub(crate) async fn strict_transport(State(app): State<App>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if app.service.served_over_https().await {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// The headers every response carries, whichever way it was made.
pub(crate) fn add_security_headers(headers: &mut axum::http::HeaderMap) {
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}
