//! Dateline's additions to the Admin API, for what Ghost lacks: readers' comments by
//! moderation queue, approved or rejected with a reason, and corrections appended to
//! published posts. The same use cases as the newsroom's pages; commenters' emails never
//! appear.

use super::admin::{KeyAccount, admin_post};
use super::content::{pairs, read_answer};
use super::error::ApiError;
use super::params;
use super::post_input::invalid;
use super::shapes;
use crate::App;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_domain::QueueItem;
use dateline_domain::object_id::{from_object_id, to_object_id};
use dateline_render::{PathKind, path_for};
use dateline_service::{CorrectionError, ModerationError};
use dateline_store::moderation::{Decision, Queue};
use serde::Deserialize;
use serde_json::{Value, json};

/// Comments listed at most at a time.
const MAX_COMMENTS: i64 = 100;

fn comment(item: &QueueItem) -> Value {
    let comment = &item.comment;
    json!({
        "id": to_object_id(comment.id),
        "parent_id": comment.parent_id.map(to_object_id),
        "post": {
            "edition": item.article_lang.code(),
            "slug": item.article_slug.as_str(),
            "title": item.article_headline,
            "path": path_for(item.article_lang, PathKind::Article, item.article_slug.as_str()),
        },
        "author_name": comment.author_name,
        "text": comment.body,
        "status": comment.status,
        "staff": comment.staff,
        "featured": comment.featured,
        "created_at": shapes::time(comment.created_at),
        "rule": item.rule,
        "reason": item.reason,
        "reports": item.reports,
        "published_before": item.published_before,
        "rejected_before": item.rejected_before,
    })
}

fn moderation_error(error: ModerationError, action: &'static str) -> ApiError {
    match error {
        ModerationError::NotAllowed => ApiError::NotPermitted(action),
        ModerationError::Store(error) => error.into(),
    }
}

/// `GET /comments/?queue=pending|reported|approved|rejected&limit=N`: a queue, oldest waiting
/// first (decided ones newest first).
pub(super) async fn browse(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let action = "browse comments";
    if !account.role.can_moderate() {
        return Err(ApiError::NotPermitted(action));
    }
    let query = pairs(query.as_deref());
    let value = |name: &str| params::value(&query, name);
    let queue = match value("queue") {
        None => Queue::Pending,
        Some(raw) => Queue::parse(raw).ok_or_else(|| params::invalid(action, "queue"))?,
    };
    let limit = match value("limit") {
        None => 15,
        Some(raw) => raw
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .map(|n| n.min(MAX_COMMENTS))
            .ok_or_else(|| params::invalid(action, "limit"))?,
    };
    let items = app.store.queue(queue, limit, 0).await?;
    let comments: Vec<Value> = items.iter().map(comment).collect();
    Ok(axum::Json(json!({ "comments": comments, "meta": { "queue": queue.as_str() } })).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReasonBody {
    comments: Vec<ReasonInput>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReasonInput {
    reason: String,
}

async fn decide(
    app: &App,
    account: &dateline_store::users::StaffUser,
    id: &str,
    decision: Decision,
    action: &'static str,
) -> Result<Response, ApiError> {
    let id = from_object_id(id).ok_or_else(|| params::invalid(action, "id"))?;
    let changed = app
        .service
        .decide_comments(account, &[id], &decision)
        .await
        .map_err(|error| moderation_error(error, action))?;
    if changed == 0 {
        return Err(ApiError::NotFound("comment"));
    }
    let status = match decision {
        Decision::Reject(_) => "rejected",
        _ => "published",
    };
    Ok(read_answer(
        "comments",
        json!({ "id": to_object_id(id), "status": status }),
    ))
}

/// `POST /comments/{id}/approve/`.
pub(super) async fn approve(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    decide(&app, &account, &id, Decision::Approve, "approve comment").await
}

/// `POST /comments/{id}/reject/`, with `{"comments": [{"reason": "…"}]}` or no body (the
/// newsroom's default reason).
pub(super) async fn reject(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "reject comment";
    let reason = if body.iter().all(u8::is_ascii_whitespace) {
        String::new()
    } else {
        let body: ReasonBody = serde_json::from_slice(&body).map_err(|error| ApiError::Invalid {
            action: action.to_owned(),
            context: format!("The request body is not {{\"comments\": [{{\"reason\": …}}]}}: {error}"),
        })?;
        body.comments.into_iter().next().unwrap_or_default().reason
    };
    let told = crate::handlers::newsroom::moderation::told(&app, &reason, "");
    decide(&app, &account, &id, Decision::Reject(told), action).await
}

#[derive(Deserialize)]
struct CorrectionsBody {
    corrections: Vec<CorrectionInput>,
}

#[derive(Deserialize)]
struct CorrectionInput {
    text: String,
}

/// `POST /posts/{id}/corrections/` with `{"corrections": [{"text": "…"}]}`: appended under a
/// published post, for readers to see; answers the post.
pub(super) async fn correct(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "add correction";
    if !account.role.can(dateline_domain::Action::AppendCorrections) {
        return Err(ApiError::NotPermitted(action));
    }
    let id = from_object_id(&id).ok_or_else(|| params::invalid(action, "id"))?;
    let body: CorrectionsBody = serde_json::from_slice(&body).map_err(|error| ApiError::Invalid {
        action: action.to_owned(),
        context: format!("The request body is not {{\"corrections\": [{{\"text\": …}}]}}: {error}"),
    })?;
    let mut corrections = body.corrections.into_iter();
    let (Some(correction), None) = (corrections.next(), corrections.next()) else {
        return Err(invalid(action, "corrections", "exactly one correction"));
    };
    match app.service.correct_story(&account, id, &correction.text).await {
        Ok(()) => {}
        Err(CorrectionError::NotAllowed) => {
            return Err(invalid(
                action,
                "status",
                "corrections are appended to published posts, by keys whose role may",
            ));
        }
        Err(CorrectionError::NotFound) => return Err(ApiError::NotFound("post")),
        Err(CorrectionError::Empty) => {
            return Err(invalid(action, "text", "what was wrong, and what is right"));
        }
        Err(CorrectionError::Store(error)) => return Err(error.into()),
    }
    let story = app.store.story(id).await?.ok_or(ApiError::NotFound("post"))?;
    let mut response = read_answer("posts", admin_post(&app, &story).await?);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}
