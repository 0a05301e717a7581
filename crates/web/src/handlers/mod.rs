//! Request handlers: each reads the request, asks the store, and renders one template.

pub(crate) mod article;
pub(crate) mod assets;
pub(crate) mod comments;
pub(crate) mod feeds;
pub(crate) mod home;
pub(crate) mod listings;
pub(crate) mod mine;
pub(crate) mod newsroom;
pub(crate) mod reaction;
pub(crate) mod search;
pub(crate) mod sitemaps;
pub(crate) mod static_page;

use crate::AppError;

/// Any path no route knows.
pub(crate) async fn not_found() -> AppError {
    AppError::NotFound
}
