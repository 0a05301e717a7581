//! S3-compatible object storage (AWS S3, MinIO, moto…) through `object_store`: every node that
//! names the same bucket serves the same pictures. An object appears whole when its PUT
//! completes, so readers never meet half of one.

use crate::{ConfigError, MediaKey, MediaObject, MediaStorage, S3Location, S3Settings, StorageError};
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::{Path, PathPart};
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use std::time::Duration;

pub struct S3Bucket {
    store: AmazonS3,
    location: S3Location,
    /// The location's prefix, as object paths begin.
    prefix: Path,
}

impl S3Bucket {
    pub fn open(location: &S3Location, settings: &S3Settings) -> Result<Self, ConfigError> {
        if settings.region.trim().is_empty() {
            return Err(ConfigError::Region);
        }
        // A reader waiting for a picture, or a node starting, is told of a failing server
        // within seconds rather than after the client's default minutes of retries.
        let retry = RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(15),
            ..RetryConfig::default()
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&location.bucket)
            .with_region(settings.region.trim())
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            .with_retry(retry)
            .with_client_options(
                ClientOptions::new()
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_secs(30)),
            );
        if let Some((endpoint, is_http)) = settings.checked_endpoint()? {
            // S3-compatible servers are addressed by path (`endpoint/bucket/key`).
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(is_http)
                .with_virtual_hosted_style_request(false);
        }
        let store = builder.build().map_err(ConfigError::Client)?;
        let prefix = location
            .prefix
            .as_ref()
            .map(|prefix| prefix.parts().map(PathPart::from).collect())
            .unwrap_or(Path::ROOT);
        Ok(Self {
            store,
            location: location.clone(),
            prefix,
        })
    }

    fn path_of(&self, key: &MediaKey) -> Path {
        self.prefix
            .parts()
            .chain(key.parts().map(PathPart::from))
            .collect()
    }
}

impl std::fmt::Display for S3Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.location.fmt(f)
    }
}

// By hand: the client's own `Debug` would show its configuration, keys included.
impl std::fmt::Debug for S3Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Bucket")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl MediaStorage for S3Bucket {
    async fn put(&self, key: &MediaKey, bytes: Bytes) -> Result<(), StorageError> {
        self.store
            .put(&self.path_of(key), PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    async fn get(&self, key: &MediaKey) -> Result<MediaObject, StorageError> {
        match self.store.get(&self.path_of(key)).await {
            Ok(found) => Ok(MediaObject {
                content_length: found.meta.size,
                body: found.into_stream().map_err(StorageError::from).boxed(),
            }),
            Err(object_store::Error::NotFound { .. }) => Err(StorageError::NotFound { key: key.clone() }),
            Err(error) => Err(error.into()),
        }
    }

    async fn delete_under(&self, prefix: &MediaKey) -> Result<(), StorageError> {
        let prefix = self.path_of(prefix);
        let listed = self
            .store
            .list(Some(&prefix))
            .map_ok(|object| object.location)
            .boxed();
        let mut deleted = self.store.delete_stream(listed);
        while let Some(outcome) = deleted.next().await {
            match outcome {
                // Gone already: what was asked for holds.
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }

    async fn check_reachable(&self) -> Result<(), StorageError> {
        // One listing of the top level: it fails for a server that does not answer, a bucket
        // that does not exist and keys that are refused.
        let prefix = (self.prefix != Path::ROOT).then_some(&self.prefix);
        self.store.list_with_delimiter(prefix).await?;
        Ok(())
    }
}
