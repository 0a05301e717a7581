//! A story's body is kept rendered beside its Markdown (`articles.body_html`), written with the
//! Markdown by every save and import, so that a reader's page does not render and sanitise it
//! again. Stories saved before the column existed are filled in here.

use crate::macros::on_db;
use crate::{Store, StoreResult};

/// Stories rendered per transaction: short enough not to hold SQLite's writer for long.
const BATCH: i64 = 200;

impl Store {
    /// Renders and keeps the body of every story that has none kept, in batches of [`BATCH`]
    /// stories in order of id; returns how many it filled in. A story saved meanwhile keeps
    /// what its save wrote. The page a reader sees does not change, so no event is recorded
    /// and no cached page is forgotten.
    pub async fn render_saved_bodies(&self) -> StoreResult<u64> {
        let mut after = 0_i64;
        let mut filled = 0;
        loop {
            let batch: Vec<(i64, String)> = on_db!(self, |pool| {
                sqlx::query_as(
                    "SELECT id, body_markdown FROM articles WHERE id > $1 AND body_html IS NULL
                     ORDER BY id LIMIT $2",
                )
                .bind(after)
                .bind(BATCH)
                .fetch_all(pool)
                .await?
            });
            let Some(&(last, _)) = batch.last() else {
                return Ok(filled);
            };
            let rendered: Vec<(i64, String)> = batch
                .into_iter()
                .map(|(id, markdown)| (id, dateline_markdown::to_html(&markdown)))
                .collect();
            filled += on_db!(self, |pool| {
                let mut tx = pool.begin().await?;
                let mut written = 0;
                for (id, html) in &rendered {
                    written +=
                        sqlx::query("UPDATE articles SET body_html = $2 WHERE id = $1 AND body_html IS NULL")
                            .bind(id)
                            .bind(html)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                }
                tx.commit().await?;
                written
            });
            after = last;
        }
    }
}
