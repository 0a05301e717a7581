//! Readers' comments and reports, posted from the article page. Without JavaScript the form
//! posts and comes back to the comment; a refused one comes back with every word still there.

use crate::comments::{self, CommentForm};
use crate::extract::ClientIp;
use crate::extract::{Edition, StoryPath};
use crate::handlers::article::render_personal_article;
use crate::operator::CommentCounted;
use crate::origin::SameOrigin;
use crate::reader::{Reader, identity_cookies, new_reader_id};
use crate::staff::MaybeStaff;
use crate::{App, AppError};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::ReaderId;
use dateline_render::{PathKind, path_for};
use dateline_service::{CommentIntakeError, CommentOutcome, CommentSubmission, Refusal, ReportOutcome};
use serde::Deserialize;

pub(crate) async fn post_comment(
    State(app): State<App>,
    StoryPath(lang, slug): StoryPath,
    _: SameOrigin,
    ClientIp(address): ClientIp,
    Reader(reader): Reader,
    MaybeStaff(staff): MaybeStaff,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let (reader, new_reader) = identify(reader);
    let catalogs = app.renderer.catalogs();
    let told = |refusal: &Refusal| comments::told(catalogs, lang, refusal);
    let submission = CommentSubmission {
        lang,
        story: &slug,
        reader: &reader,
        address,
        staff: staff.as_ref(),
        name: &form.name,
        email: &form.email,
        body: &form.body,
        website: &form.website,
        parent: &form.parent,
        told: &told,
    };
    let outcome = match app.service.submit_comment(&submission).await {
        Ok(outcome) => outcome,
        Err(CommentIntakeError::NoSuchStory) => return Err(AppError::NotFound),
        Err(CommentIntakeError::Store(error)) => return Err(error.into()),
    };
    app.metrics.comment(match outcome {
        CommentOutcome::Published(_) => CommentCounted::Published,
        CommentOutcome::Held(_) => CommentCounted::Held,
        CommentOutcome::Refused(_) => CommentCounted::Refused,
    });
    let article_path = path_for(lang, PathKind::Article, slug.as_str());
    let response = match outcome {
        CommentOutcome::Published(id) | CommentOutcome::Held(id) => {
            // Back to the page as it is for this reader: a comment held for moderation is
            // shown to its author alone.
            Redirect::to(&format!("{article_path}/mine#comment-{id}")).into_response()
        }
        CommentOutcome::Refused(refusal) => {
            let errors = comments::form_errors(catalogs, lang, &refusal);
            let page = render_personal_article(&app, lang, &slug, &reader, Some((&form, &errors))).await?;
            (StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response()
        }
    };
    with_identity(&app, response, &reader, new_reader).await
}

#[derive(Deserialize)]
pub(crate) struct ReportForm {
    #[serde(default)]
    reason: String,
}

pub(crate) async fn report_comment(
    State(app): State<App>,
    Path((slug, comment_id)): Path<(String, i64)>,
    Edition(lang): Edition,
    _: SameOrigin,
    ClientIp(address): ClientIp,
    Reader(reader): Reader,
    Form(form): Form<ReportForm>,
) -> Result<Response, AppError> {
    let slug = dateline_domain::Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let (reader, new_reader) = identify(reader);
    let reported = app
        .service
        .report_comment(lang, &slug, comment_id, &form.reason, &reader, address)
        .await?;
    match reported {
        ReportOutcome::Reported => {}
        ReportOutcome::NoSuchComment => return Err(AppError::NotFound),
        ReportOutcome::TooMany => return Err(AppError::TooManyRequests),
    }
    let back = format!(
        "{}?reported={comment_id}#comment-{comment_id}",
        path_for(lang, PathKind::Article, slug.as_str())
    );
    with_identity(&app, Redirect::to(&back).into_response(), &reader, new_reader).await
}

fn identify(reader: Option<ReaderId>) -> (ReaderId, bool) {
    match reader {
        Some(reader) => (reader, false),
        None => (new_reader_id(), true),
    }
}

/// Hands a new reader their identity cookie with the response.
async fn with_identity(
    app: &App,
    mut response: Response,
    reader: &ReaderId,
    new_reader: bool,
) -> Result<Response, AppError> {
    if new_reader {
        let secure = app.service.served_over_https().await;
        for cookie in identity_cookies(app, reader, secure) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    Ok(response)
}
