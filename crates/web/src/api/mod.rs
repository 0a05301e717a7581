//! The JSON APIs, in the forms of Ghost's, so that Ghost's official clients and the tools
//! built on them work unchanged: the Content API (read-only, a content key, answers kept in the
//! page cache) and the Admin API (posts, pages, tags, users, images, webhooks, and Dateline's
//! comments and corrections, for a token signed by an admin key). The routes are listed in `routes`, and
//! described from there in `openapi`.

mod admin;
mod admin_comments;
mod admin_desk;
mod admin_pages;
mod admin_token;
mod admin_webhooks;
mod content;
mod error;
mod openapi;
mod openapi_schemas;
mod params;
mod post_input;
mod routes;
mod shapes;

use crate::App;
pub(crate) use admin::admin_post;
pub(crate) use admin_pages::page_answer;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use dateline_domain::ApiKeyKind;
use error::ApiError;
pub use openapi::document_text as openapi_document;

/// The Ghost version whose API Dateline answers as.
pub const GHOST_VERSION: &str = "6.0";
/// `Content-Version`, as Ghost answers a client that sent `Accept-Version`.
const CONTENT_VERSION: &str = "v6.0";
/// The largest answer the API buffers to tag with an ETag.
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;
const CONTENT_PREFIX: &str = "/ghost/api/content";
const ADMIN_PREFIX: &str = "/ghost/api/admin";

/// The Content API under `/ghost/api/content/`.
pub(crate) fn content_routes(app: App) -> Router<App> {
    let routes = routes::add_content_routes(Router::new())
        .fallback(no_such_route)
        .layer(axum::middleware::from_fn_with_state(app.clone(), cached_answers))
        .layer(axum::middleware::from_fn_with_state(app, require_content_key));
    Router::new()
        .nest(CONTENT_PREFIX, routes)
        .route("/ghost/api/openapi.json", axum::routing::get(openapi::serve))
        .layer(axum::middleware::from_fn(ghost_headers))
}

/// The Admin API under `/ghost/api/admin/`.
pub(crate) fn admin_routes(app: App) -> Router<App> {
    let routes = routes::add_admin_routes(Router::new())
        .fallback(no_such_route)
        .layer(axum::middleware::from_fn_with_state(
            app,
            admin::require_admin_token,
        ));
    Router::new()
        .nest(ADMIN_PREFIX, routes)
        .layer(axum::middleware::from_fn(private_answers))
        .layer(axum::middleware::from_fn(ghost_headers))
}

/// Admin answers are for the key's holder alone: never stored by a cache on the way.
async fn private_answers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, private, no-store, must-revalidate, max-stale=0"),
    );
    response
}

/// Every Content API request carries a live content key; a path without its trailing slash
/// is then sent to the one with it, as Ghost does (after the key, never before).
async fn require_content_key(State(app): State<App>, request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let query: Vec<(String, String)> =
        form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let key = match params::key(&query) {
        Ok(key) => key,
        Err(error) => return error.into_response(),
    };
    match app.service.live_api_key(key).await {
        Ok(Some(live)) if live.kind == ApiKeyKind::Content => {}
        Ok(_) => return ApiError::UnknownKey.into_response(),
        Err(error) => return ApiError::from(error).into_response(),
    }
    let path = request.uri().path();
    if !path.ends_with('/') {
        let query = request.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
        let mut redirect = Redirect::permanent(&format!("{CONTENT_PREFIX}{path}/{query}")).into_response();
        *redirect.status_mut() = StatusCode::MOVED_PERMANENTLY;
        return redirect;
    }
    next.run(request).await
}

/// Content API answers are kept in the page cache under their path and parameters (the key
/// aside: it was checked already, and the answers are the same for every key), tagged `api`,
/// and forgotten by every change to what readers see.
async fn cached_answers(State(app): State<App>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let key = answer_key(request.uri());
    if let Some(response) = crate::cache::cached_answer(&app, &key, request.headers()) {
        return response;
    }
    let tags = crate::cache::PageTags(vec![crate::cache::PageTag::Api]);
    crate::cache::render_and_keep(&app, key, Some(tags), request, next).await
}

/// `api-content:<path>?<parameters but the key, in order>`: never a reader page's key, which
/// starts with `/`.
fn answer_key(uri: &axum::http::Uri) -> String {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .into_owned()
        .filter(|(name, _)| name != "key")
        .collect();
    pairs.sort();
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("api-content:{}?{query}", uri.path())
}

async fn no_such_route() -> Response {
    ApiError::NotFound("resource").into_response()
}

/// The version a client names in `Accept-Version` (`v6`, `v6.0`, `v5.8`…; `canary` is the
/// current one), as (major, minor).
fn accepted_version(value: &HeaderValue) -> Option<(u32, u32)> {
    let value = value.to_str().ok()?.trim();
    if value == "canary" {
        return Some((GHOST_MAJOR, 0));
    }
    let mut parts = value.strip_prefix('v')?.splitn(3, '.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |minor| minor.parse().ok())?;
    Some((major, minor))
}

/// The major version of Ghost's API Dateline answers as: a client on any version of it, or an
/// older one, is served; one asking for a later major is told, as Ghost tells it.
const GHOST_MAJOR: u32 = 6;

/// What every API answer carries, as Ghost's do: the version (when the client names one), CORS
/// for browser clients, and an ETag (with 304 for a client that has the answer already).
async fn ghost_headers(request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return preflight(request.headers());
    }
    let versioned = match request.headers().get("accept-version") {
        None => false,
        Some(value) => match accepted_version(value) {
            Some((major, _)) if major <= GHOST_MAJOR => true,
            Some(_) => {
                let asked: String = String::from_utf8_lossy(value.as_bytes())
                    .chars()
                    .take(40)
                    .collect();
                return with_cors(ApiError::VersionAhead(asked).into_response());
            }
            None => return with_cors(ApiError::VersionUnreadable.into_response()),
        },
    };
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let response = if response.status() == StatusCode::OK {
        with_etag(response, if_none_match).await
    } else {
        response
    };
    let mut response = with_cors(response);
    let headers = response.headers_mut();
    if versioned {
        headers.insert("content-version", HeaderValue::from_static(CONTENT_VERSION));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=0"),
        );
    }
    response
}

/// What every answer, an error too, carries for browser clients and caches.
fn with_cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Version, Accept-Encoding"),
    );
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

fn preflight(request: &HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET,HEAD,POST,PUT,DELETE,OPTIONS"),
    );
    if let Some(asked) = request.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
    }
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Access-Control-Request-Headers"),
    );
    response
}

/// Tags a successful answer with an ETag of its bytes; a 304 when the client has them.
async fn with_etag(response: Response, if_none_match: Option<HeaderValue>) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await else {
        return ApiError::Internal.into_response();
    };
    let digest = dateline_domain::digest::keyed_digest("api-etag", &String::from_utf8_lossy(&bytes));
    let etag = format!("W/\"{}\"", &digest[..32]);
    let unchanged = if_none_match.is_some_and(|tags| {
        tags.as_bytes()
            .split(|b| *b == b',')
            .map(<[u8]>::trim_ascii)
            .any(|tag| tag == b"*" || tag == etag.as_bytes())
    });
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if unchanged {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}
