//! Errors as Ghost's APIs answer them: `{"errors":[{…}]}` with Ghost's nine keys, so that the
//! official clients throw an error carrying Ghost's `type`, `message` and `context`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What went wrong with an API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No `key` was given.
    NoKey,
    /// The key is not a live content key (malformed, unknown or revoked).
    UnknownKey,
    /// `key` was given more than once.
    KeyTwice,
    /// No such post, tag, author or route; `what` names it ("post").
    NotFound(&'static str),
    /// A malformed id, page, limit, order, format or field list: Ghost's 422.
    Invalid { action: String, context: String },
    /// A filter that could not be read: Ghost's 400, saying where it went wrong.
    BadFilter { action: String, context: String },
    /// The store failed; logged, and answered without details.
    Internal,
}

impl ApiError {
    fn parts(
        &self,
    ) -> (
        StatusCode,
        &'static str,
        String,
        Option<String>,
        Option<&'static str>,
    ) {
        match self {
            ApiError::NoKey => (
                StatusCode::FORBIDDEN,
                "NoPermissionError",
                "Authorization failed".to_owned(),
                Some("Unable to determine the authenticated member or integration. Check the supplied Content API Key.".to_owned()),
                None,
            ),
            ApiError::UnknownKey => (
                StatusCode::UNAUTHORIZED,
                "UnauthorizedError",
                "Unknown Content API Key".to_owned(),
                None,
                Some("UNKNOWN_CONTENT_API_KEY"),
            ),
            ApiError::KeyTwice => (
                StatusCode::BAD_REQUEST,
                "BadRequestError",
                "Invalid Request".to_owned(),
                Some("Give the key once.".to_owned()),
                Some("INVALID_REQUEST"),
            ),
            ApiError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "NotFoundError",
                format!("Resource not found error, cannot read {what}."),
                Some(format!("{} not found.", capitalized(what))),
                None,
            ),
            ApiError::Invalid { action, context } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "ValidationError",
                format!("Validation error, cannot {action}."),
                Some(context.clone()),
                None,
            ),
            ApiError::BadFilter { action, context } => (
                StatusCode::BAD_REQUEST,
                "BadRequestError",
                format!("Request not understood error, cannot {action}."),
                Some(context.clone()),
                None,
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "Internal server error".to_owned(),
                None,
                None,
            ),
        }
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind, message, context, code) = self.parts();
        let body = json!({
            "errors": [{
                "message": message,
                "context": context,
                "type": kind,
                "details": null,
                "property": null,
                "help": null,
                "code": code,
                "id": dateline_domain::digest::hex_token(rand::random()),
                "ghostErrorCode": null,
            }]
        });
        let mut response = (status, axum::Json(body)).into_response();
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache, private, no-store, must-revalidate, max-stale=0"),
        );
        response
    }
}

impl From<dateline_store::StoreError> for ApiError {
    fn from(error: dateline_store::StoreError) -> Self {
        tracing::error!(%error, "answering an API request");
        ApiError::Internal
    }
}
