//! Cross-site request forgery defence for readers' forms. The shared, cached page cannot carry a
//! per-reader token, so a state-changing request must show that it comes from this site: by its
//! `Origin` header, or failing that its `Referer`, naming the host it was sent to.

use crate::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

pub(crate) struct SameOrigin;

impl FromRequestParts<crate::App> for SameOrigin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &crate::App) -> Result<Self, AppError> {
        if comes_from_this_site(&parts.headers, None) {
            return Ok(SameOrigin);
        }
        // Behind a proxy the Host may be an internal name: the public address counts too.
        let public = app
            .service
            .site_settings()
            .await?
            .map(|s| s.base_url)
            .unwrap_or_default();
        let authority = public
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/').to_owned());
        if authority.is_some_and(|authority| comes_from_this_site(&parts.headers, Some(&authority))) {
            Ok(SameOrigin)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Whether the form names this site: its `Host`, or `public_host` when given.
fn comes_from_this_site(headers: &HeaderMap, public_host: Option<&str>) -> bool {
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    let Some(host) = public_host.or_else(|| text(header::HOST)) else {
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

    fn comes_from_this_site_at(headers: &HeaderMap) -> bool {
        comes_from_this_site(headers, None)
    }
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
        assert!(comes_from_this_site_at(&headers(&[
            host,
            ("origin", "https://news.example.org")
        ])));
        assert!(comes_from_this_site_at(&headers(&[
            host,
            ("referer", "https://news.example.org/article/x")
        ])));
        assert!(!comes_from_this_site_at(&headers(&[
            host,
            ("origin", "https://evil.example")
        ])));
        assert!(!comes_from_this_site_at(&headers(&[
            host,
            ("origin", "https://news.example.org.evil.example")
        ])));
        assert!(!comes_from_this_site_at(&headers(&[host, ("origin", "null")])));
        assert!(
            !comes_from_this_site_at(&headers(&[host])),
            "no evidence is no pass"
        );
        let internal = ("host", "127.0.0.1:8080");
        let proxied = headers(&[internal, ("origin", "https://news.example.org")]);
        assert!(!comes_from_this_site(&proxied, None));
        assert!(
            comes_from_this_site(&proxied, Some("news.example.org")),
            "the public address counts"
        );
        assert!(!comes_from_this_site_at(&headers(&[
            host,
            ("origin", "https://news.example.org"),
            ("sec-fetch-site", "cross-site")
        ])));
    }
}
