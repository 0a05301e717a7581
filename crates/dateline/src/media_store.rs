//! Where the pictures are kept, from the command line: the data folder's `media/` by default,
//! or an S3-compatible bucket that every node of the site shares.

use anyhow::Context;
use dateline_storage::{LocalFolder, S3Bucket, S3Location, S3Settings, SharedMediaStorage};
use std::path::Path;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct MediaFlags {
    /// Where pictures are kept: s3://bucket or s3://bucket/prefix for S3-compatible storage that
    /// every node shares, signed with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
    /// (default: the folder <data>/media).
    #[arg(long, env = "DATELINE_MEDIA_STORE", global = true)]
    media_store: Option<String>,
    /// An S3-compatible server to use instead of AWS (MinIO, moto…), such as
    /// http://127.0.0.1:9000; buckets are addressed by path.
    #[arg(long, env = "DATELINE_S3_ENDPOINT", global = true)]
    s3_endpoint: Option<String>,
    /// The S3 region of the media bucket.
    #[arg(long, env = "DATELINE_S3_REGION", default_value = "us-east-1", global = true)]
    s3_region: String,
}

impl MediaFlags {
    /// Whether pictures are kept in the data folder's `media/` (no bucket named).
    pub fn is_local(&self) -> bool {
        self.media_store.as_deref().is_none_or(str::is_empty)
    }

    /// The media storage these flags name; a value that cannot work is an error here, at start.
    pub fn open(&self, data: &Path) -> anyhow::Result<SharedMediaStorage> {
        let endpoint = self.s3_endpoint.clone().filter(|e| !e.is_empty());
        let Some(url) = self.media_store.as_deref().filter(|url| !url.is_empty()) else {
            anyhow::ensure!(
                endpoint.is_none(),
                "--s3-endpoint (DATELINE_S3_ENDPOINT) is set, but pictures go to the local folder: \
                 name the bucket with --media-store s3://bucket (DATELINE_MEDIA_STORE)"
            );
            return Ok(Arc::new(LocalFolder::new(data.join("media"))));
        };
        let location: S3Location = url.parse().context("--media-store (DATELINE_MEDIA_STORE)")?;
        let credential = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.is_empty())
                .with_context(|| format!("the media store {location} needs {name} set to sign requests"))
        };
        let settings = S3Settings {
            endpoint,
            region: self.s3_region.clone(),
            access_key_id: credential("AWS_ACCESS_KEY_ID")?,
            secret_access_key: credential("AWS_SECRET_ACCESS_KEY")?,
        };
        let bucket =
            S3Bucket::open(&location, &settings).with_context(|| format!("the media store {location}"))?;
        Ok(Arc::new(bucket))
    }
}
