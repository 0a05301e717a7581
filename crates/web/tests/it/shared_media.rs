//! Media kept in S3-compatible storage (a real server: moto under scripts/test): what one node
//! uploads, every node on the same database and bucket serves byte for byte, until one deletes it.

use crate::media::{jpeg_with_location, upload};
use crate::support::{Backend, TestApp, TestMedia};
use dateline_domain::Role;
use dateline_storage::MediaKey;

/// The sizes an upload 1000 pixels wide is kept in.
const VARIANTS: [&str; 6] = [
    "480.jpg",
    "480.webp",
    "800.jpg",
    "800.webp",
    "1000.jpg",
    "1000.webp",
];

struct Fetched {
    status: u16,
    content_type: String,
    cache_control: String,
    content_length: String,
    bytes: Vec<u8>,
}

async fn fetch(node: &TestApp, path: &str) -> Fetched {
    let response = node
        .client
        .get(format!("{}{path}", node.base))
        .send()
        .await
        .expect("request");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    Fetched {
        status: response.status().as_u16(),
        content_type: header("content-type"),
        cache_control: header("cache-control"),
        content_length: header("content-length"),
        bytes: response.bytes().await.expect("body").to_vec(),
    }
}

/// What the bucket itself holds at `key`, asked through a client of the test's own.
async fn in_bucket(media: &TestMedia, key: &str) -> Option<Vec<u8>> {
    let storage = media.open(std::path::Path::new("/nonexistent"));
    match storage.get(&MediaKey::parse(key).unwrap()).await {
        Ok(object) => Some(object.into_bytes().await.expect("the whole object").to_vec()),
        Err(error) if error.is_not_found() => None,
        Err(error) => panic!("reading {key} from the bucket: {error}"),
    }
}

#[tokio::test]
async fn a_picture_uploaded_on_one_node_is_served_by_both_until_deleted() {
    let media = TestMedia::fresh_s3_bucket().await;
    let a = TestApp::spawn_with_media(Backend::Postgres, media.clone()).await;
    let b = a.another_node(None).await;

    let ferry = fetch(&b, "/media/demo/river-ferry.svg").await;
    assert_eq!(
        ferry.status, 200,
        "B serves the demo picture A seeded into the bucket"
    );
    assert_eq!(ferry.content_type, "image/svg+xml");
    assert_eq!(Some(ferry.bytes), in_bucket(&media, "demo/river-ferry.svg").await);

    let editor = a.signed_in("edie", Role::Editor).await;
    let page = upload(
        &a,
        &editor,
        jpeg_with_location(1000, 560),
        "market.jpg",
        "Stalls lit by strings of bulbs",
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let image = a.app.store.library("", 1).await.unwrap()[0].clone();
    let folder = image
        .path
        .rsplit_once('/')
        .expect("uploads/<token>/<file>")
        .0
        .to_owned();
    assert!(folder.starts_with("uploads/"), "{folder}");
    for name in VARIANTS {
        let key = format!("{folder}/{name}");
        let held = in_bucket(&media, &key)
            .await
            .unwrap_or_else(|| panic!("{key} is in the bucket"));
        for (node, served) in [
            ("A", fetch(&a, &format!("/media/{key}")).await),
            ("B", fetch(&b, &format!("/media/{key}")).await),
        ] {
            assert_eq!(served.status, 200, "{node} serves {key}");
            assert!(served.bytes == held, "{node} serves {key} byte for byte");
            assert_eq!(served.content_length, held.len().to_string(), "{node}: {key}");
            let expected_type = if name.ends_with(".webp") {
                "image/webp"
            } else {
                "image/jpeg"
            };
            assert_eq!(served.content_type, expected_type, "{node}: {key}");
            assert!(served.cache_control.contains("immutable"), "{node}: {key}");
        }
    }
    let largest = fetch(&b, &format!("/media/{}", image.path)).await;
    let decoded = image::load_from_memory(&largest.bytes).expect("B serves a picture");
    assert_eq!((decoded.width(), decoded.height()), (1000, 560));
    assert!(!a.media_dir().exists(), "nothing went to the local folder");

    let deleted = a
        .post_form(
            &format!("/newsroom/media/{}/delete", image.id),
            &[("csrf", &editor.csrf)],
            &[("cookie", &editor.cookie)],
        )
        .await;
    assert_eq!(
        a.notice_after(&editor, &deleted).await,
        vec!["The picture and every copy of it are deleted."]
    );
    for name in VARIANTS {
        let key = format!("{folder}/{name}");
        assert_eq!(
            in_bucket(&media, &key).await,
            None,
            "{key} is gone from the bucket"
        );
        assert_eq!(fetch(&a, &format!("/media/{key}")).await.status, 404, "A: {key}");
        assert_eq!(fetch(&b, &format!("/media/{key}")).await.status, 404, "B: {key}");
    }
    assert_eq!(
        fetch(&b, "/media/demo/river-ferry.svg").await.status,
        200,
        "only the deleted picture's folder went"
    );
}

#[tokio::test]
async fn hidden_or_escaping_keys_are_not_served_from_the_bucket() {
    let media = TestMedia::fresh_s3_bucket().await;
    let TestMedia::S3 { endpoint, bucket } = &media else {
        unreachable!("a fresh bucket is S3")
    };
    // Put beside the pictures by another client, as a half-made or private object might be.
    let stored = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}/demo/.private.svg"))
        .body("<svg/>")
        .send()
        .await
        .expect("put");
    assert!(stored.status().is_success(), "{}", stored.status());
    let a = TestApp::spawn_with_media(Backend::Sqlite, media.clone()).await;
    assert_eq!(fetch(&a, "/media/demo/river-ferry.svg").await.status, 200);
    for path in [
        "/media/demo/.private.svg",
        "/media/demo/nothing.svg",
        "/media/demo",
        "/media/demo/river-ferry.svg/x",
        "/media/..%2Fdemo/river-ferry.svg",
        "/media/demo/..%2F..%2Fdemo/river-ferry.svg",
    ] {
        assert_eq!(fetch(&a, path).await.status, 404, "{path}");
    }
}
