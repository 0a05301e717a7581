//! The page cache: anonymous readers get stored bytes, not a query and a template each time.
//! A miss runs the handler and keeps a successful page; any change to content clears it.

use crate::App;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// Enough for every page of a large archive; past it the cache starts afresh rather than grow.
const MAX_ENTRIES: usize = 20_000;
/// Pages are small; anything larger is served but not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
const PAGE_CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=600";
/// Pages are also re-rendered after this long, so that what changes with time alone (comments
/// closing after N days) and writes by other nodes show within minutes.
const TIME_TO_LIVE: Duration = Duration::from_secs(5 * 60);
/// The query parameters a reader page depends on; others (tracking tags) do not make a new page.
const PAGE_PARAMETERS: [&str; 3] = ["page", "reply", "reported"];

#[derive(Clone)]
struct CachedPage {
    stored_at: Instant,
    body: Bytes,
    etag: HeaderValue,
    content_type: HeaderValue,
}

#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<Box<str>, CachedPage>>,
}

impl PageCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets every stored page; called whenever what readers see may have changed.
    pub fn clear(&self) {
        self.pages.write().unwrap_or_else(|e| e.into_inner()).clear();
    }

    pub fn len(&self) -> usize {
        self.pages.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &str) -> Option<CachedPage> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            .filter(|page| page.stored_at.elapsed() < TIME_TO_LIVE)
            .cloned()
    }

    fn insert(&self, key: &str, page: CachedPage) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_ENTRIES {
            pages.clear();
        }
        pages.insert(key.into(), page);
    }
}

pub(crate) async fn serve_from_cache(State(app): State<App>, request: Request, next: Next) -> Response {
    // A reader with an identity may see their own vote or pending comment: their pages are theirs.
    let personal = crate::reader::reader_id(request.headers()).is_some();
    if personal || (request.method() != Method::GET && request.method() != Method::HEAD) {
        return next.run(request).await;
    }
    let key = cache_key(request.uri());
    if let Some(page) = app.cache.get(&key) {
        return respond(&page, request.headers());
    }
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    // A HEAD response has no body to keep.
    let is_get = request.method() == Method::GET;
    let response = next.run(request).await;
    let too_big = response
        .body()
        .size_hint()
        .upper()
        .is_none_or(|n| n > MAX_PAGE_BYTES as u64);
    if !is_get || response.status() != StatusCode::OK || too_big {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = CachedPage {
        stored_at: Instant::now(),
        etag: etag_of(&body),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8")),
        body,
    };
    app.cache.insert(&key, page.clone());
    let mut headers = HeaderMap::new();
    if let Some(value) = if_none_match {
        headers.insert(header::IF_NONE_MATCH, value);
    }
    respond(&page, &headers)
}

/// The path with only the parameters a page depends on, in a fixed order.
fn cache_key(uri: &axum::http::Uri) -> String {
    let mut key = uri.path().to_owned();
    if let Some(query) = uri.query() {
        let mut kept: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .filter(|(name, _)| PAGE_PARAMETERS.contains(&name.as_ref()))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        kept.sort();
        for (n, (name, value)) in kept.iter().enumerate() {
            key.push(if n == 0 { '?' } else { '&' });
            key.push_str(&format!("{name}={value}"));
        }
    }
    key
}

fn respond(page: &CachedPage, request_headers: &HeaderMap) -> Response {
    // Weak comparison (RFC 9110): a proxy that compresses the page marks the tag weak.
    let not_modified = request_headers.get(header::IF_NONE_MATCH).is_some_and(|tags| {
        tags.as_bytes()
            .split(|b| *b == b',')
            .map(<[u8]>::trim_ascii)
            .any(|tag| tag == b"*" || tag.strip_prefix(b"W/").unwrap_or(tag) == page.etag.as_bytes())
    });
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Response::new(Body::from(page.body.clone()));
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, page.content_type.clone());
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, page.etag.clone());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PAGE_CACHE_CONTROL),
    );
    response
}

fn etag_of(body: &[u8]) -> HeaderValue {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    HeaderValue::from_str(&format!("\"{:016x}\"", hasher.finish())).expect("hex is a valid header value")
}
