//! Old addresses answered with a 301 to their new ones: WordPress's `/?p=12` before the home
//! page would answer it, and any other address where the site has no page. Only requests that
//! name an old query or found nothing look a redirect up.

use crate::App;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dateline_domain::OldAddress;
use dateline_domain::redirect::OLD_QUERY_NAMES;

/// The longest path looked up: no redirect is kept for a longer one.
const MAX_PATH_BYTES: usize = 2000;

pub(crate) async fn follow_redirects(State(app): State<App>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) || request.uri().path().len() > MAX_PATH_BYTES
    {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let names_old_query = query.as_deref().is_some_and(|query| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .any(|(name, _)| OLD_QUERY_NAMES.contains(&name))
    });
    if names_old_query && let Some(moved) = moved(&app, &path, query.as_deref()).await {
        return moved;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    moved(&app, &path, query.as_deref()).await.unwrap_or(response)
}

/// The 301 to where the address now lives, if it has a redirect.
async fn moved(app: &App, path: &str, query: Option<&str>) -> Option<Response> {
    let addresses = OldAddress::of_request(path, query);
    let found = match app.store.redirect_for(&addresses).await {
        Ok(found) => found?,
        Err(error) => {
            tracing::error!(%error, "looking up a redirect");
            return None;
        }
    };
    let location = HeaderValue::from_str(&found).ok()?;
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    response.headers_mut().insert(header::LOCATION, location);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Some(response)
}
