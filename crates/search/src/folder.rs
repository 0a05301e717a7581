//! The index's folder on disk: telling a usable index from a missing, damaged or outdated
//! one, and clearing it for a fresh start without touching files that are not the index's.

use std::fs;
use std::path::Path;

use tantivy::Index;
use tantivy::collector::Count;
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, Query};

use crate::{analyzer, schema};

/// The index in `dir` if it is there, undamaged, and written by this version with this
/// schema, with the last event it took in (if it knows).
pub fn open_existing(dir: &Path) -> Option<(Index, MmapDirectory, Option<i64>)> {
    let directory = MmapDirectory::open(dir).ok()?;
    if !Index::exists(&directory).ok()? {
        return None;
    }
    let index = Index::open(directory.clone()).ok()?;
    let (schema, _) = schema::build();
    let metas = index.load_metas().ok()?;
    if index.schema() != schema {
        return None;
    }
    let applied_events = schema::parse_payload(metas.payload.as_deref()?)?;
    // Every file's checksum: flipped bytes in a segment are found now, not by a query that
    // panics later.
    if !index.validate_checksum().ok()?.is_empty() {
        return None;
    }
    index.tokenizers().register(analyzer::NAME, analyzer::build());
    // Opening a reader opens every segment's files, parsing their headers and footers; a
    // count of all documents is a last, cheap check that searching works.
    let reader = index.reader().ok()?;
    reader.searcher().search(&AllQuery as &dyn Query, &Count).ok()?;
    Some((index, directory, applied_events))
}

/// When something other than a folder is at `dir` (a file put there by mistake), renames it to
/// `<dir>.not-a-folder` (or `.not-a-folder-2`, …), so the index's folder can be made and the
/// file is not lost.
pub fn move_aside_if_not_a_folder(dir: &Path) -> std::io::Result<()> {
    let Ok(found) = fs::symlink_metadata(dir) else {
        return Ok(());
    };
    if found.is_dir() {
        return Ok(());
    }
    let name = dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = (1..)
        .map(|n| match n {
            1 => dir.with_file_name(format!("{name}.not-a-folder")),
            n => dir.with_file_name(format!("{name}.not-a-folder-{n}")),
        })
        .find(|aside| fs::symlink_metadata(aside).is_err())
        .unwrap_or_else(|| dir.with_file_name(format!("{name}.not-a-folder")));
    fs::rename(dir, aside)
}

/// Removes the files tantivy owns from `dir`, leaving anything else.
pub fn wipe(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type()?.is_file() && is_index_file(&name) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// `meta.json`, `.managed.json`, `.tantivy-*.lock`, and segment files, which are named by a
/// 32-hex-digit segment id (`<id>.idx`, `<id>.store`, `<id>.<opstamp>.del`, …).
fn is_index_file(name: &str) -> bool {
    let segment_id = name.split('.').next().unwrap_or_default();
    matches!(name, "meta.json" | ".managed.json")
        || (name.starts_with(".tantivy-") && name.ends_with(".lock"))
        || (segment_id.len() == 32 && segment_id.bytes().all(|b| b.is_ascii_hexdigit()) && name.len() > 32)
}
