//! The theme's static files (from memory) and pictures from the media storage.

use crate::{App, AppError};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dateline_storage::MediaKey;

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
    // A key that could leave the media namespace (or name a hidden file) is simply not there.
    let key = MediaKey::parse(&path).map_err(|_| AppError::NotFound)?;
    let picture = app.media.get(&key).await?;
    Ok((
        [
            (header::CONTENT_LENGTH, HeaderValue::from(picture.content_length)),
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
        Body::from_stream(picture.body),
    )
        .into_response())
}
