//! Tags: free topics that cut across sections, one set per edition.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::rows;
use crate::{Store, StoreResult};
use dateline_domain::{Actor, EventKind, Lang, NewEvent, PageTag, Slug, Tag};

#[derive(sqlx::FromRow)]
pub(crate) struct TagRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

impl TagRow {
    pub fn into_tag(self, lang: Lang) -> StoreResult<Tag> {
        Ok(Tag {
            id: self.id,
            lang,
            slug: rows::slug(&self.slug)?,
            name: self.name,
        })
    }
}

impl Store {
    pub async fn tag(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<Tag>> {
        let row: Option<TagRow> = on_db!(self, |pool| {
            sqlx::query_as("SELECT id, slug, name FROM tags WHERE edition = $1 AND slug = $2")
                .bind(lang.code())
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?
        });
        row.map(|row| row.into_tag(lang)).transpose()
    }

    /// Every tag with how many stories carry it, for the newsroom's desk.
    pub async fn tags_with_counts(&self) -> StoreResult<Vec<(String, i64, String, i64)>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT t.edition, t.id, t.name, (SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = t.id) AS stories
                 FROM tags t ORDER BY t.edition, t.name",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Renames a tag; false when there is no such tag. Its stories' pages show the new name.
    pub async fn rename_tag(&self, id: i64, name: &str, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let changed = sqlx::query("UPDATE tags SET name = $2 WHERE id = $1")
                .bind(id)
                .bind(name)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let events = (changed > 0)
                .then(|| {
                    NewEvent::new(EventKind::TagRenamed, actor)
                        .subject(id)
                        .tagged([PageTag::Site])
                })
                .into_iter()
                .collect();
            (changed > 0, events)
        })
    }

    /// Makes a tag on no story yet; `None` when the edition has a tag at that slug already.
    pub async fn add_tag(
        &self,
        lang: Lang,
        slug: &Slug,
        name: &str,
        actor: Actor,
    ) -> StoreResult<Option<i64>> {
        write_with_events!(self, |tx| {
            let added: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO tags (edition, slug, name) VALUES ($1, $2, $3)
                 ON CONFLICT (edition, slug) DO NOTHING RETURNING id",
            )
            .bind(lang.code())
            .bind(slug.as_str())
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
            let events = added
                .map(|(id,)| NewEvent::new(EventKind::TagAdded, actor).subject(id))
                .into_iter()
                .collect();
            (added.map(|(id,)| id), events)
        })
    }

    /// Takes a tag off every story and deletes it; false when there was none. Each story it
    /// was on records the change, so its pages and its place in the search index follow.
    pub async fn delete_tag(&self, id: i64, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let stories: Vec<(i64,)> =
                sqlx::query_as("SELECT article_id FROM article_tags WHERE tag_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            sqlx::query("DELETE FROM article_tags WHERE tag_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let deleted = sqlx::query("DELETE FROM tags WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            let mut events: Vec<NewEvent> = stories
                .into_iter()
                .map(|(story,)| {
                    NewEvent::new(EventKind::StoryTagRemoved, actor)
                        .story(story)
                        .subject(id)
                        .tagged([PageTag::Story(story)])
                })
                .collect();
            if deleted {
                events.push(
                    NewEvent::new(EventKind::TagDeleted, actor)
                        .subject(id)
                        .tagged([PageTag::Site, PageTag::Topic(id)]),
                );
            }
            (deleted, events)
        })
    }
}
