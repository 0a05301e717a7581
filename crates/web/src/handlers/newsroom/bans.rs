//! The bans and suspensions in force, for moderators: listed newest first, searched by address
//! or domain, and lifted before their time.

use super::{Notice, lang, render_staff};
use crate::extract::QueryForm;
use crate::origin::SameOrigin;
use crate::staff::{Moderator, StaffForm};
use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use dateline_render::{Serde, context};
use dateline_service::ModerationError;
use serde::Deserialize;

/// How many bans the page lists; a search narrows the rest.
const LISTED: i64 = 200;

/// `?q=…` of the bans page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct BanSearch {
    q: String,
}

pub(crate) async fn list(
    State(app): State<App>,
    moderator: Moderator,
    QueryForm(search): QueryForm<BanSearch>,
    QueryForm(notice): QueryForm<Notice>,
) -> Result<Html<String>, AppError> {
    let (bans, total) = app.store.bans(&search.q, Utc::now(), LISTED).await?;
    let context = context! {
        bans => Serde(bans),
        total,
        listed => LISTED,
        search => search.q.trim(),
        notice => notice.text(&app, lang(&moderator.0)),
    };
    render_staff(&app, &moderator.0, "newsroom/bans.html", context)
}

pub(crate) async fn lift(
    State(app): State<App>,
    _: SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, .. }: StaffForm<super::workflow::NoFields>,
) -> Result<Response, AppError> {
    let lifted = app
        .service
        .lift_ban(&user, id)
        .await
        .map_err(|error| match error {
            ModerationError::NotAllowed => AppError::NotAllowed,
            ModerationError::Store(error) => error.into(),
        })?;
    let notice = Notice::new(if lifted { "ban_lifted" } else { "ban_gone" });
    Ok(Redirect::to(&notice.after("/newsroom/moderation/bans")).into_response())
}
