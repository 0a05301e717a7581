//! A reader's own part of a story's page: their answer to "Do you like this article?" and
//! their comments awaiting moderation. The story's page is the same cached bytes for everyone;
//! its script asks here (as JSON) for the little that is the reader's own. Without JavaScript,
//! a reader's post comes back here, to the page rendered for them.

use crate::extract::{Edition, SlugParam};
use crate::frame::Frame;
use crate::handlers::article::{CommentView, render_personal_article};
use crate::handlers::reaction::{TallyView, wants_json};
use crate::reader::Reader;
use crate::{App, AppError};
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_render::{PathKind, Serde, context, path_for};
use serde::Serialize;

/// What the shared page's script adds for the reader.
#[derive(Serialize)]
struct Mine {
    /// Their answer and the tally, once they have answered.
    reaction: Option<TallyView>,
    /// Their comments others do not see yet, as the page shows comments (empty when none).
    own_comments_html: String,
}

pub(crate) async fn mine(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    Reader(reader): Reader,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let shared = path_for(lang, PathKind::Article, slug.as_str());
    // Someone with no identity here has nothing of their own: the page everyone reads.
    let Some(reader) = reader else {
        return Ok(Redirect::to(&shared).into_response());
    };
    if !wants_json(&headers) {
        let page = render_personal_article(&app, lang, &slug, &reader, None).await?;
        return Ok(Html(page).into_response());
    }
    let article_id = app
        .store
        .published_article_id(lang, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let tally = app.store.reaction_tally(article_id, Some(&reader)).await?;
    let reaction = tally
        .mine
        .is_some()
        .then(|| TallyView::new(app.renderer.catalogs(), lang, tally));
    let own = app.store.own_comments_in_moderation(article_id, &reader).await?;
    let own_comments_html = if own.is_empty() {
        String::new()
    } else {
        // The edition's frame (kept between pages) says how the site writes dates.
        let frame = Frame::load(&app, lang).await?;
        let comments: Vec<CommentView> = own.into_iter().map(CommentView::new).collect();
        app.renderer.render(
            "partials/own_comments.html",
            context! { comments => Serde(comments), ..frame.context() },
        )?
    };
    Ok(Json(Mine {
        reaction,
        own_comments_html,
    })
    .into_response())
}
