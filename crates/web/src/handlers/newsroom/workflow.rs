//! Moving a story along the workflow, scheduling it, correcting it once published, and its
//! revisions: listed, compared word by word, restored as a new revision.

use super::stories::load;
use super::{Notice, render_staff};
use crate::extract::QueryForm;
use crate::origin::SameOrigin;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDateTime;
use dateline_domain::ArticleStatus;
use dateline_domain::diff::word_diff;
use dateline_render::{Serde, context};
use dateline_service::{CorrectionError, MoveError, NoteError, StoryWriteError, is_own};
use serde::Deserialize;

fn back(id: i64, notice: &str) -> Response {
    Redirect::to(&Notice::new(notice).after(&format!("/newsroom/stories/{id}"))).into_response()
}

#[derive(Deserialize)]
pub(crate) struct MoveForm {
    #[serde(default)]
    to: String,
    /// A time in the site's time zone, as a `datetime-local` field sends it.
    #[serde(default)]
    scheduled_at: String,
}

pub(crate) async fn move_story(
    State(app): State<App>,
    _: SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, form }: StaffForm<MoveForm>,
) -> Result<Response, AppError> {
    let to: ArticleStatus = form
        .to
        .parse()
        .map_err(|_| AppError::BadRequest("reason.malformed"))?;
    let schedule_at = NaiveDateTime::parse_from_str(&form.scheduled_at, "%Y-%m-%dT%H:%M").ok();
    match app.service.move_story(&user, id, to, schedule_at).await {
        Ok(()) => Ok(back(id, "moved")),
        Err(MoveError::StatusChanged) => Ok(back(id, "stale")),
        Err(MoveError::ScheduleNotAhead) => Err(AppError::BadRequest("reason.schedule")),
        Err(MoveError::NotAllowed) => Err(AppError::NotAllowed),
        Err(MoveError::NotFound) => Err(AppError::NotFound),
        Err(MoveError::Store(error)) => Err(error.into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct CorrectionForm {
    #[serde(default)]
    correction: String,
}

pub(crate) async fn correct(
    State(app): State<App>,
    _: SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, form }: StaffForm<CorrectionForm>,
) -> Result<Response, AppError> {
    match app.service.correct_story(&user, id, &form.correction).await {
        Ok(()) => Ok(back(id, "corrected")),
        Err(CorrectionError::Empty) => Err(AppError::BadRequest("reason.correction")),
        Err(CorrectionError::NotAllowed) => Err(AppError::NotAllowed),
        Err(CorrectionError::NotFound) => Err(AppError::NotFound),
        Err(CorrectionError::Store(error)) => Err(error.into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct NoteForm {
    #[serde(default)]
    note: String,
}

/// Leaves a note on the story for the newsroom; readers never see it.
pub(crate) async fn note(
    State(app): State<App>,
    _: SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, form }: StaffForm<NoteForm>,
) -> Result<Response, AppError> {
    match app.service.add_story_note(&user, id, &form.note).await {
        Ok(()) => Ok(back(id, "note_added")),
        Err(NoteError::Empty) => Ok(back(id, "note_empty")),
        Err(NoteError::TooLong) => Err(AppError::BadRequest("reason.malformed")),
        Err(NoteError::NotFound) => Err(AppError::NotFound),
        Err(NoteError::Store(error)) => Err(error.into()),
    }
}

/// `?a=…&b=…`: the two revisions to compare.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Compared {
    a: String,
    b: String,
}

pub(crate) async fn revisions(
    State(app): State<App>,
    staff: Staff,
    Path(id): Path<i64>,
    QueryForm(query): QueryForm<Compared>,
) -> Result<Html<String>, AppError> {
    let story = load(&app, &staff, id).await?;
    let revisions = app.store.revisions(id).await?;
    let pick = |version: &str| {
        version
            .parse::<i64>()
            .ok()
            .and_then(|v| revisions.iter().find(|r| r.version == v))
    };
    let comparison = match (pick(&query.a), pick(&query.b)) {
        (Some(a), Some(b)) => Some(context! {
            a => a.version,
            b => b.version,
            headline => Serde(word_diff(&a.headline, &b.headline)),
            dek => Serde(word_diff(&a.dek, &b.dek)),
            body => Serde(word_diff(&a.body_markdown, &b.body_markdown)),
        }),
        _ => None,
    };
    let context = context! {
        story => Serde(&story),
        can_edit => staff.0.role.may_edit(is_own(&staff.0, &story), story.status()?),
        revisions => Serde(&revisions),
        comparison,
    };
    render_staff(&app, &staff.0, "newsroom/revisions.html", context)
}

pub(crate) async fn restore(
    State(app): State<App>,
    _: SameOrigin,
    Path((id, version)): Path<(i64, i64)>,
    StaffForm { user, .. }: StaffForm<NoFields>,
) -> Result<Response, AppError> {
    match app.service.restore_revision(&user, id, version).await {
        Ok(_) => Ok(back(id, "restored")),
        Err(StoryWriteError::Invalid(_) | StoryWriteError::StaleVersion) => {
            Err(AppError::BadRequest("reason.restore"))
        }
        Err(error) => Err(super::stories::story_error(error)),
    }
}

/// A form that carries nothing but its token.
#[derive(Deserialize)]
pub(crate) struct NoFields {}
