//! What the importers share: reading a picture file within the media library's limit, old
//! addresses, plain words, and the report's word for what the store did.

use crate::report::Outcome;
use dateline_domain::OldAddress;
use dateline_store::imports::Imported;
use std::path::Path;

/// The old addresses that parse, each once, without the site's root.
pub fn old_addresses(candidates: &[String]) -> Vec<OldAddress> {
    let mut addresses = Vec::new();
    for candidate in candidates {
        if let Ok(address) = OldAddress::parse(candidate)
            && address.as_str() != "/"
            && !addresses.contains(&address)
        {
            addresses.push(address);
        }
    }
    addresses
}

/// HTML's words as plain text on one line.
pub fn plain(html: &str) -> String {
    let markdown = dateline_render::from_html::html_to_markdown(html);
    dateline_render::markdown::to_plain_text(&markdown)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn outcome(imported: Imported) -> Outcome {
    match imported {
        Imported::Added(_) => Outcome::Added,
        Imported::Updated(_) => Outcome::Updated,
        Imported::Unchanged(_) => Outcome::Unchanged,
    }
}

/// A picture file's bytes (at most one more than the media library takes, so that a larger
/// one is refused there in its words); why not, in words for the report.
pub fn picture_file(path: &Path, named: &str) -> Result<Vec<u8>, String> {
    let limit = dateline_media::Limits::default().max_bytes as u64;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|opened| {
            std::io::Read::read_to_end(&mut std::io::Read::take(opened, limit + 1), &mut bytes)
        })
        .map(|_| bytes)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => format!("no file at {named}"),
            _ => format!("reading {named}: {error}"),
        })
}
