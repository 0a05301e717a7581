//! Images in the media folder, and the figures that pair an image with its alt text,
//! caption and credit (an image can serve many figures).

use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::Utc;

pub struct NewFigure<'a> {
    pub image_id: i64,
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
}

impl Store {
    /// Records an image stored at `path` under the media folder; the same path is one image.
    pub async fn ensure_image(
        &self,
        path: &str,
        width: Option<i64>,
        height: Option<i64>,
    ) -> StoreResult<i64> {
        let (id,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO images (path, width, height, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (path) DO UPDATE SET width = excluded.width, height = excluded.height
                 RETURNING id",
            )
            .bind(path)
            .bind(width)
            .bind(height)
            .bind(Utc::now())
            .fetch_one(pool)
            .await?
        });
        Ok(id)
    }

    pub async fn create_figure(&self, figure: NewFigure<'_>) -> StoreResult<i64> {
        let (id,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO figures (image_id, alt, caption, credit) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(figure.image_id)
            .bind(figure.alt)
            .bind(figure.caption)
            .bind(figure.credit)
            .fetch_one(pool)
            .await?
        });
        Ok(id)
    }
}
