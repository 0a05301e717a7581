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
    /// Moves section `id` one place earlier (or later) in its edition's order, numbering the
    /// edition's sections afresh; false when there is no such section or no place to move to.
    pub async fn move_section(&self, id: i64, earlier: bool, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let edition: Option<(String,)> = sqlx::query_as("SELECT edition FROM sections WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some((edition,)) = edition else {
                return Ok(false);
            };
            let ordered: Vec<(i64,)> =
                sqlx::query_as("SELECT id FROM sections WHERE edition = $1 ORDER BY position, id")
                    .bind(&edition)
                    .fetch_all(&mut *tx)
                    .await?;
            let mut ids: Vec<i64> = ordered.into_iter().map(|(id,)| id).collect();
            let at = ids.iter().position(|other| *other == id).unwrap_or_default();
            let to = if earlier {
                at.checked_sub(1)
            } else {
                Some(at + 1).filter(|to| *to < ids.len())
            };
            let Some(to) = to else {
                return Ok(false);
            };
            ids.swap(at, to);
            for (position, section) in ids.iter().enumerate() {
                sqlx::query("UPDATE sections SET position = $2 WHERE id = $1")
                    .bind(section)
                    .bind(position as i64)
                    .execute(&mut *tx)
                    .await?;
            }
            let event = NewEvent::new(EventKind::SectionMoved, actor)
                .subject(id)
                .tagged([PageTag::Site]);
            (true, vec![event])
        })
    }

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
