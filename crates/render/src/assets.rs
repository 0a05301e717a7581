//! The theme's static files (CSS, icons), held in memory with a content hash for cache busting.

use include_dir::{Dir, include_dir};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

static DEFAULT_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/theme/static");

#[derive(Debug, Clone)]
pub struct Asset {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// A short hash of the bytes, put in the asset's URL so browsers may keep it for a year.
    pub version: String,
}

#[derive(Debug, Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
}

impl Assets {
    /// The default theme's files, each replaced by a file of the same name in
    /// `<theme_dir>/static/` when the operator has put one there.
    pub fn load(theme_dir: Option<&Path>) -> std::io::Result<Self> {
        let mut files = HashMap::new();
        for file in DEFAULT_STATIC.files() {
            let name = file.path().to_string_lossy().into_owned();
            files.insert(name.clone(), asset(&name, file.contents().to_vec()));
        }
        if let Some(dir) = theme_dir.map(|dir| dir.join("static")).filter(|dir| dir.is_dir()) {
            for entry in std::fs::read_dir(&dir)? {
                let entry = entry?;
                if entry.file_type()?.is_file() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let bytes = std::fs::read(entry.path())?;
                    files.insert(name.clone(), asset(&name, bytes));
                }
            }
        }
        Ok(Self { files })
    }

    pub fn get(&self, name: &str) -> Option<&Asset> {
        self.files.get(name)
    }

    /// The URL the theme links an asset by.
    pub fn url(&self, name: &str) -> String {
        match self.files.get(name) {
            Some(asset) => format!("/static/{name}?v={}", asset.version),
            None => format!("/static/{name}"),
        }
    }
}

fn asset(name: &str, bytes: Vec<u8>) -> Asset {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Asset {
        content_type: content_type(name),
        version: format!("{:08x}", hasher.finish() as u32),
        bytes,
    }
}

/// The media type for a file name, by its extension.
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
