//! Comment moderation: the queues with their counts, decisions one by one or in bulk, bans and
//! suspensions, the rules' settings, the log, and a commenter's data exported or erased.

use super::{field, form_fields, render_staff};
use crate::origin::SameOrigin;
use crate::staff::Moderator;
use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use dateline_domain::{Email, ModerationMode, ModerationSettings};
use dateline_render::{Serde, context};
use dateline_store::comments::{Decision, Queue};
use serde::Serialize;

/// How many comments a queue page lists.
const QUEUE_PAGE: i64 = 100;
/// What a rejected commenter's comment is recorded with when the moderator gives no reason.
const DEFAULT_REJECTION: &str = "Not in line with our comment policy";

fn query_field(query: &Option<String>, name: &str) -> String {
    query
        .as_deref()
        .map(|q| form_fields(q.as_bytes()))
        .map(|fields| field(&fields, name).to_owned())
        .unwrap_or_default()
}

#[derive(Serialize)]
struct QueueTab {
    name: &'static str,
    count: i64,
    current: bool,
}

pub(crate) async fn queue_page(
    State(app): State<App>,
    moderator: Moderator,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, AppError> {
    let queue = Queue::parse(&query_field(&query, "queue")).unwrap_or(Queue::Pending);
    let tabs: Vec<QueueTab> = app
        .store
        .queue_counts()
        .await?
        .into_iter()
        .map(|(q, count)| QueueTab {
            name: q.as_str(),
            count,
            current: q == queue,
        })
        .collect();
    let items = app.store.queue(queue, QUEUE_PAGE).await?;
    let context = context! {
        queue => queue.as_str(),
        tabs => Serde(tabs),
        items => Serde(items),
        notice => query_field(&query, "notice"),
    };
    render_staff(&app, &moderator.0, "newsroom/moderation.html", context)
}

pub(crate) async fn decide(
    State(app): State<App>,
    moderator: Moderator,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = moderator.checked_form(&body)?;
    let ids: Vec<i64> = fields
        .iter()
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let reason = match (field(&fields, "reason").trim(), field(&fields, "preset").trim()) {
        ("", "") => DEFAULT_REJECTION.to_owned(),
        ("", preset) => preset.to_owned(),
        (typed, _) => typed.chars().take(500).collect(),
    };
    let decision = match field(&fields, "action") {
        "approve" => Decision::Approve,
        "reject" => Decision::Reject(reason),
        "feature" => Decision::Feature(true),
        "unfeature" => Decision::Feature(false),
        _ => return Err(AppError::BadRequest("reason.malformed")),
    };
    let changed = app.store.decide(&ids, &decision, moderator.0.id).await?;
    app.apply_own_write().await;
    let queue = Queue::parse(field(&fields, "queue")).unwrap_or(Queue::Pending);
    Ok(back_to(queue, &format!("{changed} comment(s) updated")))
}

pub(crate) async fn ban(
    State(app): State<App>,
    moderator: Moderator,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = moderator.checked_form(&body)?;
    let kind = field(&fields, "kind");
    let raw_target = field(&fields, "target").trim();
    let target = match kind {
        "email" => Email::parse(raw_target)
            .ok()
            .map(|email| email.as_str().to_lowercase()),
        "domain" => {
            // The queue offers a commenter's address; its domain is what follows the last '@'.
            let domain = raw_target.rsplit('@').next().unwrap_or_default().to_lowercase();
            Email::parse(&format!("x@{domain}")).ok().map(|_| domain)
        }
        _ => None,
    };
    let days = match field(&fields, "days").trim() {
        "" => Ok(None),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .map(Some)
            .ok_or(()),
    };
    let queue = Queue::parse(field(&fields, "queue")).unwrap_or(Queue::Pending);
    let (Some(target), Ok(days)) = (target, days) else {
        return Ok(back_to(
            queue,
            "Not banned: give an email address or a domain, and a number of days from 1 to 3650 (or none for a ban)",
        ));
    };
    let until = days.map(|d| Utc::now() + chrono::Duration::days(d));
    let reason = field(&fields, "reason")
        .trim()
        .chars()
        .take(500)
        .collect::<String>();
    app.store
        .ban_commenter(kind, &target, until, &reason, moderator.0.id)
        .await?;
    let what = if days.is_some() { "suspended" } else { "banned" };
    Ok(back_to(queue, &format!("{target} {what}")))
}

fn back_to(queue: Queue, notice: &str) -> Response {
    let notice: String = form_urlencoded::byte_serialize(notice.as_bytes()).collect();
    Redirect::to(&format!(
        "/newsroom/moderation?queue={}&notice={notice}",
        queue.as_str()
    ))
    .into_response()
}

#[derive(Default, Serialize)]
struct SettingsErrors {
    link_limit: Option<&'static str>,
    auto_close_days: Option<&'static str>,
    mode: Option<&'static str>,
}

#[derive(Serialize)]
struct SettingsForm {
    mode: String,
    banned_words: String,
    suspect_words: String,
    link_limit: String,
    auto_close_days: String,
}

impl From<&ModerationSettings> for SettingsForm {
    fn from(settings: &ModerationSettings) -> Self {
        Self {
            mode: settings.mode.as_str().to_owned(),
            banned_words: settings.banned_words.clone(),
            suspect_words: settings.suspect_words.clone(),
            link_limit: settings.link_limit.to_string(),
            auto_close_days: settings
                .auto_close_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }
}

fn settings_page(
    app: &App,
    moderator: &Moderator,
    form: &SettingsForm,
    errors: &SettingsErrors,
    saved: bool,
) -> Result<Html<String>, AppError> {
    let modes: Vec<&str> = ModerationMode::ALL.iter().map(|mode| mode.as_str()).collect();
    let context = context! {
        form => Serde(form),
        errors => Serde(errors),
        modes,
        saved,
    };
    render_staff(app, &moderator.0, "newsroom/moderation-settings.html", context)
}

pub(crate) async fn settings(State(app): State<App>, moderator: Moderator) -> Result<Html<String>, AppError> {
    let settings = app.store.moderation_settings().await?;
    settings_page(
        &app,
        &moderator,
        &SettingsForm::from(&settings),
        &SettingsErrors::default(),
        false,
    )
}

pub(crate) async fn save_settings(
    State(app): State<App>,
    moderator: Moderator,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = moderator.checked_form(&body)?;
    let form = SettingsForm {
        mode: field(&fields, "mode").to_owned(),
        banned_words: field(&fields, "banned_words").replace("\r\n", "\n"),
        suspect_words: field(&fields, "suspect_words").replace("\r\n", "\n"),
        link_limit: field(&fields, "link_limit").trim().to_owned(),
        auto_close_days: field(&fields, "auto_close_days").trim().to_owned(),
    };
    let mut errors = SettingsErrors::default();
    let mode = form.mode.parse::<ModerationMode>();
    if mode.is_err() {
        errors.mode = Some("Choose one of the moderation modes.");
    }
    let link_limit = form
        .link_limit
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=50).contains(n));
    if link_limit.is_none() {
        errors.link_limit = Some("A whole number from 1 to 50.");
    }
    let auto_close_days = match form.auto_close_days.as_str() {
        "" => Some(None),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .map(Some),
    };
    if auto_close_days.is_none() {
        errors.auto_close_days =
            Some("Leave empty to keep comments open, or a whole number of days from 1 to 3650.");
    }
    let (Ok(mode), Some(link_limit), Some(auto_close_days)) = (mode, link_limit, auto_close_days) else {
        let mut page = settings_page(&app, &moderator, &form, &errors, false)?.into_response();
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(page);
    };
    let settings = ModerationSettings {
        mode,
        banned_words: form.banned_words.clone(),
        suspect_words: form.suspect_words.clone(),
        link_limit,
        auto_close_days,
    };
    app.store
        .put_moderation_settings(&settings, moderator.0.id)
        .await?;
    app.apply_own_write().await;
    Ok(settings_page(&app, &moderator, &SettingsForm::from(&settings), &errors, true)?.into_response())
}

pub(crate) async fn log(State(app): State<App>, moderator: Moderator) -> Result<Html<String>, AppError> {
    let entries = app.store.moderation_log(200).await?;
    let context = context! {
        entries => Serde(entries),
    };
    render_staff(&app, &moderator.0, "newsroom/moderation-log.html", context)
}

/// A commenter's data as JSON, for a request under privacy law.
pub(crate) async fn export(
    State(app): State<App>,
    _: Moderator,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let email =
        Email::parse(&query_field(&query, "email")).map_err(|_| AppError::BadRequest("reason.malformed"))?;
    let comments = app.store.commenter_export(&email).await?;
    let body = serde_json::json!({ "email": email.as_str(), "comments": comments });
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"commenter-data.json\""),
    );
    Ok(response)
}

pub(crate) async fn erase(
    State(app): State<App>,
    moderator: Moderator,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = moderator.checked_form(&body)?;
    let Ok(email) = Email::parse(field(&fields, "email")) else {
        return Ok(back_to(
            Queue::Pending,
            "Nothing erased: that is not an email address",
        ));
    };
    let erased = app.store.erase_commenter(&email, moderator.0.id).await?;
    app.apply_own_write().await;
    Ok(back_to(
        Queue::Pending,
        &format!("Erased the commenter's data and {erased} comment(s)"),
    ))
}

/// How readers answered "Do you like this article?", story by story.
pub(crate) async fn reactions(
    State(app): State<App>,
    moderator: Moderator,
) -> Result<Html<String>, AppError> {
    let stories = app.store.reaction_counts(200).await?;
    let context = context! {
        stories => Serde(stories),
    };
    render_staff(&app, &moderator.0, "newsroom/reactions.html", context)
}
