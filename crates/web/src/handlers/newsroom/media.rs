//! The media library: pictures uploaded once, decoded and re-encoded (so no metadata, GPS
//! included, reaches readers), resized to responsive widths, and reused across stories.

use super::{Notice, lang, render_staff, say};
use crate::extract::QueryForm;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use dateline_domain::{Action, Focus, Lang};
use dateline_media::Limits;
use dateline_render::{Serde, context};
use dateline_service::{DeleteImageError, FocusError, ImageWords, UploadError};
use serde::Serialize;

/// Library pages list this many pictures, newest first.
const LIBRARY_PAGE: i64 = 120;

#[derive(Default, Serialize)]
struct UploadForm {
    alt: String,
    caption: String,
    credit: String,
}

#[derive(Default, Serialize)]
struct UploadErrors {
    file: Option<String>,
    alt: Option<String>,
}

/// What the library page shows beside the pictures.
#[derive(Default)]
struct LibraryPage {
    form: UploadForm,
    errors: UploadErrors,
    /// A picture was just added.
    added: bool,
    notice: Option<String>,
    search: String,
}

async fn library_page(app: &App, staff: &Staff, page: LibraryPage) -> Result<Html<String>, AppError> {
    let context = context! {
        images => Serde(app.store.library(&page.search, LIBRARY_PAGE).await?),
        search => page.search.trim(),
        form => Serde(page.form),
        errors => Serde(page.errors),
        added => page.added,
        notice => page.notice,
        max_megabytes => Limits::default().max_bytes / (1024 * 1024),
    };
    render_staff(app, &staff.0, "newsroom/media.html", context)
}

/// `?q=…`: words of the alt text, caption or credit of the pictures sought.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct LibrarySearch {
    q: String,
}

pub(crate) async fn library(
    State(app): State<App>,
    staff: Staff,
    QueryForm(search): QueryForm<LibrarySearch>,
    QueryForm(notice): QueryForm<Notice>,
) -> Result<Html<String>, AppError> {
    let page = LibraryPage {
        notice: notice.text(&app, lang(&staff.0)),
        search: search.q,
        ..LibraryPage::default()
    };
    library_page(&app, &staff, page).await
}

/// One picture: its words, and every story and author that shows it.
pub(crate) async fn picture(
    State(app): State<App>,
    staff: Staff,
    Path(id): Path<i64>,
    QueryForm(notice): QueryForm<Notice>,
) -> Result<Html<String>, AppError> {
    let image = app.store.library_image(id).await?.ok_or(AppError::NotFound)?;
    let context = context! {
        notice => notice.text(&app, lang(&staff.0)),
        places => Focus::ALL.map(Focus::as_str),
        can_focus => staff.0.role.can(Action::WriteStories),
        image => Serde(image),
        uses => app.store.image_uses(id).await?,
        can_delete => staff.0.role.can(Action::EditAnyStory),
    };
    render_staff(&app, &staff.0, "newsroom/picture.html", context)
}

/// An upload as posted: its words, the file, and a problem reading it.
struct Posted {
    form: UploadForm,
    file: Option<Vec<u8>>,
    errors: UploadErrors,
}

/// Reads an upload form, checking its token; a body cut short is a problem with the file.
async fn read_upload(app: &App, staff: &Staff, mut multipart: Multipart) -> Result<Posted, AppError> {
    let mut form = UploadForm::default();
    let mut csrf = String::new();
    let mut file: Option<Vec<u8>> = None;
    let mut errors = UploadErrors::default();
    let language = lang(&staff.0);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                let max = (Limits::default().max_bytes / (1024 * 1024)).to_string();
                let max = dateline_render::digits(language, &max);
                errors.file = Some(say(
                    app,
                    language,
                    "newsroom.media.problem.cut_short",
                    &[("max", &max)],
                ));
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| AppError::BadRequest("reason.malformed"))?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "csrf" => csrf = text(),
            "alt" => form.alt = text(),
            "caption" => form.caption = text(),
            "credit" => form.credit = text(),
            "file" if !bytes.is_empty() => file = Some(bytes.to_vec()),
            _ => {}
        }
    }
    staff.check_csrf(&csrf)?;
    Ok(Posted { form, file, errors })
}

/// Adds the posted picture through the upload use case: its id, or the form back with what is
/// wrong, by field (a missing file and missing alt text are both told at once).
async fn add_picture(
    app: &App,
    staff: &Staff,
    posted: Posted,
) -> Result<Result<i64, (UploadForm, UploadErrors)>, AppError> {
    let Posted {
        form,
        file,
        mut errors,
    } = posted;
    let language = lang(&staff.0);
    let alt_missing = || say(app, language, "newsroom.media.problem.alt_missing", &[]);
    if form.alt.is_empty() {
        errors.alt = Some(alt_missing());
    }
    if file.is_none() && errors.file.is_none() {
        errors.file = Some(say(app, language, "newsroom.media.problem.no_file", &[]));
    }
    let (Some(bytes), None, None) = (file, &errors.file, &errors.alt) else {
        return Ok(Err((form, errors)));
    };
    let words = ImageWords {
        alt: form.alt.clone(),
        caption: form.caption.clone(),
        credit: form.credit.clone(),
    };
    match app.service.upload_image(&staff.0, bytes, &words).await {
        Ok(id) => return Ok(Ok(id)),
        Err(UploadError::AltMissing) => errors.alt = Some(alt_missing()),
        Err(UploadError::Refused(refused)) => errors.file = Some(refusal(app, language, &refused)),
        Err(UploadError::NotAllowed) => return Err(AppError::NotAllowed),
        Err(error) => return Err(AppError::Internal(error.into())),
    }
    Ok(Err((form, errors)))
}

/// Adds a picture to the library and shows the library; it is offered on the story editor too.
pub(crate) async fn upload(
    State(app): State<App>,
    staff: Staff,
    _: crate::origin::SameOrigin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let posted = read_upload(&app, &staff, multipart).await?;
    let page = match add_picture(&app, &staff, posted).await? {
        Ok(_) => {
            let added = LibraryPage {
                added: true,
                ..LibraryPage::default()
            };
            return Ok(library_page(&app, &staff, added).await?.into_response());
        }
        Err((form, errors)) => LibraryPage {
            form,
            errors,
            ..LibraryPage::default()
        },
    };
    let page = library_page(&app, &staff, page).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// What the story editor's script is told after a picture dropped or pasted into a story: the
/// ```figure block to put in the body, or what is wrong, by field.
#[derive(Serialize)]
struct Inserted {
    block: Option<String>,
    errors: UploadErrors,
}

/// Adds a picture to the library from the story editor (dropped, pasted or chosen there), with
/// the same checks as the library's form, and answers with its figure block.
pub(crate) async fn insert(
    State(app): State<App>,
    staff: Staff,
    _: crate::origin::SameOrigin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let posted = read_upload(&app, &staff, multipart).await?;
    match add_picture(&app, &staff, posted).await? {
        Ok(id) => {
            let image = app.store.library_image(id).await?.ok_or(AppError::NotFound)?;
            let block = dateline_render::markdown::figure_block(
                &format!("/media/{}", image.path),
                &image.alt,
                &image.caption,
                &image.credit,
            );
            let answer = Inserted {
                block: Some(block),
                errors: UploadErrors::default(),
            };
            Ok(axum::Json(answer).into_response())
        }
        Err((_, errors)) => {
            let answer = Inserted { block: None, errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::Json(answer)).into_response())
        }
    }
}

/// Why a file was refused, in the uploader's language, numbers in its digits.
fn refusal(app: &App, lang: Lang, refused: &dateline_media::MediaError) -> String {
    let (key, values) = refused.sentence();
    let values: Vec<(&str, String)> = values
        .into_iter()
        .map(|(name, value)| match name {
            "format" => (name, value),
            _ => (name, dateline_render::digits(lang, &value)),
        })
        .collect();
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    say(app, lang, &format!("newsroom.media.refused.{key}"), &pairs)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct FocusForm {
    focus: String,
}

/// Sets where the subject of a picture is, from its page.
pub(crate) async fn set_focus(
    State(app): State<App>,
    _: crate::origin::SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, form }: StaffForm<FocusForm>,
) -> Result<Response, AppError> {
    let focus: Focus = form
        .focus
        .parse()
        .map_err(|_| AppError::BadRequest("reason.malformed"))?;
    match app.service.set_image_focus(&user, id, focus).await {
        Ok(()) => {}
        Err(FocusError::NotAllowed) => return Err(AppError::NotAllowed),
        Err(FocusError::NotFound) => return Err(AppError::NotFound),
        Err(FocusError::Store(error)) => return Err(error.into()),
    }
    let page = Notice::new("focus_set").after(&format!("/newsroom/media/{id}"));
    Ok(axum::response::Redirect::to(&page).into_response())
}

/// Deletes a picture from the library and its files, unless a story or an author shows it;
/// a picture that could expose a source must be able to go.
pub(crate) async fn delete(
    State(app): State<App>,
    _: crate::origin::SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, .. }: StaffForm<super::workflow::NoFields>,
) -> Result<Response, AppError> {
    let notice = match app.service.delete_image(&user, id).await {
        Ok(()) => Notice::new("picture_deleted"),
        Err(DeleteImageError::InUse(uses)) => in_use(&uses),
        Err(DeleteImageError::NotAllowed) => return Err(AppError::NotAllowed),
        Err(DeleteImageError::NotFound) => return Err(AppError::NotFound),
        Err(DeleteImageError::Store(error)) => return Err(error.into()),
    };
    Ok(axum::response::Redirect::to(&notice.after("/newsroom/media")).into_response())
}

/// How many stories and authors still show a picture, naming the first few: a picture on
/// every story of an archive must not make an address as long as the archive.
fn in_use(uses: &[String]) -> Notice {
    const NAMED: usize = 3;
    let mut named = uses.iter().take(NAMED).cloned().collect::<Vec<_>>().join("; ");
    if uses.len() > NAMED {
        named.push_str("; …");
    }
    Notice::counted_and_named(
        "picture_in_use",
        i64::try_from(uses.len()).unwrap_or(i64::MAX),
        &named,
    )
}
