//! `dateline backup` while a load writes comments, and `dateline restore` into a fresh data
//! folder: every comment acknowledged before the backup began is there, pictures too.

use crate::node::{Node, run};
use sqlx::{Connection, SqliteConnection};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Mutex;

const STORY: &str = "/article/ferry-service-returns-to-the-sahl-river";

#[tokio::test]
async fn a_backup_taken_under_load_restores_every_acknowledged_comment() {
    let data = tempfile::tempdir().expect("data folder");
    let node = Node::start(data.path(), None, &["--comment-burst", "100000"]).await;
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let backup_began = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let (acknowledged, backup_began, stop) = (acknowledged.clone(), backup_began.clone(), stop.clone());
        let (base, host) = (node.base.clone(), node.base.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client");
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let body = format!("Backup load comment number {n}, on the ferry timetable.");
                let sent_before_backup = !backup_began.load(Ordering::SeqCst);
                let answer = client
                    .post(format!("{base}{STORY}/comments"))
                    .header("origin", &host)
                    .form(&[
                        ("name", format!("Reader {n}")),
                        ("email", format!("reader{n}@example.org")),
                        ("body", body.clone()),
                    ])
                    .send()
                    .await
                    .expect("an answer");
                assert_eq!(answer.status(), 303, "comment {n} is taken");
                if sent_before_backup {
                    acknowledged.lock().await.push(body);
                }
            }
            n
        })
    };
    crate::node::eventually(30, "twenty comments acknowledged", || async {
        acknowledged.lock().await.len() >= 20
    })
    .await;
    backup_began.store(true, Ordering::SeqCst);
    let backup = data.path().join("backup-1");
    let backup_arg = backup.display().to_string();
    let (made, printed) = run(data.path(), None, &["backup", &backup_arg]);
    assert!(made, "{printed}");
    stop.store(true, Ordering::SeqCst);
    // Every comment the load sent, during the backup too, was taken (the loader asserts it).
    let sent = load.await.expect("the load ran");
    let before: Vec<String> = acknowledged.lock().await.clone();
    assert!(
        sent >= before.len() && before.len() >= 20,
        "{sent} sent, {} before",
        before.len()
    );
    drop(node);

    let (again, printed) = run(data.path(), None, &["backup", &backup_arg]);
    assert!(
        !again && printed.contains("not empty"),
        "a backup never overwrites another: {printed}"
    );

    let restored = tempfile::tempdir().expect("another data folder");
    let (put_back, printed) = run(restored.path(), None, &["restore", &backup_arg]);
    assert!(put_back, "{printed}");
    let (twice, printed) = run(restored.path(), None, &["restore", &backup_arg]);
    assert!(
        !twice && printed.contains("--replace"),
        "a store in place is replaced only when asked: {printed}"
    );

    let url = format!("sqlite://{}", restored.path().join("dateline.db").display());
    let mut db = SqliteConnection::connect(&url)
        .await
        .expect("open the restored store");
    let kept: Vec<(String,)> =
        sqlx::query_as("SELECT body FROM comments WHERE body LIKE 'Backup load comment%'")
            .fetch_all(&mut db)
            .await
            .expect("comments");
    let kept: Vec<String> = kept.into_iter().map(|(body,)| body).collect();
    for body in &before {
        assert!(
            kept.contains(body),
            "acknowledged before the backup, and lost: {body}"
        );
    }
    drop(db);
    let node = Node::start(restored.path(), None, &[]).await;
    let page = reqwest::get(format!("{}{STORY}", node.base))
        .await
        .expect("an answer")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("Ferry service returns"),
        "the restored site shows its stories"
    );
    let picture = page
        .split("src=\"/media/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a picture on the story");
    let answer = reqwest::get(format!("{}/media/{picture}", node.base))
        .await
        .expect("an answer");
    assert_eq!(answer.status(), 200, "its pictures came back too");
}
