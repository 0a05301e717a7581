//! `dateline export` while a node serves, and `dateline import dateline` as an operator moves
//! a newsroom from SQLite to PostgreSQL: the commands, their reports, and the moved site.

use crate::node::{Database, Node, run};
use std::path::Path;

const STORY: &str = "/article/ferry-service-returns-to-the-sahl-river";

#[tokio::test]
async fn an_operator_moves_the_newsroom_from_sqlite_to_postgresql() {
    let old = tempfile::tempdir().expect("data folder");
    let node = Node::start(old.path(), None, &[]).await;
    let folders = tempfile::tempdir().expect("a folder");
    let first = folders.path().join("first");
    let (exported, printed) = run(old.path(), None, &["export", &first.display().to_string()]);
    assert!(exported, "{printed}");
    assert!(printed.contains("Exported to"), "{printed}");
    let (again, printed) = run(old.path(), None, &["export", &first.display().to_string()]);
    assert!(
        !again && printed.contains("not empty"),
        "an export never overwrites another: {printed}"
    );
    drop(node);

    let database = Database::fresh().await;
    let new = tempfile::tempdir().expect("data folder");
    let url = Some(database.url.as_str());
    let (imported, printed) = run(
        new.path(),
        url,
        &["import", "dateline", &first.display().to_string()],
    );
    assert!(imported, "{printed}");
    assert!(
        printed.contains("reset-password"),
        "members are told how to sign in again: {printed}"
    );
    let (twice, printed) = run(
        new.path(),
        url,
        &["import", "dateline", &first.display().to_string()],
    );
    assert!(!twice && printed.contains("empty store"), "{printed}");

    let second = folders.path().join("second");
    let (exported, printed) = run(new.path(), url, &["export", &second.display().to_string()]);
    assert!(exported, "{printed}");
    let document = |folder: &Path| std::fs::read(folder.join("export.json")).expect("the document");
    assert!(
        document(&first) == document(&second),
        "the same document from PostgreSQL"
    );

    let moved = Node::start(new.path(), url, &[]).await;
    let page = reqwest::get(format!("{}{STORY}", moved.base))
        .await
        .expect("an answer");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("a page");
    assert!(
        html.contains("Ferry service returns"),
        "the story, on the moved site"
    );
}
