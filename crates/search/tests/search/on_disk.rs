//! The index on disk: created, reopened, and rebuilt when damaged.

use crate::corpus::*;
use dateline_domain::Lang;
use dateline_search::{Opened, SearchIndex};
use std::path::PathBuf;

// The index on disk

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("dateline-search-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn an_index_on_disk_is_created_then_reopened() {
    let dir = TempDir::new("reopen");
    let (index, opened) = SearchIndex::open(&dir.0).expect("created");
    assert_eq!(opened, Opened::Fresh);
    assert_eq!(index.doc_count(), 0);
    assert_eq!(index.applied_events(), None, "a new index has taken in no event");
    index.apply(&english(), &[], 8).expect("put");
    drop(index);

    let (index, opened) = SearchIndex::open(&dir.0).expect("reopened");
    assert_eq!(opened, Opened::Existing);
    assert_eq!(index.doc_count(), 8);
    assert_eq!(
        index.applied_events(),
        Some(8),
        "the index remembers the last event it took in, to catch up from there"
    );
    assert_eq!(ids(&index, Lang::En, "reservoir").first(), Some(&3));
    drop(index);

    // An index nobody filled is still this version's: no needless rebuild.
    let empty = TempDir::new("empty");
    drop(SearchIndex::open(&empty.0).expect("created"));
    assert_eq!(SearchIndex::open(&empty.0).expect("reopened").1, Opened::Existing);
}

#[test]
fn a_damaged_index_is_wiped_and_comes_back_fresh() {
    let dir = TempDir::new("garbage");
    std::fs::create_dir_all(&dir.0).expect("folder");
    std::fs::write(dir.0.join("meta.json"), "{ this is not an index").expect("junk meta");
    std::fs::write(dir.0.join(".managed.json"), [0xFF, 0x00, 0x13, 0x37]).expect("junk managed");
    let noise: Vec<u8> = (0..4096u32)
        .map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(dir.0.join("0123456789abcdef0123456789abcdef.idx"), &noise).expect("junk segment");
    std::fs::write(dir.0.join("notes.txt"), "kept").expect("unrelated file");

    let (index, opened) = SearchIndex::open(&dir.0).expect("recreated");
    assert_eq!(opened, Opened::Fresh);
    assert_eq!(
        index
            .rebuild(english().into_iter().map(Ok::<_, ()>), 8)
            .expect("refilled"),
        8
    );
    assert_eq!(ids(&index, Lang::En, "reservoir").first(), Some(&3));
    assert!(!dir.0.join("0123456789abcdef0123456789abcdef.idx").exists());
    assert_eq!(
        std::fs::read_to_string(dir.0.join("notes.txt")).ok().as_deref(),
        Some("kept")
    );
    drop(index);

    // Segment files damaged under a valid meta.json: also rebuilt.
    for entry in std::fs::read_dir(&dir.0).expect("list") {
        let path = entry.expect("entry").path();
        if path
            .extension()
            .is_some_and(|ext| ext == "idx" || ext == "term" || ext == "store")
        {
            std::fs::write(&path, &noise).expect("damage");
        }
    }
    let (index, opened) = SearchIndex::open(&dir.0).expect("recreated again");
    assert_eq!(opened, Opened::Fresh);
    assert_eq!(index.doc_count(), 0);
}

#[test]
fn a_file_where_the_folder_should_be_is_moved_aside() {
    let parent = TempDir::new("file-in-the-way");
    std::fs::create_dir_all(&parent.0).expect("folder");
    let dir = parent.0.join("search");
    std::fs::write(&dir, "an operator's note, saved in the wrong place").expect("a file");
    let (index, opened) = SearchIndex::open(&dir).expect("opened all the same");
    assert_eq!(opened, Opened::Fresh);
    assert!(dir.is_dir(), "the index has its folder");
    assert_eq!(
        std::fs::read_to_string(parent.0.join("search.not-a-folder"))
            .ok()
            .as_deref(),
        Some("an operator's note, saved in the wrong place"),
        "the file is kept, renamed"
    );
    assert_eq!(
        index
            .rebuild(english().into_iter().map(Ok::<_, ()>), 8)
            .expect("filled"),
        8
    );
}

#[test]
fn an_index_from_another_version_is_rebuilt() {
    let dir = TempDir::new("version");
    drop(SearchIndex::open(&dir.0).expect("created"));
    let meta = dir.0.join("meta.json");
    let text = std::fs::read_to_string(&meta).expect("meta.json");
    assert!(
        text.contains("dateline-search/"),
        "the version is stamped in meta.json: {text}"
    );
    std::fs::write(&meta, text.replace("dateline-search/", "dateline-search/0.")).expect("rewrite");
    assert_eq!(SearchIndex::open(&dir.0).expect("reopened").1, Opened::Fresh);
}

#[test]
fn the_index_is_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SearchIndex>();
}

#[test]
fn a_rebuild_stopped_midway_leaves_the_index_as_it_was() {
    let dir = TempDir::new("stopped");
    let (index, _) = SearchIndex::open(&dir.0).expect("created");
    index
        .rebuild(english().into_iter().map(Ok::<_, &str>), 8)
        .expect("filled");
    let mut arabic_then_failure: Vec<Result<_, &str>> = arabic().into_iter().map(Ok).collect();
    arabic_then_failure.insert(3, Err("the store went away"));
    let stopped = index.rebuild(arabic_then_failure, 9);
    assert!(matches!(
        stopped,
        Err(dateline_search::RebuildError::Source("the store went away"))
    ));
    assert_eq!(index.doc_count(), 8, "the English stories are still all there");
    assert!(
        ids(&index, Lang::Ar, "مدرسة").is_empty(),
        "nothing of the stopped rebuild shows"
    );
    assert_eq!(index.applied_events(), Some(8));
    drop(index);
    let (index, _) = SearchIndex::open(&dir.0).expect("reopened");
    assert_eq!(index.applied_events(), Some(8));
    assert_eq!(index.doc_count(), 8);
}
