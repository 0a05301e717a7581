//! Stories as the newsroom works on them: any status, saved as revisions, moved along the
//! workflow, scheduled, corrected. Readers' queries are in `articles`.

use crate::macros::on_db;
use crate::{Store, StoreError, StoreResult, rows};
use chrono::{DateTime, Utc};
use dateline_domain::{ArticleStatus, CommentsMode, Lang, Slug};
use serde::Serialize;

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

/// Options for the pickers of the editor.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

/// The story list's query, with the byline aggregate that differs between the databases.
macro_rules! story_list_sql {
    ($authors:literal) => {
        concat!(
            "SELECT a.id, a.edition, a.slug, a.headline, a.status, s.name AS section_name,
                    COALESCE((SELECT ",
            $authors,
            " FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                              WHERE aa.article_id = a.id), '') AS authors,
                    a.modified_at, a.scheduled_at
             FROM articles a JOIN sections s ON s.id = a.section_id
             WHERE ($1 IS NULL OR a.status = $1) AND ($2 IS NULL OR a.section_id = $2)
               AND ($3 IS NULL OR a.id IN (SELECT article_id FROM article_authors WHERE author_id = $3))
               AND ($4 IS NULL OR a.edition = $4) AND LOWER(a.headline) LIKE $5 ESCAPE '\\'
             ORDER BY a.modified_at DESC, a.id DESC LIMIT $6"
        )
    };
}

const EDITABLE_COLUMNS: &str =
    "SELECT a.id, a.edition, a.status, a.version, a.created_by, a.headline, a.dek, a.slug,
        a.body_markdown, a.dateline_place, a.section_id, a.comments_mode, a.seo_title, a.seo_description,
        a.translation_id, f.image_id AS lead_image_id, f.alt AS lead_alt, f.caption AS lead_caption,
        f.credit AS lead_credit, a.published_at, a.updated_at, a.scheduled_at
     FROM articles a LEFT JOIN figures f ON f.id = a.lead_figure_id WHERE a.id = $1";

/// Writes the parts of a story that live in other tables: byline, tags, lead figure,
/// translation link, and the revision for `version`. Runs inside the caller's transaction.
macro_rules! write_story_parts {
    ($tx:expr, $id:expr, $lang:expr, $content:expr, $version:expr, $editor:expr, $now:expr) => {{
        let id: i64 = $id;
        let content: &StoryContent = $content;
        sqlx::query("DELETE FROM article_authors WHERE article_id = $1").bind(id).execute(&mut *$tx).await?;
        for (position, author_id) in content.author_ids.iter().enumerate() {
            sqlx::query("INSERT INTO article_authors (article_id, author_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(author_id)
                .bind(position as i64)
                .execute(&mut *$tx)
                .await?;
        }
        sqlx::query("DELETE FROM article_tags WHERE article_id = $1").bind(id).execute(&mut *$tx).await?;
        for (slug, name) in &content.tag_names {
            let (tag_id,): (i64,) = sqlx::query_as(
                "INSERT INTO tags (edition, slug, name) VALUES ($1, $2, $3)
                 ON CONFLICT (edition, slug) DO UPDATE SET slug = excluded.slug RETURNING id",
            )
            .bind($lang.code())
            .bind(slug.as_str())
            .bind(name)
            .fetch_one(&mut *$tx)
            .await?;
            sqlx::query("INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(tag_id)
                .execute(&mut *$tx)
                .await?;
        }
        let lead_figure_id: Option<i64> = match &content.lead {
            None => None,
            Some(lead) => {
                let (figure_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO figures (image_id, alt, caption, credit) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(lead.image_id)
                .bind(&lead.alt)
                .bind(&lead.caption)
                .bind(&lead.credit)
                .fetch_one(&mut *$tx)
                .await?;
                Some(figure_id)
            }
        };
        sqlx::query("UPDATE articles SET lead_figure_id = $2 WHERE id = $1")
            .bind(id)
            .bind(lead_figure_id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("UPDATE articles SET translation_id = NULL WHERE translation_id = $1")
            .bind(id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("UPDATE articles SET translation_id = $2 WHERE id = $1")
            .bind(id)
            .bind(content.translation_id)
            .execute(&mut *$tx)
            .await?;
        if let Some(other) = content.translation_id {
            // The other story leaves any earlier partner, so links always come in pairs.
            sqlx::query("UPDATE articles SET translation_id = NULL WHERE translation_id = $1 AND id <> $2")
                .bind(other)
                .bind(id)
                .execute(&mut *$tx)
                .await?;
            sqlx::query("UPDATE articles SET translation_id = $1 WHERE id = $2")
                .bind(id)
                .bind(other)
                .execute(&mut *$tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO article_revisions (article_id, version, editor_id, created_at, headline, dek, slug,
                                            body_markdown, dateline_place, seo_title, seo_description)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind($version)
        .bind($editor)
        .bind($now)
        .bind(&content.headline)
        .bind(&content.dek)
        .bind(content.slug.as_str())
        .bind(&content.body_markdown)
        .bind(&content.dateline_place)
        .bind(&content.seo_title)
        .bind(&content.seo_description)
        .execute(&mut *$tx)
        .await?;
    }};
}

fn slug_taken(error: &sqlx::Error) -> bool {
    error.as_database_error().is_some_and(|e| e.is_unique_violation())
}

impl Store {
    /// Starts a story as a draft; its first revision is saved with it.
    pub async fn create_story(&self, lang: Lang, content: &StoryContent, editor_id: i64) -> StoreResult<i64> {
        let now = Utc::now();
        let result: Result<i64, sqlx::Error> = on_db!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO articles (edition, section_id, slug, headline, dek, body_markdown, dateline_place, status,
                                           comments_mode, seo_title, seo_description, created_by, created_at, modified_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11, $12, $12) RETURNING id",
                )
                .bind(lang.code())
                .bind(content.section_id)
                .bind(content.slug.as_str())
                .bind(&content.headline)
                .bind(&content.dek)
                .bind(&content.body_markdown)
                .bind(&content.dateline_place)
                .bind(content.comments.as_str())
                .bind(&content.seo_title)
                .bind(&content.seo_description)
                .bind(editor_id)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                write_story_parts!(tx, id, lang, content, 1_i64, editor_id, now);
                tx.commit().await?;
                Ok(id)
            }
            .await
        });
        result.map_err(|e| {
            if slug_taken(&e) {
                StoreError::Conflict("slug".into())
            } else {
                e.into()
            }
        })
    }

    /// Saves a new revision if nobody saved since `expected_version`; returns the new version.
    /// A significant update also sets the time readers see as "Updated".
    pub async fn save_story(
        &self,
        id: i64,
        expected_version: i64,
        content: &StoryContent,
        editor_id: i64,
        significant: bool,
    ) -> StoreResult<i64> {
        let now = Utc::now();
        let lang = self
            .story(id)
            .await?
            .ok_or_else(|| StoreError::Conflict("gone".into()))?
            .lang()?;
        let result: Result<Option<i64>, sqlx::Error> = on_db!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                let updated = sqlx::query(
                    "UPDATE articles SET section_id = $3, slug = $4, headline = $5, dek = $6, body_markdown = $7,
                            dateline_place = $8, comments_mode = $9, seo_title = $10, seo_description = $11,
                            modified_at = $12, version = version + 1,
                            updated_at = CASE WHEN $13 AND status = 'published' THEN $12 ELSE updated_at END
                     WHERE id = $1 AND version = $2",
                )
                .bind(id)
                .bind(expected_version)
                .bind(content.section_id)
                .bind(content.slug.as_str())
                .bind(&content.headline)
                .bind(&content.dek)
                .bind(&content.body_markdown)
                .bind(&content.dateline_place)
                .bind(content.comments.as_str())
                .bind(&content.seo_title)
                .bind(&content.seo_description)
                .bind(now)
                .bind(significant)
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 0 {
                    return Ok(None);
                }
                let version = expected_version + 1;
                write_story_parts!(tx, id, lang, content, version, editor_id, now);
                tx.commit().await?;
                Ok(Some(version))
            }
            .await
        });
        match result {
            Ok(Some(version)) => Ok(version),
            Ok(None) => Err(StoreError::Conflict("version".into())),
            Err(e) if slug_taken(&e) => Err(StoreError::Conflict("slug".into())),
            Err(e) => Err(e.into()),
        }
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

    /// Moves a story along the workflow. Publishing keeps the first publication time;
    /// scheduling records when the story is to appear.
    pub async fn set_status(
        &self,
        id: i64,
        from: ArticleStatus,
        to: ArticleStatus,
        now: DateTime<Utc>,
        scheduled_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        let changed = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE articles SET status = $2, modified_at = $3,
                        scheduled_at = $4,
                        published_at = CASE WHEN $2 = 'published' THEN COALESCE(published_at, $3) ELSE published_at END
                 WHERE id = $1 AND status = $5",
            )
            .bind(id)
            .bind(to.as_str())
            .bind(now)
            .bind(scheduled_at)
            .bind(from.as_str())
            .execute(pool)
            .await?
            .rows_affected()
        });
        // Someone (or the scheduler) moved the story first: nothing is overwritten.
        if changed == 0 {
            return Err(StoreError::Conflict("status".into()));
        }
        Ok(())
    }

    /// Publishes every scheduled story whose time has come, each exactly once however many
    /// nodes ask at the same moment; returns their ids.
    pub async fn publish_due(&self, now: DateTime<Utc>) -> StoreResult<Vec<i64>> {
        let ids: Vec<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "UPDATE articles SET status = 'published', published_at = COALESCE(published_at, scheduled_at),
                        modified_at = $1
                 WHERE status = 'scheduled' AND scheduled_at <= $1 RETURNING id",
            )
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        Ok(ids.into_iter().map(|(id,)| id).collect())
    }

    pub async fn story_list(&self, filter: &StoryFilter, limit: i64) -> StoreResult<Vec<StoryListItem>> {
        let escaped = filter
            .headline
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        // The databases join the byline's names with different functions.
        let sql = match &self.db {
            crate::Db::Sqlite(_) => story_list_sql!("GROUP_CONCAT(au.name, ', ')"),
            crate::Db::Pg(_) => story_list_sql!("STRING_AGG(au.name, ', ' ORDER BY aa.position)"),
        };
        let rows: Vec<StoryListItem> = on_db!(self, |pool| {
            sqlx::query_as(sql)
                .bind(filter.status.map(ArticleStatus::as_str))
                .bind(filter.section_id)
                .bind(filter.author_id)
                .bind(filter.lang.map(Lang::code))
                .bind(&pattern)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        Ok(rows)
    }

    pub async fn add_correction(&self, article_id: i64, body: &str, editor_id: i64) -> StoreResult<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO corrections (article_id, body, created_by, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(article_id)
            .bind(body)
            .bind(editor_id)
            .bind(Utc::now())
            .execute(pool)
            .await?;
        });
        Ok(())
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

    pub async fn author_choices(&self) -> StoreResult<Vec<Choice>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as("SELECT id, name AS label FROM authors ORDER BY name")
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn image_choices(&self) -> StoreResult<Vec<Choice>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, CASE WHEN alt = '' THEN path ELSE alt END AS label FROM images ORDER BY id DESC",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Stories of an edition a translation can point to.
    pub async fn story_choices(&self, lang: Lang) -> StoreResult<Vec<Choice>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as("SELECT id, headline AS label FROM articles WHERE edition = $1 ORDER BY headline")
                .bind(lang.code())
                .fetch_all(pool)
                .await?
        }))
    }
}
