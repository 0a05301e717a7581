//! The media library: pictures uploaded once, decoded and re-encoded (so no metadata, GPS
//! included, reaches readers), resized to responsive widths, and reused across stories.

use super::render_staff;
use crate::staff::Staff;
use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use dateline_domain::digest::hex_token;
use dateline_domain::{Action, Actor};
use dateline_media::{Format, Limits, Processed};
use dateline_render::{Serde, context};
use dateline_storage::{MediaKey, MediaStorage};
use dateline_store::media::LibraryImage;
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
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Html<String>, AppError> {
    let fields = query
        .as_deref()
        .map(|q| super::form_fields(q.as_bytes()))
        .unwrap_or_default();
    let notice = super::field(&fields, "notice").to_owned();
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
    if !staff.0.role.can(Action::WriteStories) {
        return Err(AppError::NotAllowed);
    }
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
    if form.alt.is_empty() {
        errors.alt = Some("Describe the picture for readers who cannot see it.".into());
    }
    if file.is_none() && errors.file.is_none() {
        errors.file = Some("Choose a picture to upload.".into());
    }
    let processed = match file {
        Some(bytes) if errors.alt.is_none() && errors.file.is_none() => {
            let outcome =
                tokio::task::spawn_blocking(move || dateline_media::process(&bytes, &Limits::default()))
                    .await
                    .map_err(|e| AppError::Internal(e.into()))?;
            match outcome {
                Ok(processed) => Some(processed),
                Err(error) => {
                    errors.file = Some(error.to_string());
                    None
                }
            }
        }
        _ => None,
    };
    let Some(processed) = processed else {
        let page = library_page(&app, &staff, &form, &errors, false, "").await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let image = write_variants(app.media.as_ref(), &processed, &form).await?;
    if let Err(error) = app.store.add_to_library(&image, Actor::Member(staff.0.id)).await {
        // Nothing half-made stays behind: the files go if the library cannot hold them.
        if let Some(folder) = upload_folder(&image.path) {
            let _ = app.media.delete_under(&folder).await;
        }
        return Err(error.into());
    }
    let page = library_page(
        &app,
        &staff,
        &UploadForm::default(),
        &UploadErrors::default(),
        true,
        "",
    )
    .await?;
    Ok(page.into_response())
}

/// Writes every variant into a fresh folder `uploads/<token>/` of the media storage, each
/// whole before a reader can meet it (and none named in a page before the library holds it).
/// A write that fails takes the variants written before it along.
async fn write_variants(
    media: &dyn MediaStorage,
    processed: &Processed,
    form: &UploadForm,
) -> Result<LibraryImage, AppError> {
    let token = hex_token(rand::random());
    let folder = MediaKey::parse(&format!("uploads/{token}")).map_err(|e| AppError::Internal(e.into()))?;
    let write = async {
        for variant in &processed.variants {
            let name = format!("{}.{}", variant.width, variant.format.extension());
            let key = folder.child(&name).map_err(|e| AppError::Internal(e.into()))?;
            media.put(&key, Bytes::copy_from_slice(&variant.bytes)).await?;
        }
        Ok::<_, AppError>(())
    };
    if let Err(error) = write.await {
        let _ = media.delete_under(&folder).await;
        return Err(error);
    }
    let set = |format: Format| -> String {
        let mut variants: Vec<_> = processed.variants.iter().filter(|v| v.format == format).collect();
        variants.sort_by_key(|v| v.width);
        variants
            .iter()
            .map(|v| {
                format!(
                    "/media/uploads/{token}/{}.{} {}w",
                    v.width,
                    v.format.extension(),
                    v.width
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let largest = processed
        .variants
        .iter()
        .filter(|v| v.format == processed.original_format)
        .max_by_key(|v| v.width)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no variant in the original format")))?;
    Ok(LibraryImage {
        path: format!("uploads/{token}/{}.{}", largest.width, largest.format.extension()),
        width: i64::from(largest.width),
        height: i64::from(largest.height),
        alt: form.alt.clone(),
        caption: form.caption.clone(),
        credit: form.credit.clone(),
        srcset: if processed.original_format == Format::Webp {
            String::new()
        } else {
            set(processed.original_format)
        },
        webp_srcset: set(Format::Webp),
    })
}

/// Deletes a picture from the library and its files, unless a story or an author shows it;
/// a picture that could expose a source must be able to go.
pub(crate) async fn delete(
    State(app): State<App>,
    staff: Staff,
    _: crate::origin::SameOrigin,
    axum::extract::Path(id): axum::extract::Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    staff.checked_form(&body)?;
    if !staff.0.role.can(Action::EditAnyStory) {
        return Err(AppError::NotAllowed);
    }
    let uses = app.store.image_uses(id).await?;
    let notice = if !uses.is_empty() {
        format!(
            "Not deleted: the picture is still shown by {}. Take it out of those first.",
            uses.join("; ")
        )
    } else {
        match app.store.delete_image(id, Actor::Member(staff.0.id)).await? {
            Some(path) => {
                if let Some(folder) = upload_folder(&path)
                    && let Err(error) = app.media.delete_under(&folder).await
                {
                    tracing::error!(error = %error, "deleting the files of a deleted picture, {folder}");
                }
                // Nothing showed the picture, so no page changes.
                "The picture and every copy of it are deleted.".to_owned()
            }
            None => return Err(AppError::NotFound),
        }
    };
    let notice: String = form_urlencoded::byte_serialize(notice.as_bytes()).collect();
    Ok(axum::response::Redirect::to(&format!("/newsroom/media?notice={notice}")).into_response())
}

/// The folder of an uploaded picture's files (`uploads/<token>`); none for the demo pictures,
/// whose folder other library entries share.
fn upload_folder(path: &str) -> Option<MediaKey> {
    MediaKey::parse(path)
        .ok()?
        .parent()
        .filter(|folder| folder.as_str().starts_with("uploads/"))
}
