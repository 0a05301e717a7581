//! Ghost's official npm clients, unchanged, against a running Dateline: the proof that a
//! front-end built for Ghost can be pointed at Dateline. `./scripts/test` installs them
//! (`npm ci` in `e2e/ghost-clients`).

use crate::node::{Node, binary};
use std::path::PathBuf;
use std::process::Command;

fn clients_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../e2e/ghost-clients")
}

#[tokio::test]
async fn ghosts_content_api_client_reads_the_site() {
    let clients = clients_dir();
    assert!(
        clients.join("node_modules/@tryghost/content-api").is_dir(),
        "Ghost's clients are not installed: run `npm ci --prefix e2e/ghost-clients` (./scripts/test does)"
    );
    let data = tempfile::tempdir().expect("data folder");
    let made = Command::new(binary())
        .args(["key", "add", "content", "Front-end", "--data"])
        .arg(data.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run dateline key add");
    let printed = String::from_utf8_lossy(&made.stdout).into_owned();
    assert!(
        made.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let key = printed
        .lines()
        .find_map(|line| {
            line.strip_prefix("Key ")
                .and_then(|rest| rest.rsplit(": ").next())
        })
        .expect("the new key")
        .to_owned();

    let node = Node::start(data.path(), None, &[]).await;
    let run = Command::new("node")
        .arg(clients.join("content.mjs"))
        .args([&node.base, &key])
        .output()
        .expect("run node (Node.js is needed for the API client tests)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the Ghost client failed:\n{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|line| line.starts_with("ok ")).count(),
        9,
        "{stdout}"
    );
}
