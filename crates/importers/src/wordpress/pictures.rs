//! The archive's pictures, from the old site's uploads folder (`wp-content/uploads`): each
//! attachment that is a picture goes into the media library, checked and re-encoded as an
//! upload is, and the addresses the old site served it at are mapped to the library's, so that
//! stories lead with their featured image and show their pictures from this site.

use crate::wxr::WpItem;
use dateline_store::stories::LeadInput;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// A picture brought into the library.
#[derive(Debug, Clone)]
pub struct Picture {
    pub id: i64,
    /// Its address here: `/media/uploads/…`.
    pub url: String,
    pub alt: String,
    pub caption: String,
}

/// The pictures brought in, by attachment id and by the file the old site served.
#[derive(Debug, Default)]
pub struct Pictures {
    by_attachment: HashMap<u64, Picture>,
    by_file: HashMap<String, String>,
}

/// A meta value of the item.
pub fn meta<'a>(item: &'a WpItem, key: &str) -> Option<&'a str> {
    item.meta
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.trim().is_empty())
}

/// Where an attachment's file lies under the uploads folder: `_wp_attached_file`, else its
/// URL's part after `/uploads/`. `None` for a path that would leave the folder.
pub fn relative_file(item: &WpItem) -> Option<PathBuf> {
    let url = item.attachment_url.as_deref().unwrap_or_default();
    let raw = meta(item, "_wp_attached_file")
        .map(str::to_owned)
        .or_else(|| url.split_once("/uploads/").map(|(_, rest)| rest.to_owned()))?;
    let path = PathBuf::from(super::item::decoded(raw.split('?').next().unwrap_or_default()));
    let inside = path.components().all(|part| matches!(part, Component::Normal(_)));
    (inside && path.components().next().is_some()).then_some(path)
}

/// The key a picture's address is known by: its last `YYYY/MM/name` (or fewer) segments, with
/// WordPress's size suffix (`-300x200`) and any query taken off.
pub fn file_key(address: &str) -> Option<String> {
    let path = address.split(['?', '#']).next()?;
    let segments: Vec<&str> = path.rsplit('/').take(3).filter(|s| !s.is_empty()).collect();
    let (name, folders) = segments.split_first()?;
    let name = super::item::decoded(name);
    let (stem, extension) = name.rsplit_once('.')?;
    let stem = match stem.rsplit_once('-') {
        Some((base, size))
            if size.split_once('x').is_some_and(|(w, h)| {
                !w.is_empty() && !h.is_empty() && (w.to_owned() + h).bytes().all(|b| b.is_ascii_digit())
            }) =>
        {
            base
        }
        _ => stem,
    };
    let mut key: Vec<String> = folders.iter().rev().map(|s| (*s).to_owned()).collect();
    key.push(format!("{stem}.{}", extension.to_ascii_lowercase()));
    Some(key.join("/"))
}

impl Pictures {
    pub fn add(&mut self, attachment: &WpItem, picture: Picture, file: &Path) {
        let addresses = [
            attachment.attachment_url.clone().unwrap_or_default(),
            format!("/{}", file.display()),
        ];
        for address in addresses {
            if let Some(key) = file_key(&address) {
                self.by_file.insert(key, picture.url.clone());
            }
        }
        self.by_attachment.insert(attachment.post_id, picture);
    }

    pub fn is_empty(&self) -> bool {
        self.by_attachment.is_empty()
    }

    /// The story's lead: its featured image (`_thumbnail_id`), if it was brought in.
    pub fn lead(&self, item: &WpItem) -> Option<LeadInput> {
        let id: u64 = meta(item, "_thumbnail_id")?.trim().parse().ok()?;
        let picture = self.by_attachment.get(&id)?;
        Some(LeadInput {
            image_id: picture.id,
            alt: picture.alt.clone(),
            caption: picture.caption.clone(),
            credit: String::new(),
        })
    }

    /// `html` with the addresses of pictures brought in replaced by theirs here; and how many
    /// pictures of the old site's uploads it shows that were not brought in.
    pub fn rewrite(&self, html: &str) -> (String, usize) {
        let mut out = String::with_capacity(html.len());
        let mut missing = 0;
        let mut rest = html;
        while let Some(at) = rest.find("src=\"") {
            let start = at + "src=\"".len();
            let Some(end) = rest[start..].find('"').map(|len| start + len) else {
                break;
            };
            let address = &rest[start..end];
            out.push_str(&rest[..start]);
            match file_key(address).and_then(|key| self.by_file.get(&key)) {
                Some(url) => out.push_str(url),
                None => {
                    if address.contains("/uploads/") || address.contains(".files.wordpress.com/") {
                        missing += 1;
                    }
                    out.push_str(address);
                }
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        (out, missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pictures_addresses_share_one_key() {
        for address in [
            "https://old.example.org/wp-content/uploads/2019/05/harbour.jpg",
            "https://old.example.org/wp-content/uploads/2019/05/harbour-300x200.jpg",
            "https://old.files.wordpress.com/2019/05/harbour.JPG?w=604",
            "/2019/05/harbour.jpg",
        ] {
            assert_eq!(
                file_key(address).as_deref(),
                Some("2019/05/harbour.jpg"),
                "{address}"
            );
        }
        assert_eq!(
            file_key("/x/2019/05/sea-level-2x.png").as_deref(),
            Some("2019/05/sea-level-2x.png")
        );
    }

    #[test]
    fn a_file_outside_the_uploads_folder_is_never_read() {
        let item = |file: &str| WpItem {
            meta: vec![("_wp_attached_file".to_owned(), file.to_owned())],
            ..WpItem::default()
        };
        assert_eq!(
            relative_file(&item("2019/05/a.jpg")),
            Some(PathBuf::from("2019/05/a.jpg"))
        );
        assert_eq!(relative_file(&item("../../etc/passwd")), None);
        assert_eq!(relative_file(&item("/etc/passwd")), None);
    }
}
