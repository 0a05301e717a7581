//! Reading the embedded demo content: `newsroom.toml`, Markdown stories and pages with TOML
//! front matter, and the illustrations.

use crate::SeedError;
use chrono::{DateTime, Utc};
use dateline_domain::Lang;
use include_dir::{Dir, include_dir};
use serde::Deserialize;

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

#[derive(Deserialize)]
pub struct Newsroom {
    pub site: Site,
    pub sections: Vec<SectionEntry>,
    pub authors: Vec<AuthorEntry>,
}

#[derive(Deserialize)]
pub struct Site {
    pub name: String,
    pub tagline: String,
    pub name_ar: String,
    pub tagline_ar: String,
    pub time_zone: String,
}

#[derive(Deserialize)]
pub struct SectionEntry {
    pub edition: String,
    pub slug: String,
    pub name: String,
}

#[derive(Deserialize)]
pub struct AuthorEntry {
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub photo: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFile {
    pub headline: String,
    pub dek: String,
    pub section: String,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub dateline: String,
    pub published: DateTime<Utc>,
    pub updated: Option<DateTime<Utc>>,
    pub translation: Option<String>,
    pub lead: LeadEntry,
    #[serde(skip)]
    pub body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadEntry {
    pub image: String,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

#[derive(Deserialize)]
pub struct PageFile {
    pub title: String,
    #[serde(skip)]
    pub body: String,
}

pub fn newsroom() -> Result<Newsroom, SeedError> {
    let text = CONTENT
        .get_file("newsroom.toml")
        .and_then(|file| file.contents_utf8())
        .ok_or_else(|| SeedError::Content("newsroom.toml is missing".into()))?;
    toml::from_str(text).map_err(|e| SeedError::Content(format!("newsroom.toml: {e}")))
}

/// Stories in publication order, as (edition, slug, file).
pub fn articles() -> Result<Vec<(Lang, String, ArticleFile)>, SeedError> {
    let mut articles = markdown_files("articles", |front, body| {
        let mut file: ArticleFile = toml::from_str(front).map_err(|e| e.to_string())?;
        file.body = body.to_owned();
        Ok(file)
    })?;
    articles.sort_by_key(|(_, _, file)| file.published);
    Ok(articles)
}

pub fn pages() -> Result<Vec<(Lang, String, PageFile)>, SeedError> {
    markdown_files("pages", |front, body| {
        let mut file: PageFile = toml::from_str(front).map_err(|e| e.to_string())?;
        file.body = body.to_owned();
        Ok(file)
    })
}

fn markdown_files<T>(
    folder: &str,
    parse: impl Fn(&str, &str) -> Result<T, String>,
) -> Result<Vec<(Lang, String, T)>, SeedError> {
    let mut out = Vec::new();
    for lang in Lang::ALL {
        let Some(dir) = CONTENT.get_dir(format!("{folder}/{}", lang.code())) else {
            continue;
        };
        for file in dir.files() {
            let path = file.path().display().to_string();
            let slug = file
                .path()
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = file
                .contents_utf8()
                .ok_or_else(|| SeedError::Content(format!("{path} is not UTF-8")))?;
            let (front, body) = split_front_matter(text)
                .ok_or_else(|| SeedError::Content(format!("{path} has no +++ front matter")))?;
            let parsed = parse(front, body).map_err(|e| SeedError::Content(format!("{path}: {e}")))?;
            out.push((lang, slug, parsed));
        }
    }
    Ok(out)
}

fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++")?.trim_start_matches(['\r', '\n']);
    let end = rest.find("\n+++")?;
    Some((&rest[..end], rest[end + 4..].trim_start_matches(['\r', '\n'])))
}

/// Every illustration, as (file name, bytes).
pub fn media_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    CONTENT
        .get_dir("media")
        .into_iter()
        .flat_map(|dir| dir.files())
        .filter_map(|file| Some((file.path().file_name()?.to_str()?, file.contents())))
}

/// The link-preview card of an illustration (`cards/NAME.jpg`, drawn from `NAME.svg` by
/// `scripts/demo-cards`), as (its path under `media`, bytes); portraits have none.
pub fn card_of(name: &str) -> Option<(String, &'static [u8])> {
    let path = format!("cards/{}.jpg", name.strip_suffix(".svg")?);
    let file = CONTENT.get_file(format!("media/{path}"))?;
    Some((path, file.contents()))
}

/// The width and height an SVG declares on its root element.
pub fn svg_size(bytes: &[u8]) -> Option<(i64, i64)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let root = &text[text.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attribute = |name: &str| -> Option<i64> {
        let start = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[start..].split('"').next()?.parse().ok()
    };
    Some((attribute("width")?, attribute("height")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_newsroom_is_complete() {
        let articles = articles().expect("stories parse");
        let count = |lang| articles.iter().filter(|(l, _, _)| *l == lang).count();
        assert!(count(Lang::En) >= 12, "at least 12 English stories");
        assert!(count(Lang::Ar) >= 6, "at least 6 Arabic stories");
        assert!(
            articles.iter().all(|(_, _, a)| a.body.contains("```figure")),
            "every story has an inline figure"
        );
        assert!(
            articles
                .iter()
                .filter(|(_, _, a)| a.translation.is_some())
                .count()
                >= 2
        );
        assert_eq!(pages().expect("pages parse").len(), 4);
        let newsroom = newsroom().expect("newsroom.toml parses");
        assert!(newsroom.authors.len() >= 4);
        for lang in ["en", "ar"] {
            assert!(newsroom.sections.iter().filter(|s| s.edition == lang).count() >= 3);
        }
    }

    #[test]
    fn illustrations_are_plain_pictures() {
        let mut count = 0;
        for (name, bytes) in media_files() {
            count += 1;
            let text = std::str::from_utf8(bytes).expect("SVG is text");
            for banned in [
                "<script",
                "foreignObject",
                "<style",
                "<image",
                " onload",
                " onerror",
                " onclick",
            ] {
                assert!(!text.contains(banned), "{name} contains {banned}");
            }
            assert!(svg_size(bytes).is_some(), "{name} declares its size");
            if !name.starts_with("author-") {
                let (_, card) = card_of(name).unwrap_or_else(|| panic!("{name} has a card"));
                assert!(card.starts_with(&[0xFF, 0xD8, 0xFF]), "{name}'s card is a JPEG");
            }
        }
        assert!(count >= 16);
    }
}
