//! S3-compatible storage on a real S3 server (moto under scripts/test): a fresh bucket per test.

use crate::contract::{contract_tests, key, read};
use bytes::Bytes;
use dateline_storage::{MediaKey, MediaStorage, S3Bucket, S3Location, S3Settings};
use std::sync::atomic::{AtomicU32, Ordering};

/// The server's address. Missing, the tests fail: scripts/test starts one and sets it.
fn endpoint() -> String {
    std::env::var("DATELINE_TEST_S3_ENDPOINT").unwrap_or_else(|_| {
        panic!(
            "DATELINE_TEST_S3_ENDPOINT is not set: these tests need an S3-compatible server \
             (scripts/test starts moto and sets it)"
        )
    })
}

fn settings(endpoint: &str) -> S3Settings {
    S3Settings {
        endpoint: Some(endpoint.to_owned()),
        region: "us-east-1".to_owned(),
        access_key_id: "dateline-test".to_owned(),
        secret_access_key: "dateline-test-secret".to_owned(),
    }
}

/// Makes a bucket no other test uses (a plain PUT of the bucket, path-style) and names it.
async fn fresh_bucket(endpoint: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let bucket = format!(
        "storage-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let response = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("the S3 server at {endpoint} answers: {e}"));
    assert!(
        response.status().is_success(),
        "creating {bucket}: {}",
        response.status()
    );
    bucket
}

fn bucket_at(endpoint: &str, bucket: &str, prefix: Option<&str>) -> S3Bucket {
    let location = S3Location {
        bucket: bucket.to_owned(),
        prefix: prefix.map(|p| MediaKey::parse(p).unwrap()),
    };
    S3Bucket::open(&location, &settings(endpoint)).expect("an S3 client")
}

async fn open() -> ((), S3Bucket) {
    let endpoint = endpoint();
    let bucket = fresh_bucket(&endpoint).await;
    ((), bucket_at(&endpoint, &bucket, None))
}

contract_tests!(open());

#[tokio::test]
async fn a_prefix_keeps_the_sites_media_under_it() {
    let endpoint = endpoint();
    let bucket = fresh_bucket(&endpoint).await;
    let site = bucket_at(&endpoint, &bucket, Some("courier/site"));
    let whole_bucket = bucket_at(&endpoint, &bucket, None);
    site.put(&key("demo/river-ferry.svg"), Bytes::from_static(b"<svg/>"))
        .await
        .unwrap();
    assert_eq!(read(&site, "demo/river-ferry.svg").await, &b"<svg/>"[..]);
    assert_eq!(
        read(&whole_bucket, "courier/site/demo/river-ferry.svg").await,
        &b"<svg/>"[..]
    );
    assert!(
        whole_bucket
            .get(&key("demo/river-ferry.svg"))
            .await
            .unwrap_err()
            .is_not_found()
    );
    site.check_reachable().await.expect("reachable under its prefix");
    assert_eq!(site.to_string(), format!("s3://{bucket}/courier/site"));
}

#[tokio::test]
async fn a_missing_bucket_or_server_is_unreachable() {
    let endpoint = endpoint();
    let missing = bucket_at(&endpoint, "no-such-bucket-for-dateline", None);
    missing.check_reachable().await.expect_err("no such bucket");
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let nobody = bucket_at(&closed, "dateline-media", None);
    let started = std::time::Instant::now();
    nobody
        .check_reachable()
        .await
        .expect_err("no server listens there");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "told within seconds"
    );
}
