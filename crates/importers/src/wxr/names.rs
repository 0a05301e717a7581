//! WXR's vocabulary: which element means what, told by namespace URI and local name, never by
//! prefix (exports bind `wp` to other prefixes, and the URI's version and scheme vary).

use quick_xml::name::ResolveResult;

/// The namespaces WXR uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    /// No namespace: RSS 2.0's own elements.
    Rss,
    /// `http://wordpress.org/export/1.x/`, any version, `http` or `https`, with or without the
    /// trailing slash.
    Wp,
    /// `http://wordpress.org/export/1.x/excerpt/`.
    Excerpt,
    /// `http://purl.org/rss/1.0/modules/content/`.
    Content,
    /// `http://purl.org/dc/elements/1.1/`.
    Dc,
    /// Anything else, including a prefix bound to nothing.
    Other,
}

/// The namespace an element name resolved to.
pub(super) fn namespace_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Unbound => Ns::Rss,
        ResolveResult::Bound(uri) => namespace_of_uri(uri.0),
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

fn namespace_of_uri(uri: &str) -> Ns {
    let Some(place) = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"))
    else {
        return Ns::Other;
    };
    if let Some(version) = place.strip_prefix("wordpress.org/export/") {
        return match version.trim_end_matches('/').split_once('/') {
            None => Ns::Wp,
            Some((_, "excerpt")) => Ns::Excerpt,
            Some(_) => Ns::Other,
        };
    }
    match place.trim_end_matches('/') {
        "purl.org/rss/1.0/modules/content" => Ns::Content,
        "purl.org/dc/elements/1.1" => Ns::Dc,
        _ => Ns::Other,
    }
}

/// The records of an export, each a child of the channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EntryKind {
    Item,
    Author,
    Category,
    Tag,
    Term,
}

impl EntryKind {
    /// The kind of record an element of the channel starts, if it starts one.
    pub(super) fn of(ns: Ns, local: &str) -> Option<Self> {
        match (ns, local) {
            (Ns::Rss, "item") => Some(Self::Item),
            (Ns::Wp, "author") => Some(Self::Author),
            (Ns::Wp, "category") => Some(Self::Category),
            (Ns::Wp, "tag") => Some(Self::Tag),
            (Ns::Wp, "term") => Some(Self::Term),
            _ => None,
        }
    }

    /// The record's name in a [`Skipped`](super::WxrEntry::Skipped) entry.
    pub(super) fn noun(self) -> &'static str {
        match self {
            Self::Item => "item",
            Self::Author => "author",
            Self::Category => "category",
            Self::Tag => "tag",
            Self::Term => "term",
        }
    }
}

/// The channel header's elements that make up [`WpSite`](super::WpSite).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SiteField {
    Title,
    Link,
    Description,
    Language,
    WxrVersion,
    BaseSiteUrl,
    BaseBlogUrl,
}

impl SiteField {
    /// The header field an element of the channel holds, if any.
    pub(super) fn of(ns: Ns, local: &str) -> Option<Self> {
        match (ns, local) {
            (Ns::Rss, "title") => Some(Self::Title),
            (Ns::Rss, "link") => Some(Self::Link),
            (Ns::Rss, "description") => Some(Self::Description),
            (Ns::Rss, "language") => Some(Self::Language),
            (Ns::Wp, "wxr_version") => Some(Self::WxrVersion),
            (Ns::Wp, "base_site_url") => Some(Self::BaseSiteUrl),
            (Ns::Wp, "base_blog_url") => Some(Self::BaseBlogUrl),
            _ => None,
        }
    }
}

/// What an element inside a record stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// Not used by this reader, and everything inside it.
    Unused,
    // Children of `item`.
    Title,
    Link,
    PubDate,
    Creator,
    Guid,
    Description,
    Content,
    Excerpt,
    PostId,
    PostDate,
    PostDateGmt,
    PostModified,
    PostModifiedGmt,
    CommentStatus,
    PingStatus,
    PostName,
    Status,
    PostParent,
    MenuOrder,
    PostType,
    PostPassword,
    IsSticky,
    AttachmentUrl,
    ItemTerm,
    PostMeta,
    Comment,
    // Children of `wp:comment`.
    CommentId,
    CommentAuthor,
    CommentAuthorEmail,
    CommentAuthorUrl,
    CommentAuthorIp,
    CommentDate,
    CommentDateGmt,
    CommentContent,
    CommentApproved,
    CommentType,
    CommentParent,
    CommentUserId,
    CommentMeta,
    // Children of `wp:postmeta`, `wp:commentmeta` and `wp:termmeta`.
    MetaKey,
    MetaValue,
    // Children of `wp:author`.
    AuthorId,
    AuthorLogin,
    AuthorEmail,
    AuthorDisplayName,
    AuthorFirstName,
    AuthorLastName,
    // Children of `wp:category`, `wp:tag` and `wp:term`.
    TermId,
    TermSlug,
    TermName,
    TermParent,
    TermDescription,
    TermTaxonomy,
    TermMeta,
}

impl Field {
    /// What the element `ns:local` stands for inside `parent` (`None`: directly in the record).
    pub(super) fn of(kind: EntryKind, parent: Option<Field>, ns: Ns, local: &str) -> Field {
        match (kind, parent) {
            (EntryKind::Item, None) => item_child(ns, local),
            (EntryKind::Item, Some(Field::Comment)) => comment_child(ns, local),
            (EntryKind::Author, None) => author_child(ns, local),
            (_, None) => term_child(kind, ns, local),
            (_, Some(Field::PostMeta | Field::CommentMeta | Field::TermMeta)) => match (ns, local) {
                (Ns::Wp, "meta_key") => Field::MetaKey,
                (Ns::Wp, "meta_value") => Field::MetaValue,
                _ => Field::Unused,
            },
            _ => Field::Unused,
        }
    }

    /// Whether the element holds other elements rather than text; the text between them is
    /// whitespace and is dropped.
    pub(super) fn is_container(self) -> bool {
        matches!(
            self,
            Field::PostMeta | Field::Comment | Field::CommentMeta | Field::TermMeta
        )
    }
}

fn item_child(ns: Ns, local: &str) -> Field {
    match (ns, local) {
        (Ns::Rss, "title") => Field::Title,
        (Ns::Rss, "link") => Field::Link,
        (Ns::Rss, "pubDate") => Field::PubDate,
        (Ns::Dc, "creator") => Field::Creator,
        (Ns::Rss, "guid") => Field::Guid,
        (Ns::Rss, "description") => Field::Description,
        (Ns::Content, "encoded") => Field::Content,
        (Ns::Excerpt, "encoded") => Field::Excerpt,
        (Ns::Rss, "category") => Field::ItemTerm,
        (Ns::Wp, local) => match local {
            "post_id" => Field::PostId,
            "post_date" => Field::PostDate,
            "post_date_gmt" => Field::PostDateGmt,
            "post_modified" => Field::PostModified,
            "post_modified_gmt" => Field::PostModifiedGmt,
            "comment_status" => Field::CommentStatus,
            "ping_status" => Field::PingStatus,
            "post_name" => Field::PostName,
            "status" => Field::Status,
            "post_parent" => Field::PostParent,
            "menu_order" => Field::MenuOrder,
            "post_type" => Field::PostType,
            "post_password" => Field::PostPassword,
            "is_sticky" => Field::IsSticky,
            "attachment_url" => Field::AttachmentUrl,
            "postmeta" => Field::PostMeta,
            "comment" => Field::Comment,
            _ => Field::Unused,
        },
        _ => Field::Unused,
    }
}

fn comment_child(ns: Ns, local: &str) -> Field {
    if ns != Ns::Wp {
        return Field::Unused;
    }
    match local {
        "comment_id" => Field::CommentId,
        "comment_author" => Field::CommentAuthor,
        "comment_author_email" => Field::CommentAuthorEmail,
        "comment_author_url" => Field::CommentAuthorUrl,
        "comment_author_IP" => Field::CommentAuthorIp,
        "comment_date" => Field::CommentDate,
        "comment_date_gmt" => Field::CommentDateGmt,
        "comment_content" => Field::CommentContent,
        "comment_approved" => Field::CommentApproved,
        "comment_type" => Field::CommentType,
        "comment_parent" => Field::CommentParent,
        "comment_user_id" => Field::CommentUserId,
        "commentmeta" => Field::CommentMeta,
        _ => Field::Unused,
    }
}

fn author_child(ns: Ns, local: &str) -> Field {
    if ns != Ns::Wp {
        return Field::Unused;
    }
    match local {
        "author_id" => Field::AuthorId,
        "author_login" => Field::AuthorLogin,
        "author_email" => Field::AuthorEmail,
        "author_display_name" => Field::AuthorDisplayName,
        "author_first_name" => Field::AuthorFirstName,
        "author_last_name" => Field::AuthorLastName,
        _ => Field::Unused,
    }
}

fn term_child(kind: EntryKind, ns: Ns, local: &str) -> Field {
    if ns != Ns::Wp {
        return Field::Unused;
    }
    match (kind, local) {
        (_, "term_id") => Field::TermId,
        (_, "termmeta") => Field::TermMeta,
        (EntryKind::Category, "category_nicename") | (EntryKind::Tag, "tag_slug") => Field::TermSlug,
        (EntryKind::Category, "cat_name") | (EntryKind::Tag, "tag_name") => Field::TermName,
        (EntryKind::Category, "category_parent") => Field::TermParent,
        (EntryKind::Category, "category_description") | (EntryKind::Tag, "tag_description") => {
            Field::TermDescription
        }
        (EntryKind::Term, "term_slug") => Field::TermSlug,
        (EntryKind::Term, "term_name") => Field::TermName,
        (EntryKind::Term, "term_parent") => Field::TermParent,
        (EntryKind::Term, "term_description") => Field::TermDescription,
        (EntryKind::Term, "term_taxonomy") => Field::TermTaxonomy,
        _ => Field::Unused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_are_told_by_uri_whatever_the_version_or_scheme() {
        for wp in [
            "http://wordpress.org/export/1.0/",
            "http://wordpress.org/export/1.1/",
            "http://wordpress.org/export/1.2",
            "https://wordpress.org/export/1.2/",
        ] {
            assert_eq!(namespace_of_uri(wp), Ns::Wp, "{wp}");
        }
        for excerpt in [
            "http://wordpress.org/export/1.0/excerpt/",
            "https://wordpress.org/export/1.2/excerpt",
        ] {
            assert_eq!(namespace_of_uri(excerpt), Ns::Excerpt, "{excerpt}");
        }
        assert_eq!(
            namespace_of_uri("http://purl.org/rss/1.0/modules/content/"),
            Ns::Content
        );
        assert_eq!(namespace_of_uri("http://purl.org/dc/elements/1.1/"), Ns::Dc);
        assert_eq!(
            namespace_of_uri("http://wellformedweb.org/CommentAPI/"),
            Ns::Other
        );
        assert_eq!(
            namespace_of_uri("http://wordpress.org/export/1.2/other/"),
            Ns::Other
        );
    }
}
