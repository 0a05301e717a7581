//! Naming an S3-compatible media store: `s3://bucket[/prefix]`, plus where the server is
//! (an endpoint for MinIO, moto and the like), its region, and the keys to sign with.

use crate::{ConfigError, MediaKey};
use std::str::FromStr;

/// A bucket, and optionally a folder-like prefix in it that holds this site's media.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    pub prefix: Option<MediaKey>,
}

impl FromStr for S3Location {
    type Err = ConfigError;

    fn from_str(url: &str) -> Result<Self, ConfigError> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| ConfigError::NotS3Url(url.to_owned()))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if !is_bucket_name(bucket) {
            return Err(ConfigError::BucketName(bucket.to_owned()));
        }
        let prefix = prefix.trim_end_matches('/');
        let prefix = if prefix.is_empty() {
            None
        } else {
            Some(MediaKey::parse(prefix).map_err(|source| ConfigError::Prefix {
                url: url.to_owned(),
                source,
            })?)
        };
        Ok(Self {
            bucket: bucket.to_owned(),
            prefix,
        })
    }
}

impl std::fmt::Display for S3Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.prefix {
            Some(prefix) => write!(f, "s3://{}/{prefix}", self.bucket),
            None => write!(f, "s3://{}", self.bucket),
        }
    }
}

/// S3's rules for bucket names, so that a typo is told at start.
fn is_bucket_name(name: &str) -> bool {
    let edges_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && edges_ok(name.chars().next())
        && edges_ok(name.chars().last())
        && !name.contains("..")
}

/// How to reach the S3 server. No `Debug`: it holds the secret key.
#[derive(Clone)]
pub struct S3Settings {
    /// An S3-compatible server (MinIO, moto…), addressed path-style; none for AWS itself.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl S3Settings {
    /// The endpoint, checked; whether it is plain http (allowed only when named so).
    pub(crate) fn checked_endpoint(&self) -> Result<Option<(&str, bool)>, ConfigError> {
        let Some(endpoint) = self.endpoint.as_deref() else {
            return Ok(None);
        };
        let is_http = endpoint.starts_with("http://");
        let has_host = endpoint
            .strip_prefix("http://")
            .or_else(|| endpoint.strip_prefix("https://"))
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if !has_host || endpoint.contains(char::is_whitespace) {
            return Err(ConfigError::Endpoint(endpoint.to_owned()));
        }
        Ok(Some((endpoint.trim_end_matches('/'), is_http)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_with_or_without_a_prefix_is_named_by_a_url() {
        let plain: S3Location = "s3://newsroom-media".parse().unwrap();
        assert_eq!(plain.bucket, "newsroom-media");
        assert_eq!(plain.prefix, None);
        let prefixed: S3Location = "s3://newsroom.media/courier/site/".parse().unwrap();
        assert_eq!(prefixed.bucket, "newsroom.media");
        assert_eq!(
            prefixed.prefix.as_ref().map(MediaKey::as_str),
            Some("courier/site")
        );
        assert_eq!(prefixed.to_string(), "s3://newsroom.media/courier/site");
    }

    #[test]
    fn a_bad_media_store_url_is_told_plainly() {
        let error = |url: &str| url.parse::<S3Location>().unwrap_err();
        assert!(matches!(error("/var/media"), ConfigError::NotS3Url(_)));
        assert!(matches!(error("https://bucket"), ConfigError::NotS3Url(_)));
        for bucket in [
            "s3://",
            "s3://ab",
            "s3://Newsroom",
            "s3://news_room",
            "s3://-news",
            "s3://a..b",
        ] {
            assert!(matches!(error(bucket), ConfigError::BucketName(_)), "{bucket}");
        }
        assert!(matches!(
            error("s3://newsroom/../other"),
            ConfigError::Prefix { .. }
        ));
        assert!(matches!(error("s3://newsroom//x"), ConfigError::Prefix { .. }));
        assert!(error("s3://Newsroom").to_string().contains("lowercase"));
    }

    #[test]
    fn an_endpoint_is_an_http_or_https_address() {
        let settings = |endpoint: &str| S3Settings {
            endpoint: Some(endpoint.to_owned()),
            region: "us-east-1".into(),
            access_key_id: "id".into(),
            secret_access_key: "secret".into(),
        };
        assert_eq!(
            settings("http://127.0.0.1:9000/").checked_endpoint().unwrap(),
            Some(("http://127.0.0.1:9000", true))
        );
        assert_eq!(
            settings("https://s3.example.org").checked_endpoint().unwrap(),
            Some(("https://s3.example.org", false))
        );
        for bad in ["127.0.0.1:9000", "http://", "ftp://host", "http://a b"] {
            assert!(
                matches!(settings(bad).checked_endpoint(), Err(ConfigError::Endpoint(_))),
                "{bad}"
            );
        }
    }
}
