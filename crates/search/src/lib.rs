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
mod ranking;
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

/// Hits beyond this offset are never returned: deep pages cost work in proportion to the
/// offset, and no reader pages that far.
pub const MAX_OFFSET: usize = 1_000;

/// Matches are counted up to this many; past it, [`Total::MoreThan`] says only that there
/// are more. Counting every match of a common word costs a visit to each of them, which at a
/// million stories is most of a search's time, for a figure no reader pages through.
pub const MAX_COUNTED: usize = 1_000;

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
    /// Newest first (stories published in the same second in the index's order); no match
    /// is scored.
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
    pub total: Total,
    pub hits: Vec<Hit>,
}

/// How many stories matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// This many, at most [`MAX_COUNTED`].
    Exactly(usize),
    /// More than [`MAX_COUNTED`]; they were not all counted.
    MoreThan(usize),
}

impl Total {
    /// Counted `count` matches, having looked for at most one past [`MAX_COUNTED`].
    fn counted(count: usize) -> Self {
        if count > MAX_COUNTED {
            Total::MoreThan(MAX_COUNTED)
        } else {
            Total::Exactly(count)
        }
    }

    /// The fewest stories that may have matched: enough to tell how many pages there are,
    /// up to [`MAX_COUNTED`].
    pub fn at_least(self) -> usize {
        match self {
            Total::Exactly(count) | Total::MoreThan(count) => count,
        }
    }
}

impl Default for Total {
    fn default() -> Self {
        Total::Exactly(0)
    }
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
