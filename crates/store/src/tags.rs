//! Tags: free topics that cut across sections, one set per edition.

use crate::macros::on_db;
use crate::rows;
use crate::{Store, StoreResult};
use dateline_domain::{Lang, Slug, Tag};

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

    /// The tag with this slug, created with `name` if the edition has none yet.
    pub async fn ensure_tag(&self, lang: Lang, slug: &Slug, name: &str) -> StoreResult<i64> {
        let (id,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO tags (edition, slug, name) VALUES ($1, $2, $3)
                 ON CONFLICT (edition, slug) DO UPDATE SET slug = excluded.slug
                 RETURNING id",
            )
            .bind(lang.code())
            .bind(slug.as_str())
            .bind(name)
            .fetch_one(pool)
            .await?
        });
        Ok(id)
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

    pub async fn rename_tag(&self, id: i64, name: &str) -> StoreResult<bool> {
        let changed = on_db!(self, |pool| {
            sqlx::query("UPDATE tags SET name = $2 WHERE id = $1")
                .bind(id)
                .bind(name)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(changed > 0)
    }
}
