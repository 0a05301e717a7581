//! `dateline key`: the API keys an operator makes, lists and revokes from the command line.

use crate::node::binary;
use std::path::Path;
use std::process::Command;

/// Runs `dateline key <args>` on the store in `data`: whether it succeeded, and what it printed.
fn key(data: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(binary())
        .arg("key")
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run dateline key");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

/// The text after the last ": " of the line that announces a new key.
fn new_key(printed: &str) -> String {
    let line = printed
        .lines()
        .find(|line| line.starts_with("Key "))
        .expect("a key line");
    line.rsplit(": ").next().expect("the key").to_owned()
}

#[test]
fn an_operator_makes_lists_and_revokes_keys() {
    let data = tempfile::tempdir().expect("data folder");
    let (made, printed) = key(data.path(), &["add", "content", "Static front-end"]);
    assert!(made, "{printed}");
    let content = new_key(&printed);
    assert_eq!(content.len(), 26, "{printed}");

    let (made, printed) = key(
        data.path(),
        &["add", "admin", "Publishing script", "--role", "editor"],
    );
    assert!(made, "{printed}");
    let admin = new_key(&printed);
    let (id, secret) = admin.split_once(':').expect("id:secret");
    assert_eq!((id.len(), secret.len()), (24, 64), "{printed}");

    let (listed, list) = key(data.path(), &["list"]);
    assert!(listed, "{list}");
    assert!(list.contains(&content) && list.contains(id), "{list}");
    assert!(
        list.contains("admin (editor)") && list.contains("Publishing script"),
        "{list}"
    );
    assert!(!list.contains(secret), "the list never shows a secret: {list}");

    let (revoked, printed) = key(data.path(), &["revoke", "1"]);
    assert!(revoked, "{printed}");
    let (_, list) = key(data.path(), &["list"]);
    let content_line = list
        .lines()
        .find(|line| line.contains(&content))
        .expect("still listed");
    assert!(content_line.contains("revoked"), "{list}");

    let (revoked_again, printed) = key(data.path(), &["revoke", "1"]);
    assert!(!revoked_again && printed.contains("no such key"), "{printed}");
    let (made, printed) = key(data.path(), &["add", "admin", "Script", "--role", "owner"]);
    assert!(!made && printed.contains("the role is one of"), "{printed}");
    let (made, printed) = key(data.path(), &["add", "content", "  "]);
    assert!(!made && printed.contains("give the key a name"), "{printed}");
}
