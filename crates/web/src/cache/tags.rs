//! What a cached page depends on. Handlers name it; a write names what it changed; the cache
//! forgets exactly the pages that share a tag with the write.

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
pub(crate) use dateline_domain::PageTag;
use std::fmt::Write;

/// The tags of a response, carried from the handler to the cache in its extensions.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageTags(pub Vec<PageTag>);

impl PageTags {
    /// The `Surrogate-Key` header value a CDN purges by: the tags, space-separated.
    pub fn surrogate_key(&self) -> HeaderValue {
        let mut keys = String::from("site");
        for tag in self.0.iter().filter(|tag| **tag != PageTag::Site) {
            let _ = write!(keys, " {tag}");
        }
        HeaderValue::from_str(&keys).expect("tags are ASCII words")
    }
}

/// A page with what it depends on, for the cache to keep and later forget at the right time.
pub(crate) struct Tagged<T>(pub Vec<PageTag>, pub T);

impl<T: IntoResponse> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        response.extensions_mut().insert(PageTags(self.0));
        response
    }
}
