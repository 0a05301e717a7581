//! Site settings and each edition's masthead.

use crate::macros::on_db;
use crate::rows;
use crate::{Store, StoreResult};
use dateline_domain::{Edition, Lang, SiteSettings};

#[derive(sqlx::FromRow)]
struct EditionRow {
    code: String,
    site_name: String,
    tagline: String,
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

    pub async fn put_site_settings(&self, settings: &SiteSettings) -> StoreResult<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO site_settings (id, time_zone, base_url) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, base_url = excluded.base_url",
            )
            .bind(&settings.time_zone)
            .bind(&settings.base_url)
            .execute(pool)
            .await?;
        });
        Ok(())
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

    pub async fn put_edition(&self, edition: &Edition) -> StoreResult<()> {
        let position = Lang::ALL.iter().position(|l| *l == edition.lang).unwrap_or(0) as i64;
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO editions (code, site_name, tagline, position) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (code) DO UPDATE SET site_name = excluded.site_name, tagline = excluded.tagline",
            )
            .bind(edition.lang.code())
            .bind(&edition.site_name)
            .bind(&edition.tagline)
            .bind(position)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
