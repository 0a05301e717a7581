//! Replays, on stable, every input kept under `fuzz/seeds/<target>/` and
//! `fuzz/regressions/<target>/` (what fuzzing once found) through the targets' bodies, so a bug
//! fuzzing found stays found by `cargo test`; and checks that `fuzz/unfixed/<target>/` holds
//! only bugs still there.

use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

use dateline_fuzz_harness::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The files directly under `dir`, in name order; none when it does not exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|entry| entry.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|path| path.is_file());
    files.sort();
    files
}

#[test]
fn every_kept_input_passes_its_target() {
    let mut failed = Vec::new();
    let mut replayed = 0;
    for &(name, target) in TARGETS {
        if catch_unwind(|| target(b"")).is_err() {
            failed.push(format!("{name}: the empty input"));
        }
        for kind in ["seeds", "regressions"] {
            for file in inputs(&fuzz_dir().join(kind).join(name)) {
                let data = std::fs::read(&file).unwrap();
                replayed += 1;
                // Each failure's panic message is printed above; go on to list them all.
                if catch_unwind(|| target(&data)).is_err() {
                    failed.push(format!("{name}: {}", file.display()));
                }
            }
        }
    }
    assert!(failed.is_empty(), "inputs that fail:\n{}", failed.join("\n"));
    assert!(
        replayed >= TARGETS.len(),
        "only {replayed} inputs found under {:?}",
        fuzz_dir()
    );
}

/// Bugs found but not fixed yet (in code another change is under way in) wait in
/// `fuzz/unfixed/<target>/`; the fix moves them to `fuzz/regressions/<target>/`.
#[test]
fn every_unfixed_input_still_fails() {
    let mut fixed = Vec::new();
    for &(name, target) in TARGETS {
        for file in inputs(&fuzz_dir().join("unfixed").join(name)) {
            let data = std::fs::read(&file).unwrap();
            if catch_unwind(|| target(&data)).is_ok() {
                fixed.push(format!("{name}: {}", file.display()));
            }
        }
    }
    assert!(
        fixed.is_empty(),
        "fixed, so move them to fuzz/regressions/<target>/:\n{}",
        fixed.join("\n")
    );
}

/// The harness, fuzz/fuzz_targets and fuzz/Cargo.toml name the same targets.
#[test]
fn every_target_has_a_cargo_fuzz_binary() {
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    let mut binaries: Vec<String> = inputs(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    binaries.sort();
    let mut names: Vec<&str> = TARGETS.iter().map(|&(name, _)| name).collect();
    names.sort();
    assert_eq!(binaries, names);
    for name in names {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} in fuzz/Cargo.toml"
        );
    }
}

/// The check the Markdown and WordPress targets rely on does catch what it is there for.
#[test]
fn the_html_check_catches_script() {
    dateline_fuzz_harness::html::assert_safe(
        "<p>javascript: onclick=x &lt;script&gt;</p><a href=\"/a:b\" rel=\"noopener\">x</a>",
    );
    for html in [
        "<script>alert(1)</script>",
        "<a href=\"java&#9;script:alert(1)\">x</a>",
        "<a href=\" JavaScript:alert(1)\">x</a>",
        "<img src=x onerror=alert(1)>",
        "<p style=\"color:red\">x</p>",
        "<svg><a href=x></a></svg>",
    ] {
        let caught = catch_unwind(|| dateline_fuzz_harness::html::assert_safe(html)).is_err();
        assert!(caught, "{html} passed the check");
    }
}
