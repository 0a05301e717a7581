//! What the sitemaps list: every public address, with when it last changed.

use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};

/// A published story for the sitemaps, with its translation when it has one.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SitemapStory {
    pub edition: String,
    pub slug: String,
    pub headline: String,
    pub published_at: DateTime<Utc>,
    pub changed_at: DateTime<Utc>,
    pub translation_edition: Option<String>,
    pub translation_slug: Option<String>,
}

const STORY_COLUMNS: &str = "SELECT a.edition, a.slug, a.headline, a.published_at,
        COALESCE(a.updated_at, a.published_at) AS changed_at,
        t.edition AS translation_edition, t.slug AS translation_slug
     FROM articles a LEFT JOIN articles t ON t.id = a.translation_id AND t.status = 'published'
     WHERE a.status = 'published' ";

impl Store {
    pub async fn published_story_count(&self) -> StoreResult<i64> {
        let (count,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*) FROM articles WHERE status = 'published'")
                .fetch_one(pool)
                .await?
        });
        Ok(count)
    }

    /// The largest story id (0 with none): story sitemaps are ranges of ids.
    pub async fn last_story_id(&self) -> StoreResult<i64> {
        let (id,): (Option<i64>,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT MAX(id) FROM articles")
                .fetch_one(pool)
                .await?
        });
        Ok(id.unwrap_or(0))
    }

    /// The published stories with ids in `after_id + 1 ..= through_id`, oldest first: one
    /// story sitemap. A range of ids, not an offset into the published stories, so that the
    /// last sitemap of a large archive reads its own stories only, not every one before them.
    pub async fn sitemap_stories(&self, after_id: i64, through_id: i64) -> StoreResult<Vec<SitemapStory>> {
        let sql = format!("{STORY_COLUMNS} AND a.id > $1 AND a.id <= $2 ORDER BY a.id");
        Ok(on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(after_id)
                .bind(through_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Stories published since `since`, newest first: the news sitemap.
    pub async fn recent_stories(&self, since: DateTime<Utc>, limit: i64) -> StoreResult<Vec<SitemapStory>> {
        let sql = format!("{STORY_COLUMNS} AND a.published_at >= $1 ORDER BY a.published_at DESC LIMIT $2");
        Ok(on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(since)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    /// (edition, slug) of every section, tag (with stories) or static page, and of every byline
    /// with a published story in an edition. Each tag and byline is asked whether it is on a
    /// story, which stops at the first found, rather than every story being read for its tags.
    /// (SQLite takes `CROSS JOIN` as the order to join in: a byline's own stories first.)
    pub async fn sitemap_addresses(&self, kind: &str) -> StoreResult<Vec<(String, String)>> {
        let sql = match kind {
            "sections" => "SELECT edition, slug FROM sections ORDER BY edition, position",
            "tags" => {
                "SELECT edition, slug FROM tags t
                 WHERE EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = t.id) ORDER BY edition, slug"
            }
            "pages" => "SELECT edition, slug FROM static_pages ORDER BY edition, slug",
            _ => {
                "SELECT e.code, au.slug FROM authors au CROSS JOIN editions e
                 WHERE EXISTS (SELECT 1 FROM article_authors aa CROSS JOIN articles a
                               WHERE aa.author_id = au.id AND a.id = aa.article_id
                                 AND a.edition = e.code AND a.status = 'published')
                 ORDER BY e.code, au.slug"
            }
        };
        Ok(on_db!(self, |pool| sqlx::query_as(sql).fetch_all(pool).await?))
    }
}
