//! The media library: a picture uploaded once is decoded and re-encoded (no metadata, GPS
//! included, reaches readers), resized to responsive widths and written to the media storage
//! every node reads; one that nothing shows can be deleted with every copy of it.

use crate::Service;
use dateline_domain::digest::{hex_token, keyed_digest_of_bytes};
use dateline_domain::{Action, Actor, Focus};
use dateline_media::{Format, MediaError, Processed};
use dateline_storage::{MediaKey, StorageError};
use dateline_store::StoreError;
use dateline_store::imports::{ImportKey, Imported};
use dateline_store::media::LibraryImage;
use dateline_store::users::StaffUser;

/// The words that go with a picture wherever it is shown, unless a story gives its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageWords {
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// Why a picture was not added to the library.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("only those who write stories upload pictures")]
    NotAllowed,
    /// Readers who cannot see the picture are told what it shows.
    #[error("describe the picture for readers who cannot see it")]
    AltMissing,
    /// Not a picture Dateline takes (too large, not an image, damaged, a decompression bomb).
    #[error(transparent)]
    Refused(#[from] MediaError),
    #[error("writing the picture: {0}")]
    Storage(#[from] StorageError),
    /// The work of re-encoding stopped before it was done (the server shutting down).
    #[error("re-encoding the picture: {0}")]
    Interrupted(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A fresh folder for an upload's files: `uploads/<random token>`.
fn upload_folder() -> Result<MediaKey, UploadError> {
    let token = hex_token(rand::random());
    MediaKey::parse(&format!("uploads/{token}"))
        .map_err(|e| UploadError::Interrupted(format!("naming a folder: {e}")))
}

/// Why a picture was not deleted.
#[derive(Debug, thiserror::Error)]
pub enum DeleteImageError {
    #[error("only editors delete pictures")]
    NotAllowed,
    #[error("no such picture")]
    NotFound,
    /// Stories or authors still show it: their headlines and names.
    #[error("the picture is still shown by {0:?}")]
    InUse(Vec<String>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a picture's focus was not set.
#[derive(Debug, thiserror::Error)]
pub enum FocusError {
    #[error("only members who write stories set a picture's focus")]
    NotAllowed,
    #[error("no such picture")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Service {
    /// Records where the subject of picture `id` is, so that crops keep it in view.
    pub async fn set_image_focus(&self, user: &StaffUser, id: i64, focus: Focus) -> Result<(), FocusError> {
        if !user.role.can(Action::WriteStories) {
            return Err(FocusError::NotAllowed);
        }
        if !self
            .store()
            .set_image_focus(id, focus, Actor::Member(user.id))
            .await?
        {
            return Err(FocusError::NotFound);
        }
        self.committed().await;
        Ok(())
    }

    /// Adds a picture to the library: checked, re-encoded in every size, written whole to the
    /// media storage, then recorded. Nothing half-made stays behind. Returns its id.
    pub async fn upload_image(
        &self,
        user: &StaffUser,
        upload: Vec<u8>,
        words: &ImageWords,
    ) -> Result<i64, UploadError> {
        if !user.role.can(Action::WriteStories) {
            return Err(UploadError::NotAllowed);
        }
        self.add_picture(upload, words, None, Actor::Member(user.id))
            .await
    }

    /// A picture from an archive (an import), recorded with where it came from: the same file
    /// imported again is left as it is.
    pub async fn import_image(
        &self,
        key: ImportKey<'_>,
        upload: Vec<u8>,
        words: &ImageWords,
    ) -> Result<Imported, UploadError> {
        let digest = keyed_digest_of_bytes(&format!("imported-picture {words:?}"), &upload);
        let recorded = self.store().imported(key).await?;
        if let Some((id, kept)) = &recorded
            && *kept == digest
            && self.store().library_image(*id).await?.is_some()
        {
            return Ok(Imported::Unchanged(*id));
        }
        let id = self
            .add_picture(upload, words, Some((key, &digest)), Actor::System)
            .await?;
        Ok(match recorded {
            Some(_) => Imported::Updated(id),
            None => Imported::Added(id),
        })
    }

    /// Checks, re-encodes and stores a picture, and adds it to the library.
    async fn add_picture(
        &self,
        upload: Vec<u8>,
        words: &ImageWords,
        imported: Option<(ImportKey<'_>, &str)>,
        actor: Actor,
    ) -> Result<i64, UploadError> {
        let words = ImageWords {
            alt: words.alt.trim().to_owned(),
            caption: words.caption.trim().to_owned(),
            credit: words.credit.trim().to_owned(),
        };
        if words.alt.is_empty() {
            return Err(UploadError::AltMissing);
        }
        let limits = dateline_media::Limits::default();
        let inspected = dateline_media::inspect(&upload, &limits)?;
        let share = self.0.picture_memory.share(inspected.working_memory).await?;
        let processed = tokio::task::spawn_blocking(move || dateline_media::process(&upload, &limits))
            .await
            .map_err(|e| UploadError::Interrupted(e.to_string()))??;
        drop(share);
        let folder = upload_folder()?;
        let image = match self.write_variants(&folder, &processed, &words).await {
            Ok(image) => image,
            Err(error) => {
                let _ = self.media().delete_under(&folder).await;
                return Err(error);
            }
        };
        match self.store().add_to_library(&image, imported, actor).await {
            Ok(id) => {
                self.committed().await;
                Ok(id)
            }
            Err(error) => {
                // The files go if the library cannot hold them.
                let _ = self.media().delete_under(&folder).await;
                Err(error.into())
            }
        }
    }

    /// Writes every size into `folder`, each whole before a reader can meet it (and none named
    /// in a page before the library holds it).
    async fn write_variants(
        &self,
        folder: &MediaKey,
        processed: &Processed,
        words: &ImageWords,
    ) -> Result<LibraryImage, UploadError> {
        for variant in &processed.variants {
            let name = format!("{}.{}", variant.width, variant.format.extension());
            let key = folder
                .child(&name)
                .map_err(|e| UploadError::Interrupted(format!("naming {name}: {e}")))?;
            self.media().put(&key, variant.bytes.clone().into()).await?;
        }
        let set = |format: Format| -> String {
            let mut variants: Vec<_> = processed.variants.iter().filter(|v| v.format == format).collect();
            variants.sort_by_key(|v| v.width);
            variants
                .iter()
                .map(|v| {
                    format!(
                        "/media/{folder}/{}.{} {}w",
                        v.width,
                        v.format.extension(),
                        v.width
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let largest = processed
            .variants
            .iter()
            .filter(|v| v.format == processed.original_format)
            .max_by_key(|v| v.width)
            .ok_or_else(|| UploadError::Interrupted("no size in the original format".to_owned()))?;
        Ok(LibraryImage {
            path: format!("{folder}/{}.{}", largest.width, largest.format.extension()),
            width: i64::from(largest.width),
            height: i64::from(largest.height),
            alt: words.alt.clone(),
            caption: words.caption.clone(),
            credit: words.credit.clone(),
            srcset: if processed.original_format == Format::Webp {
                String::new()
            } else {
                set(processed.original_format)
            },
            webp_srcset: set(Format::Webp),
        })
    }

    /// Deletes a picture and every copy of it, unless a story or an author shows it: a
    /// picture that could expose a source must be able to go.
    pub async fn delete_image(&self, user: &StaffUser, id: i64) -> Result<(), DeleteImageError> {
        if !user.role.can(Action::EditAnyStory) {
            return Err(DeleteImageError::NotAllowed);
        }
        let uses = self.store().image_uses(id).await?;
        if !uses.is_empty() {
            return Err(DeleteImageError::InUse(uses));
        }
        let path = self
            .store()
            .delete_image(id, Actor::Member(user.id))
            .await?
            .ok_or(DeleteImageError::NotFound)?;
        // The demo's pictures share a folder; an upload's folder is its own.
        let folder = MediaKey::parse(&path)
            .ok()
            .and_then(|key| key.parent())
            .filter(|folder| folder.as_str().starts_with("uploads/"));
        if let Some(folder) = folder
            && let Err(error) = self.media().delete_under(&folder).await
        {
            tracing::error!(%error, "deleting the files of a deleted picture, {folder}");
        }
        // Nothing showed the picture, so no page changes.
        self.committed().await;
        Ok(())
    }
}
