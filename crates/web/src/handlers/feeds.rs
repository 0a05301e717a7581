//! The feeds' addresses: `rss.xml` and `atom.xml` at each edition's root and under each
//! section, tag and author.

use crate::cache::{PageTag, Tagged};
use crate::extract::{Edition, SlugParam};
use crate::feeds::{self, Channel};
use crate::frame::Frame;
use crate::{App, AppError};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dateline_domain::{Article, Lang, PageNumber};
use dateline_render::{PathKind, path_for};
use dateline_store::articles::Listing;

/// Stories a feed carries: enough for any reader that polls now and then.
const FEED_LENGTH: u32 = 20;

async fn full_stories(app: &App, lang: Lang, listing: Option<Listing>) -> Result<Vec<Article>, AppError> {
    let summaries = match listing {
        None => app.store.latest_articles(lang, FEED_LENGTH).await?,
        Some(listing) => {
            app.store
                .listing(lang, listing, PageNumber::FIRST, FEED_LENGTH)
                .await?
                .items
        }
    };
    // Every story in one query, in the listing's order (a query for each made 21 a feed).
    let ids: Vec<i64> = summaries.iter().map(|summary| summary.id).collect();
    Ok(app.store.published_articles(&ids).await?)
}

/// What a feed follows beyond the edition: a section, tag or author, by name and address.
struct Topic<'a> {
    name: &'a str,
    kind: PathKind,
    slug: &'a str,
    listing: Listing,
}

async fn respond(
    app: &App,
    lang: Lang,
    uri: &OriginalUri,
    topic: Option<Topic<'_>>,
) -> Result<Response, AppError> {
    let frame = Frame::load(app, lang).await?;
    let (title, page_path, listing) = match &topic {
        None => (
            frame.site_name().to_owned(),
            path_for(lang, PathKind::Home, ""),
            None,
        ),
        Some(topic) => (
            format!("{} · {}", topic.name, frame.site_name()),
            path_for(lang, topic.kind, topic.slug),
            Some(topic.listing),
        ),
    };
    let stories = full_stories(app, lang, listing).await?;
    let channel = Channel {
        lang,
        title: &title,
        description: frame.tagline(),
        base_url: frame.base_url(),
        page_path: &page_path,
        feed_path: uri.path(),
    };
    let (body, content_type) = if uri.path().ends_with("atom.xml") {
        (
            feeds::atom(&channel, &stories),
            "application/atom+xml; charset=utf-8",
        )
    } else {
        (
            feeds::rss(&channel, &stories),
            "application/rss+xml; charset=utf-8",
        )
    };
    let tag = listing.map_or(PageTag::Edition(lang), PageTag::from);
    let last_modified = stories
        .iter()
        .filter_map(|story| story.updated_at.max(Some(story.published_at)))
        .max();
    let mut response = Tagged(
        vec![tag],
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body,
        ),
    )
    .into_response();
    if let Some(at) = last_modified {
        let value = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        response.headers_mut().insert(
            header::LAST_MODIFIED,
            HeaderValue::from_str(&value).expect("a date is a valid header value"),
        );
    }
    Ok(response)
}

pub(crate) async fn edition_feed(
    State(app): State<App>,
    Edition(lang): Edition,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    respond(&app, lang, &uri, None).await
}

pub(crate) async fn section_feed(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let section = app.store.section(lang, &slug).await?.ok_or(AppError::NotFound)?;
    let topic = Topic {
        name: &section.name,
        kind: PathKind::Section,
        slug: slug.as_str(),
        listing: Listing::Section(section.id),
    };
    respond(&app, lang, &uri, Some(topic)).await
}

pub(crate) async fn tag_feed(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let tag = app.store.tag(lang, &slug).await?.ok_or(AppError::NotFound)?;
    let topic = Topic {
        name: &tag.name,
        kind: PathKind::Tag,
        slug: slug.as_str(),
        listing: Listing::Tag(tag.id),
    };
    respond(&app, lang, &uri, Some(topic)).await
}

pub(crate) async fn author_feed(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let author = app.store.author(&slug).await?.ok_or(AppError::NotFound)?;
    let topic = Topic {
        name: &author.name,
        kind: PathKind::Author,
        slug: slug.as_str(),
        listing: Listing::Author(author.id),
    };
    respond(&app, lang, &uri, Some(topic)).await
}
