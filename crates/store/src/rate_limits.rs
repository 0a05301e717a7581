//! Attempts counted per key and window, for limits shared by several nodes.

use crate::macros::on_db;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use std::time::Duration;

impl Store {
    /// Whether several nodes may share this store (PostgreSQL): then they share their limits
    /// through it too.
    pub fn is_shared(&self) -> bool {
        matches!(self.db, crate::Db::Pg(_))
    }

    /// Counts one attempt for each `(key, window)` at `now`, starting the key's window afresh
    /// when it has ended; returns each key's attempts in its window, this one included.
    pub async fn count_attempts(
        &self,
        attempts: &[(&str, Duration)],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<i64>> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let mut counts = Vec::with_capacity(attempts.len());
            for (key, window) in attempts {
                let ended = now - chrono::Duration::from_std(*window).unwrap_or(chrono::Duration::MAX);
                let (count,): (i64,) = sqlx::query_as(
                    "INSERT INTO rate_limits (key, window_start, attempts) VALUES ($1, $2, 1)
                     ON CONFLICT (key) DO UPDATE SET
                        attempts = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.attempts + 1 END,
                        window_start = CASE WHEN rate_limits.window_start <= $3 THEN excluded.window_start
                                            ELSE rate_limits.window_start END
                     RETURNING attempts",
                )
                .bind(*key)
                .bind(now)
                .bind(ended)
                .fetch_one(&mut *tx)
                .await?;
                counts.push(count);
            }
            tx.commit().await?;
            Ok(counts)
        })
    }

    /// Each `(key, window)`'s attempts in its window at `now`, counting none.
    pub async fn attempts(&self, keys: &[(&str, Duration)], now: DateTime<Utc>) -> StoreResult<Vec<i64>> {
        let mut counts = Vec::with_capacity(keys.len());
        for (key, window) in keys {
            let ended = now - chrono::Duration::from_std(*window).unwrap_or(chrono::Duration::MAX);
            let count: Option<(i64,)> = on_db!(self, |pool| {
                sqlx::query_as("SELECT attempts FROM rate_limits WHERE key = $1 AND window_start > $2")
                    .bind(*key)
                    .bind(ended)
                    .fetch_optional(pool)
                    .await?
            });
            counts.push(count.map_or(0, |(count,)| count));
        }
        Ok(counts)
    }

    /// Forgets the counts of windows that began before `cutoff`.
    pub async fn forget_attempts_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        Ok(on_db!(self, |pool| {
            sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
                .bind(cutoff)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }
}
