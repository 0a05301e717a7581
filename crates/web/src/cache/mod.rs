//! The page cache: anonymous readers get stored bytes, not a query and a template each time.
//! A miss runs the handler and keeps a successful page with the tags the handler gave it; a
//! write forgets exactly the pages sharing one of its tags.

mod encoding;
mod page;
mod pages;
mod storage;
mod tags;
mod thorough;

pub use pages::{CacheCounts, DEFAULT_PAGE_CACHE_MIB, PageCache};
pub(crate) use tags::{PageTag, PageTags, Tagged};

use crate::App;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use encoding::Accepted;
use page::CachedPage;
use std::borrow::Cow;
use std::sync::Arc;

/// Pages are small; anything larger is served but not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// Browsers ask again after a minute (a 304 when nothing changed); a CDN keeps the page five
/// minutes, or until it is purged by its surrogate keys, and may serve it a little stale while
/// it fetches a fresh one.
const SHARED_CACHE_CONTROL: &str = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";
const SURROGATE_KEY: HeaderName = HeaderName::from_static("surrogate-key");
/// Whether the page came from the cache, for operators (and tests) to see.
const X_CACHE: HeaderName = HeaderName::from_static("x-cache");
const HIT: HeaderValue = HeaderValue::from_static("hit");
const MISS: HeaderValue = HeaderValue::from_static("miss");

/// The fast way in, before routing and the other layers: a page in the cache is answered at
/// once. Anything else goes on to the router, whose reader routes fill the cache. Cached pages
/// are the same for every reader, cookie or not: what is a reader's own comes from
/// `handlers::mine`.
pub(crate) async fn serve_hits(State(app): State<App>, request: Request, next: Next) -> Response {
    let method = request.method();
    if method == Method::GET || method == Method::HEAD {
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
    // `serve_hits`, in front of the router, has looked for the page and not found it.
    let key = cache_key(request.uri()).into_owned();
    render_and_keep(&app, key, None, request, next).await
}

/// The cached answer under `key`, if there is one, for a request with `headers`.
pub(crate) fn cached_answer(app: &App, key: &str, headers: &HeaderMap) -> Option<Response> {
    let page = app.cache.get(key)?;
    let accepted = Accepted::of(headers);
    let answer = respond(&app.cache, &page, accepted, headers, HIT);
    // Read again: worth its smallest form, made off this request's path by the thread for
    // them, if it is idle; while it is busy the page waits for a later reader.
    if page.wants_thorough(accepted) {
        let owner = app.clone();
        app.cache.thorough.offer(Box::new(move || {
            if page.claim_thorough(accepted) {
                let grown = page.make_thorough(accepted.best());
                owner.cache.grew(&page, grown);
            }
        }));
    }
    Some(answer)
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
    let accepted = Accepted::of(request.headers());
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
    // Made here, not handed to a blocking thread: the first reader's form is quick (gzip at
    // libdeflate's level 1, about 30 µs a page; brotli at quality 4 for the rare reader who
    // takes no gzip), and the hand-off's two thread switches cost more (bench/RESULTS.md).
    let page = CachedPage::new(&key, body, content_type, last_modified, &tags, accepted);
    let page = app.cache.insert(page, rendered_at);
    respond(&app.cache, &page, accepted, &conditions, MISS)
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

/// Whether the reader's copy is a current form of the page (RFC 9110 §13.1: `If-None-Match`
/// decides when present; otherwise `If-Modified-Since`). Any form will do: a reader first
/// sent the quick gzip form still holds the page once its brotli form is made.
fn is_unchanged(page: &CachedPage, request: &HeaderMap) -> bool {
    if let Some(tags) = request.get(header::IF_NONE_MATCH) {
        // Weak comparison: a proxy that compresses the page marks the tag weak.
        return tags
            .as_bytes()
            .split(|b| *b == b',')
            .map(<[u8]>::trim_ascii)
            .any(|tag| tag == b"*" || page.is_named_by(opaque(tag)));
    }
    match (&page.last_modified, request.get(header::IF_MODIFIED_SINCE)) {
        (Some((_, modified)), Some(since)) => {
            page::http_date_seconds(since).is_some_and(|since| *modified <= since)
        }
        _ => false,
    }
}

/// An entity tag without its weakness mark, for the weak comparison.
fn opaque(tag: &[u8]) -> &[u8] {
    tag.strip_prefix(b"W/").unwrap_or(tag)
}

/// The path with only the parameters a page depends on, in a fixed order.
fn cache_key(uri: &axum::http::Uri) -> Cow<'_, str> {
    let path = canonical_path(uri.path());
    let Some(query) = uri.query() else {
        return path;
    };
    let mut key = path.into_owned();
    let mut first = true;
    for name in parameters_read(&key) {
        // The handlers read the first of a name, as here; other parameters (tracking tags)
        // change nothing on the page.
        let Some((_, value)) = form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == name) else {
            continue;
        };
        let Some(value) = canonical_value(name, &value) else {
            continue;
        };
        key.push(if first { '?' } else { '&' });
        first = false;
        key.push_str(name);
        key.push('=');
        key.push_str(&value);
    }
    Cow::Owned(key)
}

/// The query parameters the page at `path` depends on: a list's page number, a story's
/// comment replied to or reported. Any other parameter (a tracking tag, a page number on a
/// story) changes nothing on the page, so it makes no key of its own.
fn parameters_read(path: &str) -> &'static [&'static str] {
    let path = path
        .strip_prefix("/ar")
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or(path);
    let mut segments = path.trim_start_matches('/').split('/');
    match (segments.next(), segments.next(), segments.next()) {
        (Some("section" | "tag" | "author"), Some(_), None) => &["page"],
        (Some("article"), Some(_), None) => &["reply", "reported"],
        _ => &[],
    }
}

/// A page parameter's value as the handlers understand it: `page=01` is page 1, which is the
/// page without it; an id that is not a number is no id. `None`: the page is the one without it.
/// A value no handler accepts is kept as sent (it is answered with an error, never kept).
fn canonical_value<'a>(name: &str, value: &'a str) -> Option<Cow<'a, str>> {
    if name == "page" {
        return match dateline_domain::PageNumber::parse(value) {
            Ok(page) if page == dateline_domain::PageNumber::FIRST => None,
            Ok(page) => Some(Cow::Owned(page.get().to_string())),
            Err(_) => Some(Cow::Borrowed(value)),
        };
    }
    value.parse::<i64>().ok().map(|id| Cow::Owned(id.to_string()))
}

/// The path as the router reads it: each segment percent-decoded, so that `/article/%66erry`
/// and `/article/ferry` are one page. A `/` or `%` inside a segment stays encoded, so that no
/// two different segmentations meet; a path that does not decode to UTF-8 is left as it is
/// (the router refuses it).
fn canonical_path(path: &str) -> Cow<'_, str> {
    if !path.contains('%') {
        return Cow::Borrowed(path);
    }
    let mut canonical = String::with_capacity(path.len());
    for (n, segment) in path.split('/').enumerate() {
        if n > 0 {
            canonical.push('/');
        }
        let Ok(decoded) = percent_encoding::percent_decode_str(segment).decode_utf8() else {
            return Cow::Borrowed(path);
        };
        for c in decoded.chars() {
            match c {
                '%' => canonical.push_str("%25"),
                '/' => canonical.push_str("%2F"),
                c => canonical.push(c),
            }
        }
    }
    Cow::Owned(canonical)
}

fn respond(
    cache: &PageCache,
    page: &Arc<CachedPage>,
    accepted: Accepted,
    request_headers: &HeaderMap,
    outcome: HeaderValue,
) -> Response {
    let (encoding, variant, grown) = page.variant(accepted);
    cache.grew(page, grown);
    let mut response = if is_unchanged(page, request_headers) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(address: &str) -> String {
        cache_key(&address.parse().unwrap()).into_owned()
    }

    #[test]
    fn spellings_of_one_page_share_a_key() {
        for (address, expected) in [
            ("/section/news?page=2", "/section/news?page=2"),
            ("/section/news?page=002&page=3", "/section/news?page=2"),
            ("/section/news?utm_source=x&page=1", "/section/news"),
            ("/section/news?page=0", "/section/news?page=0"),
            (
                "/article/a?reported=7&reply=%2B5",
                "/article/a?reply=5&reported=7",
            ),
            ("/article/a?reply=+5", "/article/a"),
            ("/article/a?page=3", "/article/a"),
            ("/?page=3&reply=4", "/"),
            ("/section/news/rss.xml?page=3", "/section/news/rss.xml"),
            ("/ar/tag/t?page=3&reply=4", "/ar/tag/t?page=3"),
            ("/archive/x?page=3", "/archive/x"),
            ("/article/a?reply=five", "/article/a"),
            ("/article/%66erry", "/article/ferry"),
            ("/ar/article/%d8%a7", "/ar/article/\u{627}"),
            ("/article/a%2Fb", "/article/a%2Fb"),
            ("/article/a%252F", "/article/a%252F"),
            ("/article/%ff", "/article/%ff"),
        ] {
            assert_eq!(key(address), expected, "{address}");
        }
    }
}
