//! What a bulk write (an import, the benchmark's generator) leaves for the database to do.

use crate::{Db, Store, StoreResult};

impl Store {
    /// Has PostgreSQL vacuum and analyse every table of the store's schema, as its autovacuum
    /// would in its own time: until then the planner's estimates are those of the tables
    /// before the write, and index-only scans (a tag's, an author's, a section's page) visit
    /// the table for every row they read, since no page is yet marked all-visible. A server
    /// run with autovacuum off would never have either: on a million generated stories a
    /// section's page 50 took 1.7x its time at 10,000 before, 1.05x after (bench/RESULTS.md).
    /// On SQLite nothing is done: its plans come from the indexes alone, as they were
    /// measured, with no `sqlite_stat1`.
    pub async fn settle_after_bulk_write(&self) -> StoreResult<()> {
        let Db::Pg(pool) = &self.db else {
            return Ok(());
        };
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
             WHERE schemaname = current_schema() ORDER BY tablename",
        )
        .fetch_all(pool)
        .await?;
        if tables.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = tables.iter().map(|(name,)| name.as_str()).collect();
        // Not in a transaction: VACUUM runs on its own.
        let vacuum = format!("VACUUM (ANALYZE) {}", names.join(", "));
        sqlx::query(sqlx::AssertSqlSafe(vacuum)).execute(pool).await?;
        Ok(())
    }
}
