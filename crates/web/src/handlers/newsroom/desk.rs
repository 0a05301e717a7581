//! The desk: editors keep each edition's sections, the authors and the tags in order.

use super::{Notice, lang, render_staff};
use crate::extract::QueryForm;
use crate::origin::SameOrigin;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::{Action, Author, Lang};
use dateline_render::{Serde, context};
use dateline_service::{DeskChange, DeskError};
use serde::{Deserialize, Serialize};

/// An author as the desk's form shows them: their portrait chosen by its picture's number.
#[derive(Serialize)]
struct DeskAuthor {
    #[serde(flatten)]
    author: Author,
    photo_id: Option<i64>,
}

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
    QueryForm(notice): QueryForm<Notice>,
) -> Result<Html<String>, AppError> {
    allowed(&staff)?;
    let mut sections = Vec::new();
    for lang in Lang::ALL {
        sections.push((lang.code(), app.store.sections(lang).await?));
    }
    let mut authors = Vec::new();
    for author in app.store.authors().await? {
        let photo_id = match author.photo.as_deref().and_then(dateline_store::media_path) {
            Some(path) => app.store.library_image_at(path).await?,
            None => None,
        };
        authors.push(DeskAuthor { author, photo_id });
    }
    let portraits: Vec<i64> = authors.iter().filter_map(|a| a.photo_id).collect();
    let context = context! {
        sections => Serde(sections),
        authors => Serde(authors),
        tags => app.store.tags_with_counts().await?,
        images => Serde(app.store.image_choices(&portraits).await?),
        notice => notice.text(&app, lang(&staff.0)),
    };
    render_staff(&app, &staff.0, "newsroom/desk.html", context)
}

fn back(notice: &Notice) -> Response {
    Redirect::to(&notice.after("/newsroom/desk")).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct DeskForm {
    what: String,
    id: String,
    name: String,
    edition: String,
    slug: String,
    bio: String,
    photo: String,
}

pub(crate) async fn change(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<DeskForm>,
) -> Result<Response, AppError> {
    let id = form.id.parse::<i64>().unwrap_or(0);
    let photo = form.photo.parse::<i64>().ok();
    let name = form.name.trim();
    let change = match form.what.as_str() {
        "add_section" => DeskChange::AddSection {
            lang: form.edition.parse().unwrap_or(Lang::En),
            name,
            slug: &form.slug,
        },
        "rename_section" => DeskChange::RenameSection { id, name },
        "section_earlier" => DeskChange::MoveSection { id, earlier: true },
        "section_later" => DeskChange::MoveSection { id, earlier: false },
        "add_tag" => DeskChange::AddTag {
            lang: form.edition.parse().unwrap_or(Lang::En),
            name,
            slug: &form.slug,
        },
        "rename_tag" => DeskChange::RenameTag { id, name },
        "delete_tag" => DeskChange::DeleteTag { id },
        "add_author" => DeskChange::AddAuthor {
            name,
            bio: &form.bio,
            photo,
        },
        "edit_author" => DeskChange::EditAuthor {
            id,
            name,
            bio: &form.bio,
            photo,
        },
        _ => return Err(AppError::BadRequest("reason.malformed")),
    };
    let refused = |why: &str| Ok(back(&Notice::new(&format!("desk_refused_{why}"))));
    match app.service.change_desk(&user, &change).await {
        Ok(_) => {}
        Err(DeskError::NotAllowed) => return Err(AppError::NotAllowed),
        Err(DeskError::NotFound) => return Err(AppError::NotFound),
        Err(DeskError::NameMissing) => return refused("name_missing"),
        Err(DeskError::NameNeedsLetters) => return refused("name_needs_letters"),
        Err(DeskError::SlugInvalid) => return refused("slug_invalid"),
        Err(DeskError::SectionExists) => return refused("section_exists"),
        Err(DeskError::TagExists) => return refused("tag_exists"),
        Err(DeskError::AuthorExists) => return refused("author_exists"),
        Err(DeskError::PhotoUnknown) => return refused("photo_unknown"),
        Err(DeskError::Store(error)) => return Err(error.into()),
    }
    let done = match change {
        DeskChange::AddSection { .. } => "section_added",
        DeskChange::RenameSection { .. } => "section_renamed",
        DeskChange::MoveSection { .. } => "section_moved",
        DeskChange::AddTag { .. } => "tag_added",
        DeskChange::RenameTag { .. } => "tag_renamed",
        DeskChange::DeleteTag { .. } => "tag_deleted",
        DeskChange::AddAuthor { .. } => "author_added",
        DeskChange::EditAuthor { .. } => "author_saved",
    };
    Ok(back(&Notice::named(done, name)))
}
