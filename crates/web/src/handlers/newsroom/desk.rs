//! The desk: editors keep each edition's sections, the authors and the tags in order.

use super::{field, form_fields, render_staff};
use crate::origin::SameOrigin;
use crate::staff::Staff;
use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::{Action, Actor, Lang, Slug};
use dateline_render::{Serde, context};
use dateline_store::authors::NewAuthor;

fn allowed(staff: &Staff) -> Result<(), AppError> {
    if staff.0.role.can(Action::ManageSectionsTagsAuthors) {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

pub(crate) async fn desk(
    State(app): State<App>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, AppError> {
    allowed(&staff)?;
    let fields = query
        .as_deref()
        .map(|q| form_fields(q.as_bytes()))
        .unwrap_or_default();
    let mut sections = Vec::new();
    for lang in Lang::ALL {
        sections.push((lang.code(), app.store.sections(lang).await?));
    }
    let context = context! {
        sections => Serde(sections),
        authors => Serde(app.store.authors().await?),
        tags => app.store.tags_with_counts().await?,
        images => Serde(app.store.image_choices().await?),
        notice => field(&fields, "notice"),
    };
    render_staff(&app, &staff.0, "newsroom/desk.html", context)
}

fn back(notice: &str) -> Response {
    let notice: String = form_urlencoded::byte_serialize(notice.as_bytes()).collect();
    Redirect::to(&format!("/newsroom/desk?notice={notice}")).into_response()
}

pub(crate) async fn change(
    State(app): State<App>,
    staff: Staff,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = staff.checked_form(&body)?;
    allowed(&staff)?;
    let actor = Actor::Member(staff.0.id);
    let id = || field(&fields, "id").parse::<i64>().ok();
    let images = app.store.image_choices().await?;
    let name = field(&fields, "name").trim();
    if name.is_empty() {
        return Ok(back("Nothing changed: give a name."));
    }
    let notice = match field(&fields, "what") {
        "add_section" => {
            let lang: Lang = field(&fields, "edition").parse().unwrap_or(Lang::En);
            let slug = match field(&fields, "slug").trim() {
                "" => Slug::from_title(name).ok(),
                typed => Slug::parse(typed).ok(),
            };
            match slug {
                Some(slug) if app.store.section(lang, &slug).await?.is_none() => {
                    app.store.create_section(lang, &slug, name, actor).await?;
                    format!("Section {name} added.")
                }
                Some(_) => "Nothing changed: that section exists already.".to_owned(),
                None => "Nothing changed: the slug takes lowercase letters, digits and hyphens.".to_owned(),
            }
        }
        "rename_section" => match id() {
            Some(id) if app.store.rename_section(id, name, actor).await? => {
                format!("Section renamed {name}.")
            }
            _ => return Err(AppError::NotFound),
        },
        "rename_tag" => match id() {
            Some(id) if app.store.rename_tag(id, name, actor).await? => format!("Tag renamed {name}."),
            _ => return Err(AppError::NotFound),
        },
        "add_author" | "edit_author" => {
            let bio = field(&fields, "bio").trim();
            let photo = field(&fields, "photo").parse::<i64>().ok();
            if photo.is_some_and(|id| !images.iter().any(|choice| choice.id == id)) {
                return Ok(back("Nothing changed: choose a portrait from the library."));
            }
            if field(&fields, "what") == "add_author" {
                let Ok(slug) = Slug::from_title(name) else {
                    return Ok(back("Nothing changed: a name needs letters."));
                };
                if app.store.author(&slug).await?.is_some() {
                    return Ok(back("Nothing changed: an author with that name exists already."));
                }
                app.store
                    .create_author(
                        NewAuthor {
                            slug: &slug,
                            name,
                            bio,
                            photo_image_id: photo,
                        },
                        actor,
                    )
                    .await?;
                format!("Author {name} added.")
            } else {
                match id() {
                    Some(id) if app.store.update_author(id, name, bio, photo, actor).await? => {
                        format!("Author {name} saved.")
                    }
                    _ => return Err(AppError::NotFound),
                }
            }
        }
        _ => return Err(AppError::BadRequest("reason.malformed")),
    };
    app.apply_own_write().await;
    Ok(back(&notice))
}
