//! Hand-made exports read through [`WxrReader`]: the records, what real exports get wrong, and
//! files of any size.

mod reading;
mod robustness;
mod streaming;

use super::{WpItem, WxrEntry, WxrError, WxrReader};

/// An export in WXR `version` around `body`, with the namespaces bound as WordPress binds them.
fn export(version: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n\
         <rss version=\"2.0\"\n\
         \txmlns:excerpt=\"http://wordpress.org/export/{version}/excerpt/\"\n\
         \txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n\
         \txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
         \txmlns:wp=\"http://wordpress.org/export/{version}/\">\n\
         <channel>\n\
         \t<title>The Harbour Gazette</title>\n\
         \t<link>https://gazette.example</link>\n\
         \t<description>News from the quay</description>\n\
         \t<language>en-GB</language>\n\
         \t<wp:wxr_version>{version}</wp:wxr_version>\n\
         \t<wp:base_site_url>https://gazette.example</wp:base_site_url>\n\
         \t<wp:base_blog_url>https://gazette.example</wp:base_blog_url>\n\
         {body}\n\
         </channel>\n\
         </rss>\n"
    )
}

/// A small post with `id`, `title` and `content` written into the markup as given.
fn post(id: u64, title: &str, content: &str) -> String {
    format!(
        "<item>\n\
         \t<title>{title}</title>\n\
         \t<content:encoded>{content}</content:encoded>\n\
         \t<wp:post_id>{id}</wp:post_id>\n\
         \t<wp:status>publish</wp:status>\n\
         \t<wp:post_type>post</wp:post_type>\n\
         </item>"
    )
}

/// Every entry of `bytes`; fails the test on an error.
fn read_all(bytes: &[u8]) -> Vec<WxrEntry> {
    WxrReader::new(bytes)
        .collect::<Result<Vec<_>, WxrError>>()
        .unwrap_or_else(|error| panic!("the export should read to its end: {error}"))
}

/// The entries of `bytes` up to the error that ends them.
fn read_until_error(bytes: &[u8]) -> (Vec<WxrEntry>, WxrError) {
    let mut reader = WxrReader::new(bytes);
    let mut entries = Vec::new();
    loop {
        match reader.next_entry() {
            Ok(Some(entry)) => entries.push(entry),
            Ok(None) => panic!("the export should end in an error, read {entries:?}"),
            Err(error) => {
                assert!(
                    reader.next_entry().expect("after an error").is_none(),
                    "nothing follows an error"
                );
                return (entries, error);
            }
        }
    }
}

fn items(entries: &[WxrEntry]) -> Vec<&WpItem> {
    entries
        .iter()
        .filter_map(|entry| match entry {
            WxrEntry::Item(item) => Some(item),
            _ => None,
        })
        .collect()
}

/// `(position, what, reason)` of each skipped record.
fn skipped(entries: &[WxrEntry]) -> Vec<(u64, &str, &str)> {
    entries
        .iter()
        .filter_map(|entry| match entry {
            WxrEntry::Skipped {
                position,
                what,
                reason,
            } => Some((*position, what.as_str(), reason.as_str())),
            _ => None,
        })
        .collect()
}
