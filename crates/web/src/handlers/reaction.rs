//! "Do you like this article?": a yes or a no, one per reader per story, which they may change.
//! Without JavaScript the form posts and comes back to the same place on the page; with it,
//! the answer is sent in the background and the result shown in place.

use crate::extract::ClientIp;
use crate::extract::StoryPath;
use crate::origin::SameOrigin;
use crate::reader::{Reader, identity_cookies, new_reader_id};
use crate::{App, AppError};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use dateline_domain::{Lang, Reaction, ReactionTally};
use dateline_render::{Catalogs, PathKind, path_for};
use dateline_service::VoteOutcome;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub(crate) struct VoteForm {
    vote: String,
}

/// The tally as the reader is shown it, with the sentence that says it in their language.
#[derive(Serialize)]
pub(crate) struct TallyView {
    #[serde(flatten)]
    tally: ReactionTally,
    message: String,
}

impl TallyView {
    pub fn new(catalogs: &Catalogs, lang: Lang, tally: ReactionTally) -> Self {
        let digits = |n: i64| dateline_render::digits(lang, &n.to_string());
        let message = format!(
            "{} {}",
            catalogs.text(lang, "reaction.thanks"),
            catalogs.format(
                lang,
                "reaction.tally",
                &[("yes", &digits(tally.yes)), ("no", &digits(tally.no))]
            )
        );
        Self { tally, message }
    }
}

pub(crate) async fn react(
    State(app): State<App>,
    StoryPath(lang, slug): StoryPath,
    _: SameOrigin,
    ClientIp(ip): ClientIp,
    Reader(reader): Reader,
    headers: HeaderMap,
    Form(form): Form<VoteForm>,
) -> Result<Response, AppError> {
    let reaction: Reaction = form
        .vote
        .parse()
        .map_err(|_| AppError::BadRequest("reason.vote"))?;
    let new_reader = reader.is_none();
    let reader = reader.unwrap_or_else(new_reader_id);
    let tally = match app.service.react(lang, &slug, &reader, reaction, ip).await? {
        VoteOutcome::Counted(tally) => tally,
        VoteOutcome::NoSuchStory => return Err(AppError::NotFound),
        VoteOutcome::TooMany => return Err(AppError::TooManyRequests),
    };
    let mut response = if wants_json(&headers) {
        Json(TallyView::new(app.renderer.catalogs(), lang, tally)).into_response()
    } else {
        // Back to the page as it is for this reader, with their answer and the tally.
        Redirect::to(&format!(
            "{}/mine#reaction",
            path_for(lang, PathKind::Article, slug.as_str())
        ))
        .into_response()
    };
    if new_reader {
        let secure = app.service.served_over_https().await;
        for cookie in identity_cookies(&app, &reader, secure) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    Ok(response)
}

pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}
