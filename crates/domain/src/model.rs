//! What readers are shown: the read models the store fills and the theme displays.

use crate::{ArticleStatus, Lang, Slug};
use chrono::{DateTime, Utc};
use serde::Serialize;

pub type Timestamp = DateTime<Utc>;

/// Settings that hold for the whole site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteSettings {
    /// An IANA zone name such as `Asia/Baghdad`; times are stored in UTC and shown in this zone.
    pub time_zone: String,
    /// The public address readers reach the site at, used for absolute links.
    pub base_url: String,
}

/// What differs between editions: the masthead.
#[derive(Debug, Clone, Serialize)]
pub struct Edition {
    pub lang: Lang,
    pub site_name: String,
    pub tagline: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: i64,
    pub lang: Lang,
    pub slug: Slug,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    pub id: i64,
    pub lang: Lang,
    pub slug: Slug,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub id: i64,
    pub slug: Slug,
    pub name: String,
    pub bio: String,
    /// Path of the portrait under `/media`, if there is one.
    pub photo: Option<String>,
}

/// A picture as a story shows it: the image and the words that go with it, each on its own.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub src: String,
    /// A picture link previews (Open Graph, structured data) can show: the original, or its
    /// raster copy where the original is SVG, which social networks refuse; none without one.
    pub card: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    /// Responsive sources (`url 800w, …`) in the original format and in WebP, for uploads.
    pub srcset: Option<String>,
    pub webp_srcset: Option<String>,
    /// Where the subject is, for crops.
    pub focus: crate::Focus,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

impl Figure {
    /// Whether a picture at this path is one social networks show as a link's card.
    pub fn cards_take(path: &str) -> bool {
        !path.to_ascii_lowercase().ends_with(".svg")
    }
}

/// The same story in the other edition.
#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    pub lang: Lang,
    pub slug: Slug,
    pub headline: String,
}

/// A story in a list: enough for a headline link with its picture.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub lang: Lang,
    pub slug: Slug,
    pub headline: String,
    pub dek: String,
    pub section: Section,
    pub published_at: Timestamp,
    pub lead: Option<Figure>,
}

/// A whole story, as its own page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub id: i64,
    pub lang: Lang,
    pub slug: Slug,
    pub headline: String,
    pub dek: String,
    pub body_markdown: String,
    /// The body as the HTML readers get, sanitised, made when the story was saved. Not
    /// serialised: a page puts it in as it is.
    #[serde(skip)]
    pub body_html: String,
    pub dateline_place: String,
    pub status: ArticleStatus,
    pub section: Section,
    pub authors: Vec<Author>,
    pub tags: Vec<Tag>,
    pub lead: Option<Figure>,
    pub published_at: Timestamp,
    /// Set only by a significant update; minor fixes leave it alone.
    pub updated_at: Option<Timestamp>,
    pub translation: Option<Translation>,
    /// Whether the story takes comments, as set on the story (auto-closing is applied on top).
    pub comments: crate::CommentsMode,
    /// Corrections appended by editors, oldest first; never removed.
    pub corrections: Vec<Correction>,
    pub seo_title: String,
    pub seo_description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Correction {
    pub body: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaticPage {
    pub lang: Lang,
    pub slug: Slug,
    pub title: String,
    pub body_markdown: String,
    pub updated_at: Timestamp,
}

impl StaticPage {
    /// The pages every page of the site links to (its footer, the comment form): they can be
    /// edited, never deleted.
    pub const LINKED_FROM_EVERY_PAGE: [&'static str; 2] = ["about", "comment-policy"];

    pub fn is_linked_from_every_page(slug: &Slug) -> bool {
        Self::LINKED_FROM_EVERY_PAGE.contains(&slug.as_str())
    }
}

/// A comment as readers see it: never the commenter's email.
#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub status: crate::CommentStatus,
    /// Written by a member of the newsroom, shown with a badge.
    pub staff: bool,
    pub featured: bool,
    pub created_at: Timestamp,
    /// Why it was refused, as its author was told; shown only to them.
    pub reason: Option<String>,
}

/// A comment in a moderation queue, with what a moderator needs to decide.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    pub comment: Comment,
    pub email: String,
    pub address_hash: String,
    pub article_lang: Lang,
    pub article_slug: Slug,
    pub article_headline: String,
    /// The rule that held or rejected it, as recorded.
    pub rule: Option<String>,
    pub reason: Option<String>,
    pub published_before: i64,
    pub rejected_before: i64,
    pub reports: Vec<String>,
}

/// The newsroom's comment rules, as moderators set them.
#[derive(Debug, Clone, Serialize)]
pub struct ModerationSettings {
    pub mode: crate::ModerationMode,
    pub banned_words: String,
    pub suspect_words: String,
    pub link_limit: i64,
    /// Comments close by themselves this many days after a story is published.
    pub auto_close_days: Option<i64>,
}

/// One page of a longer list, with what a pager needs.
#[derive(Debug, Clone, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub total_pages: u32,
}

impl<T> Paged<T> {
    pub fn new(items: Vec<T>, page: crate::PageNumber, per_page: u32, total_items: i64) -> Self {
        let total = u32::try_from(total_items.max(0)).unwrap_or(u32::MAX);
        Self {
            items,
            page: page.get(),
            total_pages: total.div_ceil(per_page).max(1),
        }
    }
}
