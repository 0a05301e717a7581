//! What every media storage does, written once and run on each implementation.

use bytes::Bytes;
use dateline_storage::{MediaKey, MediaStorage};

pub fn key(raw: &str) -> MediaKey {
    MediaKey::parse(raw).expect("a valid key")
}

pub async fn read(storage: &dyn MediaStorage, raw: &str) -> Bytes {
    let object = storage
        .get(&key(raw))
        .await
        .unwrap_or_else(|e| panic!("{raw}: {e}"));
    let length = object.content_length;
    let bytes = object.into_bytes().await.expect("the whole body");
    assert_eq!(length, bytes.len() as u64, "{raw}: the told length is the length");
    bytes
}

async fn is_missing(storage: &dyn MediaStorage, raw: &str) -> bool {
    match storage.get(&key(raw)).await {
        Err(error) => {
            assert!(error.is_not_found(), "{raw}: missing, not failing: {error}");
            true
        }
        Ok(_) => false,
    }
}

pub async fn keeps_and_replaces_pictures(storage: &dyn MediaStorage) {
    let picture: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    storage
        .put(&key("uploads/abc/800.jpg"), Bytes::from(picture.clone()))
        .await
        .expect("put");
    assert_eq!(read(storage, "uploads/abc/800.jpg").await, picture);
    storage
        .put(&key("uploads/abc/800.jpg"), Bytes::from_static(b"smaller"))
        .await
        .expect("put again");
    assert_eq!(read(storage, "uploads/abc/800.jpg").await, &b"smaller"[..]);
    storage
        .put(&key("demo/empty.svg"), Bytes::new())
        .await
        .expect("put nothing");
    assert_eq!(read(storage, "demo/empty.svg").await, &b""[..]);
}

pub async fn missing_and_folder_keys_are_not_found(storage: &dyn MediaStorage) {
    storage
        .put(&key("uploads/abc/480.webp"), Bytes::from_static(b"webp"))
        .await
        .expect("put");
    for missing in [
        "uploads/abc/481.webp",
        "uploads/abc",
        "uploads",
        "uploads/abc/480.webp/x",
        "elsewhere",
    ] {
        assert!(is_missing(storage, missing).await, "{missing} is not there");
    }
}

pub async fn deleting_a_folder_takes_only_what_is_under_it(storage: &dyn MediaStorage) {
    for raw in [
        "uploads/ab/480.jpg",
        "uploads/ab/800.jpg",
        "uploads/ab/sub/1.jpg",
        "uploads/abc/480.jpg",
        "uploads/a.jpg",
    ] {
        storage
            .put(&key(raw), Bytes::from(raw.to_owned()))
            .await
            .expect("put");
    }
    storage.delete_under(&key("uploads/ab")).await.expect("delete");
    for gone in ["uploads/ab/480.jpg", "uploads/ab/800.jpg", "uploads/ab/sub/1.jpg"] {
        assert!(is_missing(storage, gone).await, "{gone} is deleted");
    }
    for kept in ["uploads/abc/480.jpg", "uploads/a.jpg"] {
        assert_eq!(read(storage, kept).await, kept.as_bytes(), "{kept} stays");
    }
    storage
        .delete_under(&key("uploads/ab"))
        .await
        .expect("deleting what is gone is no error");
    storage
        .delete_under(&key("uploads/a.jpg"))
        .await
        .expect("a picture is no folder: nothing is under it");
    assert_eq!(read(storage, "uploads/a.jpg").await, &b"uploads/a.jpg"[..]);
}

pub async fn answers_when_reachable(storage: &dyn MediaStorage) {
    storage.check_reachable().await.expect("reachable");
}

/// One test per behaviour above for the storage `$open` (an async expression returning
/// `(guard, storage)`; the guard keeps what the storage lives in until the test ends).
macro_rules! contract_tests {
    ($open:expr) => {
        mod contract {
            use super::*;

            #[tokio::test]
            async fn keeps_and_replaces_pictures() {
                let (_guard, storage) = $open.await;
                crate::contract::keeps_and_replaces_pictures(&storage).await;
            }

            #[tokio::test]
            async fn missing_and_folder_keys_are_not_found() {
                let (_guard, storage) = $open.await;
                crate::contract::missing_and_folder_keys_are_not_found(&storage).await;
            }

            #[tokio::test]
            async fn deleting_a_folder_takes_only_what_is_under_it() {
                let (_guard, storage) = $open.await;
                crate::contract::deleting_a_folder_takes_only_what_is_under_it(&storage).await;
            }

            #[tokio::test]
            async fn answers_when_reachable() {
                let (_guard, storage) = $open.await;
                crate::contract::answers_when_reachable(&storage).await;
            }
        }
    };
}
pub(crate) use contract_tests;
