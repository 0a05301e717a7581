//! What can go wrong with the search index, worded for the operator reading the log.

use std::path::PathBuf;

/// A failure of the search index. None is caused by what a reader typed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index folder could not be created, read or cleared.
    #[error("search index folder {path}: {source}")]
    Folder { path: PathBuf, source: std::io::Error },
    /// The search engine failed: disk full, permissions, a lock held by another process…
    #[error("search index: {0}")]
    Engine(#[from] tantivy::TantivyError),
    /// The index's files were damaged after it was opened; it must be built afresh.
    #[error("search index: its files are damaged")]
    Damaged,
}

impl SearchError {
    /// Whether another process (a running server) holds the index's writer.
    pub fn is_locked(&self) -> bool {
        matches!(
            self,
            SearchError::Engine(tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _
            ))
        )
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(error: tantivy::directory::error::OpenDirectoryError) -> Self {
        SearchError::Engine(error.into())
    }
}
