//! Structured data for search engines: a story as schema.org `NewsArticle` with its
//! breadcrumb, the edition as a `WebSite` with its search, written as JSON-LD that cannot
//! break out of its script element.

use dateline_domain::Article;
use dateline_render::{PathKind, path_for};
use serde::Serialize;
use serde_json::{Value, json};

/// Absolute URLs from the public base URL.
pub(crate) struct Site<'a> {
    pub base_url: &'a str,
    pub name: &'a str,
}

impl Site<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// The edition as a `WebSite` whose search a search engine may offer in its own results.
pub(crate) fn website(site: &Site<'_>, lang: dateline_domain::Lang) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.name,
        "url": site.url(&path_for(lang, PathKind::Home, "")),
        "inLanguage": lang.code(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{}?q={{search_term_string}}", site.url(&path_for(lang, PathKind::Search, ""))),
            },
            "query-input": "required name=search_term_string",
        },
    })
}

/// A story as a `NewsArticle` and its place in the edition as a `BreadcrumbList`, as the
/// JSON-LD for its page.
pub(crate) fn news_article(site: &Site<'_>, article: &Article) -> String {
    let lang = article.lang;
    let url = site.url(&path_for(lang, PathKind::Article, article.slug.as_str()));
    let home = site.url(&path_for(lang, PathKind::Home, ""));
    let section = site.url(&path_for(lang, PathKind::Section, article.section.slug.as_str()));
    let logo = site.url("/static/favicon.svg");
    let authors: Vec<Person> = article
        .authors
        .iter()
        .map(|author| Person {
            name: &author.name,
            url: site.url(&path_for(lang, PathKind::Author, author.slug.as_str())),
        })
        .collect();
    let story = NewsArticle {
        context: SCHEMA_ORG,
        main_entity_of_page: WebPage { id: &url },
        url: &url,
        headline: &article.headline,
        description: &article.dek,
        date_published: article.published_at.to_rfc3339(),
        date_modified: article.updated_at.unwrap_or(article.published_at).to_rfc3339(),
        author: authors,
        publisher: Organization {
            name: site.name,
            logo: ImageObject { url: &logo },
        },
        article_section: &article.section.name,
        in_language: lang.code(),
        keywords: article.tags.iter().map(|tag| tag.name.as_str()).collect(),
        image: article
            .lead
            .as_ref()
            .and_then(|lead| lead.card.as_ref())
            .map(|card| [site.url(card)]),
        dateline: Some(article.dateline_place.as_str()).filter(|place| !place.is_empty()),
        correction: article
            .corrections
            .iter()
            .map(|correction| CorrectionComment {
                text: &correction.body,
                date_published: correction.created_at.to_rfc3339(),
            })
            .collect(),
    };
    let crumb = |position, name, item| ListItem { position, name, item };
    let breadcrumb = BreadcrumbList {
        context: SCHEMA_ORG,
        item_list_element: [
            crumb(1, site.name, &home),
            crumb(2, &article.section.name, &section),
            crumb(3, &article.headline, &url),
        ],
    };
    script_json(&(story, breadcrumb))
}

const SCHEMA_ORG: &str = "https://schema.org";

// A story's structured data, written straight from its fields: building it as a JSON tree
// first, then writing and escaping that, was 4 % of a story page's miss (bench/RESULTS.md).
// Each struct is named for its schema.org type, which serde writes as its `@type`.

#[derive(Serialize)]
#[serde(tag = "@type")]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    main_entity_of_page: WebPage<'a>,
    url: &'a str,
    headline: &'a str,
    description: &'a str,
    date_published: String,
    date_modified: String,
    author: Vec<Person<'a>>,
    publisher: Organization<'a>,
    article_section: &'a str,
    in_language: &'static str,
    keywords: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[String; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionComment<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct Person<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct Organization<'a> {
    name: &'a str,
    logo: ImageObject<'a>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct ImageObject<'a> {
    url: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
#[serde(rename_all = "camelCase")]
struct CorrectionComment<'a> {
    text: &'a str,
    date_published: String,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
#[serde(rename_all = "camelCase")]
struct BreadcrumbList<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    item_list_element: [ListItem<'a>; 3],
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct ListItem<'a> {
    position: u8,
    name: &'a str,
    item: &'a str,
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` are escaped so no text
/// in a story can close the element. They can only stand in strings, where `\u003c` and the
/// like mean the same.
pub(crate) fn script_json(value: &impl Serialize) -> String {
    let mut out = ScriptSafe(Vec::with_capacity(1024));
    serde_json::to_writer(&mut out, value).expect("structured data serialises to memory");
    String::from_utf8(out.0).expect("serde_json writes UTF-8 and the escapes are ASCII")
}

/// Bytes written with `<`, `>` and `&` as JSON escapes.
struct ScriptSafe(Vec<u8>);

impl std::io::Write for ScriptSafe {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut rest = bytes;
        while let Some(at) = rest.iter().position(|b| matches!(b, b'<' | b'>' | b'&')) {
            self.0.extend_from_slice(&rest[..at]);
            self.0.extend_from_slice(match rest[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            });
            rest = &rest[at + 1..];
        }
        self.0.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::script_json;
    use serde_json::json;

    #[test]
    fn story_text_cannot_close_the_script_element() {
        let text = script_json(&json!({ "headline": "</script><script>alert(1)</script> & more" }));
        assert!(!text.contains("</script"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> & more");
    }
}
