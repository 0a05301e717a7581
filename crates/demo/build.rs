// Rebuild when the embedded content gains or loses a file, not only when a known one changes:
// include_dir! alone cannot tell cargo about new files.
fn main() {
    for folder in [
        "content",
        "content/media",
        "content/media/cards",
        "content/articles/en",
        "content/articles/ar",
        "content/pages/en",
        "content/pages/ar",
    ] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
