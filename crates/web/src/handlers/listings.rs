//! Paged lists of stories: a section, a tag, an author.

use crate::cache::{PageTag, Tagged};
use crate::extract::{Edition, PageParam, SlugParam};
use crate::frame::Frame;
use crate::{App, AppError};
use axum::extract::State;
use axum::response::Html;
use dateline_domain::{Lang, PageNumber};
use dateline_render::{PathKind, Serde, Value, context, merge_maps, path_for};
use dateline_store::articles::Listing;

const STORIES_PER_PAGE: u32 = 10;

pub(crate) async fn section(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    PageParam(page): PageParam,
) -> Result<Tagged<Html<String>>, AppError> {
    let section = app.store.section(lang, &slug).await?.ok_or(AppError::NotFound)?;
    let extra = context! {
        heading => section.name,
        current_section => Serde(&section.slug),
        section_page => true,
        show_section => false,
    };
    render(
        &app,
        lang,
        Listing::Section(section.id),
        PathKind::Section,
        slug.as_str(),
        page,
        extra,
    )
    .await
}

pub(crate) async fn tag(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    PageParam(page): PageParam,
) -> Result<Tagged<Html<String>>, AppError> {
    let tag = app.store.tag(lang, &slug).await?.ok_or(AppError::NotFound)?;
    let catalogs = app.renderer.catalogs();
    let extra = context! {
        heading => catalogs.format(lang, "list.tag_title", &[("tag", &tag.name)]),
        kicker => catalogs.text(lang, "list.tag_kicker"),
        show_section => true,
    };
    render(
        &app,
        lang,
        Listing::Tag(tag.id),
        PathKind::Tag,
        slug.as_str(),
        page,
        extra,
    )
    .await
}

pub(crate) async fn author(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    PageParam(page): PageParam,
) -> Result<Tagged<Html<String>>, AppError> {
    let author = app.store.author(&slug).await?.ok_or(AppError::NotFound)?;
    let catalogs = app.renderer.catalogs();
    let extra = context! {
        heading => &author.name,
        kicker => catalogs.text(lang, "list.author_kicker"),
        description => &author.bio,
        author => Serde(&author),
        show_section => true,
    };
    render(
        &app,
        lang,
        Listing::Author(author.id),
        PathKind::Author,
        slug.as_str(),
        page,
        extra,
    )
    .await
}

async fn render(
    app: &App,
    lang: Lang,
    listing: Listing,
    kind: PathKind,
    slug: &str,
    page: PageNumber,
    extra: Value,
) -> Result<Tagged<Html<String>>, AppError> {
    let frame = Frame::load(app, lang).await?;
    let listing_kind = listing;
    let listing = app.store.listing(lang, listing, page, STORIES_PER_PAGE).await?;
    if listing.items.is_empty() && page != PageNumber::FIRST {
        return Err(AppError::NotFound);
    }
    let own = context! { listing => Serde(listing), base => path_for(lang, kind, slug) };
    let context = merge_maps([frame.context(), extra, own]);
    Ok(Tagged(
        vec![PageTag::from(listing_kind)],
        Html(app.renderer.render("listing.html", context)?),
    ))
}
