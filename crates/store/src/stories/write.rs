//! Every change to a story: one transaction that writes its rows, its revision where it has
//! one, and its event, tagged with the pages that showed the story before and show it after.

use super::StoryContent;
use crate::events::write_with_events;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, ArticleStatus, CommentsMode, EventKind, Lang, NewEvent, PageTag};

/// Why a change to a story was not made.
#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    #[error("no such story")]
    NotFound,
    #[error("another story of the edition already has this slug")]
    SlugTaken,
    /// Someone saved the story since the version the change was made on.
    #[error("the story was saved by someone else in the meantime")]
    StaleVersion,
    /// The story's status is no longer the one the move was made from.
    #[error("the story's status changed in the meantime")]
    StatusChanged,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for StoryError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::from(error).into()
    }
}

impl StoryError {
    /// A unique-constraint failure on a story is its slug: the only unique key a save touches.
    pub(super) fn from_write(error: StoreError) -> Self {
        if error.is_unique_violation() {
            StoryError::SlugTaken
        } else {
            StoryError::Store(error)
        }
    }
}

/// A new revision of a story's words and settings.
#[derive(Debug, Clone, Copy)]
pub struct StoryEdit<'a> {
    pub id: i64,
    /// The version the journalist started from; the save is refused if it is not the latest.
    pub expected_version: i64,
    pub content: &'a StoryContent,
    /// A significant update: readers are shown when the story was updated.
    pub significant: bool,
    /// The words come back from an earlier revision.
    pub restored: bool,
}

/// A move along the workflow.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange {
    pub id: i64,
    pub from: ArticleStatus,
    pub to: ArticleStatus,
    pub at: DateTime<Utc>,
    /// When a scheduled story is to appear.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// For a story brought in from an archive: when it first appeared and was last updated.
    pub original_dates: Option<(DateTime<Utc>, Option<DateTime<Utc>>)>,
}

/// The pages showing a story as its rows are now, inside the transaction `$tx`: its own page
/// always; while readers see it, also its edition's lists, section, byline, tags and the page
/// of its translation.
macro_rules! story_page_tags {
    ($tx:expr, $id:expr) => {{
        let id: i64 = $id;
        let story: Option<(String, String, i64, Option<i64>)> =
            sqlx::query_as("SELECT status, edition, section_id, translation_id FROM articles WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *$tx)
                .await?;
        let mut tags = vec![PageTag::Story(id)];
        if let Some((status, edition, section_id, translation_id)) = story
            && status == ArticleStatus::Published.as_str()
        {
            // The byline (0) and the tags (1) in one read.
            let parts: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT CAST(0 AS BIGINT), author_id FROM article_authors WHERE article_id = $1
                 UNION ALL SELECT CAST(1 AS BIGINT), tag_id FROM article_tags WHERE article_id = $1",
            )
            .bind(id)
            .fetch_all(&mut *$tx)
            .await?;
            tags.extend(edition.parse::<Lang>().ok().map(PageTag::Edition));
            tags.push(PageTag::Section(section_id));
            tags.extend(translation_id.map(PageTag::Story));
            tags.extend(
                parts
                    .iter()
                    .filter(|(part, _)| *part == 0)
                    .map(|(_, id)| PageTag::Author(*id)),
            );
            tags.extend(
                parts
                    .iter()
                    .filter(|(part, _)| *part == 1)
                    .map(|(_, id)| PageTag::Topic(*id)),
            );
        }
        tags
    }};
}

/// Before a save of story `$id` links it to `$other`: the stories whose link the save may
/// break and whose page shows that link now (their partner is published), so that their
/// language switch goes. (A switch that appears is covered by the saved story's own tags.)
/// The partner is looked up by its id for each candidate (a scalar subquery, which neither
/// database turns into a join): written as a join, SQLite started from every published story,
/// and PostgreSQL, before its statistics knew the table had grown, hashed them all (a million
/// reads per save in a large archive).
macro_rules! linked_story_tags {
    ($tx:expr, $id:expr, $other:expr) => {{
        let linked: Vec<(i64,)> = sqlx::query_as(
            "SELECT s.id FROM articles s
             WHERE s.id <> $1 AND (s.translation_id = $1 OR s.id = $2 OR s.translation_id = $2)
               AND (SELECT p.status FROM articles p WHERE p.id = s.translation_id) = 'published'",
        )
        .bind($id)
        .bind($other)
        .fetch_all(&mut *$tx)
        .await?;
        linked
            .into_iter()
            .map(|(id,)| PageTag::Story(id))
            .collect::<Vec<_>>()
    }};
}

/// Writes the parts of a story that live in other tables: byline, tags, lead figure,
/// translation link, and the revision for `version`. Runs inside the caller's transaction. A
/// story just made (version 1) has no old parts to clear, nor anything linked to it.
macro_rules! write_story_parts {
    ($tx:expr, $id:expr, $lang:expr, $content:expr, $version:expr, $editor:expr, $now:expr) => {{
        let id: i64 = $id;
        let content: &StoryContent = $content;
        let fresh = $version == 1_i64;
        if !fresh {
            sqlx::query("DELETE FROM article_authors WHERE article_id = $1").bind(id).execute(&mut *$tx).await?;
        }
        for (position, author_id) in content.author_ids.iter().enumerate() {
            sqlx::query("INSERT INTO article_authors (article_id, author_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(author_id)
                .bind(position as i64)
                .execute(&mut *$tx)
                .await?;
        }
        if !fresh {
            sqlx::query("DELETE FROM article_tags WHERE article_id = $1").bind(id).execute(&mut *$tx).await?;
        }
        if !content.tag_names.is_empty() {
            // The tags, made where the edition has none by that slug, and linked: two
            // statements however many. `$1` is the edition (and `$2` the story, in the link).
            let rows: Vec<String> = (0..content.tag_names.len())
                .map(|at| format!("($1, ${}, ${})", 2 + 2 * at, 3 + 2 * at))
                .collect();
            let sql = format!(
                "INSERT INTO tags (edition, slug, name) VALUES {} ON CONFLICT (edition, slug) DO NOTHING",
                rows.join(", ")
            );
            let mut made = sqlx::query(sqlx::AssertSqlSafe(sql)).bind($lang.code());
            for (slug, name) in &content.tag_names {
                made = made.bind(slug.as_str()).bind(name);
            }
            made.execute(&mut *$tx).await?;
            let slugs: Vec<String> = (0..content.tag_names.len()).map(|at| format!("${}", 3 + at)).collect();
            let sql = format!(
                "INSERT INTO article_tags (article_id, tag_id)
                 SELECT $2, id FROM tags WHERE edition = $1 AND slug IN ({}) ON CONFLICT DO NOTHING",
                slugs.join(", ")
            );
            let mut linked = sqlx::query(sqlx::AssertSqlSafe(sql)).bind($lang.code()).bind(id);
            for (slug, _) in &content.tag_names {
                linked = linked.bind(slug.as_str());
            }
            linked.execute(&mut *$tx).await?;
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
        if !fresh || lead_figure_id.is_some() {
            sqlx::query("UPDATE articles SET lead_figure_id = $2 WHERE id = $1")
                .bind(id)
                .bind(lead_figure_id)
                .execute(&mut *$tx)
                .await?;
        }
        if !fresh {
            sqlx::query("UPDATE articles SET translation_id = NULL WHERE translation_id = $1")
                .bind(id)
                .execute(&mut *$tx)
                .await?;
        }
        if !fresh || content.translation_id.is_some() {
            sqlx::query("UPDATE articles SET translation_id = $2 WHERE id = $1")
                .bind(id)
                .bind(content.translation_id)
                .execute(&mut *$tx)
                .await?;
        }
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

pub(super) use {linked_story_tags, story_page_tags, write_story_parts};

/// The event a move to `to` records.
fn move_kind(to: ArticleStatus) -> EventKind {
    match to {
        ArticleStatus::Draft => EventKind::StoryReturnedToDraft,
        ArticleStatus::InReview => EventKind::StorySubmitted,
        ArticleStatus::Scheduled => EventKind::StoryScheduled,
        ArticleStatus::Published => EventKind::StoryPublished,
        ArticleStatus::Unpublished => EventKind::StoryUnpublished,
    }
}

impl Store {
    /// Starts a story as a draft; its first revision is saved with it.
    pub async fn create_story(
        &self,
        lang: Lang,
        content: &StoryContent,
        actor: Actor,
    ) -> Result<i64, StoryError> {
        let now = Utc::now();
        let editor = actor.member_id();
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO articles (edition, section_id, slug, headline, dek, body_markdown, dateline_place, status,
                                       comments_mode, seo_title, seo_description, created_by, created_at, modified_at,
                                       body_html)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11, $12, $12, $13) RETURNING id",
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
            .bind(editor)
            .bind(now)
            .bind(dateline_markdown::to_html(&content.body_markdown))
            .fetch_one(&mut *tx)
            .await?;
            let mut tags = linked_story_tags!(tx, id, content.translation_id);
            write_story_parts!(tx, id, lang, content, 1_i64, editor, now);
            // What was kept of the new story while it was typed is the story now.
            sqlx::query("DELETE FROM autosaves WHERE user_id = $1 AND article_id IS NULL")
                .bind(editor)
                .execute(&mut *tx)
                .await?;
            tags.extend(story_page_tags!(tx, id));
            let event = NewEvent::new(EventKind::StoryCreated, actor).story(id).tagged(tags);
            (id, vec![event])
        })
        .map_err(StoryError::from_write)
    }

    /// Saves a new revision if nobody saved since `expected_version`; returns the new version.
    /// A significant update also sets the time readers see as "Updated".
    pub async fn save_story(&self, edit: StoryEdit<'_>, actor: Actor) -> Result<i64, StoryError> {
        let now = Utc::now();
        let editor = actor.member_id();
        let content = edit.content;
        let saved: Option<Option<i64>> = write_with_events!(self, |tx| {
            let edition: Option<(String,)> = sqlx::query_as("SELECT edition FROM articles WHERE id = $1")
                .bind(edit.id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some((edition,)) = edition else {
                return Ok(None);
            };
            let lang = crate::rows::lang(&edition)?;
            let mut tags = story_page_tags!(tx, edit.id);
            tags.extend(linked_story_tags!(tx, edit.id, content.translation_id));
            let updated = sqlx::query(
                "UPDATE articles SET section_id = $3, slug = $4, headline = $5, dek = $6, body_markdown = $7,
                        dateline_place = $8, comments_mode = $9, seo_title = $10, seo_description = $11,
                        modified_at = $12, version = version + 1,
                        updated_at = CASE WHEN $13 AND status = 'published' THEN $12 ELSE updated_at END,
                        body_html = $14
                 WHERE id = $1 AND version = $2",
            )
            .bind(edit.id)
            .bind(edit.expected_version)
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
            .bind(edit.significant)
            .bind(dateline_markdown::to_html(&content.body_markdown))
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 0 {
                (Some(None), Vec::new())
            } else {
                let version = edit.expected_version + 1;
                write_story_parts!(tx, edit.id, lang, content, version, editor, now);
                // The saver's unsaved words are saved now; anyone else's stay theirs to see.
                sqlx::query("DELETE FROM autosaves WHERE article_id = $1 AND user_id = $2")
                    .bind(edit.id)
                    .bind(editor)
                    .execute(&mut *tx)
                    .await?;
                tags.extend(story_page_tags!(tx, edit.id));
                let kind = if edit.restored {
                    EventKind::StoryRestored
                } else {
                    EventKind::StoryEdited
                };
                let event = NewEvent::new(kind, actor).story(edit.id).tagged(tags);
                (Some(Some(version)), vec![event])
            }
        })
        .map_err(StoryError::from_write)?;
        match saved {
            None => Err(StoryError::NotFound),
            Some(None) => Err(StoryError::StaleVersion),
            Some(Some(version)) => Ok(version),
        }
    }

    /// Moves a story along the workflow, unless someone (or the scheduler) moved it first.
    /// Publishing keeps the first publication time; scheduling records when the story is to
    /// appear.
    pub async fn move_story(&self, change: StatusChange, actor: Actor) -> Result<(), StoryError> {
        let (published_at, updated_at) = change.original_dates.unzip();
        let moved = write_with_events!(self, |tx| {
            let before = story_page_tags!(tx, change.id);
            let changed = sqlx::query(
                "UPDATE articles SET status = $2, modified_at = $3, scheduled_at = $4,
                        published_at = CASE WHEN $2 = 'published' THEN COALESCE($6, published_at, $3)
                                            ELSE published_at END,
                        updated_at = COALESCE($7, updated_at)
                 WHERE id = $1 AND status = $5",
            )
            .bind(change.id)
            .bind(change.to.as_str())
            .bind(change.at)
            .bind(change.scheduled_at)
            .bind(change.from.as_str())
            .bind(published_at)
            .bind(updated_at.flatten())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                (false, Vec::new())
            } else {
                let after = story_page_tags!(tx, change.id);
                let event = NewEvent::new(move_kind(change.to), actor)
                    .story(change.id)
                    .tagged(before.into_iter().chain(after));
                (true, vec![event])
            }
        })?;
        if moved {
            Ok(())
        } else {
            Err(StoryError::StatusChanged)
        }
    }

    /// Publishes every scheduled story whose time has come, each exactly once however many
    /// nodes ask at the same moment; returns their ids.
    pub async fn publish_due(&self, now: DateTime<Utc>) -> Result<Vec<i64>, StoreError> {
        write_with_events!(self, |tx| {
            let ids: Vec<(i64,)> = sqlx::query_as(
                "UPDATE articles SET status = 'published', published_at = COALESCE(published_at, scheduled_at),
                        modified_at = $1
                 WHERE status = 'scheduled' AND scheduled_at <= $1 RETURNING id",
            )
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            let mut events = Vec::with_capacity(ids.len());
            for (id,) in &ids {
                let tags = story_page_tags!(tx, *id);
                events.push(
                    NewEvent::new(EventKind::StoryPublished, Actor::System)
                        .story(*id)
                        .tagged(tags),
                );
            }
            (ids.into_iter().map(|(id,)| id).collect(), events)
        })
    }

    /// Deletes a story no reader ever saw (a draft or one in review, never published), with
    /// its revisions; `StatusChanged` when it is not (or no longer) such a story.
    pub async fn delete_unpublished_story(&self, id: i64, actor: Actor) -> Result<(), StoryError> {
        let deleted = write_with_events!(self, |tx| {
            let gone = sqlx::query(
                "DELETE FROM articles WHERE id = $1 AND status IN ('draft', 'in_review') AND published_at IS NULL",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            let events = if gone {
                vec![NewEvent::new(EventKind::StoryDeleted, actor).story(id)]
            } else {
                Vec::new()
            };
            (gone, events)
        })?;
        if deleted {
            Ok(())
        } else {
            Err(StoryError::StatusChanged)
        }
    }

    /// Appends a correction to a story; readers see it under the story.
    pub async fn add_correction(&self, story_id: i64, body: &str, actor: Actor) -> Result<(), StoryError> {
        let added = write_with_events!(self, |tx| {
            let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM articles WHERE id = $1")
                .bind(story_id)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                (false, Vec::new())
            } else {
                sqlx::query(
                    "INSERT INTO corrections (article_id, body, created_by, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(story_id)
                .bind(body)
                .bind(actor.member_id())
                .bind(Utc::now())
                .execute(&mut *tx)
                .await?;
                let tags = story_page_tags!(tx, story_id);
                let event = NewEvent::new(EventKind::StoryCorrected, actor)
                    .story(story_id)
                    .tagged(tags);
                (true, vec![event])
            }
        })?;
        if added { Ok(()) } else { Err(StoryError::NotFound) }
    }

    /// Opens, closes or switches off comments on a story.
    pub async fn set_comments_mode(
        &self,
        story_id: i64,
        mode: CommentsMode,
        actor: Actor,
    ) -> Result<(), StoryError> {
        write_with_events!(self, |tx| {
            sqlx::query("UPDATE articles SET comments_mode = $2 WHERE id = $1")
                .bind(story_id)
                .bind(mode.as_str())
                .execute(&mut *tx)
                .await?;
            let tags = story_page_tags!(tx, story_id);
            let event = NewEvent::new(EventKind::StoryEdited, actor)
                .story(story_id)
                .tagged(tags.into_iter().chain([PageTag::Comments(story_id)]));
            ((), vec![event])
        })?;
        Ok(())
    }

    /// Records that two stories are the same story in the two editions.
    pub async fn link_translations(&self, one: i64, other: i64, actor: Actor) -> Result<(), StoryError> {
        write_with_events!(self, |tx| {
            let mut tags = linked_story_tags!(tx, one, Some(other));
            tags.extend(linked_story_tags!(tx, other, Some(one)));
            sqlx::query("UPDATE articles SET translation_id = NULL WHERE translation_id IN ($1, $2)")
                .bind(one)
                .bind(other)
                .execute(&mut *tx)
                .await?;
            for (id, translation) in [(one, other), (other, one)] {
                sqlx::query("UPDATE articles SET translation_id = $2 WHERE id = $1")
                    .bind(id)
                    .bind(translation)
                    .execute(&mut *tx)
                    .await?;
            }
            tags.extend(story_page_tags!(tx, one));
            tags.extend(story_page_tags!(tx, other));
            let event = NewEvent::new(EventKind::StoriesLinked, actor)
                .story(one)
                .subject(other)
                .tagged(tags);
            ((), vec![event])
        })?;
        Ok(())
    }
}
