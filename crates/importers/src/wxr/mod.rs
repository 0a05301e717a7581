//! WordPress's export format, WXR ("WordPress eXtended RSS"): RSS 2.0 with WordPress's own
//! elements in the `wp:` namespace, in versions 1.0, 1.1 and 1.2.
//!
//! [`WxrReader`] streams an export of any size as [`WxrEntry`] values: the site's header, then
//! authors, categories, tags, other terms and items (posts of every type, with their terms,
//! metadata and comments), in the file's order. Values are kept as WordPress exported them;
//! deciding what to import, and how, is the caller's business.
//!
//! Elements are recognised by namespace URI and local name, never by prefix. The `wp` namespace
//! is any `http://` or `https://` `wordpress.org/export/<version>/` URI, with or without the
//! trailing slash (real exports have all of these), and the excerpt namespace is the same with
//! `excerpt/` after the version.
//!
//! What real exports get wrong, and what the reader does about it:
//! - Text split over several CDATA sections (how `]]>` is escaped) or mixed with escaped text is
//!   joined in order. The five XML entities and numeric references are decoded; an unknown entity
//!   such as `&nbsp;` is kept as written, `&nbsp;`, rather than failing the record or the file
//!   (it means the same once the text is used as HTML).
//! - Control characters that XML 1.0 forbids (U+000B, U+000C, U+001B, ...) are dropped from the
//!   text, and the record is kept.
//! - Bytes that are not UTF-8 inside a record make that record [`WxrEntry::Skipped`]
//!   (`invalid UTF-8 at byte N`); elsewhere (in the header) they are dropped. Only UTF-8 exports
//!   are read: an export declared in another encoding reads as far as its text is ASCII.
//! - A record with broken markup (an end tag that does not match, a CDATA section left open
//!   that swallows the next tags, a record not closed before the next) is skipped with the
//!   reason and the byte where it was found, and reading resumes at the next record. Stray end
//!   tags, in a record or in the header, never close the channel or unbind `wp` for the records
//!   after them.
//! - A number field that is not a number (`<wp:post_id>abc</wp:post_id>`) skips its record; an
//!   empty one reads as 0 (`None` for the optional ids).
//! - A file that ends inside an element (cut short) is an [`WxrError::Truncated`] with the size
//!   read; the records before it have been returned.
//!
//! Only the newest record is ever held: memory stays flat whatever the size of the file, and
//! [`WxrReader::position`] tells how far into it the reader is.

mod draft;
mod entries;
mod error;
mod names;
mod outer;
mod parser;
mod reader;
mod text;
mod time;
mod tree;
mod utf8;

#[cfg(test)]
mod tests;

pub use entries::{ItemTerm, WpAuthor, WpComment, WpItem, WpSite, WpTerm, WxrEntry};
pub use error::WxrError;
pub use reader::WxrReader;
pub use time::gmt_time;
