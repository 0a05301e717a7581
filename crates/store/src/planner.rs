//! What the database's planner knows of the tables, brought up to date after a bulk write.

use crate::{Db, Store, StoreResult};

impl Store {
    /// Has PostgreSQL sample every table of the store's schema again (`ANALYZE`), as its
    /// autovacuum would in its own time. Called after a bulk write (an import, the benchmark's
    /// generator): until then the planner's estimates are those of the tables before it, and a
    /// server run with autovacuum off never has any. On SQLite nothing is done: its plans come
    /// from the indexes alone, as they were measured, with no `sqlite_stat1`.
    pub async fn refresh_planner_statistics(&self) -> StoreResult<()> {
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
        let analyze = format!("ANALYZE {}", names.join(", "));
        sqlx::query(sqlx::AssertSqlSafe(analyze)).execute(pool).await?;
        Ok(())
    }
}
