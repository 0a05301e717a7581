//! Sections: each edition's ordered list of desks, from the masthead's navigation to their pages.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::rows;
use crate::{Store, StoreResult};
use dateline_domain::{Actor, EventKind, Lang, NewEvent, PageTag, Section, Slug};

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

    /// Adds a section at the end of the edition's list; every page's masthead lists it.
    pub async fn create_section(
        &self,
        lang: Lang,
        slug: &Slug,
        name: &str,
        actor: Actor,
    ) -> StoreResult<i64> {
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO sections (edition, slug, name, position)
                 VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections WHERE edition = $1))
                 RETURNING id",
            )
            .bind(lang.code())
            .bind(slug.as_str())
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
            let event = NewEvent::new(EventKind::SectionAdded, actor)
                .subject(id)
                .tagged([PageTag::Site]);
            (id, vec![event])
        })
    }

    /// Renames a section; false when there is no such section.
    pub async fn rename_section(&self, id: i64, name: &str, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let changed = sqlx::query("UPDATE sections SET name = $2 WHERE id = $1")
                .bind(id)
                .bind(name)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let events = (changed > 0)
                .then(|| {
                    NewEvent::new(EventKind::SectionRenamed, actor)
                        .subject(id)
                        .tagged([PageTag::Site])
                })
                .into_iter()
                .collect();
            (changed > 0, events)
        })
    }
}
