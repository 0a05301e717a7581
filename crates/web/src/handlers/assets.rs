//! The theme's static files (from memory) and pictures from the media folder.

use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const ONE_YEAR: &str = "public, max-age=31536000, immutable";
const ONE_DAY: &str = "public, max-age=86400";

pub(crate) async fn static_asset(
    State(app): State<App>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let asset = app.renderer.assets().get(&name).ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(ONE_YEAR)),
        ],
        asset.bytes.clone(),
    )
        .into_response())
}

pub(crate) async fn media(State(app): State<App>, Path(path): Path<String>) -> Result<Response, AppError> {
    let safe = path.split('/').all(|part| {
        !part.is_empty() && !part.starts_with('.') && !part.contains('\\') && !part.contains('\0')
    });
    if !safe {
        return Err(AppError::NotFound);
    }
    let file = app.media_dir.join(&path);
    // Anything but a regular file (a folder, a path through a file) is simply not there.
    let is_file = tokio::fs::metadata(&file).await.is_ok_and(|meta| meta.is_file());
    if !is_file {
        return Err(AppError::NotFound);
    }
    let bytes = tokio::fs::read(&file)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(dateline_render::content_type(&path)),
            ),
            // Uploads live in folders named by a random token: they never change.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(if path.starts_with("uploads/") {
                    ONE_YEAR
                } else {
                    ONE_DAY
                }),
            ),
        ],
        bytes,
    )
        .into_response())
}
