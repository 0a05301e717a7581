//! One error type at the edge. A handler returns `AppError`; the response carries only a
//! marker, and `render_error_pages` (which has the app) turns it into the edition's error page.

use crate::App;
use crate::frame::Frame;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use dateline_domain::Lang;
use dateline_render::{Serde, context};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// The reason is a catalog key, so the reader is told in their own language.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A form that did not come from this site.
    #[error("forbidden")]
    Forbidden,
    /// Something the signed-in member's role does not allow.
    #[error("not allowed")]
    NotAllowed,
    #[error("too many requests")]
    TooManyRequests,
    /// A newsroom page asked for without a session.
    #[error("login required")]
    LoginRequired,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn not_found() -> Self {
        AppError::NotFound
    }
}

impl From<dateline_store::StoreError> for AppError {
    fn from(e: dateline_store::StoreError) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<dateline_storage::StorageError> for AppError {
    fn from(e: dateline_storage::StorageError) -> Self {
        if e.is_not_found() {
            AppError::NotFound
        } else {
            AppError::Internal(e.into())
        }
    }
}

impl From<dateline_render::RenderError> for AppError {
    fn from(e: dateline_render::RenderError) -> Self {
        AppError::Internal(e.into())
    }
}

/// What went wrong, left on an error response for `render_error_pages` to show.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ErrorPage {
    NotFound,
    BadRequest(&'static str),
    Forbidden,
    NotAllowed,
    TooMany,
    TooLong,
    Internal,
}

impl ErrorPage {
    fn status(self) -> StatusCode {
        match self {
            ErrorPage::NotFound => StatusCode::NOT_FOUND,
            ErrorPage::BadRequest(_) => StatusCode::BAD_REQUEST,
            ErrorPage::Forbidden | ErrorPage::NotAllowed => StatusCode::FORBIDDEN,
            ErrorPage::TooMany => StatusCode::TOO_MANY_REQUESTS,
            ErrorPage::TooLong => StatusCode::URI_TOO_LONG,
            ErrorPage::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub(crate) fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => ErrorPage::NotFound.into_response(),
            AppError::BadRequest(reason) => ErrorPage::BadRequest(reason).into_response(),
            AppError::Forbidden => ErrorPage::Forbidden.into_response(),
            AppError::NotAllowed => ErrorPage::NotAllowed.into_response(),
            AppError::TooManyRequests => ErrorPage::TooMany.into_response(),
            AppError::LoginRequired => axum::response::Redirect::to("/newsroom/login").into_response(),
            AppError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                ErrorPage::Internal.into_response()
            }
        }
    }
}

/// Turns error markers, and bare 4xx/5xx responses from the framework (a path that will not
/// decode, a method not allowed), into a page that helps the reader on, in their edition; under
/// `/newsroom`, in the language the member works in (else their browser's).
pub(crate) async fn render_error_pages(State(app): State<App>, request: Request, next: Next) -> Response {
    let path_lang = Lang::of_path(request.uri().path());
    // Who asks for a newsroom page, should it end in an error: their session and browser.
    let newsroom = request.uri().path().starts_with("/newsroom").then(|| {
        let headers = request.headers();
        (
            crate::staff::session_token(headers),
            crate::extract::browser_lang(headers),
        )
    });
    let response = next.run(request).await;
    let status = response.status();
    let page = match response.extensions().get::<ErrorPage>() {
        Some(page) => *page,
        None if status.is_client_error()
            && response
                .headers()
                .get(header::CONTENT_TYPE)
                .is_none_or(is_plain_text) =>
        {
            match status {
                StatusCode::NOT_FOUND => ErrorPage::NotFound,
                _ => ErrorPage::BadRequest("reason.malformed"),
            }
        }
        None => return response,
    };
    let lang = match newsroom {
        Some((token, browser)) => newsroom_lang(&app, token, browser).await,
        None => path_lang,
    };
    let mut page_response = match error_page(&app, lang, page).await {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "could not render the error page");
            Html(Body::from(
                "<!doctype html><title>Error</title><p>Something went wrong.</p>",
            ))
            .into_response()
        }
    };
    *page_response.status_mut() = if response.extensions().get::<ErrorPage>().is_some() {
        page.status()
    } else {
        status
    };
    page_response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // A 405 says which methods would do.
    if let Some(allow) = response.headers().get(header::ALLOW) {
        page_response.headers_mut().insert(header::ALLOW, allow.clone());
    }
    page_response
}

/// The language a newsroom page speaks: the signed-in member's (by their session `token`),
/// else the `browser`'s.
async fn newsroom_lang(app: &App, token: Option<String>, browser: Lang) -> Lang {
    let member = match token {
        Some(token) => app.service.session_member(&token).await.ok().flatten(),
        None => None,
    };
    member.and_then(|member| member.lang).unwrap_or(browser)
}

fn is_plain_text(value: &HeaderValue) -> bool {
    value.as_bytes().starts_with(b"text/plain")
}

async fn error_page(app: &App, lang: Lang, page: ErrorPage) -> Result<String, AppError> {
    let frame = Frame::load(app, lang).await?;
    let catalog_keys = match page {
        ErrorPage::NotFound => ("error.not_found.title", "error.not_found.body"),
        ErrorPage::BadRequest(_) => ("error.bad_request.title", "error.bad_request.body"),
        ErrorPage::Forbidden => ("error.forbidden.title", "error.forbidden.body"),
        ErrorPage::NotAllowed => ("error.not_allowed.title", "error.not_allowed.body"),
        ErrorPage::TooMany => ("error.too_many.title", "error.too_many.body"),
        ErrorPage::TooLong => ("error.too_long.title", "error.not_found.body"),
        ErrorPage::Internal => ("error.internal.title", "error.internal.body"),
    };
    let latest = app.store.latest_articles(lang, 5).await.unwrap_or_default();
    let catalogs = app.renderer.catalogs();
    let reason = match page {
        ErrorPage::BadRequest(reason_key) => catalogs.text(lang, reason_key),
        _ => "",
    };
    let context = context! {
        title => catalogs.text(lang, catalog_keys.0),
        message => catalogs.format(lang, catalog_keys.1, &[("reason", reason)]),
        latest => Serde(latest),
        ..frame.context()
    };
    Ok(app.renderer.render("error.html", context)?)
}
