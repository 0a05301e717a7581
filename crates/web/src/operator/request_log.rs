//! One log line per request, with an id that every other line logged while answering it
//! carries too (and that the response and a proxy's logs share), and the request counted in
//! the metrics by route.

use crate::App;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The route a response was made by, for the metrics (set by [`name_route`]).
#[derive(Clone, Copy)]
struct RouteName(&'static str);

/// Inside the router: names the route a request matched.
pub(crate) async fn name_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| route_name(path.as_str()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(RouteName(route));
    }
    response
}

/// Route patterns are few and fixed; each is leaked once so that labels are `&'static str`.
fn route_name(pattern: &str) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(name) = names.iter().find(|name| **name == pattern) {
        return name;
    }
    let name: &'static str = Box::leak(pattern.to_owned().into_boxed_str());
    names.push(name);
    name
}

/// A request's id, for [`request_span`].
#[derive(Clone)]
struct RequestId(String);

/// Inside the cache's fast way in: what a request that reaches the router logs carries its id
/// (a page from the cache logs nothing but its line, and is spared making the span).
pub(crate) async fn request_span(request: Request, next: Next) -> Response {
    match request.extensions().get::<RequestId>().cloned() {
        Some(RequestId(id)) => {
            next.run(request)
                .instrument(tracing::info_span!("request", id = %id))
                .await
        }
        None => next.run(request).await,
    }
}

/// Outermost: gives the request its id, logs its line, counts it.
pub(crate) async fn observe(State(app): State<App>, mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|id| {
            (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| dateline_domain::digest::hex_token(rand::random()));
    let method = request.method().clone();
    let path: String = request.uri().path().chars().take(200).collect();
    let started = Instant::now();
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    let took = started.elapsed();
    let cache = response
        .headers()
        .get("x-cache")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let route = match response.extensions().get::<RouteName>() {
        Some(RouteName(route)) => route,
        None if cache == "hit" => "cached",
        None => "unmatched",
    };
    let status = response.status().as_u16();
    app.metrics.observe(route, status, took);
    tracing::info!(
        target: "dateline::request",
        id,
        %method,
        path,
        status,
        ms = took.as_secs_f64() * 1000.0,
        cache,
        "answered"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}
