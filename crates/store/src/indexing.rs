//! What the search index is fed: published stories with the words of their byline and tags.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::rows::{self, SummaryRow, summary_columns, summary_from, summary_select};
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{ArticleSummary, Lang};
use std::collections::HashMap;

/// A published story as the search index reads it.
#[derive(Debug, Clone)]
pub struct IndexableStory {
    pub id: i64,
    pub lang: Lang,
    pub headline: String,
    pub dek: String,
    pub body_markdown: String,
    pub section_slug: String,
    pub published_at: DateTime<Utc>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct StoryRow {
    id: i64,
    edition: String,
    headline: String,
    dek: String,
    body_markdown: String,
    section_slug: String,
    published_at: DateTime<Utc>,
}

const STORY_COLUMNS: &str = "SELECT a.id, a.edition, a.headline, a.dek, a.body_markdown,
        s.slug AS section_slug, COALESCE(a.published_at, a.created_at) AS published_at
     FROM articles a JOIN sections s ON s.id = a.section_id ";

impl Store {
    /// Up to `limit` published stories with ids above `after_id`, in id order: a whole archive
    /// is read batch by batch, never all at once.
    pub async fn indexable_stories(&self, after_id: i64, limit: u32) -> StoreResult<Vec<IndexableStory>> {
        let rows: Vec<StoryRow> = on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{STORY_COLUMNS} WHERE a.status = 'published' AND a.id > $1 ORDER BY a.id LIMIT $2"
            )))
            .bind(after_id)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        let (Some(first), Some(last)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) else {
            return Ok(Vec::new());
        };
        let mut authors = self.names_in_range(AUTHOR_NAMES, first, last).await?;
        let mut tags = self.names_in_range(TAG_NAMES, first, last).await?;
        rows.into_iter()
            .map(|row| {
                let id = row.id;
                story(row, authors.remove(&id), tags.remove(&id))
            })
            .collect()
    }

    /// One story as the index should hold it, or `None` when readers cannot see it.
    pub async fn indexable_story(&self, id: i64) -> StoreResult<Option<IndexableStory>> {
        let row: Option<StoryRow> = on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{STORY_COLUMNS} WHERE a.status = 'published' AND a.id = $1"
            )))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else { return Ok(None) };
        let mut authors = self.names_in_range(AUTHOR_NAMES, id, id).await?;
        let mut tags = self.names_in_range(TAG_NAMES, id, id).await?;
        story(row, authors.remove(&id), tags.remove(&id)).map(Some)
    }

    /// Published stories by id, in the order given; ids readers cannot see are left out.
    pub async fn summaries_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<ArticleSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<SummaryRow> = on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{} WHERE a.status = 'published' AND a.id IN ({list})",
                summary_columns!()
            )))
            .fetch_all(pool)
            .await?
        });
        let mut by_id: HashMap<i64, ArticleSummary> = rows::summaries(rows)?
            .into_iter()
            .map(|summary| (summary.id, summary))
            .collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Names linked to the stories with ids in `first..=last`, each story's in order.
    async fn names_in_range(
        &self,
        query: &'static str,
        first: i64,
        last: i64,
    ) -> StoreResult<HashMap<i64, Vec<String>>> {
        let rows: Vec<(i64, String)> = on_db!(self, |pool| {
            sqlx::query_as(query)
                .bind(first)
                .bind(last)
                .fetch_all(pool)
                .await?
        });
        let mut names: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, name) in rows {
            names.entry(id).or_default().push(name);
        }
        Ok(names)
    }
}

const AUTHOR_NAMES: &str = "SELECT aa.article_id, au.name FROM article_authors aa
     JOIN authors au ON au.id = aa.author_id
     WHERE aa.article_id BETWEEN $1 AND $2 ORDER BY aa.article_id, aa.position";
const TAG_NAMES: &str = "SELECT at.article_id, t.name FROM article_tags at
     JOIN tags t ON t.id = at.tag_id
     WHERE at.article_id BETWEEN $1 AND $2 ORDER BY at.article_id, t.name";

fn story(
    row: StoryRow,
    authors: Option<Vec<String>>,
    tags: Option<Vec<String>>,
) -> StoreResult<IndexableStory> {
    Ok(IndexableStory {
        id: row.id,
        lang: rows::lang(&row.edition)?,
        headline: row.headline,
        dek: row.dek,
        body_markdown: row.body_markdown,
        section_slug: row.section_slug,
        published_at: row.published_at,
        authors: authors.unwrap_or_default(),
        tags: tags.unwrap_or_default(),
    })
}

impl Store {
    /// The published stories a byline's or a tag's new name must be indexed with.
    pub async fn published_story_ids(&self, listing: crate::articles::Listing) -> StoreResult<Vec<i64>> {
        use crate::articles::Listing;
        let (sql, id) = match listing {
            Listing::Author(id) => (
                "SELECT a.id FROM articles a JOIN article_authors aa ON aa.article_id = a.id
                 WHERE aa.author_id = $1 AND a.status = 'published' ORDER BY a.id",
                id,
            ),
            Listing::Tag(id) => (
                "SELECT a.id FROM articles a JOIN article_tags at ON at.article_id = a.id
                 WHERE at.tag_id = $1 AND a.status = 'published' ORDER BY a.id",
                id,
            ),
            Listing::Section(id) => (
                "SELECT id FROM articles WHERE section_id = $1 AND status = 'published' ORDER BY id",
                id,
            ),
        };
        let rows: Vec<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as(sql).bind(id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }
}

impl Store {
    /// Asks every node to fill its search index afresh from the store (an operator's
    /// `dateline reindex` while servers run).
    pub async fn request_search_rebuild(&self, actor: dateline_domain::Actor) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            let _ = &mut tx;
            let event =
                dateline_domain::NewEvent::new(dateline_domain::EventKind::SearchRebuildRequested, actor);
            ((), vec![event])
        })
    }
}
