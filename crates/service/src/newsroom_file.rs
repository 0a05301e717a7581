//! A whole newsroom taken out as a Dateline export, and brought into an empty store: the way
//! from SQLite to PostgreSQL and back, and from one media store to another. An export is a
//! folder: `export.json` (the document, `docs/export-format.md`) and `media/`, every file of
//! every picture by its media key.

use crate::Service;
use dateline_domain::Actor;
use dateline_storage::{MediaKey, StorageError};
use dateline_store::export::{ExportFileError, Exported, Restored};
use std::path::{Path, PathBuf};

/// The document's file in an export's folder.
pub const EXPORT_DOCUMENT: &str = "export.json";
/// The pictures' folder in an export's folder.
pub const EXPORT_MEDIA: &str = "media";

/// Why an export could not be made or brought in.
#[derive(Debug, thiserror::Error)]
pub enum NewsroomFileError {
    #[error("{} is not empty: export into a new folder", .0.display())]
    FolderInUse(PathBuf),
    #[error("{} holds no Dateline export: {EXPORT_DOCUMENT} is missing", .0.display())]
    NoExport(PathBuf),
    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is no media key: {reason}", path.display())]
    MediaName { path: PathBuf, reason: String },
    #[error("the media store: {0}")]
    Media(#[from] StorageError),
    #[error(transparent)]
    Document(#[from] ExportFileError),
}

/// What an export wrote: the document's rows and the pictures' files.
#[derive(Debug)]
pub struct NewsroomExported {
    pub document: Exported,
    pub files: u64,
    /// Media keys the store names that the media store did not hold.
    pub missing: Vec<String>,
}

/// What an import of an export brought in.
#[derive(Debug)]
pub struct NewsroomImported {
    pub document: Restored,
    pub files: u64,
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> NewsroomFileError + '_ {
    move |source| NewsroomFileError::File {
        path: path.to_owned(),
        source,
    }
}

impl Service {
    /// Writes the whole newsroom into the new (or empty) folder `into` while the site serves:
    /// the document, read in one snapshot, then the files of every picture it names.
    pub async fn export_newsroom(&self, into: &Path) -> Result<NewsroomExported, NewsroomFileError> {
        let in_use = into.exists()
            && into
                .read_dir()
                .map(|mut entries| entries.next().is_some())
                .unwrap_or(true);
        if in_use {
            return Err(NewsroomFileError::FolderInUse(into.to_owned()));
        }
        std::fs::create_dir_all(into).map_err(file_error(into))?;
        let path = into.join(EXPORT_DOCUMENT);
        let file = std::fs::File::create(&path).map_err(file_error(&path))?;
        let mut out = std::io::BufWriter::new(file);
        let document = self.store().export_into(&mut out).await?;
        drop(out);
        let media = into.join(EXPORT_MEDIA);
        let (mut files, mut missing) = (0, Vec::new());
        for name in &document.media {
            let Ok(key) = MediaKey::parse(name) else {
                missing.push(name.clone());
                continue;
            };
            let bytes = match self.media().get(&key).await {
                Ok(object) => object.into_bytes().await?,
                Err(error) if error.is_not_found() => {
                    missing.push(name.clone());
                    continue;
                }
                Err(error) => return Err(error.into()),
            };
            let target = key.parts().fold(media.clone(), |path, part| path.join(part));
            if let Some(folder) = target.parent() {
                std::fs::create_dir_all(folder).map_err(file_error(folder))?;
            }
            std::fs::write(&target, &bytes).map_err(file_error(&target))?;
            files += 1;
        }
        Ok(NewsroomExported {
            document,
            files,
            missing,
        })
    }

    /// Brings the export in the folder `from` into this store, which must hold no newsroom:
    /// the pictures' files first (so that no page names a picture not there yet), then every
    /// row in one transaction with its `newsroom.restored` event.
    pub async fn import_newsroom(&self, from: &Path) -> Result<NewsroomImported, NewsroomFileError> {
        let path = from.join(EXPORT_DOCUMENT);
        if !path.is_file() {
            return Err(NewsroomFileError::NoExport(from.to_owned()));
        }
        if !self.store().is_empty().await.map_err(ExportFileError::from)? {
            return Err(ExportFileError::NotEmpty("site_settings").into());
        }
        let files = self
            .put_media_under(&from.join(EXPORT_MEDIA), &mut Vec::new())
            .await?;
        let file = std::fs::File::open(&path).map_err(file_error(&path))?;
        let document = self.store().import_export(file, Actor::System).await?;
        self.committed().await;
        Ok(NewsroomImported { document, files })
    }

    /// Puts every file under `folder` into the media store, its key the path below the
    /// export's media folder (`parts`); returns how many.
    async fn put_media_under(
        &self,
        folder: &Path,
        parts: &mut Vec<String>,
    ) -> Result<u64, NewsroomFileError> {
        if !folder.exists() {
            return Ok(0);
        }
        let mut entries: Vec<_> = std::fs::read_dir(folder)
            .map_err(file_error(folder))?
            .collect::<Result<_, _>>()
            .map_err(file_error(folder))?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        let mut put = 0;
        for entry in entries {
            let path = entry.path();
            let name = entry
                .file_name()
                .into_string()
                .map_err(|_| NewsroomFileError::MediaName {
                    path: path.clone(),
                    reason: "its name is not UTF-8".to_owned(),
                })?;
            parts.push(name);
            if entry.file_type().map_err(file_error(&path))?.is_dir() {
                put += Box::pin(self.put_media_under(&path, parts)).await?;
            } else {
                let key =
                    MediaKey::parse(&parts.join("/")).map_err(|error| NewsroomFileError::MediaName {
                        path: path.clone(),
                        reason: error.to_string(),
                    })?;
                let bytes = std::fs::read(&path).map_err(file_error(&path))?;
                self.media().put(&key, bytes.into()).await?;
                put += 1;
            }
            parts.pop();
        }
        Ok(put)
    }
}
