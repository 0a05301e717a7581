//! The page cache: anonymous readers get stored bytes, not a query and a template each time.
//! A miss runs the handler and keeps a successful page with the tags the handler gave it; a
//! write forgets exactly the pages sharing one of its tags.

mod encoding;
mod pages;
mod tags;

pub use pages::{CacheCounts, PageCache};
pub(crate) use tags::{PageTag, PageTags, Tagged};

use crate::App;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use encoding::Encoding;
use pages::CachedPage;
use std::borrow::Cow;

/// Pages are small; anything larger is served but not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// Browsers ask again after a minute (a 304 when nothing changed); a CDN keeps the page five
/// minutes, or until it is purged by its surrogate keys, and may serve it a little stale while
/// it fetches a fresh one.
const SHARED_CACHE_CONTROL: &str = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";
/// A page rendered for one reader (their vote, their comment awaiting moderation).
const PERSONAL_CACHE_CONTROL: &str = "private, no-cache";
/// The query parameters a reader page depends on; others (tracking tags) do not make a new page.
const PAGE_PARAMETERS: [&str; 3] = ["page", "reply", "reported"];
const SURROGATE_KEY: HeaderName = HeaderName::from_static("surrogate-key");
/// Whether the page came from the cache, for operators (and tests) to see.
const X_CACHE: HeaderName = HeaderName::from_static("x-cache");
const HIT: HeaderValue = HeaderValue::from_static("hit");
const MISS: HeaderValue = HeaderValue::from_static("miss");

/// The fast way in, before routing and the other layers: a page in the cache is answered at
/// once. Anything else goes on to the router, whose reader routes fill the cache.
pub(crate) async fn serve_hits(State(app): State<App>, request: Request, next: Next) -> Response {
    let method = request.method();
    if (method == Method::GET || method == Method::HEAD)
        && crate::reader::reader_id(request.headers()).is_none()
    {
        let key = cache_key(request.uri());
        if let Some(mut response) = cached_answer(&app, &key, request.headers()) {
            crate::security::add_security_headers(response.headers_mut());
            return response;
        }
    }
    next.run(request).await
}

/// Behind the router, for reader routes: renders what [`serve_hits`] did not find, and keeps it.
pub(crate) async fn serve_from_cache(State(app): State<App>, request: Request, next: Next) -> Response {
    let is_get = request.method() == Method::GET;
    if !is_get && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    // A reader with an identity may see their own vote or pending comment: their pages are theirs.
    if crate::reader::reader_id(request.headers()).is_some() {
        let mut response = next.run(request).await;
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PERSONAL_CACHE_CONTROL),
        );
        return response;
    }
    // `serve_hits`, in front of the router, has looked for the page and not found it.
    let key = cache_key(request.uri()).into_owned();
    render_and_keep(&app, key, None, request, next).await
}

/// The cached answer under `key`, if there is one, for a request with `headers`.
pub(crate) fn cached_answer(app: &App, key: &str, headers: &HeaderMap) -> Option<Response> {
    let page = app.cache.get(key)?;
    let wanted = Encoding::preferred(headers);
    Some(respond(&app.cache, &page, wanted, headers, HIT))
}

/// Runs the handler and keeps a successful answer under `key`, with `tags` (else the tags the
/// handler gave it).
pub(crate) async fn render_and_keep(
    app: &App,
    key: String,
    tags: Option<PageTags>,
    request: Request,
    next: Next,
) -> Response {
    let is_get = request.method() == Method::GET;
    let wanted = Encoding::preferred(request.headers());
    let conditions = conditional_headers(request.headers());
    let rendered_at = app.cache.generation();
    let response = next.run(request).await;
    let too_big = response
        .body()
        .size_hint()
        .upper()
        .is_none_or(|n| n > MAX_PAGE_BYTES as u64);
    // A HEAD response has no body to keep.
    if !is_get || response.status() != StatusCode::OK || too_big {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let tags = tags
        .or_else(|| parts.extensions.get::<PageTags>().cloned())
        .unwrap_or_default();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
    let last_modified = parts.headers.get(header::LAST_MODIFIED).cloned();
    let cache = app.clone();
    let page = tokio::task::spawn_blocking(move || {
        let page = CachedPage::new(&key, body, content_type, last_modified, &tags, wanted);
        cache.cache.insert(page, &tags, rendered_at)
    })
    .await;
    let Ok(page) = page else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    respond(&app.cache, &page, wanted, &conditions, MISS)
}

/// The headers of a request that may make its answer a 304.
fn conditional_headers(request: &HeaderMap) -> HeaderMap {
    let mut conditions = HeaderMap::new();
    for name in [header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE] {
        if let Some(value) = request.get(&name) {
            conditions.insert(name, value.clone());
        }
    }
    conditions
}

/// Whether the reader's copy is the page's current form (RFC 9110 §13.1: `If-None-Match`
/// decides when present; otherwise `If-Modified-Since`).
fn is_unchanged(page: &CachedPage, etag: &HeaderValue, request: &HeaderMap) -> bool {
    if let Some(tags) = request.get(header::IF_NONE_MATCH) {
        // Weak comparison: a proxy that compresses the page marks the tag weak.
        return tags
            .as_bytes()
            .split(|b| *b == b',')
            .map(<[u8]>::trim_ascii)
            .any(|tag| tag == b"*" || tag.strip_prefix(b"W/").unwrap_or(tag) == etag.as_bytes());
    }
    match (&page.last_modified, request.get(header::IF_MODIFIED_SINCE)) {
        (Some((_, modified)), Some(since)) => {
            pages::http_date_seconds(since).is_some_and(|since| *modified <= since)
        }
        _ => false,
    }
}

/// The path with only the parameters a page depends on, in a fixed order.
fn cache_key(uri: &axum::http::Uri) -> Cow<'_, str> {
    let Some(query) = uri.query() else {
        return Cow::Borrowed(uri.path());
    };
    let mut key = uri.path().to_owned();
    {
        let mut kept: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .filter(|(name, _)| PAGE_PARAMETERS.contains(&name.as_ref()))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        kept.sort();
        for (n, (name, value)) in kept.iter().enumerate() {
            key.push(if n == 0 { '?' } else { '&' });
            key.push_str(name);
            key.push('=');
            key.push_str(value);
        }
    }
    Cow::Owned(key)
}

fn respond(
    cache: &PageCache,
    page: &CachedPage,
    wanted: Encoding,
    request_headers: &HeaderMap,
    outcome: HeaderValue,
) -> Response {
    let (encoding, variant, grown) = page.variant(wanted);
    cache.grew(grown);
    let mut response = if is_unchanged(page, &variant.etag, request_headers) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Response::new(Body::from(variant.body.clone()));
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, page.content_type.clone());
        if let Some(name) = encoding.header_value() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, variant.etag.clone());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(SHARED_CACHE_CONTROL),
    );
    if page.is_compressed() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    headers.insert(SURROGATE_KEY, page.surrogate_key.clone());
    headers.insert(X_CACHE, outcome);
    if let Some((value, _)) = &page.last_modified {
        headers.insert(header::LAST_MODIFIED, value.clone());
    }
    response
}
