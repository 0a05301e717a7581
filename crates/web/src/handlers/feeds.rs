//! The feeds' addresses: `rss.xml` and `atom.xml` at each edition's root and under each
//! section, tag and author.

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

#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Rss,
    Atom,
}

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
    let mut stories = Vec::with_capacity(summaries.len());
    for summary in summaries {
        if let Some(article) = app.store.published_article(lang, &summary.slug).await? {
            stories.push(article);
        }
    }
    Ok(stories)
}

async fn respond(
    app: &App,
    lang: Lang,
    kind: Kind,
    title: &str,
    page_path: &str,
    feed_path: &str,
    listing: Option<Listing>,
) -> Result<Response, AppError> {
    let frame = Frame::load(app, lang).await?;
    let stories = full_stories(app, lang, listing).await?;
    let channel = Channel {
        lang,
        title,
        description: frame.tagline(),
        base_url: frame.base_url(),
        page_path,
        feed_path,
    };
    let (body, content_type) = match kind {
        Kind::Rss => (
            feeds::rss(&channel, &stories),
            "application/rss+xml; charset=utf-8",
        ),
        Kind::Atom => (
            feeds::atom(&channel, &stories),
            "application/atom+xml; charset=utf-8",
        ),
    };
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response())
}

fn kind_of(uri: &OriginalUri) -> Kind {
    if uri.path().ends_with("atom.xml") {
        Kind::Atom
    } else {
        Kind::Rss
    }
}

pub(crate) async fn edition_feed(
    State(app): State<App>,
    Edition(lang): Edition,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let frame = Frame::load(&app, lang).await?;
    let title = frame.site_name().to_owned();
    respond(
        &app,
        lang,
        kind_of(&uri),
        &title,
        &path_for(lang, PathKind::Home, ""),
        uri.path(),
        None,
    )
    .await
}

pub(crate) async fn section_feed(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let section = app.store.section(lang, &slug).await?.ok_or(AppError::NotFound)?;
    let title = format!(
        "{} · {}",
        section.name,
        Frame::load(&app, lang).await?.site_name()
    );
    let page = path_for(lang, PathKind::Section, slug.as_str());
    respond(
        &app,
        lang,
        kind_of(&uri),
        &title,
        &page,
        uri.path(),
        Some(Listing::Section(section.id)),
    )
    .await
}

pub(crate) async fn tag_feed(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let tag = app.store.tag(lang, &slug).await?.ok_or(AppError::NotFound)?;
    let title = format!("{} · {}", tag.name, Frame::load(&app, lang).await?.site_name());
    let page = path_for(lang, PathKind::Tag, slug.as_str());
    respond(
        &app,
        lang,
        kind_of(&uri),
        &title,
        &page,
        uri.path(),
        Some(Listing::Tag(tag.id)),
    )
    .await
}

pub(crate) async fn author_feed(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let author = app.store.author(&slug).await?.ok_or(AppError::NotFound)?;
    let title = format!("{} · {}", author.name, Frame::load(&app, lang).await?.site_name());
    let page = path_for(lang, PathKind::Author, slug.as_str());
    respond(
        &app,
        lang,
        kind_of(&uri),
        &title,
        &page,
        uri.path(),
        Some(Listing::Author(author.id)),
    )
    .await
}
