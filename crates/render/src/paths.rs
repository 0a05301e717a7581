//! The site's URL scheme, in one place: every link the theme prints is made here.

use dateline_domain::Lang;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Home,
    Section,
    Article,
    Tag,
    Author,
    Page,
    /// The edition's search page; it takes no slug.
    Search,
}

impl PathKind {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "home" => PathKind::Home,
            "section" => PathKind::Section,
            "article" => PathKind::Article,
            "tag" => PathKind::Tag,
            "author" => PathKind::Author,
            "page" => PathKind::Page,
            "search" => PathKind::Search,
            _ => return None,
        })
    }

    fn segment(self) -> &'static str {
        match self {
            PathKind::Home => "",
            PathKind::Section => "section",
            PathKind::Article => "article",
            PathKind::Tag => "tag",
            PathKind::Author => "author",
            PathKind::Page => "page",
            PathKind::Search => "search",
        }
    }
}

/// Characters a path segment must not carry raw; non-ASCII (Arabic slugs) is encoded too.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// `/`, `/ar/`, `/section/news`, `/ar/article/%D8%B9…`.
pub fn path_for(lang: Lang, kind: PathKind, slug: &str) -> String {
    let mut path = String::with_capacity(16 + slug.len() * 3);
    path.push_str(lang.path_prefix());
    path.push('/');
    if kind == PathKind::Search {
        path.push_str(kind.segment());
    } else if kind != PathKind::Home {
        path.push_str(kind.segment());
        path.push('/');
        // Appended piece by piece (a run of plain characters, or one `%XX`), not through
        // `Display`, whose formatting machinery was most of this function's time.
        path.extend(utf8_percent_encode(slug, SEGMENT));
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_edition() {
        assert_eq!(path_for(Lang::En, PathKind::Home, ""), "/");
        assert_eq!(path_for(Lang::Ar, PathKind::Home, ""), "/ar/");
        assert_eq!(path_for(Lang::En, PathKind::Article, "ferry"), "/article/ferry");
        assert_eq!(path_for(Lang::Ar, PathKind::Search, ""), "/ar/search");
        assert_eq!(
            path_for(Lang::Ar, PathKind::Section, "أخبار"),
            "/ar/section/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"
        );
    }
}
