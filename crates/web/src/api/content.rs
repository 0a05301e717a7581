//! The Content API's endpoints: posts, tags, authors (browse, by id, by slug) and settings.

use super::error::ApiError;
use super::params::{self, Options};
use super::shapes::{self, Site};
use crate::App;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use dateline_domain::object_id::from_object_id;
use dateline_domain::{Article, CommentsMode, Lang, Slug};
use dateline_store::content_api::{ListPage, Pick, Reach};
use dateline_store::list_filter::{ListFilter, Subject};
use serde_json::{Value, json};

/// The query string's pairs, decoded.
pub(super) fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// What a browse answers: the items and Ghost's pagination.
pub(super) fn browse_answer(resource: &str, items: Vec<Value>, total: i64, options: &Options) -> Response {
    let limit = i64::from(options.limit);
    let page = i64::from(options.page);
    let pages = ((total + limit - 1) / limit).max(1);
    let next = (page < pages).then_some(page + 1);
    let prev = (page > 1).then_some(page - 1);
    axum::Json(json!({
        resource: items,
        "meta": { "pagination": {
            "page": page, "limit": limit, "pages": pages, "total": total, "next": next, "prev": prev,
        }},
    }))
    .into_response()
}

/// What a read answers: a list of one, and no `meta` (the clients rely on it).
pub(super) fn read_answer(resource: &str, item: Value) -> Response {
    axum::Json(json!({ resource: [item] })).into_response()
}

/// The filter of a list, read and put in terms of the list's columns; Ghost's 400 saying what
/// is wrong (and where, when it could not be read) otherwise.
pub(super) fn list_filter(
    options: &Options,
    action: &str,
    subject: Subject,
) -> Result<Option<ListFilter>, ApiError> {
    let Some(filter) = &options.filter else {
        return Ok(None);
    };
    let refuse = |context: String| ApiError::BadFilter {
        action: action.to_owned(),
        context,
    };
    let parsed =
        dateline_nql::parse(filter).map_err(|error| refuse(format!("Error parsing filter: {error}")))?;
    ListFilter::new(subject, &parsed, chrono::Utc::now())
        .map(Some)
        .map_err(|error| refuse(format!("Error parsing filter: {error}")))
}

/// The site's address and the uuids of its stories.
pub(super) async fn with_site<T>(app: &App, body: impl FnOnce(&Site<'_>) -> T) -> Result<T, ApiError> {
    let base = app
        .service
        .site_settings()
        .await?
        .map(|settings| settings.base_url)
        .unwrap_or_default();
    let base = base.trim_end_matches('/');
    let uuid = |id: i64| story_uuid(app, id);
    Ok(body(&Site { base, uuid: &uuid }))
}

/// A stable uuid (version 4 in form) for a story: a keyed digest of its id.
fn story_uuid(app: &App, id: i64) -> String {
    let hex = app.service.digest(&format!("story-uuid:{id}"));
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

pub(super) async fn comments_open(app: &App, article: &Article) -> Result<bool, ApiError> {
    let settings = app.service.moderation_settings().await?;
    Ok(article
        .comments
        .at(article.published_at, settings.auto_close_days, chrono::Utc::now())
        == CommentsMode::Open)
}

async fn post_values(app: &App, articles: &[Article], options: &Options) -> Result<Vec<Value>, ApiError> {
    let mut open = Vec::with_capacity(articles.len());
    for article in articles {
        open.push(comments_open(app, article).await?);
    }
    with_site(app, |site| {
        articles
            .iter()
            .zip(open)
            .map(|(article, open)| shapes::post(site, article, open, options))
            .collect()
    })
    .await
}

pub(super) async fn browse_posts(
    State(app): State<App>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let action = "list posts";
    let options = params::options(&pairs(query.as_deref()), action)?;
    let order = options.story_order(action)?;
    let filter = list_filter(&options, action, Subject::Posts)?;
    let ListPage { items: ids, total } = app
        .store
        .story_page(
            options.edition,
            filter.as_ref(),
            order,
            options.limit,
            options.offset(),
        )
        .await?;
    // A story unpublished since the page of ids was read is left out.
    let articles = app.store.published_articles(&ids).await?;
    let items = post_values(&app, &articles, &options).await?;
    Ok(browse_answer("posts", items, total, &options))
}

pub(super) async fn read_post(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let action = "read post";
    let options = params::options(&pairs(query.as_deref()), action)?;
    let id = from_object_id(&id).ok_or_else(|| params::invalid(action, "id"))?;
    let article = app
        .store
        .published_article_by_id(id)
        .await?
        .ok_or(ApiError::NotFound("post"))?;
    let item = post_values(&app, std::slice::from_ref(&article), &options)
        .await?
        .remove(0);
    Ok(read_answer("posts", item))
}

pub(super) async fn read_post_by_slug(
    State(app): State<App>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let action = "read post";
    let options = params::options(&pairs(query.as_deref()), action)?;
    let slug = Slug::parse(&slug).map_err(|_| ApiError::NotFound("post"))?;
    // Slugs are unique within an edition: the edition asked for, else the first that has it.
    let editions = options.edition.map_or(Lang::ALL.to_vec(), |lang| vec![lang]);
    let mut found = None;
    for lang in editions {
        found = app.store.published_article(lang, &slug).await?;
        if found.is_some() {
            break;
        }
    }
    let article = found.ok_or(ApiError::NotFound("post"))?;
    let item = post_values(&app, std::slice::from_ref(&article), &options)
        .await?
        .remove(0);
    Ok(read_answer("posts", item))
}

/// Which tag or author a request names.
fn pick<'a>(
    id: Option<&str>,
    slug: Option<&'a str>,
    options: &Options,
    (action, what): (&str, &'static str),
) -> Result<Pick<'a>, ApiError> {
    match (id, slug) {
        (Some(id), _) => Ok(Pick::Id(
            from_object_id(id).ok_or_else(|| params::invalid(action, "id"))?,
        )),
        // A slug Dateline could not have made names nothing (and never reaches the database).
        (None, Some(slug)) if Slug::parse(slug).is_ok() => Ok(Pick::Slug(slug)),
        (None, Some(_)) => Err(ApiError::NotFound(what)),
        (None, None) => Ok(Pick::Page(options.limit, options.offset())),
    }
}

/// The Content API's lists besides posts: what stories are filed under, and static pages.
#[derive(Debug, Clone, Copy)]
enum Listed {
    Tags,
    Authors,
    Pages,
}

impl Listed {
    fn plural(self) -> &'static str {
        match self {
            Listed::Tags => "tags",
            Listed::Authors => "authors",
            Listed::Pages => "pages",
        }
    }

    fn subject(self) -> Subject {
        match self {
            Listed::Tags => Subject::Tags,
            Listed::Authors => Subject::Authors,
            Listed::Pages => Subject::Pages,
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Listed::Tags => "tag",
            Listed::Authors => "author",
            Listed::Pages => "page",
        }
    }
}

/// A browse of tags or authors, or a read of one by id or slug.
async fn listed(
    app: App,
    listed: Listed,
    query: Option<String>,
    id: Option<String>,
    slug: Option<String>,
) -> Result<Response, ApiError> {
    let browsing = id.is_none() && slug.is_none();
    let action = if browsing {
        format!("list {}", listed.plural())
    } else {
        format!("read {}", listed.singular())
    };
    let options = params::options(&pairs(query.as_deref()), &action)?;
    match listed {
        Listed::Tags | Listed::Authors => options.by_name_only(&action)?,
        Listed::Pages => options.by_title_only(&action)?,
    }
    // A read by id or slug names its item: a filter has nothing more to say.
    let filter = if browsing {
        list_filter(&options, &action, listed.subject())?
    } else {
        None
    };
    let pick = pick(
        id.as_deref(),
        slug.as_deref(),
        &options,
        (&action, listed.singular()),
    )?;
    let (values, total) = match listed {
        Listed::Tags => {
            let ListPage { items, total } = app
                .store
                .listed_tags(Reach::Published, options.edition, pick, filter.as_ref())
                .await?;
            let shape = |site: &Site<'_>| {
                items
                    .iter()
                    .map(|(tag, count)| shapes::tag(site, tag, Some(*count), &options))
                    .collect::<Vec<_>>()
            };
            (with_site(&app, shape).await?, total)
        }
        Listed::Authors => {
            let ListPage { items, total } = app
                .store
                .listed_authors(Reach::Published, options.edition, pick, filter.as_ref())
                .await?;
            let shape = |site: &Site<'_>| {
                items
                    .iter()
                    .map(|(author, count)| shapes::author(site, author, Some(*count), &options))
                    .collect::<Vec<_>>()
            };
            (with_site(&app, shape).await?, total)
        }
        Listed::Pages => {
            // A newsroom has a handful of static pages: they are picked from the whole list.
            let pages = app
                .store
                .listed_static_pages(options.edition, filter.as_ref())
                .await?;
            let total = i64::try_from(pages.len()).unwrap_or(i64::MAX);
            let picked: Vec<&(i64, dateline_domain::StaticPage)> = match pick {
                Pick::Page(limit, offset) => pages
                    .iter()
                    .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                    .take(limit as usize)
                    .collect(),
                Pick::Id(id) => pages.iter().filter(|(page_id, _)| *page_id == id).collect(),
                // The edition asked for, else English first, as for posts.
                Pick::Slug(slug) => pages
                    .iter()
                    .filter(|(_, page)| page.slug.as_str() == slug)
                    .min_by_key(|(_, page)| page.lang != Lang::En)
                    .into_iter()
                    .collect(),
            };
            let shape = |site: &Site<'_>| {
                picked
                    .iter()
                    .map(|(id, page)| shapes::page(site, *id, page, &options))
                    .collect::<Vec<_>>()
            };
            (with_site(&app, shape).await?, total)
        }
    };
    if browsing {
        return Ok(browse_answer(listed.plural(), values, total, &options));
    }
    let item = values
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound(listed.singular()))?;
    Ok(read_answer(listed.plural(), item))
}

pub(super) async fn browse_tags(
    State(app): State<App>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Tags, query, None, None).await
}

pub(super) async fn read_tag(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Tags, query, Some(id), None).await
}

pub(super) async fn read_tag_by_slug(
    State(app): State<App>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Tags, query, None, Some(slug)).await
}

pub(super) async fn browse_pages(
    State(app): State<App>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Pages, query, None, None).await
}

pub(super) async fn read_page(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Pages, query, Some(id), None).await
}

pub(super) async fn read_page_by_slug(
    State(app): State<App>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Pages, query, None, Some(slug)).await
}

pub(super) async fn browse_authors(
    State(app): State<App>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Authors, query, None, None).await
}

pub(super) async fn read_author(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Authors, query, Some(id), None).await
}

pub(super) async fn read_author_by_slug(
    State(app): State<App>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(app, Listed::Authors, query, None, Some(slug)).await
}

pub(super) async fn settings(
    State(app): State<App>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let action = "browse settings";
    let options = params::options(&pairs(query.as_deref()), action)?;
    let lang = options.edition.unwrap_or(Lang::En);
    let editions = app.store.editions().await?;
    let Some(edition) = editions.iter().find(|e| e.lang == lang) else {
        return Err(ApiError::NotFound("settings"));
    };
    let sections = app.store.sections(lang).await?;
    let time_zone = app
        .service
        .site_settings()
        .await?
        .map(|s| s.time_zone)
        .unwrap_or_else(|| "Etc/UTC".to_owned());
    let settings = with_site(&app, |site| {
        shapes::settings(site, edition, &editions, &sections, &time_zone)
    })
    .await?;
    Ok(axum::Json(json!({ "settings": settings, "meta": {} })).into_response())
}
