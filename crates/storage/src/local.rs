//! The local media folder (`<data>/media`), the default: each picture is written whole under a
//! hidden name beside its place, then renamed into it, so readers see all of it or nothing.

use crate::{MediaKey, MediaObject, MediaStorage, StorageError};
use bytes::Bytes;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct LocalFolder {
    root: PathBuf,
}

impl LocalFolder {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Keys have no empty, hidden or `..` part (see [`MediaKey`]), so the path stays inside.
    fn path_of(&self, key: &MediaKey) -> PathBuf {
        key.parts().fold(self.root.clone(), |path, part| path.join(part))
    }

    fn folder_error(path: &Path) -> impl FnOnce(std::io::Error) -> StorageError + '_ {
        move |source| StorageError::Folder {
            path: path.to_owned(),
            source,
        }
    }
}

impl std::fmt::Display for LocalFolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the folder {}", self.root.display())
    }
}

/// Whether an error only says that nothing is at a path (or that a file stands where a folder
/// would be).
fn is_absent(error: &std::io::Error) -> bool {
    matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
}

#[async_trait::async_trait]
impl MediaStorage for LocalFolder {
    async fn put(&self, key: &MediaKey, bytes: Bytes) -> Result<(), StorageError> {
        let path = self.path_of(key);
        let folder = path.parent().unwrap_or(&self.root);
        tokio::fs::create_dir_all(folder)
            .await
            .map_err(Self::folder_error(folder))?;
        let name = key.parts().last().unwrap_or_default();
        // A leading '.' makes the half-written file one no key can name, so it is never served.
        let staging = folder.join(format!(".{name}.incoming-{:016x}", rand::random::<u64>()));
        let written = async {
            tokio::fs::write(&staging, &bytes).await?;
            tokio::fs::rename(&staging, &path).await
        };
        if let Err(source) = written.await {
            let _ = tokio::fs::remove_file(&staging).await;
            return Err(StorageError::Folder { path, source });
        }
        Ok(())
    }

    async fn get(&self, key: &MediaKey) -> Result<MediaObject, StorageError> {
        let path = self.path_of(key);
        // Anything but a readable regular file (a folder, a path through a file) is not there.
        let is_file = tokio::fs::metadata(&path).await.is_ok_and(|meta| meta.is_file());
        if !is_file {
            return Err(StorageError::NotFound { key: key.clone() });
        }
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) => Bytes::from(bytes),
            // Deleted between the two looks.
            Err(error) if is_absent(&error) => return Err(StorageError::NotFound { key: key.clone() }),
            Err(source) => return Err(StorageError::Folder { path, source }),
        };
        Ok(MediaObject {
            content_length: bytes.len() as u64,
            body: Box::pin(futures_util::stream::once(std::future::ready(Ok(bytes)))),
        })
    }

    async fn delete_under(&self, prefix: &MediaKey) -> Result<(), StorageError> {
        let path = self.path_of(prefix);
        match tokio::fs::symlink_metadata(&path).await {
            Ok(meta) if meta.is_dir() => match tokio::fs::remove_dir_all(&path).await {
                Err(error) if !is_absent(&error) => Err(StorageError::Folder { path, source: error }),
                _ => Ok(()),
            },
            // A file at the prefix itself is not under it.
            Ok(_) => Ok(()),
            Err(error) if is_absent(&error) => Ok(()),
            Err(source) => Err(StorageError::Folder { path, source }),
        }
    }

    async fn check_reachable(&self) -> Result<(), StorageError> {
        tokio::fs::create_dir_all(&self.root)
            .await
            .map_err(Self::folder_error(&self.root))
    }
}
