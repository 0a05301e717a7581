//! The newsroom's stories: the list with its filters, and the editor that creates and saves
//! them. Every save is a revision; a save on top of someone else's is refused, text kept.

use super::autosave::{self, KeptWords};
use super::story_form::{self, FieldErrors, StoryForm};
use super::{Notice, lang, render, render_staff, say};
use crate::extract::{BrowserLang, QueryForm};
use crate::origin::SameOrigin;
use crate::staff::{MaybeStaff, Staff};
use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::{Action, ArticleStatus, Lang};
use dateline_render::{Serde, context, words};
use dateline_service::{StoryWriteError, is_own};
use dateline_store::stories::{EditableStory, StoryFilter};
use dateline_store::users::StaffUser;
use serde::{Deserialize, Serialize};

/// The most stories the list shows, and so the most one bulk action can change.
pub(super) const LIST_LIMIT: i64 = 200;
/// The editor's photo chooser offers the newest pictures of the library.
const PICTURE_CHOICES: i64 = 60;

/// The story list's filters, as chosen.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub(crate) struct ListQuery {
    status: String,
    section: String,
    author: String,
    edition: String,
    q: String,
}

/// `?edition=…` of a new story.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct EditorQuery {
    edition: String,
}

pub(crate) async fn list(
    State(app): State<App>,
    staff: Staff,
    QueryForm(query): QueryForm<ListQuery>,
    QueryForm(notice): QueryForm<Notice>,
    RawQuery(address): RawQuery,
) -> Result<Html<String>, AppError> {
    let filter = StoryFilter {
        status: query.status.parse().ok(),
        section_id: query.section.parse().ok(),
        author_id: query.author.parse().ok(),
        lang: query.edition.parse().ok(),
        headline: query.q.trim().to_owned(),
        // A contributor's list holds their own stories only.
        created_by: (!staff.0.role.can(Action::ReadAnyStory)).then_some(staff.0.id),
    };
    let stories = app.store.story_list(&filter, LIST_LIMIT).await?;
    // Editors are told, on the page they open the newsroom on, what waits for them.
    let in_review = if staff.0.role.can(Action::EditAnyStory) {
        app.store.stories_in_review().await?
    } else {
        0
    };
    let sections = app.store.section_choices().await?;
    let context = context! {
        stories => Serde(stories),
        sections => Serde(sections),
        authors => Serde(app.store.author_choices().await?),
        statuses => ["draft", "in_review", "scheduled", "published", "unpublished"],
        filter => Serde(&query),
        in_review,
        notice => notice.text(&app, lang(&staff.0)),
        // The list as filtered, to come back to after a bulk action (without its notice).
        back => list_address(address.as_deref()),
        moves => ["in_review", "draft", "scheduled", "published", "unpublished"],
        time_zone => app.store.site_settings().await?.map(|s| s.time_zone).unwrap_or_else(|| "UTC".into()),
    };
    render_staff(&app, &staff.0, "newsroom/stories.html", context)
}

/// The story list's address with the filters of `query` and without a notice.
fn list_address(query: Option<&str>) -> String {
    let kept = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .filter(|(name, _)| !matches!(name.as_ref(), "notice" | "n" | "name")),
        )
        .finish();
    if kept.is_empty() {
        "/newsroom".to_owned()
    } else {
        format!("/newsroom?{kept}")
    }
}

/// A workflow move the signed-in user may make from the story's status.
#[derive(Serialize)]
struct Move {
    to: &'static str,
    label: String,
}

fn moves(app: &App, user: &StaffUser, own: bool, from: ArticleStatus) -> Vec<Move> {
    use ArticleStatus::*;
    [InReview, Draft, Scheduled, Published, Unpublished]
        .into_iter()
        .filter(|to| user.role.may_move(own, from, *to))
        .map(|to| Move {
            to: to.as_str(),
            label: say(app, lang(user), &format!("newsroom.move.{}", to.as_str()), &[]),
        })
        .collect()
}

/// A plural category's words for the editor's live count, as the page's script fills them in.
#[derive(Serialize)]
struct LengthForm {
    category: &'static str,
    words: String,
    minutes: String,
}

fn length_forms(app: &App, lang: Lang) -> Vec<LengthForm> {
    let catalogs = app.renderer.catalogs();
    let minutes = catalogs.plural_forms(lang, "newsroom.editor.minutes");
    catalogs
        .plural_forms(lang, "newsroom.editor.words")
        .into_iter()
        .filter_map(|(category, words)| {
            let (_, minutes) = minutes.iter().find(|(other, _)| *other == category)?;
            Some(LengthForm {
                category,
                words: words.to_owned(),
                minutes: (*minutes).to_owned(),
            })
        })
        .collect()
}

/// Everything the editor page shows; `story` is absent for a new story.
pub(crate) struct EditorPage<'a> {
    pub staff: &'a Staff,
    pub edition: Lang,
    pub story: Option<&'a EditableStory>,
    pub form: &'a StoryForm,
    pub errors: &'a FieldErrors,
    pub problem: Option<String>,
    pub notice: Option<String>,
    /// What was kept of the member's unsaved typing, offered back.
    pub kept: Option<KeptWords>,
}

pub(crate) async fn render_editor(app: &App, page: EditorPage<'_>) -> Result<Html<String>, AppError> {
    let user = &page.staff.0;
    let sections: Vec<_> = app
        .store
        .section_choices()
        .await?
        .into_iter()
        .filter(|(edition, _)| edition == page.edition.code())
        .map(|(_, choice)| choice)
        .collect();
    let (status, moves, can_correct, can_edit) = match page.story {
        Some(story) => {
            let status = story.status()?;
            let own = is_own(user, story);
            let can_correct = status == ArticleStatus::Published && user.role.can(Action::AppendCorrections);
            (
                status.as_str(),
                moves(app, user, own, status),
                can_correct,
                user.role.may_edit(own, status),
            )
        }
        None => ("draft", Vec::new(), false, user.role.can(Action::WriteStories)),
    };
    let settings = app.store.site_settings().await?;
    let context = context! {
        story => Serde(page.story),
        status,
        moves => Serde(moves),
        can_correct,
        can_edit,
        form => Serde(page.form),
        errors => Serde(page.errors),
        problem => page.problem,
        notice => page.notice,
        kept => Serde(page.kept),
        notes => Serde(match page.story {
            Some(story) => app.store.story_notes(story.id).await?,
            None => Vec::new(),
        }),
        max_note => dateline_service::MAX_NOTE_CHARS,
        length => Serde(words::count(&page.form.draft.body)),
        length_forms => Serde(length_forms(app, lang(user))),
        max_megabytes => dateline_media::Limits::default().max_bytes / (1024 * 1024),
        edition => page.edition.code(),
        pictures => Serde(app.store.library("", PICTURE_CHOICES).await?),
        sections => Serde(sections),
        authors => Serde(app.store.author_choices().await?),
        images => Serde(app.store.image_choices(&page.form.draft.lead_image.parse().ok().into_iter().collect::<Vec<_>>()).await?),
        translations => Serde(app.store.story_choices(page.edition.other(), page.form.draft.translation.parse().ok()).await?),
        time_zone => settings.map(|s| s.time_zone).unwrap_or_else(|| "UTC".into()),
    };
    render_staff(app, user, "newsroom/story.html", context)
}

pub(crate) async fn new_story(
    State(app): State<App>,
    staff: Staff,
    QueryForm(query): QueryForm<EditorQuery>,
    QueryForm(notice): QueryForm<Notice>,
) -> Result<Html<String>, AppError> {
    // Without an edition asked for, the story is in the language the member works in.
    let edition = query.edition.parse().unwrap_or(lang(&staff.0));
    let (form, kept) = autosave::offered(&app, &staff, None, StoryForm::blank(edition)).await?;
    let edition = form.edition.parse().unwrap_or(edition);
    let page = EditorPage {
        staff: &staff,
        edition,
        story: None,
        form: &form,
        errors: &FieldErrors::new(),
        problem: None,
        notice: notice.text(&app, lang(&staff.0)),
        kept,
    };
    render_editor(&app, page).await
}

pub(crate) async fn create(
    State(app): State<App>,
    MaybeStaff(user): MaybeStaff,
    BrowserLang(browser): BrowserLang,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return session_ended(&app, browser, &body);
    };
    let staff = Staff(user);
    staff.checked_form(&body)?;
    if !staff.0.role.can(Action::WriteStories) {
        return Err(AppError::NotAllowed);
    }
    let form: StoryForm = read_form(&body)?;
    let edition: Lang = form.edition.parse().unwrap_or(Lang::En);
    let problems = match app.service.create_story(&staff.0, edition, &form.draft).await {
        Ok(id) => {
            let saved = Notice::new("saved").after(&format!("/newsroom/stories/{id}"));
            return Ok(Redirect::to(&saved).into_response());
        }
        Err(StoryWriteError::Invalid(problems)) => problems,
        Err(error) => return Err(story_error(error)),
    };
    let errors = story_form::messages(&app, lang(&staff.0), &problems);
    let page = EditorPage {
        staff: &staff,
        edition,
        story: None,
        form: &form,
        errors: &errors,
        problem: None,
        notice: None,
        kept: None,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render_editor(&app, page).await?).into_response())
}

/// The story form in a request body; one that cannot be read is refused.
pub(crate) fn read_form(body: &[u8]) -> Result<StoryForm, AppError> {
    serde_html_form::from_bytes(body).map_err(|_| AppError::BadRequest("reason.malformed"))
}

/// What a refused story write is answered with when it is not a problem with the form.
pub(crate) fn story_error(error: StoryWriteError) -> AppError {
    match error {
        StoryWriteError::NotAllowed => AppError::NotAllowed,
        StoryWriteError::NotFound => AppError::NotFound,
        StoryWriteError::Invalid(_) | StoryWriteError::StaleVersion | StoryWriteError::SeenByReaders => {
            AppError::BadRequest("reason.restore")
        }
        StoryWriteError::Store(error) => error.into(),
    }
}

/// A save that arrives after the session ended keeps every word: the journalist copies the
/// text, signs in again in another tab, and pastes it back.
fn session_ended(app: &App, lang: Lang, body: &[u8]) -> Result<Response, AppError> {
    let form = read_form(body).unwrap_or_default();
    let page = render(
        app,
        lang,
        "newsroom/session-ended.html",
        context! { form => Serde(&form) },
    )?;
    Ok((StatusCode::UNAUTHORIZED, page).into_response())
}

/// The story `id`, for a member who may see it: to anyone else it is not there.
pub(crate) async fn load(app: &App, staff: &Staff, id: i64) -> Result<EditableStory, AppError> {
    let story = app.store.story(id).await?.ok_or(AppError::NotFound)?;
    if !staff.0.role.may_read(is_own(&staff.0, &story)) {
        return Err(AppError::NotFound);
    }
    Ok(story)
}

pub(crate) async fn edit(
    State(app): State<App>,
    staff: Staff,
    Path(id): Path<i64>,
    QueryForm(notice): QueryForm<Notice>,
) -> Result<Html<String>, AppError> {
    let story = load(&app, &staff, id).await?;
    let (form, kept) = autosave::offered(&app, &staff, Some(&story), StoryForm::from_story(&story)).await?;
    let notice = notice.text(&app, lang(&staff.0));
    let page = EditorPage {
        staff: &staff,
        edition: story.lang()?,
        story: Some(&story),
        form: &form,
        errors: &FieldErrors::new(),
        problem: None,
        notice,
        kept,
    };
    render_editor(&app, page).await
}

pub(crate) async fn save(
    State(app): State<App>,
    MaybeStaff(user): MaybeStaff,
    BrowserLang(browser): BrowserLang,
    _: SameOrigin,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return session_ended(&app, browser, &body);
    };
    let staff = Staff(user);
    staff.checked_form(&body)?;
    let story = load(&app, &staff, id).await?;
    if !staff.0.role.may_edit(is_own(&staff.0, &story), story.status()?) {
        return Err(AppError::NotAllowed);
    }
    let edition = story.lang()?;
    let mut form = read_form(&body)?;
    form.edition = story.edition.clone();
    let mut problem = None;
    let mut problems = Vec::new();
    let expected = form.version.parse().unwrap_or(0);
    match app
        .service
        .save_story(&staff.0, id, expected, &form.draft, form.significant)
        .await
    {
        Ok(_) => {
            let saved = Notice::new("saved").after(&format!("/newsroom/stories/{id}"));
            return Ok(Redirect::to(&saved).into_response());
        }
        Err(StoryWriteError::Invalid(found)) => problems = found,
        Err(StoryWriteError::StaleVersion) => {
            let current = load(&app, &staff, id).await?.version.to_string();
            let current = dateline_render::digits(lang(&staff.0), &current);
            problem = Some(say(
                &app,
                lang(&staff.0),
                "newsroom.story.stale_save",
                &[("version", &current)],
            ));
        }
        Err(error) => return Err(story_error(error)),
    }
    let errors = story_form::messages(&app, lang(&staff.0), &problems);
    let status = match problem {
        Some(_) => StatusCode::CONFLICT,
        None => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let page = EditorPage {
        staff: &staff,
        edition,
        story: Some(&story),
        form: &form,
        errors: &errors,
        problem,
        notice: None,
        kept: None,
    };
    Ok((status, render_editor(&app, page).await?).into_response())
}
