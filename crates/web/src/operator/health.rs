//! `/healthz`: the process answers. `/readyz`: it can serve readers as they should be served:
//! the store answers with this version's schema, and the page cache and search index have
//! caught up with the store's events.

use crate::App;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// How far behind the store's events the search index may be and still serve: it is applying
/// them as it goes.
const INDEX_SLACK: i64 = 1_000;

pub(crate) async fn healthz() -> Response {
    plain(StatusCode::OK, "alive\n".to_owned())
}

pub(crate) async fn readyz(State(app): State<App>) -> Response {
    let mut problems = Vec::new();
    match app.store.pending_migrations().await {
        Ok(0) => {}
        Ok(pending) => problems.push(format!("{pending} migration(s) of this version not yet applied")),
        Err(error) => problems.push(format!("the store does not answer: {error}")),
    }
    if app.cache.is_suspended() {
        problems.push("catching up with writes made on other nodes".to_owned());
    }
    match app.events_behind().await {
        Ok((_, Some(search))) if search <= INDEX_SLACK => {}
        Ok((_, Some(search))) => problems.push(format!("the search index is {search} events behind")),
        Ok((_, None)) => problems.push("the search index is being built".to_owned()),
        Err(error) => problems.push(format!("reading the store's events: {error}")),
    }
    if problems.is_empty() {
        plain(StatusCode::OK, "ready\n".to_owned())
    } else {
        plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready:\n{}\n", problems.join("\n")),
        )
    }
}

fn plain(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
