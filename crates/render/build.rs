// Rebuild when an embedded folder gains or loses a file, not only when a known one changes:
// include_dir! alone cannot tell cargo about new files.
fn main() {
    for folder in [
        "theme",
        "theme/templates",
        "theme/templates/newsroom",
        "theme/templates/partials",
        "theme/static",
        "catalog",
        "catalog/en",
        "catalog/ar",
    ] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
