//! A node killed outright (SIGKILL) in the middle of a comment load, on each database: once it
//! is started again on the same data, every comment it had acknowledged is there.

use std::path::Path;

use dateline_store::Store;
use dateline_store::moderation::Queue;

use crate::node::{Database, Node, eventually};

const STORY: &str = "/article/ferry-service-returns-to-the-sahl-river";
/// Comments in flight at once while the node is killed.
const POSTERS: usize = 24;
/// Acknowledged comments to wait for before the kill.
const BEFORE_KILL: usize = 150;

#[tokio::test]
async fn kill_9_under_a_comment_load_loses_no_acknowledged_comment_on_sqlite() {
    let data = tempfile::tempdir().expect("data folder");
    let acknowledged = load_and_kill(data.path(), None).await;
    let store = Store::open_sqlite(&data.path().join("dateline.db"))
        .await
        .expect("open the database");
    every_one_is_kept(&store, &acknowledged).await;
}

#[tokio::test]
async fn kill_9_under_a_comment_load_loses_no_acknowledged_comment_on_postgres() {
    let database = Database::fresh().await;
    let data = tempfile::tempdir().expect("data folder");
    let acknowledged = load_and_kill(data.path(), Some(&database.url)).await;
    let store = Store::connect_postgres(&database.url, None)
        .await
        .expect("connect");
    every_one_is_kept(&store, &acknowledged).await;
}

/// Posts comments from many clients at once, kills the node once `BEFORE_KILL` are
/// acknowledged, starts it again on the same data and returns the ids it acknowledged.
async fn load_and_kill(data: &Path, database: Option<&str>) -> Vec<i64> {
    let args = ["--comment-burst", "100000"];
    let mut node = Node::start(data, database, &args).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let (acks, mut heard) = tokio::sync::mpsc::unbounded_channel::<i64>();
    let posters: Vec<_> = (0..POSTERS)
        .map(|poster| {
            let client = client.clone();
            let base = node.base.clone();
            let acks = acks.clone();
            tokio::spawn(async move {
                for n in 0.. {
                    let sent = client
                        .post(format!("{base}{STORY}/comments"))
                        .header("origin", &base)
                        .form(&[
                            ("name", format!("Reader {poster}-{n}")),
                            ("email", format!("reader-{poster}-{n}@example.org")),
                            (
                                "body",
                                format!("Comment {n} of poster {poster}, sent as the node went down."),
                            ),
                        ])
                        .send()
                        .await;
                    let Ok(response) = sent else { break };
                    let id = (response.status() == 303)
                        .then(|| {
                            response
                                .headers()
                                .get("location")?
                                .to_str()
                                .ok()?
                                .rsplit_once("#comment-")?
                                .1
                                .parse()
                                .ok()
                        })
                        .flatten();
                    match id {
                        Some(id) => {
                            if acks.send(id).is_err() {
                                break;
                            }
                        }
                        None => break,
                    }
                }
            })
        })
        .collect();
    drop(acks);
    let mut acknowledged = Vec::new();
    while acknowledged.len() < BEFORE_KILL {
        acknowledged.push(heard.recv().await.expect("comments are acknowledged"));
    }
    node.kill();
    let status = node.exited(30).await;
    assert!(!status.success(), "the node was killed: {status:?}");
    for poster in posters {
        poster.await.expect("a poster");
    }
    while let Some(id) = heard.recv().await {
        acknowledged.push(id);
    }
    let node = Node::start(data, database, &args).await;
    let ready = format!("{}/readyz", node.base);
    eventually(30, "the restarted node is ready", || async {
        client.get(&ready).send().await.is_ok_and(|r| r.status() == 200)
    })
    .await;
    acknowledged
}

async fn every_one_is_kept(store: &Store, acknowledged: &[i64]) {
    // Comments from new commenters wait for a moderator: every acknowledged one is queued.
    let held = store
        .queue(Queue::Pending, 100_000, 0)
        .await
        .expect("the pending queue");
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|id| !held.iter().any(|item| item.comment.id == **id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged comments are gone: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
    store.close().await;
}
