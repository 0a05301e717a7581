//! The planning view's stories: what is scheduled and what was published in a stretch of time.

use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A story on the plan, at the time it is or was due.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlannedStory {
    pub id: i64,
    pub edition: String,
    pub headline: String,
    pub status: String,
    pub section_name: String,
    pub at: DateTime<Utc>,
}

/// More than any newsroom plans in a week; a plan never grows without bound.
const MOST_PLANNED: i64 = 2_000;

impl Store {
    /// Stories scheduled for, or published in, `[from, to)`, by time; `created_by` narrows
    /// them to one member's own. Each half reads its own partial index.
    pub async fn planned_stories(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        created_by: Option<i64>,
    ) -> StoreResult<Vec<PlannedStory>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT * FROM (
                   SELECT a.id, a.edition, a.headline, a.status, s.name AS section_name, a.scheduled_at AS at
                   FROM articles a JOIN sections s ON s.id = a.section_id
                   WHERE a.status = 'scheduled' AND a.scheduled_at >= $1 AND a.scheduled_at < $2
                     AND ($3 IS NULL OR a.created_by = $3)
                   UNION ALL
                   SELECT a.id, a.edition, a.headline, a.status, s.name AS section_name, a.published_at AS at
                   FROM articles a JOIN sections s ON s.id = a.section_id
                   WHERE a.status = 'published' AND a.published_at >= $1 AND a.published_at < $2
                     AND ($3 IS NULL OR a.created_by = $3)
                 ) planned ORDER BY at, id LIMIT $4",
            )
            .bind(from)
            .bind(to)
            .bind(created_by)
            .bind(MOST_PLANNED)
            .fetch_all(pool)
            .await?
        }))
    }
}
