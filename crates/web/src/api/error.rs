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
    /// An Admin API request without `Authorization`.
    NoAdminAuth,
    /// `Authorization` that is not `Ghost <token>`.
    BadAuthHeader,
    /// A token that does not check out, and why.
    BadToken(String),
    /// A token naming no live admin key.
    UnknownAdminKey,
    /// The key's role does not allow this; `action` says what ("edit post").
    NotPermitted(&'static str),
    /// Someone saved the post after the `updated_at` the client sent: the fields they changed.
    Collision(Vec<String>),
    /// `Accept-Version` names a later major version of Ghost's API than Dateline answers.
    VersionAhead(String),
    /// `Accept-Version` that is not a version.
    VersionUnreadable,
    /// The store failed; logged, and answered without details.
    Internal,
}

/// An error's fields in Ghost's answer.
struct Parts {
    status: StatusCode,
    kind: &'static str,
    message: String,
    context: Option<String>,
    code: Option<&'static str>,
    details: serde_json::Value,
}

impl Parts {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            message: message.into(),
            context: None,
            code: None,
            details: serde_json::Value::Null,
        }
    }

    fn context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }
}

impl ApiError {
    fn parts(&self) -> Parts {
        use StatusCode as S;
        match self {
            ApiError::NoKey => Parts::new(S::FORBIDDEN, "NoPermissionError", "Authorization failed").context(
                "Unable to determine the authenticated member or integration. Check the supplied Content API Key.",
            ),
            ApiError::UnknownKey => Parts::new(S::UNAUTHORIZED, "UnauthorizedError", "Unknown Content API Key")
                .code("UNKNOWN_CONTENT_API_KEY"),
            ApiError::KeyTwice => Parts::new(S::BAD_REQUEST, "BadRequestError", "Invalid Request")
                .context("Give the key once.")
                .code("INVALID_REQUEST"),
            ApiError::NotFound(what) => Parts::new(
                S::NOT_FOUND,
                "NotFoundError",
                format!("Resource not found error, cannot read {what}."),
            )
            .context(format!("{} not found.", capitalized(what))),
            ApiError::Invalid { action, context } => Parts::new(
                S::UNPROCESSABLE_ENTITY,
                "ValidationError",
                format!("Validation error, cannot {action}."),
            )
            .context(context.clone()),
            ApiError::BadFilter { action, context } => Parts::new(
                S::BAD_REQUEST,
                "BadRequestError",
                format!("Request not understood error, cannot {action}."),
            )
            .context(context.clone()),
            ApiError::NoAdminAuth => Parts::new(S::FORBIDDEN, "NoPermissionError", "Authorization failed").context(
                "Unable to determine the authenticated user or integration. Send an Admin API token as `Authorization: Ghost <token>`.",
            ),
            ApiError::BadAuthHeader => Parts::new(
                S::UNAUTHORIZED,
                "UnauthorizedError",
                "Authorization header format is \"Authorization: Ghost [token]\"",
            )
            .code("INVALID_AUTH_HEADER"),
            ApiError::BadToken(why) => {
                Parts::new(S::UNAUTHORIZED, "UnauthorizedError", format!("Invalid token: {why}")).code("INVALID_JWT")
            }
            ApiError::UnknownAdminKey => Parts::new(S::UNAUTHORIZED, "UnauthorizedError", "Unknown Admin API Key")
                .code("UNKNOWN_ADMIN_API_KEY"),
            ApiError::NotPermitted(action) => Parts::new(
                S::FORBIDDEN,
                "NoPermissionError",
                format!("Permission error, cannot {action}."),
            )
            .context("The role of this key does not allow it."),
            ApiError::Collision(changed) => {
                let mut parts = Parts::new(
                    S::CONFLICT,
                    "UpdateCollisionError",
                    "Saving failed! Someone else is editing this post.",
                )
                .context(format!(
                    "Changed since the updated_at sent: {}. Read the post again and apply the edit to it.",
                    if changed.is_empty() { "the post".to_owned() } else { changed.join(", ") }
                ))
                .code("UPDATE_COLLISION");
                parts.details = json!({ "changed": changed });
                parts
            }
            ApiError::VersionAhead(asked) => Parts::new(
                S::NOT_ACCEPTABLE,
                "RequestNotAcceptableError",
                format!(
                    "Provided client accept-version {asked} is ahead of current Ghost version v{}",
                    super::GHOST_VERSION
                ),
            )
            .code("UPDATE_GHOST"),
            ApiError::VersionUnreadable => Parts::new(S::BAD_REQUEST, "BadRequestError", "Invalid Request")
                .context("Accept-Version names a version such as v6.0.")
                .code("INVALID_REQUEST"),
            ApiError::Internal => Parts::new(S::INTERNAL_SERVER_ERROR, "InternalServerError", "Internal server error"),
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
        let Parts {
            status,
            kind,
            message,
            context,
            code,
            details,
        } = self.parts();
        let body = json!({
            "errors": [{
                "message": message,
                "context": context,
                "type": kind,
                "details": details,
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
