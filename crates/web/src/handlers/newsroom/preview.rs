//! The editor's preview: the story as readers will see it (lead picture, byline, section,
//! dateline), from the words in the editor, saved or not. The editor shows it in a frame at a
//! phone's width or a desktop's; without JavaScript the Preview button still fills that frame.

use super::stories::{read_form, story_error};
use super::story_form;
use super::{lang, render, render_staff};
use crate::extract::BrowserLang;
use crate::handlers::article::{PageState, render_article};
use crate::origin::SameOrigin;
use crate::security::OwnFrameAllowed;
use crate::staff::{MaybeStaff, Staff};
use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use dateline_domain::{Action, Lang};
use dateline_render::{Serde, context};

pub(crate) async fn preview_new(
    State(app): State<App>,
    MaybeStaff(user): MaybeStaff,
    BrowserLang(browser): BrowserLang,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    preview(&app, user, browser, None, &body).await
}

pub(crate) async fn preview_story(
    State(app): State<App>,
    MaybeStaff(user): MaybeStaff,
    BrowserLang(browser): BrowserLang,
    _: SameOrigin,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    preview(&app, user, browser, Some(id), &body).await
}

async fn preview(
    app: &App,
    user: Option<dateline_store::users::StaffUser>,
    browser: Lang,
    story_id: Option<i64>,
    body: &[u8],
) -> Result<Response, AppError> {
    let Some(user) = user else {
        let page = render(
            app,
            browser,
            "newsroom/preview-refused.html",
            context! { session_ended => true },
        )?;
        return Ok(framed((StatusCode::UNAUTHORIZED, page).into_response()));
    };
    let staff = Staff(user);
    staff.checked_form(body)?;
    if story_id.is_none() && !staff.0.role.can(Action::WriteStories) {
        return Err(AppError::NotAllowed);
    }
    let form = read_form(body)?;
    let edition: Lang = form.edition.parse().unwrap_or(lang(&staff.0));
    let article = app
        .service
        .preview_story(&staff.0, edition, &form.draft, story_id)
        .await
        .map_err(story_error)?;
    let response = match article {
        Ok(article) => {
            let state = PageState {
                preview: true,
                ..PageState::default()
            };
            let comments = app.store.published_comments(article.id).await?;
            let page = render_article(app, article.lang, &article, comments, None, None, state).await?;
            Html(page).into_response()
        }
        Err(problems) => {
            let errors = story_form::messages(app, lang(&staff.0), &problems);
            let problems: Vec<&String> = errors.values().collect();
            let page = render_staff(
                app,
                &staff.0,
                "newsroom/preview-refused.html",
                context! { problems => Serde(problems) },
            )?;
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
        }
    };
    Ok(framed(response))
}

/// The preview is shown inside the editor: the site's own pages may frame it.
fn framed(mut response: Response) -> Response {
    response.extensions_mut().insert(OwnFrameAllowed);
    response
}
