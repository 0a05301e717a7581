//! The local media folder: today's layout on disk, whole pictures only, nothing left half-made.

use crate::contract::{contract_tests, key, read};
use bytes::Bytes;
use dateline_storage::{LocalFolder, MediaStorage};

async fn open() -> (tempfile::TempDir, LocalFolder) {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = LocalFolder::new(dir.path().join("media"));
    (dir, folder)
}

contract_tests!(open());

/// Every file under `root`, hidden ones included, relative to it.
fn files_under(root: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                folders.push(entry.path());
            } else {
                found.push(entry.path().strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn keys_are_paths_under_the_folder_as_they_always_were() {
    let (_dir, folder) = open().await;
    folder
        .put(&key("demo/river-ferry.svg"), Bytes::from_static(b"<svg/>"))
        .await
        .unwrap();
    folder
        .put(&key("uploads/3f9c/800.jpg"), Bytes::from_static(b"jpeg"))
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(folder.root().join("demo/river-ferry.svg")).unwrap(),
        b"<svg/>"
    );
    assert_eq!(
        files_under(folder.root()),
        vec!["demo/river-ferry.svg", "uploads/3f9c/800.jpg"],
        "no staging file stays behind"
    );
}

#[tokio::test]
async fn a_failed_write_leaves_nothing_behind() {
    let (_dir, folder) = open().await;
    folder
        .put(
            &key("uploads/3f9c"),
            Bytes::from_static(b"a file where a folder would go"),
        )
        .await
        .unwrap();
    let error = folder
        .put(&key("uploads/3f9c/800.jpg"), Bytes::from_static(b"jpeg"))
        .await
        .expect_err("no folder can be made where a file is");
    assert!(!error.is_not_found(), "{error}");
    assert_eq!(files_under(folder.root()), vec!["uploads/3f9c"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_meet_a_whole_picture_while_it_is_replaced() {
    let (_dir, folder) = open().await;
    let folder = std::sync::Arc::new(folder);
    let small = Bytes::from(vec![b's'; 64 * 1024]);
    let large = Bytes::from(vec![b'L'; 1024 * 1024]);
    folder.put(&key("demo/lead.jpg"), small.clone()).await.unwrap();
    let writer = tokio::spawn({
        let (folder, small, large) = (folder.clone(), small.clone(), large.clone());
        async move {
            for round in 0..60 {
                let bytes = if round % 2 == 0 {
                    large.clone()
                } else {
                    small.clone()
                };
                folder.put(&key("demo/lead.jpg"), bytes).await.unwrap();
            }
        }
    });
    let mut reads = 0;
    while !writer.is_finished() || reads == 0 {
        let seen = read(&*folder, "demo/lead.jpg").await;
        assert!(
            seen == small || seen == large,
            "a read saw {} bytes: part of a picture",
            seen.len()
        );
        reads += 1;
    }
    writer.await.unwrap();
    assert_eq!(files_under(folder.root()), vec!["demo/lead.jpg"]);
}

#[tokio::test]
async fn a_folder_that_cannot_be_made_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("media"), b"a file").unwrap();
    let folder = LocalFolder::new(dir.path().join("media"));
    let error = folder.check_reachable().await.expect_err("a file is no folder");
    assert!(error.to_string().contains("media"), "{error}");
}
