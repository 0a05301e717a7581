//! What "safe to put in front of readers" means for HTML we send, checked on the parsed tree
//! (as a browser reads it) rather than on the text, where a story may well mention
//! `javascript:` or `onclick=` in its words.

use scraper::{Html, Node};

/// Elements that run code, load other documents or restyle the page.
const FORBIDDEN_ELEMENTS: [&str; 12] = [
    "script", "style", "iframe", "frame", "object", "embed", "form", "input", "base", "meta", "link", "svg",
];

/// Attributes whose value is a URL a browser follows or loads.
const URL_ATTRIBUTES: [&str; 10] = [
    "href",
    "src",
    "srcset",
    "cite",
    "action",
    "formaction",
    "poster",
    "background",
    "longdesc",
    "xlink:href",
];

/// Panics, naming the offence, when `html` would run script or load a hostile URL.
pub fn assert_safe(html: &str) {
    // Text's `<` is always escaped, so this is a tag wherever it stands.
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "a script tag in {html:?}"
    );
    let fragment = Html::parse_fragment(html);
    for node in fragment.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name();
        assert!(!FORBIDDEN_ELEMENTS.contains(&name), "<{name}> in {html:?}");
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            assert!(
                !attribute.starts_with("on") && !["style", "srcdoc"].contains(&attribute.as_str()),
                "{attribute}= on <{name}> in {html:?}"
            );
            if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                assert!(safe_url(value), "{attribute}={value:?} on <{name}> in {html:?}");
            }
        }
    }
}

/// Whether a browser would follow `url` only to a web page or a mail client: its scheme, if it
/// has one, read as the URL standard reads it, is one of those the sanitiser allows.
fn safe_url(url: &str) -> bool {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme_end = url.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end {
        Some(end) if url.starts_with(|c: char| c.is_ascii_alphabetic()) && url[end..].starts_with(':') => {
            matches!(
                url[..end].to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto"
            )
        }
        _ => true,
    }
}
