//! What can go wrong when storing or reading media, and when configuring where it lives.

use crate::{KeyError, MediaKey};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("no media at {key}")]
    NotFound { key: MediaKey },
    #[error("the media folder, at {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("object storage: {0}")]
    ObjectStore(#[from] object_store::Error),
}

impl StorageError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, StorageError::NotFound { .. })
    }
}

/// A media store named in a way that cannot work, told at start rather than at the first upload.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the media store is given as s3://bucket or s3://bucket/prefix (got {0:?})")]
    NotS3Url(String),
    #[error(
        "{0:?} is not an S3 bucket name: 3 to 63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
    )]
    BucketName(String),
    #[error("the prefix of {url:?}: {source}")]
    Prefix {
        url: String,
        #[source]
        source: KeyError,
    },
    #[error("the S3 endpoint is an http:// or https:// address, such as http://127.0.0.1:9000 (got {0:?})")]
    Endpoint(String),
    #[error("the S3 region is not empty")]
    Region,
    #[error("setting up the S3 client: {0}")]
    Client(#[source] object_store::Error),
}
