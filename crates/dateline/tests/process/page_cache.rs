//! The page cache's budget as an operator sets it.

use crate::node::Node;

/// How the node answered two readers of the front page in a row: from the cache or rendered.
async fn two_readers(node: &Node) -> Vec<String> {
    let client = reqwest::Client::new();
    let mut outcomes = Vec::new();
    for _ in 0..2 {
        let answer = client
            .get(format!("{}/", node.base))
            .send()
            .await
            .expect("the front page");
        assert_eq!(answer.status(), 200);
        outcomes.push(answer.headers()["x-cache"].to_str().expect("text").to_owned());
    }
    outcomes
}

#[tokio::test]
async fn a_node_keeping_no_pages_renders_every_request() {
    let data = tempfile::tempdir().expect("data folder");
    let keeping = Node::start(&data.path().join("keeping"), None, &[]).await;
    assert_eq!(two_readers(&keeping).await, ["miss", "hit"]);
    let none = Node::start(&data.path().join("none"), None, &["--page-cache-mib", "0"]).await;
    assert_eq!(two_readers(&none).await, ["miss", "miss"]);
}
