//! Full-text search over published stories, English and Arabic.
//!
//! One [`SearchIndex`] holds both editions; every search is confined to one. Stories go in as
//! [`SearchDoc`]s (upserted by id with [`SearchIndex::put`]) and come out as [`Hit`]s carrying
//! ready-to-embed HTML. All calls block (disk I/O, CPU): call them from async code through
//! `tokio::task::spawn_blocking`.

mod analyzer;
mod error;
mod folder;
mod index;
mod query;
mod schema;
mod snippet;

use chrono::{DateTime, Utc};
use dateline_domain::Lang;

pub use error::SearchError;
pub use index::{Opened, RebuildError, SearchIndex, WriterBudget};

/// Queries longer than this many characters are cut (at a character boundary).
pub const MAX_QUERY_CHARS: usize = 200;

/// At most this many hits are returned per page, whatever `limit` asks for.
pub const MAX_LIMIT: usize = 100;

/// Hits beyond this offset are never returned (`total` stays exact): deep pages cost memory
/// proportional to the offset, and no reader pages that far.
pub const MAX_OFFSET: usize = 10_000;

/// A published story as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub id: i64,
    pub lang: Lang,
    pub headline: String,
    pub dek: String,
    /// Plain text: the caller strips the Markdown.
    pub body: String,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub section_slug: String,
    pub published_at: DateTime<Utc>,
}

/// The order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (BM25; headline matches count most); equal scores newest first.
    #[default]
    Relevance,
    /// Newest first.
    Newest,
}

/// What a reader asked for, in one edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub lang: Lang,
    /// The reader's words, as typed. Every word must match; "quoted words" match as a phrase.
    pub text: String,
    /// A section slug, to search only that section.
    pub section: Option<String>,
    /// Published at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Published at or before this time.
    pub until: Option<DateTime<Utc>>,
    pub sort: Sort,
    pub offset: usize,
    /// At most [`MAX_LIMIT`] hits are returned.
    pub limit: usize,
}

impl SearchQuery {
    /// A first page of 20 hits by relevance for `text`, in every section, at any date.
    pub fn new(lang: Lang, text: impl Into<String>) -> Self {
        SearchQuery {
            lang,
            text: text.into(),
            section: None,
            since: None,
            until: None,
            sort: Sort::Relevance,
            offset: 0,
            limit: 20,
        }
    }
}

/// One page of hits and how many stories matched in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// A matching story, with HTML fit to embed as is: the text is escaped and matched words are
/// wrapped in `<mark>…</mark>`, the only tags it can contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: i64,
    pub headline_html: String,
    /// A passage of the body around the matches, or the dek when the body did not match.
    pub snippet_html: String,
}
