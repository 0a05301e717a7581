//! The editor's autosave: every few seconds while a journalist types, the form is kept as their
//! own unsaved copy (no revision, nothing readers see). The editor page offers it back when
//! they return, and never lets it stand in for someone else's newer save.

use super::stories::{read_form, story_error};
use super::story_form::StoryForm;
use super::{Notice, lang, say};
use crate::extract::BrowserLang;
use crate::origin::SameOrigin;
use crate::staff::{MaybeStaff, Staff, StaffForm};
use crate::{App, AppError};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use dateline_domain::Lang;
use dateline_service::StoryWriteError;
use dateline_store::autosaves::{Autosave, AutosaveOutcome};
use dateline_store::stories::EditableStory;
use dateline_store::users::StaffUser;
use serde::Serialize;

/// What the editor's script is told after an autosave: whether the words were kept, and the
/// sentence to show the journalist either way.
#[derive(Serialize)]
struct Answer {
    kept: bool,
    message: String,
}

fn answer(status: StatusCode, kept: bool, message: String) -> Response {
    (status, Json(Answer { kept, message })).into_response()
}

pub(crate) async fn keep_new(
    State(app): State<App>,
    MaybeStaff(user): MaybeStaff,
    BrowserLang(browser): BrowserLang,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    keep(&app, user, browser, None, &body).await
}

pub(crate) async fn keep_story(
    State(app): State<App>,
    MaybeStaff(user): MaybeStaff,
    BrowserLang(browser): BrowserLang,
    _: SameOrigin,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    keep(&app, user, browser, Some(id), &body).await
}

async fn keep(
    app: &App,
    user: Option<StaffUser>,
    browser: Lang,
    story_id: Option<i64>,
    body: &[u8],
) -> Result<Response, AppError> {
    let Some(user) = user else {
        let message = say(app, browser, "newsroom.autosave.session_ended", &[]);
        return Ok(answer(StatusCode::UNAUTHORIZED, false, message));
    };
    let staff = Staff(user);
    let language = lang(&staff.0);
    let fields = staff.checked_form(body)?;
    let form = read_form(body)?;
    let kept = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter().filter(|(name, _)| name != "csrf"))
        .finish();
    let base_version = form.version.parse().unwrap_or(0);
    let edition = form.edition.parse().unwrap_or(language);
    let outcome = app
        .service
        .autosave_story(&staff.0, story_id, edition, base_version, &kept)
        .await;
    Ok(match outcome {
        Ok(AutosaveOutcome::Kept) => {
            let time = clock(app, language, Utc::now()).await?;
            answer(
                StatusCode::OK,
                true,
                say(app, language, "newsroom.autosave.kept", &[("time", &time)]),
            )
        }
        Ok(AutosaveOutcome::Outdated { version }) => {
            let message = newer_save(app, language, story_id.unwrap_or_default(), version).await?;
            answer(StatusCode::CONFLICT, false, message)
        }
        Ok(AutosaveOutcome::NoStory) | Err(StoryWriteError::NotFound) => answer(
            StatusCode::NOT_FOUND,
            false,
            say(app, language, "newsroom.autosave.gone", &[]),
        ),
        Err(StoryWriteError::NotAllowed) => answer(
            StatusCode::FORBIDDEN,
            false,
            say(app, language, "newsroom.autosave.not_allowed", &[]),
        ),
        Err(error) => return Err(story_error(error)),
    })
}

/// Who saved the story after the journalist started, and when: the reason their words were not
/// kept, with the reassurance that they are still on their screen.
async fn newer_save(app: &App, lang: Lang, story_id: i64, version: i64) -> Result<String, AppError> {
    let revisions = app.store.revisions(story_id).await?;
    let newest = revisions.iter().max_by_key(|revision| revision.version);
    let (name, time) = match newest {
        Some(revision) => (
            revision.editor.clone(),
            clock(app, lang, revision.created_at).await?,
        ),
        None => (String::new(), String::new()),
    };
    let version = dateline_render::digits(lang, &version.to_string());
    Ok(say(
        app,
        lang,
        "newsroom.autosave.newer_save",
        &[("name", &name), ("version", &version), ("time", &time)],
    ))
}

/// `at` as the site's clock shows it, hours and minutes.
async fn clock(app: &App, lang: Lang, at: DateTime<Utc>) -> Result<String, AppError> {
    Ok(dateline_render::dates::clock(
        lang,
        app.service.site_time_zone().await?,
        at,
    ))
}

/// What the editor shows of a kept autosave: restored into the form when it was typed on the
/// story as it stands, else beside it, to copy from, because someone has saved since.
#[derive(Serialize)]
pub(crate) struct KeptWords {
    restored: bool,
    sentence: String,
    headline: String,
    body: String,
    discard: String,
}

/// The form to open the editor with, and what to say about the autosave it came from: a kept
/// autosave typed on `story` as saved (or on a new story) fills the form.
pub(crate) async fn offered(
    app: &App,
    staff: &Staff,
    story: Option<&EditableStory>,
    saved: StoryForm,
) -> Result<(StoryForm, Option<KeptWords>), AppError> {
    let story_id = story.map(|story| story.id);
    let Some(kept) = app
        .service
        .autosave_of(&staff.0, story_id)
        .await
        .map_err(story_error)?
    else {
        return Ok((saved, None));
    };
    let Autosave {
        edition,
        base_version,
        fields,
        saved_at,
    } = kept;
    let Ok(mut typed) = read_form(fields.as_bytes()) else {
        return Ok((saved, None));
    };
    let language = lang(&staff.0);
    let time = clock(app, language, saved_at).await?;
    let discard = match story_id {
        Some(id) => format!("/newsroom/stories/{id}/autosave/discard"),
        None => "/newsroom/stories/autosave/discard".to_owned(),
    };
    let current = story.map_or(0, |story| story.version);
    if base_version == current {
        typed.version = saved.version.clone();
        typed.edition = story.map_or(edition, |story| story.edition.clone());
        let words = KeptWords {
            restored: true,
            sentence: say(app, language, "newsroom.autosave.restored", &[("time", &time)]),
            headline: String::new(),
            body: String::new(),
            discard,
        };
        Ok((typed, Some(words)))
    } else {
        let version = dateline_render::digits(language, &base_version.to_string());
        let words = KeptWords {
            restored: false,
            sentence: say(
                app,
                language,
                "newsroom.autosave.outdated",
                &[("time", &time), ("version", &version)],
            ),
            headline: typed.draft.headline,
            body: typed.draft.body,
            discard,
        };
        Ok((saved, Some(words)))
    }
}

pub(crate) async fn discard_new(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, .. }: StaffForm<super::workflow::NoFields>,
) -> Result<Response, AppError> {
    discard(&app, &user, None).await
}

pub(crate) async fn discard_story(
    State(app): State<App>,
    _: SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, .. }: StaffForm<super::workflow::NoFields>,
) -> Result<Response, AppError> {
    discard(&app, &user, Some(id)).await
}

async fn discard(app: &App, user: &StaffUser, story_id: Option<i64>) -> Result<Response, AppError> {
    app.service
        .discard_autosave(user, story_id)
        .await
        .map_err(story_error)?;
    let editor = match story_id {
        Some(id) => format!("/newsroom/stories/{id}"),
        None => "/newsroom/stories/new".to_owned(),
    };
    Ok(Redirect::to(&Notice::new("autosave_discarded").after(&editor)).into_response())
}
