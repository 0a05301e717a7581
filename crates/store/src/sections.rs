//! Sections: each edition's ordered list of desks, from the masthead's navigation to their pages.

use crate::macros::on_db;
use crate::rows;
use crate::{Store, StoreResult};
use dateline_domain::{Lang, Section, Slug};

#[derive(sqlx::FromRow)]
struct SectionRow {
    id: i64,
    slug: String,
    name: String,
}

impl Store {
    /// The edition's sections in masthead order.
    pub async fn sections(&self, lang: Lang) -> StoreResult<Vec<Section>> {
        let rows: Vec<SectionRow> = on_db!(self, |pool| {
            sqlx::query_as("SELECT id, slug, name FROM sections WHERE edition = $1 ORDER BY position, id")
                .bind(lang.code())
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|row| rows::section(row.id, lang, &row.slug, row.name))
            .collect()
    }

    pub async fn section(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<Section>> {
        let row: Option<SectionRow> = on_db!(self, |pool| {
            sqlx::query_as("SELECT id, slug, name FROM sections WHERE edition = $1 AND slug = $2")
                .bind(lang.code())
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?
        });
        row.map(|row| rows::section(row.id, lang, &row.slug, row.name))
            .transpose()
    }

    /// Adds a section at the end of the edition's list.
    pub async fn create_section(&self, lang: Lang, slug: &Slug, name: &str) -> StoreResult<i64> {
        let (id,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO sections (edition, slug, name, position)
                 VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections WHERE edition = $1))
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

    pub async fn rename_section(&self, id: i64, name: &str) -> StoreResult<bool> {
        let changed = on_db!(self, |pool| {
            sqlx::query("UPDATE sections SET name = $2 WHERE id = $1")
                .bind(id)
                .bind(name)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(changed > 0)
    }
}
