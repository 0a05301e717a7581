//! The Admin API's tags and users, kept through the newsroom's desk: every tag and every
//! author (Ghost's users are the people in bylines here), each with how many stories of any
//! status carry them. Changes are the desk's: an editor's key adds, renames and deletes tags,
//! and edits an author's name and biography.

use super::admin::KeyAccount;
use super::content::{browse_answer, list_filter, pairs, read_answer, with_site};
use super::error::ApiError;
use super::params::{self, Options};
use super::post_input::{invalid, read_one};
use super::shapes;
use crate::App;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_domain::Lang;
use dateline_domain::object_id::from_object_id;
use dateline_service::{DeskChange, DeskError};
use dateline_store::content_api::{Pick, Reach};
use dateline_store::list_filter::Subject;
use serde::Deserialize;

/// Tags or users.
#[derive(Debug, Clone, Copy)]
enum Kept {
    Tags,
    Users,
}

impl Kept {
    fn plural(self) -> &'static str {
        match self {
            Kept::Tags => "tags",
            Kept::Users => "users",
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Kept::Tags => "tag",
            Kept::Users => "user",
        }
    }
}

/// Ghost's tag and user keys Dateline reads; a tag's `edition` is Dateline's.
#[derive(Debug, Default, Deserialize)]
struct DeskInput {
    name: Option<String>,
    slug: Option<String>,
    edition: Option<String>,
    bio: Option<String>,
}

/// A browse, or a read by id or slug.
async fn listed(
    app: &App,
    kept: Kept,
    query: Option<&str>,
    id: Option<&str>,
    slug: Option<&str>,
) -> Result<Response, ApiError> {
    let browsing = id.is_none() && slug.is_none();
    let action = if browsing {
        format!("browse {}", kept.plural())
    } else {
        format!("read {}", kept.singular())
    };
    let mut options = params::options(&pairs(query), &action)?;
    options.by_name_only(&action)?;
    // The newsroom always sees how many stories carry each.
    options.include.push("count.posts".to_owned());
    let subject = match kept {
        Kept::Tags => Subject::Tags,
        Kept::Users => Subject::Authors,
    };
    let filter = if browsing {
        list_filter(&options, &action, subject)?
    } else {
        None
    };
    let pick = match (id, slug) {
        (Some(id), _) => Pick::Id(from_object_id(id).ok_or_else(|| params::invalid(&action, "id"))?),
        (None, Some(slug)) if dateline_domain::Slug::parse(slug).is_ok() => Pick::Slug(slug),
        (None, Some(_)) => return Err(ApiError::NotFound(kept.singular())),
        (None, None) => Pick::Page(options.limit, options.offset()),
    };
    let (values, total) = shaped(app, kept, pick, filter.as_ref(), &options).await?;
    if browsing {
        return Ok(browse_answer(kept.plural(), values, total, &options));
    }
    let item = values
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound(kept.singular()))?;
    Ok(read_answer(kept.plural(), item))
}

async fn shaped(
    app: &App,
    kept: Kept,
    pick: Pick<'_>,
    filter: Option<&dateline_store::list_filter::ListFilter>,
    options: &Options,
) -> Result<(Vec<serde_json::Value>, i64), ApiError> {
    Ok(match kept {
        Kept::Tags => {
            let page = app
                .store
                .listed_tags(Reach::Any, options.edition, pick, filter)
                .await?;
            let values = with_site(app, |site| {
                page.items
                    .iter()
                    .map(|(tag, count)| shapes::tag(site, tag, Some(*count), options))
                    .collect()
            })
            .await?;
            (values, page.total)
        }
        Kept::Users => {
            let page = app
                .store
                .listed_authors(Reach::Any, options.edition, pick, filter)
                .await?;
            let values = with_site(app, |site| {
                page.items
                    .iter()
                    .map(|(author, count)| shapes::author(site, author, Some(*count), options))
                    .collect()
            })
            .await?;
            (values, page.total)
        }
    })
}

/// The tag or user `id` after a change, as a read answers it.
async fn answer(app: &App, kept: Kept, id: i64) -> Result<Response, ApiError> {
    let action = format!("read {}", kept.singular());
    let mut options = params::options(&[], &action)?;
    options.include.push("count.posts".to_owned());
    let (values, _) = shaped(app, kept, Pick::Id(id), None, &options).await?;
    let item = values
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound(kept.singular()))?;
    Ok(read_answer(kept.plural(), item))
}

fn desk_error(error: DeskError, action: &'static str, what: &'static str) -> ApiError {
    match error {
        DeskError::NotAllowed => ApiError::NotPermitted(action),
        DeskError::NotFound => ApiError::NotFound(what),
        DeskError::NameMissing => invalid(action, "name", "a name"),
        DeskError::NameNeedsLetters => invalid(action, "name", "a name with letters"),
        DeskError::SlugInvalid => invalid(action, "slug", "lowercase letters, digits and hyphens"),
        DeskError::TagExists | DeskError::SectionExists | DeskError::AuthorExists => {
            invalid(action, "slug", "another of the edition has this slug")
        }
        DeskError::PhotoUnknown => invalid(action, "profile_image", "a picture of the media library"),
        DeskError::Store(error) => error.into(),
    }
}

fn id_of(raw: &str, action: &str) -> Result<i64, ApiError> {
    from_object_id(raw).ok_or_else(|| params::invalid(action, "id"))
}

pub(super) async fn browse_tags(
    State(app): State<App>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(&app, Kept::Tags, query.as_deref(), None, None).await
}

pub(super) async fn read_tag(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(&app, Kept::Tags, query.as_deref(), Some(&id), None).await
}

pub(super) async fn read_tag_by_slug(
    State(app): State<App>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(&app, Kept::Tags, query.as_deref(), None, Some(&slug)).await
}

/// A tag on no story yet, in `edition` (the English one unless said).
pub(super) async fn add_tag(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "add tag";
    let input: DeskInput = read_one(&body, "tags", action)?;
    let lang = match input.edition.as_deref() {
        None => Lang::En,
        Some(code) => code.parse().map_err(|_| invalid(action, "edition", "en or ar"))?,
    };
    let change = DeskChange::AddTag {
        lang,
        name: input.name.as_deref().unwrap_or_default(),
        slug: input.slug.as_deref().unwrap_or_default(),
    };
    let id = app
        .service
        .change_desk(&account, &change)
        .await
        .map_err(|error| desk_error(error, action, "tag"))?;
    let mut response = answer(&app, Kept::Tags, id).await?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// Renames a tag; its slug is its address, kept as it is.
pub(super) async fn edit_tag(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "edit tag";
    let id = id_of(&id, action)?;
    let input: DeskInput = read_one(&body, "tags", action)?;
    let tag = app
        .store
        .listed_tags(Reach::Any, None, Pick::Id(id), None)
        .await?
        .items
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound("tag"))?
        .0;
    if input
        .slug
        .as_deref()
        .is_some_and(|slug| slug != tag.slug.as_str())
    {
        return Err(invalid(action, "slug", "the tag's own: a tag keeps its address"));
    }
    if let Some(name) = input.name.as_deref() {
        app.service
            .change_desk(&account, &DeskChange::RenameTag { id, name })
            .await
            .map_err(|error| desk_error(error, action, "tag"))?;
    }
    answer(&app, Kept::Tags, id).await
}

/// Takes a tag off its stories and deletes it.
pub(super) async fn delete_tag(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let action = "delete tag";
    let id = id_of(&id, action)?;
    app.service
        .change_desk(&account, &DeskChange::DeleteTag { id })
        .await
        .map_err(|error| desk_error(error, action, "tag"))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn browse_users(
    State(app): State<App>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(&app, Kept::Users, query.as_deref(), None, None).await
}

pub(super) async fn read_user(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(&app, Kept::Users, query.as_deref(), Some(&id), None).await
}

pub(super) async fn read_user_by_slug(
    State(app): State<App>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    listed(&app, Kept::Users, query.as_deref(), None, Some(&slug)).await
}

/// Changes an author's name or biography; the portrait stays as the desk set it.
pub(super) async fn edit_user(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "edit user";
    let id = id_of(&id, action)?;
    let input: DeskInput = read_one(&body, "users", action)?;
    let author = app
        .store
        .listed_authors(Reach::Any, None, Pick::Id(id), None)
        .await?
        .items
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound("user"))?
        .0;
    if input
        .slug
        .as_deref()
        .is_some_and(|slug| slug != author.slug.as_str())
    {
        return Err(invalid(
            action,
            "slug",
            "the author's own: an author keeps their address",
        ));
    }
    let photo = app
        .store
        .author_portrait(id)
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    let change = DeskChange::EditAuthor {
        id,
        name: input.name.as_deref().unwrap_or(&author.name),
        bio: input.bio.as_deref().unwrap_or(&author.bio),
        photo,
    };
    app.service
        .change_desk(&account, &change)
        .await
        .map_err(|error| desk_error(error, action, "user"))?;
    answer(&app, Kept::Users, id).await
}
