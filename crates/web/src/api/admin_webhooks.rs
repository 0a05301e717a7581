//! The Admin API's webhooks: add, edit and delete, as Ghost's clients send them, for a key
//! with the admin role.

use super::admin::KeyAccount;
use super::content::read_answer;
use super::error::ApiError;
use super::params;
use super::post_input::invalid;
use crate::App;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_domain::object_id::{from_object_id, to_object_id};
use dateline_service::{WebhookDraft, WebhookError};
use dateline_store::webhooks::Webhook;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
struct WebhooksBody {
    webhooks: Vec<WebhookInput>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WebhookInput {
    event: String,
    target_url: String,
    name: Option<String>,
    secret: Option<String>,
    api_version: Option<String>,
}

fn read_body(body: &[u8], action: &'static str) -> Result<WebhookDraft, ApiError> {
    let body: WebhooksBody = serde_json::from_slice(body).map_err(|error| ApiError::Invalid {
        action: action.to_owned(),
        context: format!("The request body is not {{\"webhooks\": [webhook]}}: {error}"),
    })?;
    let mut hooks = body.webhooks.into_iter();
    let (Some(hook), None) = (hooks.next(), hooks.next()) else {
        return Err(invalid(action, "webhooks", "exactly one webhook"));
    };
    Ok(WebhookDraft {
        event: hook.event,
        target_url: hook.target_url,
        name: hook.name.unwrap_or_default(),
        secret: hook.secret.unwrap_or_default(),
        api_version: hook.api_version.unwrap_or_default(),
    })
}

/// A hook in Ghost's shape, with where its last delivery got to.
fn shape(hook: &Webhook) -> Value {
    let time = |at: Option<chrono::DateTime<chrono::Utc>>| at.map(super::shapes::time);
    json!({
        "id": to_object_id(hook.id),
        "event": hook.event,
        "target_url": hook.target_url,
        "name": hook.name,
        "secret": hook.secret,
        "api_version": hook.api_version,
        "integration_id": null,
        "status": if hook.disabled_at.is_some() { "disabled" } else { "available" },
        "last_triggered_at": time(hook.last_triggered_at),
        "last_triggered_status": hook.last_triggered_status,
        "last_triggered_error": hook.last_triggered_error,
        "created_at": super::shapes::time(hook.created_at),
        "updated_at": super::shapes::time(hook.updated_at),
    })
}

fn hook_error(error: WebhookError, action: &'static str) -> ApiError {
    match error {
        WebhookError::NotAllowed => ApiError::NotPermitted(action),
        WebhookError::UnknownEvent(_) => {
            invalid(action, "event", "one of Ghost's webhook events Dateline sends")
        }
        WebhookError::Target(_) => {
            invalid(action, "target_url", "an http:// or https:// address with a host")
        }
        WebhookError::TextInvalid => invalid(
            action,
            "name",
            "one line of at most 200 characters (the secret too)",
        ),
        WebhookError::Duplicate => invalid(
            action,
            "target_url",
            "this address is already called for this event",
        ),
        WebhookError::NotFound => ApiError::NotFound("webhook"),
        WebhookError::Store(error) => error.into(),
    }
}

async fn answer(app: &App, id: i64) -> Result<Response, ApiError> {
    let hook = app
        .store
        .webhook(id)
        .await?
        .ok_or(ApiError::NotFound("webhook"))?;
    Ok(read_answer("webhooks", shape(&hook)))
}

fn hook_id(raw: &str, action: &str) -> Result<i64, ApiError> {
    from_object_id(raw).ok_or_else(|| params::invalid(action, "id"))
}

pub(super) async fn add(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "add webhook";
    let draft = read_body(&body, action)?;
    let id = app
        .service
        .add_webhook(&account, &draft)
        .await
        .map_err(|error| hook_error(error, action))?;
    let mut response = answer(&app, id).await?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

pub(super) async fn edit(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "edit webhook";
    let id = hook_id(&id, action)?;
    let draft = read_body(&body, action)?;
    app.service
        .edit_webhook(&account, id, &draft)
        .await
        .map_err(|error| hook_error(error, action))?;
    answer(&app, id).await
}

pub(super) async fn delete(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let action = "delete webhook";
    let id = hook_id(&id, action)?;
    app.service
        .delete_webhook(&account, id)
        .await
        .map_err(|error| hook_error(error, action))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
