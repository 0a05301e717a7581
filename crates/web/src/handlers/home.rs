//! The front page of each edition: the top story, the latest headlines, then each section.

use crate::cache::{PageTag, Tagged};
use crate::extract::Edition;
use crate::frame::Frame;
use crate::{App, AppError};
use axum::extract::State;
use axum::response::{Html, Redirect};
use dateline_render::{Serde, Value, context};
use serde::Serialize;

/// How many headlines the "Latest" rail beside the top story lists.
const LATEST_COUNT: u32 = 6;
const STORIES_PER_SECTION: u32 = 4;

#[derive(Serialize)]
struct SectionBlock {
    section: dateline_domain::Section,
    stories: Vec<dateline_domain::ArticleSummary>,
}

pub(crate) async fn home(
    State(app): State<App>,
    Edition(lang): Edition,
) -> Result<Tagged<Html<String>>, AppError> {
    let frame = Frame::load(&app, lang).await?;
    let mut latest = app.store.latest_articles(lang, LATEST_COUNT + 1).await?;
    let top_story = (!latest.is_empty()).then(|| latest.remove(0));
    let top_id = top_story.as_ref().map(|story| story.id);
    let mut section_blocks = Vec::new();
    for section in app.store.sections(lang).await? {
        let mut stories = app
            .store
            .latest_in_section(section.id, STORIES_PER_SECTION + 1)
            .await?;
        stories.retain(|story| Some(story.id) != top_id);
        stories.truncate(STORIES_PER_SECTION as usize);
        section_blocks.push(SectionBlock { section, stories });
    }
    let site = crate::structured::Site {
        base_url: frame.base_url(),
        name: frame.site_name(),
    };
    let json_ld = Value::from_safe_string(crate::structured::script_json(&crate::structured::website(
        &site, lang,
    )));
    let context = context! {
        top_story => Serde(top_story),
        latest => Serde(latest),
        section_blocks => Serde(section_blocks),
        json_ld,
        ..frame.context()
    };
    Ok(Tagged(
        vec![PageTag::Edition(lang)],
        Html(app.renderer.render("home.html", context)?),
    ))
}

/// `/ar` is the Arabic front page's address without its slash.
pub(crate) async fn arabic_without_slash() -> Redirect {
    Redirect::permanent("/ar/")
}
