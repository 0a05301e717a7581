//! schemathesis against the OpenAPI document a running Dateline serves: requests generated
//! from the document (valid and not) for every operation, with real keys, must never get a
//! 5xx and must always get an answer the document describes. `./scripts/test` installs it.

use crate::ghost_clients::new_key;
use crate::node::Node;
use std::path::PathBuf;
use std::process::Command;

#[tokio::test]
async fn generated_requests_get_no_server_error_and_answers_the_document_describes() {
    let data = tempfile::tempdir().expect("data folder");
    let content = new_key(data.path(), &["add", "content", "Fuzzer"]);
    let admin = new_key(data.path(), &["add", "admin", "Fuzzer", "--role", "admin"]);
    let node = Node::start(data.path(), None, &[]).await;
    let hooks = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../e2e/schemathesis");
    let run = Command::new("schemathesis")
        .arg("run")
        .arg(format!("{}/ghost/api/openapi.json", node.base))
        .args([
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--max-examples",
            "20",
            // One worker: with several, hypothesis parses code in threads at once, which this
            // CPython (3.11) does not survive reliably ("AST constructor recursion depth
            // mismatch"), failing the run for reasons that are not Dateline's.
            "--workers",
            "1",
            "--no-color",
        ])
        // schemathesis keeps a cache where it runs: in the test's folder, not the repository.
        .current_dir(data.path())
        .env("PYTHONPATH", &hooks)
        .env("SCHEMATHESIS_HOOKS", "dateline_hooks")
        .env("DATELINE_CONTENT_KEY", &content)
        .env("DATELINE_ADMIN_KEY", &admin)
        .output()
        .expect("run schemathesis (`pip install schemathesis`; ./scripts/test installs it)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis found problems:\n{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let document: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(hooks.join("../../docs/openapi.json")).expect("docs/openapi.json"),
    )
    .expect("the document");
    let operations: usize = document["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|path| path.as_object().map_or(0, |methods| methods.len()))
        .sum();
    assert!(
        stdout.contains(&format!("Tested: {operations}")),
        "every one of the {operations} operations was tested:\n{stdout}"
    );
}
