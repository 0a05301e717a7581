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

    /// Published stories, oldest first, a page of the sitemap at a time.
    pub async fn sitemap_stories(&self, offset: i64, limit: i64) -> StoreResult<Vec<SitemapStory>> {
        let sql = format!("{STORY_COLUMNS} ORDER BY a.id LIMIT $1 OFFSET $2");
        Ok(on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(limit)
                .bind(offset)
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

    /// (edition, slug) of every section, tag (with stories) or static page; authors have no edition.
    pub async fn sitemap_addresses(&self, kind: &str) -> StoreResult<Vec<(String, String)>> {
        let sql = match kind {
            "sections" => "SELECT edition, slug FROM sections ORDER BY edition, position",
            "tags" => "SELECT edition, slug FROM tags WHERE id IN (SELECT tag_id FROM article_tags) ORDER BY edition, slug",
            "pages" => "SELECT edition, slug FROM static_pages ORDER BY edition, slug",
            _ => {
                "SELECT DISTINCT a.edition, au.slug FROM authors au JOIN article_authors aa ON aa.author_id = au.id
                 JOIN articles a ON a.id = aa.article_id AND a.status = 'published' ORDER BY a.edition, au.slug"
            }
        };
        Ok(on_db!(self, |pool| sqlx::query_as(sql).fetch_all(pool).await?))
    }
}
