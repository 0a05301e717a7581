//! A story's own page.

use crate::extract::{Edition, SlugParam};
use crate::frame::Frame;
use crate::handlers::reaction::TallyView;
use crate::reader::Reader;
use crate::{App, AppError};
use axum::extract::State;
use axum::response::Html;
use dateline_render::{Serde, Value, context, markdown};

/// How many other stories from the same section follow the article.
const MORE_COUNT: usize = 3;

pub(crate) async fn article(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    Reader(reader): Reader,
) -> Result<Html<String>, AppError> {
    let article = app
        .store
        .published_article(lang, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // Only a reader with an identity can have answered; everyone else shares one cached page.
    let reaction = match &reader {
        Some(reader) => {
            let tally = app.store.reaction_tally(article.id, Some(reader)).await?;
            tally
                .mine
                .is_some()
                .then(|| TallyView::new(app.renderer.catalogs(), lang, tally))
        }
        None => None,
    };
    let frame = Frame::load(&app, lang).await?;
    let mut more = app
        .store
        .latest_in_section(article.section.id, MORE_COUNT as u32 + 1)
        .await?;
    more.retain(|story| story.id != article.id);
    more.truncate(MORE_COUNT);
    let body_html = Value::from_safe_string(markdown::to_html(&article.body_markdown));
    let context = context! {
        current_section => Serde(&article.section.slug),
        body_html,
        more => Serde(more),
        reaction => Serde(reaction),
        article => Serde(article),
        ..frame.context()
    };
    Ok(Html(app.renderer.render("article.html", context)?))
}
