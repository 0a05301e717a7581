//! A WordPress body made into Dateline Markdown. Block-editor (Gutenberg) content is HTML
//! between `<!-- wp:… -->` comments; classic content is HTML whose paragraphs are blank lines,
//! with `[caption]` shortcodes around pictures. Both are made into plain HTML here (paragraphs,
//! figures with captions, embeds as links) and then into Markdown by the same conversion the
//! Admin API uses, which keeps anything else as escaped text. What could not be said in
//! Markdown is named, so that the import's report can list it.

use std::collections::BTreeSet;

/// A converted body and the names of what it held that Markdown cannot say (`table`,
/// `iframe`, `[gallery]`), kept as text or left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub markdown: String,
    pub unconverted: BTreeSet<String>,
}

/// Elements the conversion keeps as Markdown, or that only wrap what they hold.
const UNDERSTOOD: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "code",
    "pre",
    "br",
    "hr",
    "img",
    "figure",
    "figcaption",
    "del",
    "s",
    "div",
    "span",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "small",
    "sup",
    "sub",
    "u",
    "mark",
    "abbr",
    "cite",
    "q",
    "time",
    "strike",
    "ins",
    "kbd",
    "var",
    "samp",
    "big",
    "center",
    "font",
    "address",
    "nav",
    "picture",
    "source",
];

/// Shortcodes a classic body may hold besides `[caption]`.
const SHORTCODES: &[&str] = &[
    "gallery",
    "embed",
    "audio",
    "video",
    "playlist",
    "caption",
    "wp_caption",
    "youtube",
    "vimeo",
    "soundcloud",
    "googlemaps",
    "code",
    "sourcecode",
];

pub fn body_to_markdown(content: &str) -> Converted {
    let mut unconverted = BTreeSet::new();
    let html = if content.contains("<!-- wp:") {
        embeds_as_links(content)
    } else {
        paragraphs(&captions(&embed_shortcodes(content)))
    };
    for name in element_names(&html) {
        if !UNDERSTOOD.contains(&name.as_str()) {
            unconverted.insert(name);
        }
    }
    for name in shortcode_names(&html) {
        unconverted.insert(format!("[{name}]"));
    }
    Converted {
        markdown: dateline_render::from_html::html_to_markdown(&html),
        unconverted,
    }
}

/// The lower-cased names of the elements opened in `html`.
fn element_names(html: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) && !name.is_empty() {
            names.insert(name.to_ascii_lowercase());
        }
    }
    names
}

/// The names of the known shortcodes still in `text`.
fn shortcode_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for name in SHORTCODES {
        let open = format!("[{name}");
        if text.match_indices(&open).any(|(at, _)| {
            text[at + open.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == ']' || c == ' ')
        }) {
            names.insert((*name).to_owned());
        }
    }
    names
}

/// `[embed]URL[/embed]` as a link to the URL.
fn embed_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[embed") {
        let Some(close) = rest[start..].find(']').map(|at| start + at + 1) else {
            break;
        };
        let Some(end) = rest[close..].find("[/embed]").map(|at| close + at) else {
            break;
        };
        let url = rest[close..end].trim();
        out.push_str(&rest[..start]);
        out.push_str(&link(url));
        rest = &rest[end + "[/embed]".len()..];
    }
    out.push_str(rest);
    out
}

fn link(url: &str) -> String {
    let url = url.replace(['"', '<', '>'], "");
    format!("<p><a href=\"{url}\">{url}</a></p>")
}

/// Block-editor embeds (a URL inside `wp-block-embed__wrapper`) as links.
fn embeds_as_links(html: &str) -> String {
    const WRAPPER: &str = "wp-block-embed__wrapper\">";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(WRAPPER) {
        let start = at + WRAPPER.len();
        let Some(end) = rest[start..].find("</div>").map(|len| start + len) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&link(rest[start..end].trim()));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in a shortcode's opening `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[at..].find('"')? + at;
    Some(&tag[at..end])
}

/// `[caption …]<img …> The words[/caption]` as a figure with its caption (the words may also
/// be in a `caption` attribute, as older WordPress wrote them).
fn captions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[caption") {
        let Some(open_end) = rest[start..].find(']').map(|at| start + at + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("[/caption]").map(|at| open_end + at) else {
            break;
        };
        let tag = &rest[start..open_end];
        let inner = &rest[open_end..close];
        // The picture (with its link) ends at the last `>` of an `<img …>` or its `</a>`.
        let picture_end = inner
            .rfind("</a>")
            .map(|at| at + 4)
            .or_else(|| {
                inner
                    .find("<img")
                    .and_then(|img| inner[img..].find('>').map(|at| img + at + 1))
            })
            .unwrap_or(0);
        let (picture, words) = inner.split_at(picture_end);
        let words = match words.trim() {
            "" => attribute(tag, "caption").unwrap_or_default(),
            words => words,
        };
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<figure>{picture}<figcaption>{words}</figcaption></figure>\n\n"
        ));
        rest = &rest[close + "[/caption]".len()..];
    }
    out.push_str(rest);
    out
}

/// Elements that start a block of their own: classic text around them is not a paragraph.
const BLOCKS: &[&str] = &[
    "<p",
    "<h1",
    "<h2",
    "<h3",
    "<h4",
    "<h5",
    "<h6",
    "<ul",
    "<ol",
    "<li",
    "<blockquote",
    "<pre",
    "<figure",
    "<table",
    "<div",
    "<hr",
    "<dl",
    "<address",
    "<iframe",
    "<form",
    "<!--",
];

/// Classic content's paragraphs: text between blank lines becomes a paragraph, and a single
/// line break a `<br>`, as WordPress shows it; blocks already in HTML stay as they are.
fn paragraphs(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + 64);
    for chunk in text.split("\n\n") {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        let lower = chunk.to_ascii_lowercase();
        if BLOCKS.iter().any(|block| lower.starts_with(block)) {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.replace('\n', "<br>\n"));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_text_becomes_paragraphs() {
        let body = body_to_markdown("The ferry runs again.\n\nTickets cost 500 dinars.\nChildren ride free.");
        assert_eq!(
            body.markdown,
            "The ferry runs again.\n\nTickets cost 500 dinars.\\\nChildren ride free.\n"
        );
        assert!(body.unconverted.is_empty());
    }

    #[test]
    fn a_caption_shortcode_becomes_a_figure_with_its_caption() {
        let body = body_to_markdown(
            "Before.\n\n[caption id=\"attachment_9\" align=\"alignleft\" width=\"300\"]<a href=\"/x.jpg\"><img src=\"/media/boat.jpg\" alt=\"A boat\" width=\"300\" /></a> The first crossing[/caption]\n\nAfter.",
        );
        assert!(
            body.markdown
                .contains("```figure\nsrc: /media/boat.jpg\nalt: A boat\ncaption: The first crossing\n```"),
            "{}",
            body.markdown
        );
        assert!(body.markdown.starts_with("Before."));
        assert!(body.markdown.trim_end().ends_with("After."));
    }

    #[test]
    fn an_old_caption_attribute_is_the_caption() {
        let body = body_to_markdown(
            "[caption caption=\"Dusk at the quay\"]<img src=\"/media/q.jpg\" alt=\"Quay\">[/caption]",
        );
        assert!(
            body.markdown.contains("caption: Dusk at the quay"),
            "{}",
            body.markdown
        );
    }

    #[test]
    fn block_editor_content_keeps_its_blocks_and_embeds_become_links() {
        let body = body_to_markdown(
            "<!-- wp:heading --><h2>Timetable</h2><!-- /wp:heading -->\n<!-- wp:paragraph --><p>Boats every <strong>20</strong> minutes.</p><!-- /wp:paragraph -->\n<!-- wp:embed {\"url\":\"https://video.example.org/v/1\"} --><figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://video.example.org/v/1\n</div></figure><!-- /wp:embed -->",
        );
        assert!(body.markdown.contains("## Timetable"), "{}", body.markdown);
        assert!(body.markdown.contains("**20**"), "{}", body.markdown);
        assert!(
            body.markdown.contains("(<https://video.example.org/v/1>)"),
            "{}",
            body.markdown
        );
        assert!(
            !body.markdown.contains("wp:"),
            "no block comments: {}",
            body.markdown
        );
    }

    #[test]
    fn what_markdown_cannot_say_is_named_and_kept_as_text() {
        let body = body_to_markdown(
            "<table><tr><td>Route 4</td></tr></table>\n\n[gallery ids=\"1,2\"]\n\n<iframe src=\"https://x.example\"></iframe><script>alert(1)</script>",
        );
        assert_eq!(
            body.unconverted.iter().map(String::as_str).collect::<Vec<_>>(),
            vec!["[gallery]", "iframe", "script", "table", "td", "tr"]
        );
        assert!(
            body.markdown.contains("Route 4"),
            "the words are kept: {}",
            body.markdown
        );
        assert!(
            !body.markdown.contains("<script") && !body.markdown.contains("alert"),
            "{}",
            body.markdown
        );
        assert!(
            body.markdown.contains("\\[gallery ids=\"1,2\"\\]"),
            "kept as escaped text: {}",
            body.markdown
        );
    }
}
