//! Site settings and each edition's masthead.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::rows;
use crate::{Store, StoreResult};
use dateline_domain::{Actor, Edition, EventKind, Lang, NewEvent, PageTag, SiteSettings};

#[derive(sqlx::FromRow)]
struct EditionRow {
    code: String,
    site_name: String,
    tagline: String,
}

/// Writes the editions' mastheads inside the transaction `$tx`.
macro_rules! put_editions {
    ($tx:expr, $editions:expr) => {
        for edition in $editions {
            let position = Lang::ALL.iter().position(|l| *l == edition.lang).unwrap_or(0) as i64;
            sqlx::query(
                "INSERT INTO editions (code, site_name, tagline, position) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (code) DO UPDATE SET site_name = excluded.site_name, tagline = excluded.tagline",
            )
            .bind(edition.lang.code())
            .bind(&edition.site_name)
            .bind(&edition.tagline)
            .bind(position)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

impl Store {
    /// `None` until the site has been set up (a fresh store).
    pub async fn site_settings(&self) -> StoreResult<Option<SiteSettings>> {
        let row: Option<(String, String)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT time_zone, base_url FROM site_settings WHERE id = 1")
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(time_zone, base_url)| SiteSettings { time_zone, base_url }))
    }

    /// Saves the editions' mastheads; every page shows them.
    pub async fn put_editions(&self, editions: &[Edition], actor: Actor) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            put_editions!(tx, editions);
            let event = NewEvent::new(EventKind::SiteSettingsChanged, actor).tagged([PageTag::Site]);
            ((), vec![event])
        })
    }

    /// Saves the site's settings and the editions' mastheads together; every page shows them.
    pub async fn save_site_settings(
        &self,
        settings: &SiteSettings,
        editions: &[Edition],
        actor: Actor,
    ) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            sqlx::query(
                "INSERT INTO site_settings (id, time_zone, base_url) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, base_url = excluded.base_url",
            )
            .bind(&settings.time_zone)
            .bind(&settings.base_url)
            .execute(&mut *tx)
            .await?;
            put_editions!(tx, editions);
            let event = NewEvent::new(EventKind::SiteSettingsChanged, actor).tagged([PageTag::Site]);
            ((), vec![event])
        })
    }

    pub async fn editions(&self) -> StoreResult<Vec<Edition>> {
        let rows: Vec<EditionRow> = on_db!(self, |pool| {
            sqlx::query_as("SELECT code, site_name, tagline FROM editions ORDER BY position")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|row| {
                Ok(Edition {
                    lang: rows::lang(&row.code)?,
                    site_name: row.site_name,
                    tagline: row.tagline,
                })
            })
            .collect()
    }
}
