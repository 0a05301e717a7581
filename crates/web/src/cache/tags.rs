//! What a cached page depends on. Handlers name it; a write names what it changed; the cache
//! forgets exactly the pages that share a tag with the write.

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use dateline_domain::Lang;
use dateline_store::articles::Listing;
use std::fmt::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PageTag {
    /// A story's words, byline, picture or status: its own page, and every list showing it.
    Story(i64),
    /// The comments shown under a story.
    Comments(i64),
    /// Which stories an edition has published, newest first: the front page, feeds, sitemaps.
    Edition(Lang),
    /// Which stories a section lists (also the "more from" list under each of its stories).
    Section(i64),
    /// Which stories a tag lists.
    Topic(i64),
    /// Which stories an author's page lists.
    Author(i64),
    /// Only what every page shows: settings, sections, static pages. Untagged pages have it.
    Site,
}

impl fmt::Display for PageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageTag::Story(id) => write!(f, "story-{id}"),
            PageTag::Comments(id) => write!(f, "comments-{id}"),
            PageTag::Edition(lang) => write!(f, "edition-{lang}"),
            PageTag::Section(id) => write!(f, "section-{id}"),
            PageTag::Topic(id) => write!(f, "tag-{id}"),
            PageTag::Author(id) => write!(f, "author-{id}"),
            PageTag::Site => f.write_str("site"),
        }
    }
}

impl From<Listing> for PageTag {
    fn from(listing: Listing) -> Self {
        match listing {
            Listing::Section(id) => PageTag::Section(id),
            Listing::Tag(id) => PageTag::Topic(id),
            Listing::Author(id) => PageTag::Author(id),
        }
    }
}

/// The tags of a response, carried from the handler to the cache in its extensions.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageTags(pub Vec<PageTag>);

impl PageTags {
    /// The `Surrogate-Key` header value a CDN purges by: the tags, space-separated.
    pub fn surrogate_key(&self) -> HeaderValue {
        let mut keys = String::from("site");
        for tag in self.0.iter().filter(|tag| **tag != PageTag::Site) {
            let _ = write!(keys, " {tag}");
        }
        HeaderValue::from_str(&keys).expect("tags are ASCII words")
    }
}

/// A page with what it depends on, for the cache to keep and later forget at the right time.
pub(crate) struct Tagged<T>(pub Vec<PageTag>, pub T);

impl<T: IntoResponse> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        response.extensions_mut().insert(PageTags(self.0));
        response
    }
}
