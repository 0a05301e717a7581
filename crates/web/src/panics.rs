//! A handler that panics is answered with the 500 page, and the connection and the process go
//! on serving. The panic is logged once, by the binary's panic hook, inside the request's span
//! (so with its request id).

use crate::error::ErrorPage;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;

pub(crate) async fn catch_panics(request: Request, next: Next) -> Response {
    // Nothing the request shared is left half-changed by a panic: the store's transactions
    // roll back when dropped, and the cache is written only with whole pages.
    match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => ErrorPage::Internal.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt;

    async fn fault() -> &'static str {
        panic!("a fault planted by the test")
    }

    #[tokio::test]
    async fn a_panicking_handler_is_answered_500_and_the_next_request_served() {
        let site = Router::new()
            .route("/fault", get(fault))
            .route("/fine", get(|| async { "fine" }))
            .layer(axum::middleware::from_fn(super::catch_panics));
        let request = |path: &str| Request::get(path).body(Body::empty()).expect("a request");
        let faulted = site.clone().oneshot(request("/fault")).await.expect("an answer");
        assert_eq!(faulted.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            faulted.extensions().get::<super::ErrorPage>().is_some(),
            "the 500 page is rendered for it"
        );
        let fine = site.oneshot(request("/fine")).await.expect("an answer");
        assert_eq!(fine.status(), StatusCode::OK);
    }
}
