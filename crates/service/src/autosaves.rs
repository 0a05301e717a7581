//! Keeping what a journalist types in the story editor, every few seconds, without saving it:
//! a member's own scratch copy per story, refused once anyone has saved a newer version.

use crate::Service;
use crate::stories::{StoryWriteError, is_own};
use dateline_domain::{Action, Lang};
use dateline_store::autosaves::{Autosave, AutosaveOutcome, AutosaveSlot};
use dateline_store::users::StaffUser;

impl Service {
    /// Keeps `fields` (the editor's form) as `user`'s unsaved work on story `story_id` (none: a
    /// story not yet started, in `edition`), typed on `base_version`.
    pub async fn autosave_story(
        &self,
        user: &StaffUser,
        story_id: Option<i64>,
        edition: Lang,
        base_version: i64,
        fields: &str,
    ) -> Result<AutosaveOutcome, StoryWriteError> {
        let edition = match story_id {
            Some(id) => {
                let story = self.store().story(id).await?.ok_or(StoryWriteError::NotFound)?;
                if !user.role.may_edit(is_own(user, &story), story.status()?) {
                    return Err(StoryWriteError::NotAllowed);
                }
                story.lang()?
            }
            None if user.role.can(Action::WriteStories) => edition,
            None => return Err(StoryWriteError::NotAllowed),
        };
        let slot = AutosaveSlot {
            user_id: user.id,
            story_id,
        };
        let outcome = self.store().autosave(slot, edition, base_version, fields).await?;
        self.committed().await;
        Ok(outcome)
    }

    /// What `user` typed on the story and did not save, if anything was kept.
    pub async fn autosave_of(
        &self,
        user: &StaffUser,
        story_id: Option<i64>,
    ) -> Result<Option<Autosave>, StoryWriteError> {
        let slot = AutosaveSlot {
            user_id: user.id,
            story_id,
        };
        Ok(self.store().autosave_of(slot).await?)
    }

    /// Throws away what was kept of `user`'s unsaved typing on the story.
    pub async fn discard_autosave(
        &self,
        user: &StaffUser,
        story_id: Option<i64>,
    ) -> Result<(), StoryWriteError> {
        let slot = AutosaveSlot {
            user_id: user.id,
            story_id,
        };
        if self.store().discard_autosave(slot).await? {
            self.committed().await;
        }
        Ok(())
    }
}
