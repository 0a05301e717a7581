//! Stories as the newsroom works on them: any status, saved as revisions, moved along the
//! workflow, scheduled, corrected. Readers' queries are in `articles`.

mod bodies;
mod import;
mod planning;
mod preview;
mod write;

pub use planning::PlannedStory;

pub use import::{StoryImport, StoryImportDates, StoryImported};
pub use write::{StatusChange, StoryEdit, StoryError};

use crate::content_api::filter_sql;
use crate::list_filter::{ListFilter, bind_filter};
use crate::macros::on_db;
use crate::{Store, StoreError, StoreResult, rows};
use chrono::{DateTime, Utc};
use dateline_domain::{ArticleStatus, CommentsMode, Lang, Slug};
use serde::Serialize;

/// The orders the newsroom's whole list of stories can be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewsroomOrder {
    /// The latest changed first (saved or moved).
    ChangedLast,
    ChangedFirst,
    /// Published (or, never published, started) the latest first.
    PublishedLast,
    PublishedFirst,
    TitleAscending,
    TitleDescending,
}

impl NewsroomOrder {
    fn sql(self) -> &'static str {
        match self {
            NewsroomOrder::ChangedLast => "a.modified_at DESC, a.id DESC",
            NewsroomOrder::ChangedFirst => "a.modified_at ASC, a.id ASC",
            NewsroomOrder::PublishedLast => "COALESCE(a.published_at, a.created_at) DESC, a.id DESC",
            NewsroomOrder::PublishedFirst => "COALESCE(a.published_at, a.created_at) ASC, a.id ASC",
            NewsroomOrder::TitleAscending => "a.headline ASC, a.id ASC",
            NewsroomOrder::TitleDescending => "a.headline DESC, a.id DESC",
        }
    }
}

/// What a journalist edits: everything about a story but its status.
#[derive(Debug, Clone)]
pub struct StoryContent {
    pub headline: String,
    pub dek: String,
    pub slug: Slug,
    pub body_markdown: String,
    pub dateline_place: String,
    pub section_id: i64,
    pub tag_names: Vec<(Slug, String)>,
    pub author_ids: Vec<i64>,
    pub lead: Option<LeadInput>,
    pub comments: CommentsMode,
    pub seo_title: String,
    pub seo_description: String,
    pub translation_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct LeadInput {
    pub image_id: i64,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// A story loaded for its editor.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EditableStory {
    pub id: i64,
    pub edition: String,
    pub status: String,
    pub version: i64,
    pub created_by: Option<i64>,
    pub headline: String,
    pub dek: String,
    pub slug: String,
    pub body_markdown: String,
    pub dateline_place: String,
    pub section_id: i64,
    pub comments_mode: String,
    pub seo_title: String,
    pub seo_description: String,
    pub translation_id: Option<i64>,
    pub lead_image_id: Option<i64>,
    pub lead_alt: Option<String>,
    pub lead_caption: Option<String>,
    pub lead_credit: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When the story last changed in any way (a save, a move): what an edit is checked against.
    pub modified_at: DateTime<Utc>,
    #[sqlx(skip)]
    pub tags: Vec<String>,
    #[sqlx(skip)]
    pub author_ids: Vec<i64>,
}

impl EditableStory {
    pub fn lang(&self) -> StoreResult<Lang> {
        rows::lang(&self.edition)
    }

    pub fn status(&self) -> StoreResult<ArticleStatus> {
        self.status
            .parse()
            .map_err(|e: dateline_domain::status::UnknownStatus| StoreError::Corrupt(e.to_string()))
    }
}

/// A line of the newsroom's story list.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StoryListItem {
    pub id: i64,
    pub edition: String,
    pub slug: String,
    pub headline: String,
    pub status: String,
    pub section_name: String,
    pub authors: String,
    pub modified_at: DateTime<Utc>,
    pub scheduled_at: Option<DateTime<Utc>>,
}

/// The story list's filters; empty ones do not filter.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    pub status: Option<ArticleStatus>,
    pub section_id: Option<i64>,
    pub author_id: Option<i64>,
    pub lang: Option<Lang>,
    pub headline: String,
    /// Only the stories this member started.
    pub created_by: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Revision {
    pub id: i64,
    pub version: i64,
    pub editor: String,
    pub created_at: DateTime<Utc>,
    pub headline: String,
    pub dek: String,
    pub slug: String,
    pub body_markdown: String,
    pub dateline_place: String,
    pub seo_title: String,
    pub seo_description: String,
}

/// The most pictures or stories a form's list offers (and the one already chosen besides).
pub const CHOICES: i64 = 200;

/// Options for the pickers of the editor.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

/// The story list's query, with the byline aggregate that differs between the databases, and
/// `$work` either empty or the condition of the `articles_work` index (migration 26): a list of
/// drafts, stories in review, scheduled or withdrawn walks that index, not every story.
macro_rules! story_list_sql {
    ($authors:literal, $work:literal) => {
        concat!(
            "SELECT a.id, a.edition, a.slug, a.headline, a.status, s.name AS section_name,
                    COALESCE((SELECT ",
            $authors,
            " FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                              WHERE aa.article_id = a.id), '') AS authors,
                    a.modified_at, a.scheduled_at
             FROM articles a JOIN sections s ON s.id = a.section_id
             WHERE ",
            $work,
            "($1 IS NULL OR a.status = $1) AND ($2 IS NULL OR a.section_id = $2)
               AND ($3 IS NULL OR a.id IN (SELECT article_id FROM article_authors WHERE author_id = $3))
               AND ($4 IS NULL OR a.edition = $4) AND LOWER(a.headline) LIKE $5 ESCAPE '\\'
               AND ($7 IS NULL OR a.created_by = $7)
             ORDER BY a.modified_at DESC, a.id DESC LIMIT $6"
        )
    };
}

const EDITABLE_COLUMNS: &str =
    "SELECT a.id, a.edition, a.status, a.version, a.created_by, a.headline, a.dek, a.slug,
        a.body_markdown, a.dateline_place, a.section_id, a.comments_mode, a.seo_title, a.seo_description,
        a.translation_id, f.image_id AS lead_image_id, f.alt AS lead_alt, f.caption AS lead_caption,
        f.credit AS lead_credit, a.published_at, a.updated_at, a.scheduled_at, a.created_at, a.modified_at
     FROM articles a LEFT JOIN figures f ON f.id = a.lead_figure_id WHERE a.id = $1";

impl Store {
    /// The id of the story (in any status) at `slug` in `edition`, or with no edition given,
    /// in the English edition first.
    pub async fn story_id_by_slug(&self, edition: Option<Lang>, slug: &Slug) -> StoreResult<Option<i64>> {
        let found: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as(
                // The editions are named so that the (edition, slug) key finds the story: with
                // `edition` left free it read the whole key.
                "SELECT id FROM articles WHERE edition IN ('en', 'ar') AND slug = $2
                   AND (CAST($1 AS TEXT) IS NULL OR edition = $1)
                 ORDER BY CASE WHEN edition = 'en' THEN 0 ELSE 1 END, id LIMIT 1",
            )
            .bind(edition.map(Lang::code))
            .bind(slug.as_str())
            .fetch_optional(pool)
            .await?
        });
        Ok(found.map(|(id,)| id))
    }

    pub async fn story(&self, id: i64) -> StoreResult<Option<EditableStory>> {
        let story: Option<EditableStory> = on_db!(self, |pool| {
            sqlx::query_as(EDITABLE_COLUMNS)
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        let Some(mut story) = story else { return Ok(None) };
        let tags: Vec<(String,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = $1 ORDER BY t.name")
                .bind(id)
                .fetch_all(pool)
                .await?
        });
        let authors: Vec<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT author_id FROM article_authors WHERE article_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(pool)
                .await?
        });
        story.tags = tags.into_iter().map(|(name,)| name).collect();
        story.author_ids = authors.into_iter().map(|(id,)| id).collect();
        Ok(Some(story))
    }

    /// How many stories wait for an editor's review.
    pub async fn stories_in_review(&self) -> StoreResult<i64> {
        let (count,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*) FROM articles WHERE status = 'in_review'")
                .fetch_one(pool)
                .await?
        });
        Ok(count)
    }

    pub async fn story_list(&self, filter: &StoryFilter, limit: i64) -> StoreResult<Vec<StoryListItem>> {
        let pattern = crate::rows::contains_pattern(&filter.headline.to_lowercase());
        // The databases join the byline's names with different functions.
        let work = filter
            .status
            .is_some_and(|status| status != ArticleStatus::Published);
        let sql = match (&self.db, work) {
            (crate::Db::Sqlite(_), false) => story_list_sql!("GROUP_CONCAT(au.name, ', ')", ""),
            (crate::Db::Sqlite(_), true) => {
                story_list_sql!("GROUP_CONCAT(au.name, ', ')", "a.status <> 'published' AND ")
            }
            (crate::Db::Pg(_), false) => {
                story_list_sql!("STRING_AGG(au.name, ', ' ORDER BY aa.position)", "")
            }
            (crate::Db::Pg(_), true) => story_list_sql!(
                "STRING_AGG(au.name, ', ' ORDER BY aa.position)",
                "a.status <> 'published' AND "
            ),
        };
        let rows: Vec<StoryListItem> = on_db!(self, |pool| {
            // Planned afresh with the filter's values each time: PostgreSQL's plan for the
            // statement kept, made once for any values, could not tell which filters are off
            // and read and sorted every story (69 ms at 10,000 stories against 5.7 ms when it
            // sees that none is set and walks `articles_modified` backwards to the limit).
            sqlx::query_as(sql)
                .persistent(false)
                .bind(filter.status.map(ArticleStatus::as_str))
                .bind(filter.section_id)
                .bind(filter.author_id)
                .bind(filter.lang.map(Lang::code))
                .bind(&pattern)
                .bind(limit)
                .bind(filter.created_by)
                .fetch_all(pool)
                .await?
        });
        Ok(rows)
    }

    /// A story's revisions, newest first.
    pub async fn revisions(&self, article_id: i64) -> StoreResult<Vec<Revision>> {
        let rows: Vec<Revision> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT r.id, r.version, COALESCE(u.display_name, '') AS editor, r.created_at, r.headline, r.dek, r.slug,
                        r.body_markdown, r.dateline_place, r.seo_title, r.seo_description
                 FROM article_revisions r LEFT JOIN users u ON u.id = r.editor_id
                 WHERE r.article_id = $1 ORDER BY r.version DESC",
            )
            .bind(article_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    pub async fn section_choices(&self) -> StoreResult<Vec<(String, Choice)>> {
        let rows: Vec<(String, i64, String)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT edition, id, name FROM sections ORDER BY edition, position, id")
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(edition, id, label)| (edition, Choice { id, label }))
            .collect())
    }

    /// A page of every story, in any status and edition (narrowed by `filter`), in `order`;
    /// and how many there are in all.
    pub async fn newsroom_story_page(
        &self,
        limit: u32,
        offset: u64,
        filter: Option<&ListFilter>,
        order: NewsroomOrder,
        created_by: Option<i64>,
    ) -> StoreResult<(Vec<i64>, i64)> {
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let page_sql = format!(
            "SELECT a.id FROM articles a WHERE ($3 IS NULL OR a.created_by = $3) AND {}
             ORDER BY {} LIMIT $1 OFFSET $2",
            filter_sql(filter, 4),
            order.sql()
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM articles a WHERE ($1 IS NULL OR a.created_by = $1) AND {}",
            filter_sql(filter, 2)
        );
        let (ids, total): (Vec<(i64,)>, (i64,)) = on_db!(self, |pool| {
            // Planned with the values, as `story_list` is: `$3 IS NULL` decides the plan.
            let page = sqlx::query_as(sqlx::AssertSqlSafe(page_sql.clone()))
                .persistent(false)
                .bind(i64::from(limit))
                .bind(offset)
                .bind(created_by);
            let count = sqlx::query_as(sqlx::AssertSqlSafe(count_sql.clone()))
                .persistent(false)
                .bind(created_by);
            let (page, count) = (bind_filter!(page, filter), bind_filter!(count, filter));
            (page.fetch_all(pool).await?, count.fetch_one(pool).await?)
        });
        Ok((ids.into_iter().map(|(id,)| id).collect(), total.0))
    }

    /// The byline a story gets when whoever starts it names none: the first admin's, else the
    /// first author's.
    pub async fn house_byline(&self) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id FROM (
                    SELECT author_id AS id, 0 AS rank, id AS n FROM users
                     WHERE role = 'admin' AND author_id IS NOT NULL
                    UNION ALL SELECT id, 1 AS rank, id AS n FROM authors
                 ) candidates ORDER BY rank, n LIMIT 1",
            )
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(id,)| id))
    }

    pub async fn author_choices(&self) -> StoreResult<Vec<Choice>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as("SELECT id, name AS label FROM authors ORDER BY name")
                .fetch_all(pool)
                .await?
        }))
    }

    /// The newest [`CHOICES`] pictures of the library, newest first, then any of `keep` (the
    /// ones a form has chosen already) that are older: a list of the whole library would grow
    /// with every upload, and with it every page that offers one.
    pub async fn image_choices(&self, keep: &[i64]) -> StoreResult<Vec<Choice>> {
        let label = "CASE WHEN alt = '' THEN path ELSE alt END AS label";
        let newest_sql = format!("SELECT id, {label} FROM images ORDER BY id DESC LIMIT $1");
        let one_sql = format!("SELECT id, {label} FROM images WHERE id = $1");
        let mut choices: Vec<Choice> = on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(newest_sql.clone()))
                .bind(CHOICES)
                .fetch_all(pool)
                .await?
        });
        for id in keep {
            if choices.iter().any(|choice| choice.id == *id) {
                continue;
            }
            let older: Option<Choice> = on_db!(self, |pool| {
                sqlx::query_as(sqlx::AssertSqlSafe(one_sql.clone()))
                    .bind(id)
                    .fetch_optional(pool)
                    .await?
            });
            choices.extend(older);
        }
        Ok(choices)
    }

    /// Stories of an edition a translation can point to: the [`CHOICES`] last changed and
    /// `keep` (the one chosen already) wherever it is, by headline.
    pub async fn story_choices(&self, lang: Lang, keep: Option<i64>) -> StoreResult<Vec<Choice>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, label FROM (
                     SELECT id, headline AS label FROM articles WHERE edition = $1
                     ORDER BY modified_at DESC LIMIT $3
                 ) AS recent
                 UNION SELECT id, headline AS label FROM articles WHERE id = $2 AND edition = $1
                 ORDER BY 2, 1",
            )
            .bind(lang.code())
            .bind(keep)
            .bind(CHOICES)
            .fetch_all(pool)
            .await?
        }))
    }
}
