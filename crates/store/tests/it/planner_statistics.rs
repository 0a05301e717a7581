//! After a bulk write PostgreSQL's planner is told what the tables now hold, so the first
//! reader after an import is not served by plans made for empty tables.

use crate::batched_stories::{COMMENTS, PAIRS, batched, planned};
use crate::support::{furnish, postgres, sqlite};

#[tokio::test]
async fn postgres_planner_knows_the_imported_rows() {
    let fresh = postgres("planner").await;
    let furniture = furnish(&fresh.store).await;
    batched(&fresh.store, &planned(&furniture)).await;
    fresh.store.refresh_planner_statistics().await.expect("analysed");
    let (url, schema) = fresh.postgres.as_ref().expect("a PostgreSQL store");
    let pool = sqlx::PgPool::connect(url).await.expect("PostgreSQL");
    let estimate = |table: &'static str| {
        let pool = pool.clone();
        async move {
            let (rows,): (f32,) = sqlx::query_as(
                "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND c.relname = $2",
            )
            .bind(schema)
            .bind(table)
            .fetch_one(&pool)
            .await
            .expect("the table's statistics");
            rows
        }
    };
    // Never analysed, a table's estimate is -1; analysed, a small table's is its exact count.
    assert_eq!(estimate("articles").await, (PAIRS * 2) as f32);
    assert_eq!(estimate("comments").await, (PAIRS * 2 * COMMENTS) as f32);
    pool.close().await;
}

#[tokio::test]
async fn sqlite_needs_no_statistics_refreshed() {
    let fresh = sqlite("planner").await;
    let furniture = furnish(&fresh.store).await;
    batched(&fresh.store, &planned(&furniture)).await;
    fresh
        .store
        .refresh_planner_statistics()
        .await
        .expect("nothing to do");
}
