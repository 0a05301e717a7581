//! Story and page bodies: CommonMark made into HTML that is safe to put in front of readers.
//!
//! A figure with its caption and credit is written as a fenced block:
//!
//! ~~~text
//! ```figure
//! src: /media/demo/market-stalls.svg
//! alt: Awnings over the old market's fruit stalls
//! caption: Stallholders signed new ten-year leases on Monday.
//! credit: Dateline illustration
//! ```
//! ~~~
//!
//! Raw HTML in the Markdown is shown as text, never passed through, and the result is
//! sanitized once more with ammonia.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["figure", "figcaption"])
        .add_tag_attributes("img", ["loading", "decoding"])
        .add_allowed_classes("figure", ["inline-figure"])
        .add_allowed_classes("span", ["caption", "credit"])
        .link_rel(Some("noopener"))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .url_schemes(HashSet::from(["http", "https", "mailto"]));
    builder
});

/// Renders a Markdown body to sanitized HTML.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut events = Vec::new();
    let mut figure: Option<String> = None;
    for event in Parser::new_ext(markdown, options) {
        match (event, figure.as_mut()) {
            (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))), None) if info.trim() == "figure" => {
                figure = Some(String::new());
            }
            (Event::Text(text), Some(spec)) => spec.push_str(&text),
            (Event::End(TagEnd::CodeBlock), Some(spec)) => {
                events.push(Event::Html(CowStr::from(figure_html(spec))));
                figure = None;
            }
            (_, Some(_)) => {}
            // The story's headline is its only h1: body headings start at h2.
            (
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    id,
                    classes,
                    attrs,
                }),
                None,
            ) => {
                events.push(Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id,
                    classes,
                    attrs,
                }));
            }
            (Event::End(TagEnd::Heading(HeadingLevel::H1)), None) => {
                events.push(Event::End(TagEnd::Heading(HeadingLevel::H2)));
            }
            (Event::Html(raw) | Event::InlineHtml(raw), None) => events.push(Event::Text(raw)),
            (other, None) => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    SANITIZER.clean(&html).to_string()
}

/// The words of a Markdown body without its markup, for the search index: text, code, and the
/// alt text, caption and credit of figures, separated so that no two words run together.
pub fn to_plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let mut in_figure = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.trim() == "figure" => {
                in_figure = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_figure = false;
                text.push(' ');
            }
            Event::Text(words) if in_figure => {
                for line in words.lines() {
                    if let Some((key, value)) = line.split_once(':')
                        && matches!(key.trim(), "alt" | "caption" | "credit")
                    {
                        push_words(&mut text, value);
                    }
                }
            }
            // Raw HTML is shown to readers as text, so it is searchable as text.
            Event::Text(words) | Event::Code(words) | Event::Html(words) | Event::InlineHtml(words) => {
                text.push_str(&words)
            }
            // Inline markup sits inside words; the end of a block or line separates them.
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_words(text: &mut String, words: &str) {
    text.push(' ');
    text.push_str(words);
}

/// The ```figure block that shows the picture at `src` with its words, as a journalist puts it
/// in a story's body (each word on one line: a line break would end its field).
pub fn figure_block(src: &str, alt: &str, caption: &str, credit: &str) -> String {
    let line = |words: &str| words.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "```figure\nsrc: {}\nalt: {}\ncaption: {}\ncredit: {}\n```",
        line(src),
        line(alt),
        line(caption),
        line(credit)
    )
}

/// Makes the `<figure>` for a ```figure block; one without a picture becomes nothing.
fn figure_html(spec: &str) -> String {
    let field = |name: &str| {
        spec.lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
            .unwrap_or_default()
    };
    let src = field("src");
    if !is_site_media(src) {
        return String::new();
    }
    let (caption, credit) = (field("caption"), field("credit"));
    let mut html = format!(
        "<figure class=\"inline-figure\"><img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
        escape(src),
        escape(field("alt"))
    );
    if !caption.is_empty() || !credit.is_empty() {
        html.push_str("<figcaption>");
        if !caption.is_empty() {
            html.push_str(&format!("<span class=\"caption\">{}</span>", escape(caption)));
        }
        if !credit.is_empty() {
            html.push_str(&format!(" <span class=\"credit\">{}</span>", escape(credit)));
        }
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>\n");
    html
}

/// Whether `src` names a picture of this site's media library, `/media/` and a key of plain
/// parts: never another site, however written (`//host`, `/\host`, which browsers read as
/// `//host`, or a scheme).
fn is_site_media(src: &str) -> bool {
    let Some(key) = src.strip_prefix("/media/") else {
        return false;
    };
    !key.is_empty()
        && key.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .chars()
                    .all(|c| !c.is_control() && !c.is_whitespace() && !"\\?#\"'<>`".contains(c))
        })
}

/// Escapes text for HTML content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text).expect("a String takes any text");
    out
}

/// Writes `text` escaped for HTML content and quoted attribute values: the runs between the
/// five characters that need it are copied whole (templates escape every value this way).
pub fn escape_into(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let reference = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `at` is on a character boundary.
        out.write_str(&text[from..at])?;
        out.write_str(reference)?;
        from = at + 1;
    }
    out.write_str(&text[from..])
}

#[cfg(test)]
mod tests {
    use super::{escape, figure_block, to_html, to_plain_text};

    #[test]
    fn escaping_replaces_the_five_and_keeps_every_other_character() {
        assert_eq!(
            escape("a&b<c>d\"e'f ü ش 😀"),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f ü ش 😀"
        );
        assert_eq!(escape("<<&&"), "&lt;&lt;&amp;&amp;");
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn plain_text_keeps_every_word_and_no_markup() {
        let text = to_plain_text(
            "## Harbour\n\nThe **ferry** ran\nlate.\n\n```figure\nsrc: /media/a.svg\nalt: Cranes at dawn\ncaption: Quay two\ncredit: Photo: Sara\n```\n\n- one\n- two <b>x</b>",
        );
        assert_eq!(
            text,
            "Harbour The ferry ran late. Cranes at dawn Quay two Photo: Sara one two <b>x</b>"
        );
    }

    #[test]
    fn ordinary_rich_text_survives() {
        let html = to_html(
            "## Largest since 2017\n\n> \"We are ready,\" she said.\n\n- 41,000 tonnes\n- 9 varieties\n\n[More](/section/news)",
        );
        assert!(html.contains("<h2>Largest since 2017</h2>"), "{html}");
        assert!(html.contains("<blockquote>"));
        assert!(html.contains("<li>41,000 tonnes</li>"));
        assert!(
            html.contains("<a href=\"/section/news\" rel=\"noopener\">More</a>"),
            "{html}"
        );
    }

    #[test]
    fn figures_show_only_this_sites_media() {
        for src in [
            "/media/demo/a.svg",
            "/media/uploads/3f9c/800.webp",
            "/media/uploads/%D8%B3/1.jpg",
        ] {
            assert!(super::is_site_media(src), "{src}");
        }
        for src in [
            "//evil.example/pixel.png",
            "/\\evil.example/pixel.png",
            "/media/\\evil.example/pixel.png",
            "https://evil.example/pixel.png",
            "/media/../newsroom",
            "/media//evil.example/x.png",
            "/static/app.js",
            "/media/",
            "/media/a b.png",
            "javascript:alert(1)",
        ] {
            assert!(!super::is_site_media(src), "{src}");
            let figure = to_html(&format!("```figure\nsrc: {src}\nalt: x\n```"));
            assert!(!figure.contains("<img"), "{src}: {figure}");
        }
    }

    #[test]
    fn a_figure_block_made_for_a_picture_reads_back_as_that_figure() {
        let block = figure_block(
            "/media/a.webp",
            "Two cranes\nat dawn",
            "Quay ```two",
            "Photo: Sara",
        );
        let html = to_html(&block);
        assert!(
            html.contains("src=\"/media/a.webp\" alt=\"Two cranes at dawn\""),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"caption\">Quay ```two</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"credit\">Photo: Sara</span>"),
            "{html}"
        );
    }

    #[test]
    fn figure_blocks_become_figures_with_caption_and_credit() {
        let html = to_html(
            "Text.\n\n```figure\nsrc: /media/demo/a.svg\nalt: Cranes at dawn\ncaption: The cranes arrived on Monday.\ncredit: Photo: Sara Haddad\n```\n\nMore.",
        );
        assert!(
            html.contains(
                "<figure class=\"inline-figure\"><img src=\"/media/demo/a.svg\" alt=\"Cranes at dawn\""
            ),
            "{html}"
        );
        assert!(html.contains("<span class=\"caption\">The cranes arrived on Monday.</span>"));
        assert!(html.contains("<span class=\"credit\">Photo: Sara Haddad</span></figcaption></figure>"));
    }

    #[test]
    fn markup_and_script_never_pass() {
        let html = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n```figure\nsrc: javascript:alert(1)\nalt: \"><script>alert(2)</script>\n```",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img src=\"x\""), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "raw HTML is shown as typed: {html}"
        );
    }

    #[test]
    fn a_body_h1_becomes_h2() {
        assert_eq!(to_html("# Heading").trim(), "<h2>Heading</h2>");
    }
}
