//! What a WXR export holds, one [`WxrEntry`] at a time, with WordPress's values kept as exported.

/// One record of a WordPress export, in the order the file holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[expect(
    clippy::large_enum_variant,
    reason = "items are most of an export and each is moved out once; boxing would add an allocation per item"
)]
pub enum WxrEntry {
    /// The site the export came from, read from the channel's header. Sent once, before the first
    /// author, term or item (or at the end of a file that holds none of them).
    Site(WpSite),
    /// A user who wrote for the site (`wp:author`).
    Author(WpAuthor),
    /// A category (`wp:category`); its parent is the parent's slug.
    Category(WpTerm),
    /// A tag (`wp:tag`); tags have no parent.
    Tag(WpTerm),
    /// A term of any other taxonomy (`wp:term`: custom taxonomies, `nav_menu`, ...), with the
    /// taxonomy's name.
    Term(WpTerm, String),
    /// A post of any type: post, page, attachment, nav_menu_item, revision or a custom type. The
    /// caller decides which types it wants.
    Item(WpItem),
    /// An item, author or term that could not be read. Reading goes on with the next one.
    Skipped {
        /// Byte offset in the file where the record starts.
        position: u64,
        /// Which record it was, as far as it could be told (`item 12 "Hello"`, `category "news"`).
        what: String,
        /// Why it was passed over, in words for the operator running the import.
        reason: String,
    },
}

/// The exporting site, from the channel's header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WpSite {
    /// The site's name (`title`).
    pub title: String,
    /// The site's address (`link`).
    pub link: String,
    /// The site's tagline (`description`).
    pub description: String,
    /// The site's language, such as `en-US` (`language`).
    pub language: String,
    /// The WXR format version, `1.0`, `1.1` or `1.2` (`wp:wxr_version`).
    pub wxr_version: String,
    /// The address of the WordPress installation (`wp:base_site_url`).
    pub base_site_url: String,
    /// The address of the blog itself (`wp:base_blog_url`).
    pub base_blog_url: String,
}

/// A WordPress user who is named as the author of posts (`wp:author`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WpAuthor {
    /// The user's id on the old site (`wp:author_id`); older exports do not have it.
    pub id: Option<u64>,
    /// The login, which items name as their `dc:creator` (`wp:author_login`).
    pub login: String,
    /// `wp:author_email`.
    pub email: String,
    /// The name shown on the old site (`wp:author_display_name`).
    pub display_name: String,
    /// `wp:author_first_name`.
    pub first_name: String,
    /// `wp:author_last_name`.
    pub last_name: String,
}

/// A term of a taxonomy: a category, a tag or a term of another taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WpTerm {
    /// The term's id on the old site (`wp:term_id`); WXR 1.0 does not have it.
    pub term_id: Option<u64>,
    /// The slug (`wp:category_nicename`, `wp:tag_slug` or `wp:term_slug`), as exported.
    pub slug: String,
    /// The name (`wp:cat_name`, `wp:tag_name` or `wp:term_name`).
    pub name: String,
    /// The parent's slug (`wp:category_parent` or `wp:term_parent`); `None` for a top-level term
    /// and for tags.
    pub parent: Option<String>,
    /// `wp:category_description`, `wp:tag_description` or `wp:term_description`.
    pub description: String,
    /// The term's metadata (`wp:termmeta`), key and value, in the file's order.
    pub meta: Vec<(String, String)>,
}

/// A post of any type (`item`), with its terms, metadata and comments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WpItem {
    /// `title`.
    pub title: String,
    /// The public address on the old site (`link`).
    pub link: String,
    /// The RFC 2822 publication date (`pubDate`).
    pub pub_date: String,
    /// The author's login (`dc:creator`), matching a [`WpAuthor::login`].
    pub creator: String,
    /// `guid`.
    pub guid: String,
    /// `description`.
    pub description: String,
    /// The body, HTML with shortcodes and block comments as stored (`content:encoded`).
    pub content: String,
    /// The hand-written excerpt (`excerpt:encoded`).
    pub excerpt: String,
    /// `wp:post_id`.
    pub post_id: u64,
    /// Local time of publication, `YYYY-MM-DD HH:MM:SS` (`wp:post_date`).
    pub post_date: String,
    /// The same in UTC (`wp:post_date_gmt`); see [`gmt_time`](super::gmt_time).
    pub post_date_gmt: String,
    /// Local time of the last change (`wp:post_modified`).
    pub post_modified: String,
    /// The same in UTC (`wp:post_modified_gmt`).
    pub post_modified_gmt: String,
    /// `open` or `closed` (`wp:comment_status`).
    pub comment_status: String,
    /// `open` or `closed` (`wp:ping_status`).
    pub ping_status: String,
    /// The slug as exported; it may be percent-encoded UTF-8 and is kept raw (`wp:post_name`).
    pub post_name: String,
    /// `publish`, `draft`, `future`, `pending`, `private`, `inherit`, `trash`, ... (`wp:status`).
    pub status: String,
    /// The parent post's id, 0 for none (`wp:post_parent`).
    pub post_parent: u64,
    /// `wp:menu_order`.
    pub menu_order: i64,
    /// `post`, `page`, `attachment`, `nav_menu_item`, `revision` or a custom type (`wp:post_type`).
    pub post_type: String,
    /// `wp:post_password`.
    pub post_password: String,
    /// Whether the post was pinned to the front page (`wp:is_sticky` is `1`).
    pub is_sticky: bool,
    /// For an attachment, the file's address (`wp:attachment_url`).
    pub attachment_url: Option<String>,
    /// The item's categories, tags and other terms, in the file's order.
    pub terms: Vec<ItemTerm>,
    /// Post metadata (`wp:postmeta`), key and value, in the file's order.
    pub meta: Vec<(String, String)>,
    /// The comments, pingbacks and trackbacks on the item, in the file's order.
    pub comments: Vec<WpComment>,
}

/// A term an item is filed under: `<category domain="post_tag" nicename="slug">Name</category>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemTerm {
    /// The taxonomy: `category`, `post_tag`, `post_format`, `nav_menu`, ... (`domain`).
    pub domain: String,
    /// The term's slug (`nicename`).
    pub slug: String,
    /// The term's name (the element's text).
    pub name: String,
}

/// A comment, pingback or trackback on an item (`wp:comment`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WpComment {
    /// `wp:comment_id`.
    pub id: u64,
    /// `wp:comment_author`.
    pub author: String,
    /// `wp:comment_author_email`.
    pub author_email: String,
    /// `wp:comment_author_url`.
    pub author_url: String,
    /// `wp:comment_author_IP`.
    pub author_ip: String,
    /// Local time, `YYYY-MM-DD HH:MM:SS` (`wp:comment_date`).
    pub date: String,
    /// The same in UTC (`wp:comment_date_gmt`).
    pub date_gmt: String,
    /// `wp:comment_content`.
    pub content: String,
    /// Moderation state as exported: `1`, `0`, `spam`, `trash`, `post-trashed` (`wp:comment_approved`).
    pub approved: String,
    /// Empty or `comment` for a comment, `pingback`, `trackback`, or a plugin's type (`wp:comment_type`).
    pub comment_type: String,
    /// The id of the comment this one answers, 0 for none (`wp:comment_parent`).
    pub parent: u64,
    /// The commenter's user id on the old site, 0 for a visitor (`wp:comment_user_id`).
    pub user_id: u64,
    /// Comment metadata (`wp:commentmeta`), key and value, in the file's order.
    pub meta: Vec<(String, String)>,
}
