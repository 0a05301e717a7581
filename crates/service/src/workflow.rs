//! Moving stories along the workflow (submitted, scheduled, published, unpublished), the
//! scheduler that publishes them on time, and corrections appended once they are out.

use crate::Service;
use crate::stories::is_own;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use dateline_domain::{Action, Actor, ArticleStatus};
use dateline_store::StoreError;
use dateline_store::stories::{StatusChange, StoryError};
use dateline_store::users::StaffUser;

/// Why a story was not moved.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error("the member's role does not allow this move")]
    NotAllowed,
    #[error("no such story")]
    NotFound,
    /// A story is scheduled for a time to come, in the site's time zone.
    #[error("a scheduled story needs a time to come")]
    ScheduleNotAhead,
    /// Someone (or the scheduler) moved the story first; nothing was changed.
    #[error("the story's status changed in the meantime")]
    StatusChanged,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a correction was not added.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("corrections are appended to published stories, by those who may")]
    NotAllowed,
    #[error("no such story")]
    NotFound,
    #[error("a correction says what was wrong")]
    Empty,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<StoryError> for MoveError {
    fn from(error: StoryError) -> Self {
        match error {
            StoryError::NotFound => MoveError::NotFound,
            StoryError::StatusChanged | StoryError::StaleVersion | StoryError::SlugTaken => {
                MoveError::StatusChanged
            }
            StoryError::Store(error) => MoveError::Store(error),
        }
    }
}

impl Service {
    /// Moves story `id` to `to`, if `user` may take that edge of the workflow from where the
    /// story is. Scheduling takes `schedule_at`, a time in the site's time zone.
    pub async fn move_story(
        &self,
        user: &StaffUser,
        id: i64,
        to: ArticleStatus,
        schedule_at: Option<NaiveDateTime>,
    ) -> Result<(), MoveError> {
        let at = match schedule_at {
            Some(local) => {
                let zone = self.site_time_zone().await?;
                zone.from_local_datetime(&local)
                    .earliest()
                    .map(|at| at.with_timezone(&Utc))
            }
            None => None,
        };
        self.move_story_at(user, id, to, at).await
    }

    /// Moves story `id` to `to`, as `move_story` does, with a schedule given as a moment.
    pub async fn move_story_at(
        &self,
        user: &StaffUser,
        id: i64,
        to: ArticleStatus,
        schedule_at: Option<DateTime<Utc>>,
    ) -> Result<(), MoveError> {
        let store = self.store();
        let story = store.story(id).await?.ok_or(MoveError::NotFound)?;
        let from = story.status()?;
        if !user.role.may_move(is_own(user, &story), from, to) {
            return Err(MoveError::NotAllowed);
        }
        let now = Utc::now();
        let scheduled_at = match to {
            ArticleStatus::Scheduled => Some(
                schedule_at
                    .filter(|at| *at > now)
                    .ok_or(MoveError::ScheduleNotAhead)?,
            ),
            _ => None,
        };
        let change = StatusChange {
            id,
            from,
            to,
            at: now,
            scheduled_at,
            original_dates: None,
        };
        store.move_story(change, Actor::Member(user.id)).await?;
        self.committed().await;
        Ok(())
    }

    /// Publishes the scheduled stories whose time has come at `now` (each exactly once,
    /// however many nodes ask); returns how many. Servers call it every few seconds.
    pub async fn publish_due(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let published = self.store().publish_due(now).await?;
        if !published.is_empty() {
            tracing::info!(stories = ?published, "published scheduled stories");
            self.committed().await;
        }
        Ok(published.len())
    }

    /// Appends a correction to published story `id`; readers see it under the story.
    pub async fn correct_story(&self, user: &StaffUser, id: i64, text: &str) -> Result<(), CorrectionError> {
        let story = self.store().story(id).await?.ok_or(CorrectionError::NotFound)?;
        if !user.role.can(Action::AppendCorrections) || story.status()? != ArticleStatus::Published {
            return Err(CorrectionError::NotAllowed);
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(CorrectionError::Empty);
        }
        match self
            .store()
            .add_correction(id, text, Actor::Member(user.id))
            .await
        {
            Ok(()) => {}
            Err(StoryError::Store(error)) => return Err(error.into()),
            Err(_) => return Err(CorrectionError::NotFound),
        }
        self.committed().await;
        Ok(())
    }
}
