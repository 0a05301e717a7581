//! Images in the media folder, and the figures that pair an image with its alt text,
//! caption and credit (an image can serve many figures).

use crate::events::write_with_events;
use crate::imports::{ImportKey, put_import_record};
use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::Utc;
use dateline_domain::{Actor, EventKind, Focus, NewEvent, PageTag};

/// An uploaded picture: its largest file under the media folder and its responsive sets.
pub struct LibraryImage {
    pub path: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    /// `url width"w", …` in the original format, and in WebP.
    pub srcset: String,
    pub webp_srcset: String,
}

#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct LibraryItem {
    pub id: i64,
    pub path: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub created_at: chrono::DateTime<Utc>,
    /// Where the subject is (a [`dateline_domain::Focus`]).
    pub focus: String,
}

impl Store {
    /// Records a picture stored at `path` under the media folder, such as the demo's own, with
    /// the raster copy link previews show where the original is SVG; the same path is one
    /// picture.
    pub async fn ensure_image(
        &self,
        path: &str,
        (width, height): (Option<i64>, Option<i64>),
        card_path: Option<&str>,
        actor: Actor,
    ) -> StoreResult<i64> {
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO images (path, width, height, created_at, card_path) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (path) DO UPDATE
                 SET width = excluded.width, height = excluded.height, card_path = excluded.card_path
                 RETURNING id",
            )
            .bind(path)
            .bind(width)
            .bind(height)
            .bind(Utc::now())
            .bind(card_path.unwrap_or_default())
            .fetch_one(&mut *tx)
            .await?;
            (id, vec![NewEvent::new(EventKind::ImageAdded, actor).subject(id)])
        })
    }

    /// Adds an uploaded picture to the library, with the words that go with it by default;
    /// a picture an import brought in is recorded with where it came from (its key and digest).
    pub async fn add_to_library(
        &self,
        image: &LibraryImage,
        imported: Option<(ImportKey<'_>, &str)>,
        actor: Actor,
    ) -> StoreResult<i64> {
        write_with_events!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO images (path, width, height, created_at, alt, caption, credit, srcset, webp_srcset, uploaded_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(&image.path)
            .bind(image.width)
            .bind(image.height)
            .bind(Utc::now())
            .bind(&image.alt)
            .bind(&image.caption)
            .bind(&image.credit)
            .bind(&image.srcset)
            .bind(&image.webp_srcset)
            .bind(actor.member_id())
            .fetch_one(&mut *tx)
            .await?;
            if let Some((key, digest)) = imported {
                put_import_record!(tx, key, id, digest);
            }
            (id, vec![NewEvent::new(EventKind::ImageAdded, actor).subject(id)])
        })
    }

    /// The library, newest first: the pictures whose alt text, caption or credit holds
    /// `search` (any letter case; all when empty), at most `limit`.
    pub async fn library(&self, search: &str, limit: i64) -> StoreResult<Vec<LibraryItem>> {
        let pattern = crate::rows::contains_pattern(&search.trim().to_lowercase());
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, path, width, height, alt, caption, credit, created_at, focus FROM images
                 WHERE LOWER(alt) LIKE $1 ESCAPE '\\' OR LOWER(caption) LIKE $1 ESCAPE '\\'
                    OR LOWER(credit) LIKE $1 ESCAPE '\\'
                 ORDER BY id DESC LIMIT $2",
            )
            .bind(&pattern)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// One picture of the library.
    /// The picture of the library whose largest size is at `path` under the media folder.
    pub async fn library_image_at(&self, path: &str) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT id FROM images WHERE path = $1")
                .bind(path)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(id,)| id))
    }

    /// Records where the subject of picture `id` is; every page showing it crops around it.
    pub async fn set_image_focus(&self, id: i64, focus: Focus, actor: Actor) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let changed = sqlx::query("UPDATE images SET focus = $2 WHERE id = $1")
                .bind(id)
                .bind(focus.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            let events = changed
                .then(|| {
                    NewEvent::new(EventKind::ImageFocusSet, actor)
                        .subject(id)
                        .tagged([PageTag::Site])
                })
                .into_iter()
                .collect();
            (changed, events)
        })
    }

    pub async fn library_image(&self, id: i64) -> StoreResult<Option<LibraryItem>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, path, width, height, alt, caption, credit, created_at, focus FROM images WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Headlines of the stories (names of the authors, and of the editions whose logo it is)
    /// that show this picture; a picture in use cannot be deleted.
    pub async fn image_uses(&self, image_id: i64) -> StoreResult<Vec<String>> {
        let path: Option<(String,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT path FROM images WHERE id = $1")
                .bind(image_id)
                .fetch_optional(pool)
                .await?
        });
        let Some((path,)) = path else {
            return Ok(Vec::new());
        };
        let folder = path
            .rsplit_once('/')
            .map_or(path.as_str(), |(folder, _)| folder)
            .to_owned();
        let pattern = format!("%{}%", folder.replace('%', "").replace('_', "\\_"));
        let uses: Vec<(String,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT a.headline FROM articles a JOIN figures f ON f.id = a.lead_figure_id WHERE f.image_id = $1
                 UNION SELECT a.headline FROM articles a WHERE a.body_markdown LIKE $2 ESCAPE '\\'
                 UNION SELECT au.name FROM authors au WHERE au.photo_image_id = $1
                 UNION SELECT e.site_name FROM edition_faces ef JOIN editions e ON e.code = ef.edition
                       WHERE ef.logo_image_id = $1",
            )
            .bind(image_id)
            .bind(&pattern)
            .fetch_all(pool)
            .await?
        });
        Ok(uses.into_iter().map(|(name,)| name).collect())
    }

    /// Removes a picture nobody shows from the library; returns its path under the media folder.
    pub async fn delete_image(&self, image_id: i64, actor: Actor) -> StoreResult<Option<String>> {
        write_with_events!(self, |tx| {
            // Figures left behind by earlier saves of a story still point at it; they go too.
            sqlx::query(
                "DELETE FROM figures WHERE image_id = $1
                   AND id NOT IN (SELECT lead_figure_id FROM articles WHERE lead_figure_id IS NOT NULL)",
            )
            .bind(image_id)
            .execute(&mut *tx)
            .await?;
            let path: Option<(String,)> = sqlx::query_as("DELETE FROM images WHERE id = $1 RETURNING path")
                .bind(image_id)
                .fetch_optional(&mut *tx)
                .await?;
            // Nothing showed the picture, so no page changes.
            let events = path
                .is_some()
                .then(|| NewEvent::new(EventKind::ImageDeleted, actor).subject(image_id))
                .into_iter()
                .collect();
            (path.map(|(path,)| path), events)
        })
    }
}
