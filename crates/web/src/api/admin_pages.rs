//! The Admin API's pages: Dateline's static pages (About, the Comment Policy, and any others
//! an editor adds), one set per edition. They are always published; an edit sends the
//! `updated_at` it read, as for posts. The pages every page links to cannot be deleted.

use super::admin::{KeyAccount, html_source};
use super::content::{browse_answer, list_filter, pairs, read_answer, with_site};
use super::error::ApiError;
use super::params::{self, Options};
use super::post_input::{self, SentBody, invalid, read_one};
use super::shapes::{self, Site};
use crate::App;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_domain::object_id::from_object_id;
use dateline_domain::{Lang, Slug, StaticPage};
use dateline_service::PageError;
use dateline_store::list_filter::Subject;
use serde::Deserialize;
use serde_json::{Value, json};

/// Ghost's page keys Dateline reads, and `edition` and `markdown`, Dateline's.
#[derive(Debug, Default, Deserialize)]
struct PageInput {
    title: Option<String>,
    slug: Option<String>,
    html: Option<String>,
    markdown: Option<String>,
    lexical: Option<Value>,
    mobiledoc: Option<Value>,
    status: Option<String>,
    updated_at: Option<String>,
    edition: Option<String>,
}

impl PageInput {
    fn body(&self, query: Option<&str>, action: &'static str) -> Result<Option<String>, ApiError> {
        SentBody {
            markdown: self.markdown.as_deref(),
            html: self.html.as_deref(),
            other_format: self.lexical.is_some() || self.mobiledoc.is_some(),
        }
        .markdown(html_source(query), action)
    }

    /// A static page is published from the moment it is saved: no other status is taken.
    fn check_status(&self, action: &'static str) -> Result<(), ApiError> {
        match self.status.as_deref() {
            None | Some("published") => Ok(()),
            Some(_) => Err(invalid(
                action,
                "status",
                "published: Dateline's pages are published when saved",
            )),
        }
    }
}

/// A page in Ghost's admin shape: its content shape, with its status and its text.
fn admin_page(site: &Site<'_>, id: i64, page: &StaticPage, options: &Options) -> Value {
    let mut value = shapes::page(site, id, page, options);
    if let Value::Object(fields) = &mut value {
        fields.insert("status".into(), json!("published"));
        fields.insert("markdown".into(), json!(page.body_markdown));
        fields.insert("lexical".into(), Value::Null);
        fields.insert("mobiledoc".into(), Value::Null);
    }
    value
}

/// The page `id` names, as the Admin API (and a webhook) shows it.
pub(crate) async fn page_answer(app: &App, id: i64) -> Result<Value, ApiError> {
    let page = app
        .store
        .static_page_by_id(id)
        .await?
        .ok_or(ApiError::NotFound("page"))?;
    let options = params::options(&[], "read page")?;
    with_site(app, |site| admin_page(site, id, &page, &options)).await
}

fn page_id(raw: &str, action: &str) -> Result<i64, ApiError> {
    from_object_id(raw).ok_or_else(|| params::invalid(action, "id"))
}

pub(super) async fn browse(State(app): State<App>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let action = "browse pages";
    let options = params::options(&pairs(query.as_deref()), action)?;
    options.by_title_only(action)?;
    let filter = list_filter(&options, action, Subject::Pages)?;
    // A newsroom has a handful of static pages: a page of them is cut from the whole list.
    let pages = app
        .store
        .listed_static_pages(options.edition, filter.as_ref())
        .await?;
    let total = i64::try_from(pages.len()).unwrap_or(i64::MAX);
    let items = with_site(&app, |site| {
        pages
            .iter()
            .skip(usize::try_from(options.offset()).unwrap_or(usize::MAX))
            .take(options.limit as usize)
            .map(|(id, page)| admin_page(site, *id, page, &options))
            .collect()
    })
    .await?;
    Ok(browse_answer("pages", items, total, &options))
}

pub(super) async fn read(State(app): State<App>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let action = "read page";
    Ok(read_answer(
        "pages",
        page_answer(&app, page_id(&id, action)?).await?,
    ))
}

/// A page by its slug: in `?edition=`, else the English one first.
pub(super) async fn read_by_slug(
    State(app): State<App>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let action = "read page";
    let options = params::options(&pairs(query.as_deref()), action)?;
    let slug = Slug::parse(&slug).map_err(|_| ApiError::NotFound("page"))?;
    let found = app
        .store
        .listed_static_pages(options.edition, None)
        .await?
        .into_iter()
        .filter(|(_, page)| page.slug == slug)
        .min_by_key(|(_, page)| page.lang != Lang::En)
        .ok_or(ApiError::NotFound("page"))?;
    Ok(read_answer("pages", page_answer(&app, found.0).await?))
}

pub(super) async fn add(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "add page";
    let input: PageInput = read_one(&body, "pages", action)?;
    input.check_status(action)?;
    let lang = match input.edition.as_deref() {
        None => Lang::En,
        Some(code) => code.parse().map_err(|_| invalid(action, "edition", "en or ar"))?,
    };
    let title = input.title.as_deref().unwrap_or_default();
    if title.trim().is_empty() {
        return Err(page_error(PageError::TitleMissing, action));
    }
    let slug = match input.slug.as_deref().map(str::trim) {
        None | Some("") => Slug::from_title(title),
        Some(typed) => Slug::parse(typed),
    }
    .map_err(|_| invalid(action, "slug", "lowercase letters, digits and hyphens"))?;
    let body = input.body(query.as_deref(), action)?.unwrap_or_default();
    let id = app
        .service
        .add_static_page(&account, lang, &slug, title, &body)
        .await
        .map_err(|error| page_error(error, action))?;
    let mut response = read_answer("pages", page_answer(&app, id).await?);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// Changes a page's title or text. Its slug and edition are its address, kept as they are.
pub(super) async fn edit(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "edit page";
    let id = page_id(&id, action)?;
    let input: PageInput = read_one(&body, "pages", action)?;
    let page = app
        .store
        .static_page_by_id(id)
        .await?
        .ok_or(ApiError::NotFound("page"))?;
    let sent = post_input::updated_at_sent(input.updated_at.as_deref(), action)?;
    if !post_input::same_moment(sent, page.updated_at) {
        return Err(ApiError::Collision(Vec::new()));
    }
    input.check_status(action)?;
    if input
        .slug
        .as_deref()
        .is_some_and(|slug| slug != page.slug.as_str())
    {
        return Err(invalid(
            action,
            "slug",
            "the page's own: a page keeps its address",
        ));
    }
    if input
        .edition
        .as_deref()
        .is_some_and(|code| code != page.lang.code())
    {
        return Err(invalid(
            action,
            "edition",
            "the page's own: a page keeps its edition",
        ));
    }
    let title = input.title.as_deref().unwrap_or(&page.title);
    let body = input
        .body(query.as_deref(), action)?
        .unwrap_or_else(|| page.body_markdown.clone());
    match app
        .service
        .save_static_page(&account, page.lang, &page.slug, title, &body)
        .await
    {
        Ok(Ok(())) => {}
        Ok(Err(())) => return Err(invalid(action, "title", "a page needs a title")),
        Err(dateline_service::SiteError::NotAllowed) => return Err(ApiError::NotPermitted(action)),
        Err(dateline_service::SiteError::Store(error)) => return Err(error.into()),
    }
    Ok(read_answer("pages", page_answer(&app, id).await?))
}

pub(super) async fn delete(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let action = "delete page";
    let id = page_id(&id, action)?;
    app.service
        .delete_static_page(&account, id)
        .await
        .map_err(|error| page_error(error, action))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn page_error(error: PageError, action: &'static str) -> ApiError {
    match error {
        PageError::NotAllowed => ApiError::NotPermitted(action),
        PageError::NotFound => ApiError::NotFound("page"),
        PageError::TitleMissing => invalid(action, "title", "a page needs a title"),
        PageError::Exists => invalid(action, "slug", "another page of the edition has this slug"),
        PageError::LinkedFromEveryPage => invalid(
            action,
            "id",
            "every page of the site links to this one: edit it rather than delete it",
        ),
        PageError::Store(error) => error.into(),
    }
}
