//! Pages the newsroom writes once and keeps: About, the Comment Policy.

use crate::extract::{Edition, SlugParam};
use crate::frame::Frame;
use crate::{App, AppError};
use axum::extract::State;
use axum::response::Html;
use dateline_render::{Serde, Value, context, markdown};

pub(crate) async fn static_page(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
) -> Result<Html<String>, AppError> {
    let page = app
        .store
        .static_page(lang, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let frame = Frame::load(&app, lang).await?;
    let body_html = Value::from_safe_string(markdown::to_html(&page.body_markdown));
    let context = context! { page => Serde(page), body_html, ..frame.context() };
    Ok(Html(app.renderer.render("page.html", context)?))
}
