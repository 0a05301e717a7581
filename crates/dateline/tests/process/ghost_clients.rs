//! Ghost's official npm clients, unchanged, against a running Dateline: the proof that a
//! front-end or a publishing script built for Ghost can be pointed at Dateline.
//! `./scripts/test` installs them (`npm ci` in `e2e/ghost-clients`).

use crate::node::{Node, binary};
use std::path::{Path, PathBuf};
use std::process::Command;

fn clients_dir() -> PathBuf {
    let clients = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../e2e/ghost-clients");
    assert!(
        clients.join("node_modules/@tryghost/admin-api").is_dir(),
        "Ghost's clients are not installed: run `npm ci --prefix e2e/ghost-clients` (./scripts/test does)"
    );
    clients
}

/// A new key made by the operator's command, as it prints it (`key add content NAME`, …).
pub(crate) fn new_key(data: &Path, args: &[&str]) -> String {
    let made = Command::new(binary())
        .arg("key")
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run dateline key add");
    let printed = String::from_utf8_lossy(&made.stdout).into_owned();
    assert!(
        made.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&made.stderr)
    );
    printed
        .lines()
        .find_map(|line| {
            line.strip_prefix("Key ")
                .and_then(|rest| rest.rsplit(": ").next())
        })
        .expect("the new key")
        .to_owned()
}

/// Runs one of the client scripts; the lines it printed, all checks passed.
fn run_script(script: &str, args: &[&str]) -> String {
    let run = Command::new("node")
        .arg(clients_dir().join(script))
        .args(args)
        .output()
        .expect("run node (Node.js is needed for the API client tests)");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "the Ghost client failed:\n{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    stdout
}

#[tokio::test]
async fn ghosts_content_api_client_reads_the_site() {
    let data = tempfile::tempdir().expect("data folder");
    let key = new_key(data.path(), &["add", "content", "Front-end"]);
    let node = Node::start(data.path(), None, &[]).await;
    let stdout = run_script("content.mjs", &[&node.base, &key]);
    assert_eq!(
        stdout.lines().filter(|line| line.starts_with("ok ")).count(),
        10,
        "{stdout}"
    );
}

#[tokio::test]
async fn ghosts_admin_api_client_publishes_to_the_site() {
    let data = tempfile::tempdir().expect("data folder");
    let content = new_key(data.path(), &["add", "content", "Front-end"]);
    let admin = new_key(data.path(), &["add", "admin", "Wire desk", "--role", "admin"]);
    let node = Node::start(data.path(), None, &[]).await;
    let stdout = run_script("admin.mjs", &[&node.base, &admin, &content]);
    assert_eq!(
        stdout.lines().filter(|line| line.starts_with("ok ")).count(),
        11,
        "{stdout}"
    );
}
