//! Cross-site request forgery defence for readers' forms. The shared, cached page cannot carry a
//! per-reader token, so a state-changing request must show that it comes from this site: by its
//! `Origin` header, or failing that its `Referer`, naming the host it was sent to.

use crate::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

pub(crate) struct SameOrigin;

impl<S: Send + Sync> FromRequestParts<S> for SameOrigin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        if comes_from_this_site(&parts.headers) {
            Ok(SameOrigin)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

fn comes_from_this_site(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    let Some(host) = text(header::HOST) else {
        return false;
    };
    if text(header::HeaderName::from_static("sec-fetch-site")).is_some_and(|site| site == "cross-site") {
        return false;
    }
    let names_host = |url: &str| {
        url.split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .is_some_and(|authority| authority.eq_ignore_ascii_case(host))
    };
    match (text(header::ORIGIN), text(header::REFERER)) {
        (Some(origin), _) => names_host(origin),
        (None, Some(referer)) => names_host(referer),
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::comes_from_this_site;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap()))
            .collect()
    }

    #[test]
    fn only_requests_from_the_site_itself_pass() {
        let host = ("host", "news.example.org");
        assert!(comes_from_this_site(&headers(&[
            host,
            ("origin", "https://news.example.org")
        ])));
        assert!(comes_from_this_site(&headers(&[
            host,
            ("referer", "https://news.example.org/article/x")
        ])));
        assert!(!comes_from_this_site(&headers(&[
            host,
            ("origin", "https://evil.example")
        ])));
        assert!(!comes_from_this_site(&headers(&[
            host,
            ("origin", "https://news.example.org.evil.example")
        ])));
        assert!(!comes_from_this_site(&headers(&[host, ("origin", "null")])));
        assert!(!comes_from_this_site(&headers(&[host])), "no evidence is no pass");
        assert!(!comes_from_this_site(&headers(&[
            host,
            ("origin", "https://news.example.org"),
            ("sec-fetch-site", "cross-site")
        ])));
    }
}
