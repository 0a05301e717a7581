//! Where media lives: one small seam, [`MediaStorage`], with the local media folder as the
//! default and S3-compatible object storage for several nodes that serve the same pictures.

mod error;
mod key;
mod local;
mod s3;
mod s3_location;

pub use error::{ConfigError, StorageError};
pub use key::{KeyError, MediaKey};
pub use local::LocalFolder;
pub use s3::S3Bucket;
pub use s3_location::{S3Location, S3Settings};

/// The bytes a picture is given and read as (the `bytes` crate's, as axum's are).
pub use bytes::Bytes;
use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;
use std::sync::Arc;

/// A picture's bytes as they arrive, chunk by chunk.
pub type ByteStream = BoxStream<'static, Result<Bytes, StorageError>>;

/// One stored picture: its length, known before the first byte, and its bytes.
pub struct MediaObject {
    pub content_length: u64,
    pub body: ByteStream,
}

impl std::fmt::Debug for MediaObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaObject")
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl MediaObject {
    /// Gathers the whole body, for callers that need it in one piece.
    pub async fn into_bytes(self) -> Result<Bytes, StorageError> {
        let chunks: Vec<Bytes> = self.body.try_collect().await?;
        Ok(chunks.concat().into())
    }
}

/// The storage the app holds: one per node, shared by every request.
pub type SharedMediaStorage = Arc<dyn MediaStorage>;

/// Media kept by key (`uploads/<token>/800.jpg`, `demo/river-ferry.svg`). Readers never meet
/// a half-written picture, and no key reaches outside the store's own namespace.
#[async_trait::async_trait]
pub trait MediaStorage: std::fmt::Display + std::fmt::Debug + Send + Sync {
    /// Stores `bytes` at `key`, replacing what was there: a reader gets the old picture or the
    /// whole new one, never a part.
    async fn put(&self, key: &MediaKey, bytes: Bytes) -> Result<(), StorageError>;

    /// The picture at `key`, or [`StorageError::NotFound`] (also for a folder-like key).
    async fn get(&self, key: &MediaKey) -> Result<MediaObject, StorageError>;

    /// Deletes everything under `prefix`, taken as a folder (`a/b` covers `a/b/c`, not
    /// `a/bc`). Nothing being there is not an error.
    async fn delete_under(&self, prefix: &MediaKey) -> Result<(), StorageError>;

    /// A quick check that the storage answers, for a node to refuse to start (or to be ready)
    /// without it.
    async fn check_reachable(&self) -> Result<(), StorageError>;
}
