//! Readers' answers to "Do you like this article?": one per reader per story, changeable.

use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::Utc;
use dateline_domain::{Reaction, ReactionTally, ReaderId};

/// A story's tally, for the newsroom.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct StoryReactions {
    pub edition: String,
    pub slug: String,
    pub headline: String,
    pub yes: i64,
    pub no: i64,
}

impl Store {
    /// Records the reader's answer, replacing any earlier one of theirs.
    pub async fn set_reaction(
        &self,
        article_id: i64,
        reader: &ReaderId,
        reaction: Reaction,
    ) -> StoreResult<()> {
        let now = Utc::now();
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO reactions (article_id, reader, value, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
                 ON CONFLICT (article_id, reader) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(article_id)
            .bind(reader.as_str())
            .bind(reaction.as_str())
            .bind(now)
            .execute(pool)
            .await?;
        });
        self.made_durable().await
    }

    /// The counts for a story, with `reader`'s own answer when given.
    pub async fn reaction_tally(
        &self,
        article_id: i64,
        reader: Option<&ReaderId>,
    ) -> StoreResult<ReactionTally> {
        let counts: Vec<(String, i64)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT value, COUNT(*) FROM reactions WHERE article_id = $1 GROUP BY value")
                .bind(article_id)
                .fetch_all(pool)
                .await?
        });
        let mine: Option<(String,)> = match reader {
            None => None,
            Some(reader) => on_db!(self, |pool| {
                sqlx::query_as("SELECT value FROM reactions WHERE article_id = $1 AND reader = $2")
                    .bind(article_id)
                    .bind(reader.as_str())
                    .fetch_optional(pool)
                    .await?
            }),
        };
        let count = |value: &str| counts.iter().find(|(v, _)| v == value).map_or(0, |(_, n)| *n);
        Ok(ReactionTally {
            yes: count("yes"),
            no: count("no"),
            mine: mine.and_then(|(value,)| value.parse().ok()),
        })
    }

    /// How readers answered, story by story, the most answered first: for editors.
    pub async fn reaction_counts(&self, limit: i64) -> StoreResult<Vec<StoryReactions>> {
        let rows: Vec<StoryReactions> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT a.edition, a.slug, a.headline,
                        SUM(CASE WHEN r.value = 'yes' THEN 1 ELSE 0 END) AS yes,
                        SUM(CASE WHEN r.value = 'no' THEN 1 ELSE 0 END) AS no
                 FROM reactions r JOIN articles a ON a.id = r.article_id
                 GROUP BY a.id, a.edition, a.slug, a.headline
                 ORDER BY COUNT(*) DESC, a.id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }
}
