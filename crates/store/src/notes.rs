//! Notes on a story for the newsroom only: a line from one member to the others ("waiting for
//! the ministry's figures"), kept with who wrote it and when. Readers never see them.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, EventKind, NewEvent};

/// A note as the editor shows it.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct StoryNote {
    pub id: i64,
    /// The writer's display name; empty once their account is gone.
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Adds a note by `author_id` to story `article_id`; its id.
    pub async fn add_story_note(&self, article_id: i64, author_id: i64, body: &str) -> StoreResult<i64> {
        let now = Utc::now();
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO story_notes (article_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(article_id)
            .bind(author_id)
            .bind(body)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let event = NewEvent::new(EventKind::StoryNoteAdded, Actor::Member(author_id))
                .story(article_id)
                .subject(id);
            (id, vec![event])
        })
    }

    /// A story's notes, oldest first.
    pub async fn story_notes(&self, article_id: i64) -> StoreResult<Vec<StoryNote>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT n.id, COALESCE(u.display_name, '') AS author, n.body, n.created_at
                 FROM story_notes n LEFT JOIN users u ON u.id = n.author_id
                 WHERE n.article_id = $1 ORDER BY n.id",
            )
            .bind(article_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
