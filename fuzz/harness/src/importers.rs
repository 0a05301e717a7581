//! Other platforms' exports, as an operator brings them in: a WordPress WXR file streamed
//! record by record, and a Ghost JSON export.

use std::io::BufReader;

use dateline_importers::ghost::read_export;
use dateline_importers::wordpress::body_to_markdown;
use dateline_importers::wxr::{WxrEntry, WxrReader};
use dateline_render::markdown::to_html;

/// The first byte chooses how many bytes the file arrives in at a time; the rest is the
/// export. Each item's body goes on as the import takes it: to Markdown, then to the HTML
/// readers get.
pub fn wxr(data: &[u8]) {
    let Some((&chunk, export)) = data.split_first() else {
        return;
    };
    let whole = read_wxr(export);
    // A file read from disk or a network arrives in pieces; where they fall changes nothing.
    let trickled = read_wxr(BufReader::with_capacity(usize::from(chunk % 16) + 1, export));
    assert_eq!(
        whole,
        trickled,
        "the export read whole and in pieces of {}",
        chunk % 16 + 1
    );
    for entry in whole.0 {
        if let WxrEntry::Item(item) = entry {
            crate::html::assert_safe(&to_html(&body_to_markdown(&item.content).markdown));
        }
    }
}

/// The entries read and, when the file could not be read to its end, why (as text: the
/// error holds no `PartialEq`).
fn read_wxr(file: impl std::io::BufRead) -> (Vec<WxrEntry>, Option<String>, u64) {
    let mut reader = WxrReader::new(file);
    let mut entries = Vec::new();
    loop {
        match reader.next_entry() {
            Ok(Some(entry)) => entries.push(entry),
            Ok(None) => return (entries, None, WxrReader::position(&reader)),
            Err(error) => {
                assert!(matches!(reader.next_entry(), Ok(None)), "an entry after {error}");
                return (entries, Some(error.to_string()), WxrReader::position(&reader));
            }
        }
    }
}

pub fn ghost(data: &[u8]) {
    let _ = read_export(data);
}
