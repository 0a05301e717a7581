//! The media library: pictures uploaded once, decoded and re-encoded (so no metadata, GPS
//! included, reaches readers), resized to responsive widths, and reused across stories.

use super::render_staff;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use dateline_domain::Action;
use dateline_media::Limits;
use dateline_render::{Serde, context};
use dateline_service::{DeleteImageError, ImageWords, UploadError};
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

async fn library_page(
    app: &App,
    staff: &Staff,
    form: &UploadForm,
    errors: &UploadErrors,
    added: bool,
    notice: &str,
) -> Result<Html<String>, AppError> {
    let context = context! {
        images => Serde(app.store.library(LIBRARY_PAGE).await?),
        form => Serde(form),
        errors => Serde(errors),
        added,
        notice,
        can_delete => staff.0.role.can(Action::EditAnyStory),
        max_megabytes => Limits::default().max_bytes / (1024 * 1024),
    };
    render_staff(app, &staff.0, "newsroom/media.html", context)
}

pub(crate) async fn library(
    State(app): State<App>,
    staff: Staff,
    crate::extract::QueryForm(query): crate::extract::QueryForm<super::Notice>,
) -> Result<Html<String>, AppError> {
    let notice = query.notice;
    library_page(
        &app,
        &staff,
        &UploadForm::default(),
        &UploadErrors::default(),
        false,
        &notice,
    )
    .await
}

pub(crate) async fn upload(
    State(app): State<App>,
    staff: Staff,
    _: crate::origin::SameOrigin,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut form = UploadForm::default();
    let mut csrf = String::new();
    let mut file: Option<Vec<u8>> = None;
    let mut errors = UploadErrors::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                errors.file = Some(format!(
                    "The upload did not arrive whole, or is larger than {} MB.",
                    Limits::default().max_bytes / (1024 * 1024)
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
    if errors.file.is_none() {
        let words = ImageWords {
            alt: form.alt.clone(),
            caption: form.caption.clone(),
            credit: form.credit.clone(),
        };
        match file {
            None => {
                errors.file = Some("Choose a picture to upload.".into());
                if form.alt.is_empty() {
                    errors.alt = Some(ALT_MISSING.into());
                }
            }
            Some(bytes) => match app.service.upload_image(&staff.0, bytes, &words).await {
                Ok(_) => {
                    let page = library_page(
                        &app,
                        &staff,
                        &UploadForm::default(),
                        &UploadErrors::default(),
                        true,
                        "",
                    )
                    .await?;
                    return Ok(page.into_response());
                }
                Err(UploadError::AltMissing) => errors.alt = Some(ALT_MISSING.into()),
                Err(UploadError::Refused(refused)) => errors.file = Some(refused.to_string()),
                Err(UploadError::NotAllowed) => return Err(AppError::NotAllowed),
                Err(error) => return Err(AppError::Internal(error.into())),
            },
        }
    } else if form.alt.is_empty() {
        errors.alt = Some(ALT_MISSING.into());
    }
    let page = library_page(&app, &staff, &form, &errors, false, "").await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// What a picture without its description is told.
const ALT_MISSING: &str = "Describe the picture for readers who cannot see it.";

/// Deletes a picture from the library and its files, unless a story or an author shows it;
/// a picture that could expose a source must be able to go.
pub(crate) async fn delete(
    State(app): State<App>,
    _: crate::origin::SameOrigin,
    axum::extract::Path(id): axum::extract::Path<i64>,
    StaffForm { user, .. }: StaffForm<super::workflow::NoFields>,
) -> Result<Response, AppError> {
    let notice = match app.service.delete_image(&user, id).await {
        Ok(()) => "The picture and every copy of it are deleted.".to_owned(),
        Err(DeleteImageError::InUse(uses)) => format!(
            "Not deleted: the picture is still shown by {}. Take it out of those first.",
            uses.join("; ")
        ),
        Err(DeleteImageError::NotAllowed) => return Err(AppError::NotAllowed),
        Err(DeleteImageError::NotFound) => return Err(AppError::NotFound),
        Err(DeleteImageError::Store(error)) => return Err(error.into()),
    };
    let notice: String = form_urlencoded::byte_serialize(notice.as_bytes()).collect();
    Ok(axum::response::Redirect::to(&format!("/newsroom/media?notice={notice}")).into_response())
}
