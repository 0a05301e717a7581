//! Structured data for search engines: a story as schema.org `NewsArticle` with its
//! breadcrumb, the edition as a `WebSite` with its search, written as JSON-LD that cannot
//! break out of its script element.

use dateline_domain::Article;
use dateline_render::{PathKind, path_for};
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

pub(crate) fn news_article(site: &Site<'_>, article: &Article) -> Value {
    let lang = article.lang;
    let url = site.url(&path_for(lang, PathKind::Article, article.slug.as_str()));
    let authors: Vec<Value> = article
        .authors
        .iter()
        .map(|author| {
            json!({
                "@type": "Person",
                "name": author.name,
                "url": site.url(&path_for(lang, PathKind::Author, author.slug.as_str())),
            })
        })
        .collect();
    let corrections: Vec<Value> = article
        .corrections
        .iter()
        .map(|c| json!({ "@type": "CorrectionComment", "text": c.body, "datePublished": c.created_at.to_rfc3339() }))
        .collect();
    let mut story = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "url": url,
        "headline": article.headline,
        "description": article.dek,
        "datePublished": article.published_at.to_rfc3339(),
        "dateModified": article.updated_at.unwrap_or(article.published_at).to_rfc3339(),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": site.name,
            "logo": { "@type": "ImageObject", "url": site.url("/static/favicon.svg") },
        },
        "articleSection": article.section.name,
        "inLanguage": lang.code(),
        "keywords": article.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
    });
    if let Some(card) = article.lead.as_ref().and_then(|lead| lead.card.as_ref()) {
        story["image"] = json!([site.url(card)]);
    }
    if !article.dateline_place.is_empty() {
        story["dateline"] = json!(article.dateline_place);
    }
    if !corrections.is_empty() {
        story["correction"] = json!(corrections);
    }
    let breadcrumb = json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            { "@type": "ListItem", "position": 1, "name": site.name, "item": site.url(&path_for(lang, PathKind::Home, "")) },
            { "@type": "ListItem", "position": 2, "name": article.section.name,
              "item": site.url(&path_for(lang, PathKind::Section, article.section.slug.as_str())) },
            { "@type": "ListItem", "position": 3, "name": article.headline, "item": url },
        ],
    });
    json!([story, breadcrumb])
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` are escaped so no text
/// in a story can close the element.
pub(crate) fn script_json(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
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
