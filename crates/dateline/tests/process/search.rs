//! The search index as an operator meets it: `dateline reindex` beside a running server, and a
//! server stopped while it fills a large index.

use crate::node::{Node, binary, eventually};
use std::process::Command;

#[tokio::test]
async fn reindex_while_the_server_runs_has_the_server_rebuild() {
    let data = tempfile::tempdir().expect("data folder");
    let node = Node::start(data.path(), None, &[]).await;
    let built = |log: &str| log.matches("indexed the archive for search").count();
    eventually(30, "the first index is built", || async {
        built(&node.logged()) >= 1
    })
    .await;
    let before = built(&node.logged());
    let output = Command::new(binary())
        .args(["reindex", "--data"])
        .arg(data.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run dateline reindex");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("asked to index the archive afresh"), "{stdout}");
    eventually(30, "the running server builds its index afresh", || async {
        built(&node.logged()) > before
    })
    .await;
    assert!(
        search(&node, "ferry")
            .await
            .contains("ferry-service-returns-to-the-sahl-river"),
        "search still finds the stories"
    );
}

/// The node's search page for `query` (already encoded).
async fn search(node: &Node, query: &str) -> String {
    reqwest::get(format!("{}/search?q={query}", node.base))
        .await
        .expect("search")
        .text()
        .await
        .expect("page")
}

/// Adds `count` published stories behind the server's back, as a bulk load would, so that
/// filling the index takes a while.
async fn bulk_stories(database: &std::path::Path, count: u32) {
    use sqlx::Connection;
    let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display()))
        .await
        .expect("open the store");
    let body = "The valley's archive holds many stories like this one. ".repeat(40);
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
         INSERT INTO articles (edition, section_id, slug, headline, dek, body_markdown, status, published_at,
                               created_at, modified_at)
         SELECT 'en', (SELECT MIN(id) FROM sections WHERE edition = 'en'), 'archive-story-' || i,
                'Archive story ' || i, 'From the archive', $2, 'published', '2020-01-01T00:00:00+00:00',
                '2020-01-01T00:00:00+00:00', '2020-01-01T00:00:00+00:00'
         FROM n",
    )
    .bind(i64::from(count))
    .bind(&body)
    .execute(&mut connection)
    .await
    .expect("add stories");
}

#[tokio::test]
async fn a_server_stopped_while_filling_its_index_exits_cleanly_and_fills_it_next_time() {
    let data = tempfile::tempdir().expect("data folder");
    let mut first = Node::start(data.path(), None, &[]).await;
    first.terminate();
    assert!(first.exited(30).await.success());
    bulk_stories(&data.path().join("dateline.db"), 40_000).await;
    std::fs::remove_dir_all(data.path().join("search")).expect("remove the index");

    let mut node = Node::start(data.path(), None, &[]).await;
    let client = reqwest::Client::new();
    let readyz = format!("{}/readyz", node.base);
    let ready = client.get(&readyz).send().await.expect("readyz");
    assert_eq!(ready.status(), 503, "the index is being filled");
    assert!(ready.text().await.expect("body").contains("being built"));
    node.terminate();
    let status = node.exited(60).await;
    assert!(status.success(), "a clean exit: {status:?}\n{}", node.logged());
    assert!(!node.logged().contains("panicked"), "{}", node.logged());

    // The index was left as it was, and the next start fills it.
    let node = Node::start(data.path(), None, &[]).await;
    let readyz = format!("{}/readyz", node.base);
    eventually(600, "the index is filled and the node ready", || async {
        client.get(&readyz).send().await.is_ok_and(|r| r.status() == 200)
    })
    .await;
    assert!(
        search(&node, "archive+39999")
            .await
            .contains("archive-story-39999"),
        "every story is indexed"
    );
}
