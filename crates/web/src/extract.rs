//! Extractors that turn a reader's request into domain values, or into the right error page.

use crate::AppError;
use axum::extract::{ConnectInfo, FromRequestParts, Path, RawQuery};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use dateline_domain::{Lang, PageNumber, Slug};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The edition a request is for, from its path.
pub(crate) struct Edition(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for Edition {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        Ok(Edition(Lang::of_path(parts.uri.path())))
    }
}

/// The `{slug}` of a route. A slug that cannot exist is simply not found.
pub(crate) struct SlugParam(pub Slug);

impl<S: Send + Sync> FromRequestParts<S> for SlugParam {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::BadRequest("reason.malformed"))?;
        Slug::parse(&raw).map(SlugParam).map_err(|_| AppError::NotFound)
    }
}

/// The query string read into `T` (a missing field takes its default); one that cannot be read
/// is refused.
pub(crate) struct QueryForm<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryForm<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        serde_html_form::from_str(parts.uri.query().unwrap_or(""))
            .map(QueryForm)
            .map_err(|_| AppError::BadRequest("reason.malformed"))
    }
}

/// `?page=N` of a paged listing; absent means the first page.
pub(crate) struct PageParam(pub PageNumber);

impl<S: Send + Sync> FromRequestParts<S> for PageParam {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let RawQuery(query) = RawQuery::from_request_parts(parts, state)
            .await
            .unwrap_or(RawQuery(None));
        let Some(query) = query else {
            return Ok(PageParam(PageNumber::FIRST));
        };
        match form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == "page") {
            None => Ok(PageParam(PageNumber::FIRST)),
            Some((_, value)) => PageNumber::parse(&value)
                .map(PageParam)
                .map_err(|_| AppError::BadRequest("reason.page")),
        }
    }
}

/// The edition and `{slug}` of a route addressing one story.
pub(crate) struct StoryPath(pub Lang, pub Slug);

impl<S: Send + Sync> FromRequestParts<S> for StoryPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Edition(lang) = Edition::from_request_parts(parts, state).await?;
        let SlugParam(slug) = SlugParam::from_request_parts(parts, state).await?;
        Ok(StoryPath(lang, slug))
    }
}

/// The address a request came from: the peer of the connection, or behind a trusted reverse
/// proxy the address that proxy saw (the last one in `X-Forwarded-For`).
pub(crate) struct ClientIp(pub IpAddr);

impl FromRequestParts<crate::App> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &crate::App) -> Result<Self, Infallible> {
        let forwarded = app
            .trust_forwarded_for
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|value| value.to_str().ok())
            .and_then(|list| list.rsplit(',').next())
            .and_then(|last| last.trim().parse::<IpAddr>().ok());
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        Ok(ClientIp(
            forwarded.or(peer).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        ))
    }
}

/// The values the request's cookies named `name` carry, in the order sent.
pub(crate) fn cookie_values<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .filter(move |(named, _)| *named == name)
        .map(|(_, value)| value)
}

/// The language a browser asks for (`Accept-Language`) among those the newsroom speaks: the
/// one with the highest weight, the first written on a tie; English when it names neither.
pub(crate) struct BrowserLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for BrowserLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(BrowserLang(browser_lang(&parts.headers)))
    }
}

pub(crate) fn browser_lang(headers: &HeaderMap) -> Lang {
    let mut best: Option<(Lang, u16)> = None;
    let offers = headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    for offer in offers {
        let mut parts = offer.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let Some(lang) = Lang::ALL
            .into_iter()
            .find(|lang| primary.eq_ignore_ascii_case(lang.code()))
        else {
            continue;
        };
        let weight = parts
            .find_map(|param| param.trim().strip_prefix("q="))
            .map_or(1000, quality);
        if weight > 0 && best.is_none_or(|(_, held)| weight > held) {
            best = Some((lang, weight));
        }
    }
    best.map_or(Lang::En, |(lang, _)| lang)
}

/// An `Accept-Language` weight (`0`, `0.8`, `1.000`) in thousandths; unreadable counts as 0.
fn quality(raw: &str) -> u16 {
    let (whole, fraction) = raw.trim().split_once('.').unwrap_or((raw.trim(), ""));
    let digits: String = fraction.chars().chain("000".chars()).take(3).collect();
    match (whole, digits.parse::<u16>()) {
        ("1", Ok(0)) => 1000,
        ("0", Ok(thousandths)) if fraction.chars().all(|c| c.is_ascii_digit()) && fraction.len() <= 3 => {
            thousandths
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::browser_lang;
    use axum::http::{HeaderMap, HeaderValue, header};
    use dateline_domain::Lang;

    fn asking(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(value).expect("header"),
        );
        browser_lang(&headers)
    }

    #[test]
    fn the_browser_language_follows_weights_and_regions() {
        assert_eq!(asking("ar"), Lang::Ar);
        assert_eq!(asking("ar-IQ,ar;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::Ar);
        assert_eq!(asking("en-GB,en;q=0.9,ar;q=0.8"), Lang::En);
        assert_eq!(asking("fr-FR,fr;q=0.9,ar;q=0.5"), Lang::Ar);
        assert_eq!(asking("en;q=0.2,AR;q=0.9"), Lang::Ar);
        assert_eq!(asking("de"), Lang::En);
        assert_eq!(asking("ar;q=0"), Lang::En);
        assert_eq!(asking("ar;q=2, ar;q=0.0001, ar;q=x"), Lang::En);
        assert_eq!(asking("arabic, ara"), Lang::En);
        assert_eq!(browser_lang(&HeaderMap::new()), Lang::En);
    }
}
