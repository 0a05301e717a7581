//! Two real nodes on one PostgreSQL database: a node killed outright loses no write it had
//! acknowledged, and the other goes on serving.

use crate::node::{Database, Node, eventually};

#[tokio::test]
async fn kill_9_of_a_node_loses_no_acknowledged_write() {
    let database = Database::fresh().await;
    let data = tempfile::tempdir().expect("data folders");
    let a = Node::start(
        &data.path().join("a"),
        Some(&database.url),
        &["--comment-burst", "1000"],
    )
    .await;
    let mut b = Node::start(
        &data.path().join("b"),
        Some(&database.url),
        &["--comment-burst", "1000"],
    )
    .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let story = "/article/ferry-service-returns-to-the-sahl-river";
    let post = |node: &Node, n: usize| {
        let request = client
            .post(format!("{}{story}/comments", node.base))
            .header("origin", node.base.clone())
            .form(&[
                ("name", format!("Reader {n}")),
                ("email", format!("reader{n}@example.org")),
                (
                    "body",
                    format!("Comment number {n}, sent while a node went down."),
                ),
            ]);
        async move {
            match request.send().await {
                Ok(response) if response.status() == 303 => response
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| l.rsplit_once("#comment-"))
                    .and_then(|(_, id)| id.parse::<i64>().ok()),
                _ => None,
            }
        }
    };
    let mut writes = Vec::new();
    for n in 0..80 {
        let node = if n % 2 == 0 { &a } else { &b };
        writes.push(tokio::spawn(post(node, n)));
        if n == 40 {
            a.kill();
        }
    }
    let mut acknowledged = Vec::new();
    for write in writes {
        if let Some(id) = write.await.expect("a write task") {
            acknowledged.push(id);
        }
    }
    assert!(
        acknowledged.len() >= 40,
        "B took its writes ({} acknowledged)",
        acknowledged.len()
    );
    let store = dateline_store::Store::connect_postgres(&database.url, None)
        .await
        .expect("store");
    let held = store
        .queue(dateline_store::moderation::Queue::Pending, 1_000, 0)
        .await
        .expect("queue");
    for id in &acknowledged {
        assert!(
            held.iter().any(|item| item.comment.id == *id),
            "acknowledged comment {id} was kept"
        );
    }
    let ready = format!("{}/readyz", b.base);
    eventually(30, "B is still ready", || async {
        client.get(&ready).send().await.is_ok_and(|r| r.status() == 200)
    })
    .await;
    store.close().await;
    // A node on PostgreSQL (with its listening connection) stops cleanly too.
    b.terminate();
    let status = b.exited(30).await;
    assert!(status.success(), "B exits cleanly: {status:?}\n{}", b.logged());
}
