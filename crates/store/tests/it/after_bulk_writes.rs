//! After a bulk write PostgreSQL knows what the tables now hold (its planner's statistics) and
//! which of their pages every reader may see (the visibility map index-only scans rely on), so
//! the first readers after an import are not served by plans and scans made for empty tables.

use crate::batched_stories::{COMMENTS, PAIRS, batched, planned};
use crate::support::{furnish, postgres, sqlite};

#[tokio::test]
async fn postgres_knows_the_imported_rows() {
    let fresh = postgres("bulk").await;
    let furniture = furnish(&fresh.store).await;
    batched(&fresh.store, &planned(&furniture)).await;
    fresh.store.settle_after_bulk_write().await.expect("settled");
    let (url, schema) = fresh.postgres.as_ref().expect("a PostgreSQL store");
    let pool = sqlx::PgPool::connect(url).await.expect("PostgreSQL");
    let known = |table: &'static str| {
        let pool = pool.clone();
        async move {
            let known: (f32, bool) = sqlx::query_as(
                "SELECT c.reltuples, s.last_vacuum IS NOT NULL FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_stat_user_tables s ON s.relid = c.oid
                 WHERE n.nspname = $1 AND c.relname = $2",
            )
            .bind(schema)
            .bind(table)
            .fetch_one(&pool)
            .await
            .expect("the table's statistics");
            known
        }
    };
    // Never analysed, a table's estimate is -1; analysed, a small table's is its exact count.
    // (Which pages a vacuum may mark all-visible depends on the other transactions open in
    // the database, so what is checked is that it ran.)
    assert_eq!(known("articles").await, ((PAIRS * 2) as f32, true));
    assert_eq!(known("comments").await, ((PAIRS * 2 * COMMENTS) as f32, true));
    pool.close().await;
}

#[tokio::test]
async fn sqlite_has_nothing_to_settle() {
    let fresh = sqlite("bulk").await;
    let furniture = furnish(&fresh.store).await;
    batched(&fresh.store, &planned(&furniture)).await;
    fresh
        .store
        .settle_after_bulk_write()
        .await
        .expect("nothing to do");
}
