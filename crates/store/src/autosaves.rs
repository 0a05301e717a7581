//! The story editor's autosaves: what a journalist typed and has not saved, one per member and
//! story. They are no revision and never reach readers; saving the story deletes its author's.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, EventKind, Lang, NewEvent};

/// What was kept for a member: the editor's fields as posted, and the revision they were typed on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Autosave {
    pub edition: String,
    /// The story's version the words were typed on (0 for a story not yet started).
    pub base_version: i64,
    /// The editor's form, `application/x-www-form-urlencoded`, without its CSRF token.
    pub fields: String,
    pub saved_at: DateTime<Utc>,
}

/// Whose work an autosave is, and on which story (none: a story not yet started).
#[derive(Debug, Clone, Copy)]
pub struct AutosaveSlot {
    pub user_id: i64,
    pub story_id: Option<i64>,
}

/// What became of an autosave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutosaveOutcome {
    Kept,
    /// Someone saved the story since the words were typed: nothing was kept, so that the older
    /// words can never stand in for the newer save.
    Outdated {
        version: i64,
    },
    NoStory,
}

impl Store {
    /// Keeps `fields` as the member's unsaved work on the story, typed on `base_version`.
    pub async fn autosave(
        &self,
        slot: AutosaveSlot,
        edition: Lang,
        base_version: i64,
        fields: &str,
    ) -> StoreResult<AutosaveOutcome> {
        let now = Utc::now();
        write_with_events!(self, |tx| {
            if let Some(story_id) = slot.story_id {
                let version: Option<(i64,)> = sqlx::query_as("SELECT version FROM articles WHERE id = $1")
                    .bind(story_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                match version {
                    None => return Ok(AutosaveOutcome::NoStory),
                    Some((version,)) if version != base_version => {
                        return Ok(AutosaveOutcome::Outdated { version });
                    }
                    Some(_) => {}
                }
            }
            sqlx::query(
                "DELETE FROM autosaves WHERE user_id = $1
                   AND (article_id = $2 OR (article_id IS NULL AND $2 IS NULL))",
            )
            .bind(slot.user_id)
            .bind(slot.story_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO autosaves (user_id, article_id, edition, base_version, fields, saved_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(slot.user_id)
            .bind(slot.story_id)
            .bind(edition.code())
            .bind(base_version)
            .bind(fields)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            (
                AutosaveOutcome::Kept,
                vec![event(EventKind::StoryAutosaved, slot)],
            )
        })
    }

    /// The member's unsaved work on the story, if any was kept.
    pub async fn autosave_of(&self, slot: AutosaveSlot) -> StoreResult<Option<Autosave>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT edition, base_version, fields, saved_at FROM autosaves WHERE user_id = $1
                   AND (article_id = $2 OR (article_id IS NULL AND $2 IS NULL))",
            )
            .bind(slot.user_id)
            .bind(slot.story_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Throws the member's unsaved work on the story away; whether there was any.
    pub async fn discard_autosave(&self, slot: AutosaveSlot) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let deleted = sqlx::query(
                "DELETE FROM autosaves WHERE user_id = $1
                   AND (article_id = $2 OR (article_id IS NULL AND $2 IS NULL))",
            )
            .bind(slot.user_id)
            .bind(slot.story_id)
            .execute(&mut *tx)
            .await?;
            if deleted.rows_affected() == 0 {
                (false, Vec::new())
            } else {
                (true, vec![event(EventKind::StoryAutosaveDiscarded, slot)])
            }
        })
    }
}

fn event(kind: EventKind, slot: AutosaveSlot) -> NewEvent {
    let event = NewEvent::new(kind, Actor::Member(slot.user_id)).subject(slot.user_id);
    match slot.story_id {
        Some(id) => event.story(id),
        None => event,
    }
}
