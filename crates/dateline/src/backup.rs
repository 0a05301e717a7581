//! `dateline backup DIR` and `dateline restore DIR`: the embedded store and the media folder
//! copied while the site serves, and put back into a data folder. The store is copied first,
//! in one snapshot, and the pictures after it: a picture's files are written before the
//! library names it, so every picture the copied store names has its files in the backup.

use anyhow::{Context, bail};
use dateline_store::Store;
use std::path::Path;

const STORE_FILE: &str = "dateline.db";
const MEDIA_FOLDER: &str = "media";
const NOTE_FILE: &str = "BACKUP.txt";

/// Backs the store (and, when `media` is the local folder, the pictures) up into `into`,
/// which must be new or empty.
pub async fn backup(store: &Store, media: Option<&Path>, into: &Path) -> anyhow::Result<()> {
    if into.exists()
        && into
            .read_dir()
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(true)
    {
        bail!("{} is not empty: back up into a new folder", into.display());
    }
    std::fs::create_dir_all(into).with_context(|| format!("making {}", into.display()))?;
    let started = chrono::Utc::now();
    store
        .backup_sqlite_into(&into.join(STORE_FILE))
        .await
        .context("copying the store")?;
    let pictures = match media {
        Some(folder) if folder.exists() => copy_tree(folder, &into.join(MEDIA_FOLDER))?,
        _ => 0,
    };
    let note = format!(
        "A Dateline backup, taken {started} by Dateline {}.\n\
         {STORE_FILE}: the store, as it was when the backup began.\n\
         {MEDIA_FOLDER}/: {pictures} files of the media folder{}.\n\
         Put it back with: dateline restore {} --data DATA_FOLDER\n",
        env!("CARGO_PKG_VERSION"),
        if media.is_some() {
            ""
        } else {
            " (none: the media are in S3-compatible storage, backed up there)"
        },
        into.display(),
    );
    std::fs::write(into.join(NOTE_FILE), note)?;
    println!("Backed up to {} ({pictures} media files).", into.display());
    Ok(())
}

/// Puts the backup in `from` into the data folder `data`; a folder that holds a store already
/// is replaced only when `replace` (with its server stopped).
pub fn restore(from: &Path, data: &Path, replace: bool) -> anyhow::Result<()> {
    let store = from.join(STORE_FILE);
    if !store.is_file() {
        bail!("{} holds no backup: {STORE_FILE} is missing", from.display());
    }
    let target = data.join(STORE_FILE);
    if target.exists() && !replace {
        bail!(
            "{} holds a store already: stop its server and give --replace to put the backup in its place",
            data.display()
        );
    }
    std::fs::create_dir_all(data)?;
    let incoming = data.join(format!("{STORE_FILE}.restoring"));
    std::fs::copy(&store, &incoming).with_context(|| format!("copying {}", store.display()))?;
    for leftover in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(data.join(format!("{STORE_FILE}{leftover}")));
    }
    std::fs::rename(&incoming, &target)?;
    let media = from.join(MEDIA_FOLDER);
    let pictures = if media.exists() {
        copy_tree(&media, &data.join(MEDIA_FOLDER))?
    } else {
        0
    };
    // The search index is filled afresh from the restored store when the server starts.
    let search = data.join("search");
    if search.exists() {
        std::fs::remove_dir_all(&search).with_context(|| format!("clearing {}", search.display()))?;
    }
    println!(
        "Restored {} into {} ({pictures} media files); the search index is rebuilt when the server starts.",
        from.display(),
        data.display()
    );
    Ok(())
}

/// Copies every file under `from` into `to`, keeping the tree; returns how many. A file gone
/// while copying (a picture deleted meanwhile) is passed over.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<u64> {
    std::fs::create_dir_all(to)?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copied += copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            match std::fs::copy(entry.path(), &target) {
                Ok(_) => copied += 1,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => {
                    return Err(error).with_context(|| format!("copying {}", entry.path().display()));
                }
            }
        }
    }
    Ok(copied)
}
