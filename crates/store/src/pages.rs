//! Static pages such as About and the Comment Policy, one set per edition.

use crate::content_api::filter_sql;
use crate::events::write_with_events;
use crate::list_filter::{ListFilter, bind_filter};
use crate::macros::on_db;
use crate::rows;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{Actor, EventKind, Lang, NewEvent, PageTag, Slug, StaticPage};

#[derive(sqlx::FromRow)]
struct PageRow {
    slug: String,
    title: String,
    body_markdown: String,
    updated_at: DateTime<Utc>,
}

impl Store {
    /// Every static page with its id (narrowed to `edition` and `filter`), by title: the
    /// Content API's pages.
    pub async fn listed_static_pages(
        &self,
        edition: Option<Lang>,
        filter: Option<&ListFilter>,
    ) -> StoreResult<Vec<(i64, StaticPage)>> {
        let sql = format!(
            "SELECT p.id, p.edition, p.slug, p.title, p.body_markdown, p.updated_at FROM static_pages p
             WHERE (CAST($1 AS TEXT) IS NULL OR p.edition = $1) AND {} ORDER BY p.title, p.id",
            filter_sql(filter, 2)
        );
        type Row = (i64, String, String, String, String, DateTime<Utc>);
        let rows: Vec<Row> = on_db!(self, |pool| {
            let query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(edition.map(Lang::code));
            bind_filter!(query, filter).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|(id, edition, slug, title, body_markdown, updated_at)| {
                Ok((
                    id,
                    StaticPage {
                        lang: rows::lang(&edition)?,
                        slug: rows::slug(&slug)?,
                        title,
                        body_markdown,
                        updated_at,
                    },
                ))
            })
            .collect()
    }

    pub async fn static_page(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<StaticPage>> {
        let row: Option<PageRow> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT slug, title, body_markdown, updated_at FROM static_pages WHERE edition = $1 AND slug = $2",
            )
            .bind(lang.code())
            .bind(slug.as_str())
            .fetch_optional(pool)
            .await?
        });
        row.map(|row| {
            Ok(StaticPage {
                lang,
                slug: rows::slug(&row.slug)?,
                title: row.title,
                body_markdown: row.body_markdown,
                updated_at: row.updated_at,
            })
        })
        .transpose()
    }

    /// Creates the page or replaces its title and text; every page links to the static pages.
    pub async fn put_static_page(
        &self,
        lang: Lang,
        slug: &Slug,
        title: &str,
        body_markdown: &str,
        actor: Actor,
    ) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO static_pages (edition, slug, title, body_markdown, updated_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (edition, slug) DO UPDATE
                 SET title = excluded.title, body_markdown = excluded.body_markdown, updated_at = excluded.updated_at
                 RETURNING id",
            )
            .bind(lang.code())
            .bind(slug.as_str())
            .bind(title)
            .bind(body_markdown)
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await?;
            let event = NewEvent::new(EventKind::StaticPageSaved, actor)
                .subject(id)
                .tagged([PageTag::Site]);
            ((), vec![event])
        })
    }

    /// A static page by its id.
    pub async fn static_page_by_id(&self, id: i64) -> StoreResult<Option<StaticPage>> {
        let row: Option<(String, String, String, String, DateTime<Utc>)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT edition, slug, title, body_markdown, updated_at FROM static_pages WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(edition, slug, title, body_markdown, updated_at)| {
            Ok(StaticPage {
                lang: rows::lang(&edition)?,
                slug: rows::slug(&slug)?,
                title,
                body_markdown,
                updated_at,
            })
        })
        .transpose()
    }

    /// Makes a new static page; `None` when the edition has a page at that slug already.
    pub async fn add_static_page(
        &self,
        lang: Lang,
        slug: &Slug,
        title: &str,
        body_markdown: &str,
        actor: Actor,
    ) -> StoreResult<Option<i64>> {
        write_with_events!(self, |tx| {
            let added: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO static_pages (edition, slug, title, body_markdown, updated_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (edition, slug) DO NOTHING RETURNING id",
            )
            .bind(lang.code())
            .bind(slug.as_str())
            .bind(title)
            .bind(body_markdown)
            .bind(Utc::now())
            .fetch_optional(&mut *tx)
            .await?;
            let events = added
                .map(|(id,)| {
                    NewEvent::new(EventKind::StaticPageAdded, actor)
                        .subject(id)
                        .tagged([PageTag::Site])
                })
                .into_iter()
                .collect();
            (added.map(|(id,)| id), events)
        })
    }

    /// Deletes a static page; false when there was none.
    pub async fn delete_static_page(&self, id: i64, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let deleted = sqlx::query("DELETE FROM static_pages WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            let events = deleted
                .then(|| {
                    NewEvent::new(EventKind::StaticPageDeleted, actor)
                        .subject(id)
                        .tagged([PageTag::Site])
                })
                .into_iter()
                .collect();
            (deleted, events)
        })
    }

    /// Every static page of both editions, for the newsroom.
    pub async fn static_pages(&self) -> StoreResult<Vec<(String, String, String)>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as("SELECT edition, slug, title FROM static_pages ORDER BY edition, slug")
                .fetch_all(pool)
                .await?
        }))
    }
}
