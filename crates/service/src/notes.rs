//! Notes on a story for the newsroom only: anyone who may read the story may leave one.

use crate::Service;
use crate::stories::is_own;
use dateline_store::StoreError;
use dateline_store::users::StaffUser;

/// The longest note, in characters: a line to colleagues, not a second story.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// Why a note was not added.
#[derive(Debug, thiserror::Error)]
pub enum NoteError {
    #[error("the note is empty")]
    Empty,
    #[error("the note is longer than {MAX_NOTE_CHARS} characters")]
    TooLong,
    /// No such story, or none this member may read.
    #[error("no such story")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Service {
    /// Leaves `body` as `user`'s note on story `id`.
    pub async fn add_story_note(&self, user: &StaffUser, id: i64, body: &str) -> Result<(), NoteError> {
        let story = self.store().story(id).await?.ok_or(NoteError::NotFound)?;
        if !user.role.may_read(is_own(user, &story)) {
            return Err(NoteError::NotFound);
        }
        let body = body.trim();
        if body.is_empty() {
            return Err(NoteError::Empty);
        }
        if body.chars().count() > MAX_NOTE_CHARS {
            return Err(NoteError::TooLong);
        }
        self.store().add_story_note(id, user.id, body).await?;
        self.committed().await;
        Ok(())
    }
}
