//! Stories brought in from an archive: each written whole (its status and its dates as the
//! archive had them), with its comments, the record of where it came from and the redirects
//! from its old addresses; many stories to a transaction (an archive holds thousands), each
//! in a savepoint so that one refused leaves the others. A re-run of the same import leaves a
//! story alone; a re-run after an edit in the archive brings it up to date. Stories that come
//! from no archive (the benchmark's generated ones) take the same path without a record.

use super::StoryContent;
use super::write::{StoryError, linked_story_tags, story_page_tags, write_story_parts};
use crate::events::write_with_events;
use crate::imports::{
    CommentImport, ImportKey, Imported, import_comments_in, import_record, put_import_record,
    put_import_redirects,
};
use crate::redirects::RedirectOrigin;
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, ArticleStatus, EventKind, Lang, NewAddress, NewEvent, OldAddress, PageTag};

/// When an imported story was written, first appeared, was last updated, or is to appear.
#[derive(Debug, Clone, Copy)]
pub struct StoryImportDates {
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub scheduled_at: Option<DateTime<Utc>>,
}

/// A story as an import brings it in, with its comments.
#[derive(Debug, Clone, Copy)]
pub struct StoryImport<'a> {
    /// Where it came from; `None` for a story from no archive, which is neither recorded nor
    /// looked up (it is always added).
    pub key: Option<ImportKey<'a>>,
    /// A digest of what the archive held for it (kept with the record; unused without a key).
    pub digest: &'a str,
    pub lang: Lang,
    pub content: &'a StoryContent,
    pub status: ArticleStatus,
    pub dates: StoryImportDates,
    /// The story's address here, and its old addresses sent to it.
    pub address: &'a NewAddress,
    pub old_addresses: &'a [OldAddress],
    pub origin: RedirectOrigin,
    pub comments: &'a [CommentImport<'a>],
    /// The place, in the batch, of the same story in the other edition, written before this
    /// one: the two are linked as translations (as [`Store::link_translations`] links them).
    /// Nothing is linked if that story was refused.
    pub translation: Option<usize>,
}

/// What an import did with a story and its comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryImported {
    pub story: Imported,
    pub comments: Vec<Imported>,
}

impl Store {
    /// Brings stories in (or up to date) with their comments, many in one transaction, each in
    /// a savepoint of its own: a story whose slug another story of the edition has is
    /// `SlugTaken`, and the others come in all the same.
    pub async fn import_stories(
        &self,
        batch: &[StoryImport<'_>],
        actor: Actor,
    ) -> StoreResult<Vec<Result<StoryImported, StoryError>>> {
        let now = Utc::now();
        let editor = actor.member_id();
        write_with_events!(self, |tx| {
            let mut results = Vec::with_capacity(batch.len());
            let mut events = Vec::new();
            for story in batch {
                let mut savepoint = sqlx::Connection::begin(&mut *tx).await?;
                let written: Result<(StoryImported, Vec<NewEvent>), StoreError> = async {
                    let partner = story
                        .translation
                        .and_then(|at| results.get(at))
                        .and_then(|result: &Result<StoryImported, StoryError>| result.as_ref().ok())
                        .map(|done| done.story.id());
                    let linked;
                    let content = match partner {
                        Some(other) if story.content.translation_id != Some(other) => {
                            linked = StoryContent {
                                translation_id: Some(other),
                                ..story.content.clone()
                            };
                            &linked
                        }
                        _ => story.content,
                    };
                    let dates = story.dates;
                    let record = match &story.key {
                        Some(key) => import_record!(savepoint, *key),
                        None => None,
                    };
                    let existing = match record {
                        Some((id, digest)) => {
                            let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM articles WHERE id = $1")
                                .bind(id)
                                .fetch_one(&mut *savepoint)
                                .await?;
                            (count > 0).then_some((id, digest))
                        }
                        None => None,
                    };
                    let mut story_events = Vec::new();
                    let outcome = match existing {
                        Some((id, digest)) if digest == story.digest => Imported::Unchanged(id),
                        existing => {
                            let mut tags = Vec::new();
                            let (id, version, outcome) = match existing {
                                Some((id, _)) => {
                                    tags.extend(story_page_tags!(savepoint, id));
                                    let (version,): (i64,) = sqlx::query_as(
                                        "UPDATE articles SET section_id = $2, slug = $3, headline = $4, dek = $5,
                                                body_markdown = $6, dateline_place = $7, comments_mode = $8,
                                                seo_title = $9, seo_description = $10, status = $11,
                                                published_at = $12, updated_at = $13, scheduled_at = $14,
                                                modified_at = $15, version = version + 1, body_html = $16
                                         WHERE id = $1 RETURNING version",
                                    )
                                    .bind(id)
                                    .bind(content.section_id)
                                    .bind(content.slug.as_str())
                                    .bind(&content.headline)
                                    .bind(&content.dek)
                                    .bind(&content.body_markdown)
                                    .bind(&content.dateline_place)
                                    .bind(content.comments.as_str())
                                    .bind(&content.seo_title)
                                    .bind(&content.seo_description)
                                    .bind(story.status.as_str())
                                    .bind(dates.published_at)
                                    .bind(dates.updated_at)
                                    .bind(dates.scheduled_at)
                                    .bind(now)
                                    .bind(dateline_markdown::to_html(&content.body_markdown))
                                    .fetch_one(&mut *savepoint)
                                    .await?;
                                    (id, version, Imported::Updated(id))
                                }
                                None => {
                                    let (id,): (i64,) = sqlx::query_as(
                                        "INSERT INTO articles (edition, section_id, slug, headline, dek, body_markdown,
                                                               dateline_place, status, comments_mode, seo_title,
                                                               seo_description, created_by, published_at, updated_at,
                                                               scheduled_at, created_at, modified_at, body_html)
                                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
                                         RETURNING id",
                                    )
                                    .bind(story.lang.code())
                                    .bind(content.section_id)
                                    .bind(content.slug.as_str())
                                    .bind(&content.headline)
                                    .bind(&content.dek)
                                    .bind(&content.body_markdown)
                                    .bind(&content.dateline_place)
                                    .bind(story.status.as_str())
                                    .bind(content.comments.as_str())
                                    .bind(&content.seo_title)
                                    .bind(&content.seo_description)
                                    .bind(editor)
                                    .bind(dates.published_at)
                                    .bind(dates.updated_at)
                                    .bind(dates.scheduled_at)
                                    .bind(dates.created_at)
                                    .bind(now)
                                    .bind(dateline_markdown::to_html(&content.body_markdown))
                                    .fetch_one(&mut *savepoint)
                                    .await?;
                                    (id, 1_i64, Imported::Added(id))
                                }
                            };
                            if content.translation_id.is_some() {
                                // Stories whose link this one takes over show a language switch now.
                                tags.extend(linked_story_tags!(savepoint, id, content.translation_id));
                            }
                            write_story_parts!(savepoint, id, story.lang, content, version, editor, now);
                            if let Some(key) = &story.key {
                                put_import_record!(savepoint, *key, id, story.digest);
                            }
                            put_import_redirects!(savepoint, story.old_addresses, story.address, story.origin);
                            tags.extend(story_page_tags!(savepoint, id));
                            story_events.push(NewEvent::new(EventKind::StoryImported, actor).story(id).tagged(tags));
                            outcome
                        }
                    };
                    let (comments, comment_events) =
                        import_comments_in!(savepoint, outcome.id(), story.comments, actor, fresh: matches!(outcome, Imported::Added(_)));
                    story_events.extend(comment_events);
                    Ok((StoryImported { story: outcome, comments }, story_events))
                }
                .await;
                match written {
                    Ok((done, story_events)) => {
                        savepoint.commit().await?;
                        events.extend(story_events);
                        results.push(Ok(done));
                    }
                    Err(error) if error.is_unique_violation() => {
                        savepoint.rollback().await?;
                        results.push(Err(StoryError::SlugTaken));
                    }
                    Err(error) => return Err(error),
                }
            }
            (results, events)
        })
    }
}
