//! HTML made into Dateline Markdown, for bodies that arrive as HTML (the Admin API's
//! `?source=html`, and archives brought in from elsewhere).
//!
//! The HTML is first cleaned by ammonia down to the elements Markdown can say, so what is read
//! here is well formed, with every attribute quoted and every text escaped. Whatever else the
//! HTML held (scripts, styles, unknown elements) is dropped, or kept as its text. Text is
//! escaped so that it stays text: nothing typed becomes markup by being converted.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from([
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
        ]))
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("img", HashSet::from(["src", "alt"])),
        ]))
        .clean_content_tags(HashSet::from(["script", "style", "template"]))
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .url_schemes(HashSet::from(["http", "https", "mailto"]));
    builder
});

/// Converts an HTML body to Markdown; what Markdown cannot say is kept as its text.
pub fn html_to_markdown(html: &str) -> String {
    let clean = CLEANER.clean(html).to_string();
    let mut writer = Writer::default();
    for token in Tokens(&clean) {
        writer.take(token);
    }
    writer.finish()
}

/// A piece of ammonia's output: a tag, or text between tags (still escaped).
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Open { name: &'a str, attrs: &'a str },
    Close(&'a str),
    Text(&'a str),
}

struct Tokens<'a>(&'a str);

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let rest = self.0;
        if rest.is_empty() {
            return None;
        }
        if let Some(tag) = rest.strip_prefix('<') {
            // Ammonia escapes every `>` inside attribute values, so the first one ends the tag.
            let end = tag.find('>').unwrap_or(tag.len());
            self.0 = tag.get(end + 1..).unwrap_or("");
            let inside = tag[..end].trim_end_matches('/').trim();
            return Some(match inside.strip_prefix('/') {
                Some(name) => Token::Close(name.trim()),
                None => {
                    let split = inside.find(char::is_whitespace).unwrap_or(inside.len());
                    Token::Open {
                        name: &inside[..split],
                        attrs: &inside[split..],
                    }
                }
            });
        }
        let end = rest.find('<').unwrap_or(rest.len());
        self.0 = &rest[end..];
        Some(Token::Text(&rest[..end]))
    }
}

/// The value of attribute `name` in a tag's attribute text, unescaped.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq].trim();
        let value_start = eq + 2;
        let value_end = rest[value_start..].find('"')? + value_start;
        if key == name {
            return Some(unescape(&rest[value_start..value_end]));
        }
        rest = &rest[value_end + 1..];
    }
    None
}

/// Ammonia's escapes (and any numeric ones it kept) turned back into characters.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|semi| *semi <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text made safe to stand in Markdown as itself.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line that would start a list or a heading if left as typed.
fn escape_line_start(line: &str) -> String {
    let trimmed = line.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if trimmed.starts_with(['-', '+', '=']) {
        let at = line.len() - trimmed.len();
        format!("{}\\{}", &line[..at], &line[at..])
    } else if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
        let at = line.len() - trimmed.len() + digits;
        format!("{}\\{}", &line[..at], &line[at..])
    } else {
        line.to_owned()
    }
}

/// What an open element is collecting, to be written out when it closes.
enum Frame {
    /// A block whose Markdown is prefixed when done (`> ` for a quotation).
    Quote,
    Pre,
    Link(String),
    /// A figure, with the words of its caption once read.
    Figure {
        caption: String,
    },
    Caption,
}

#[derive(Default)]
struct Writer {
    /// The Markdown written so far at each level of what is open.
    out: Vec<String>,
    frames: Vec<Frame>,
    /// Open lists: numbered or not, and the next number.
    lists: Vec<Option<u32>>,
    /// Inside a figure, the image found and the caption being read.
    figure_image: Option<(String, String)>,
}

impl Writer {
    fn current(&mut self) -> &mut String {
        if self.out.is_empty() {
            self.out.push(String::new());
        }
        self.out
            .last_mut()
            .unwrap_or_else(|| unreachable!("a buffer was just pushed"))
    }

    fn in_pre(&self) -> bool {
        self.frames.iter().any(|frame| matches!(frame, Frame::Pre))
    }

    /// Emphasis and code marks: none in a caption, which is read as plain words.
    fn mark(&mut self, mark: &str) {
        if !self.frames.iter().any(|frame| matches!(frame, Frame::Caption)) {
            self.current().push_str(mark);
        }
    }

    fn block_break(&mut self) {
        let out = self.current();
        let trimmed = out.trim_end_matches([' ', '\n']).len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    }

    fn push(&mut self, frame: Frame) {
        self.frames.push(frame);
        self.out.push(String::new());
    }

    fn pop(&mut self) -> Option<(Frame, String)> {
        let frame = self.frames.pop()?;
        let inner = self.out.pop().unwrap_or_default();
        Some((frame, inner))
    }

    fn take(&mut self, token: Token<'_>) {
        match token {
            Token::Text(raw) => {
                let text = unescape(raw);
                if self.in_pre() {
                    self.current().push_str(&text);
                } else {
                    let collapsed = collapse_spaces(
                        &text,
                        self.current().ends_with([' ', '\n']) || self.current().is_empty(),
                    );
                    let escaped = escape_text(&collapsed);
                    let at_line_start = self.current().is_empty() || self.current().ends_with('\n');
                    let escaped = if at_line_start {
                        escape_line_start(&escaped)
                    } else {
                        escaped
                    };
                    self.current().push_str(&escaped);
                }
            }
            Token::Open { name, attrs } => self.open(name, attrs),
            Token::Close(name) => self.close(name),
        }
    }

    fn open(&mut self, name: &str, attrs: &str) {
        match name {
            "p" | "figcaption" if !self.in_pre() => {
                self.block_break();
                if name == "figcaption" {
                    self.push(Frame::Caption);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block_break();
                let level = name[1..].parse::<usize>().unwrap_or(2);
                let marks = "#".repeat(level);
                self.current().push_str(&marks);
                self.current().push(' ');
            }
            "ul" | "ol" => {
                if self.lists.is_empty() {
                    self.block_break();
                }
                self.lists.push((name == "ol").then_some(1));
            }
            "li" => {
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        *number += 1;
                        format!("{}. ", *number - 1)
                    }
                    _ => "- ".to_owned(),
                };
                let out = self.current();
                let trimmed = out.trim_end_matches([' ', '\n']).len();
                out.truncate(trimmed);
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&"   ".repeat(depth));
                out.push_str(&marker);
            }
            "blockquote" => {
                self.block_break();
                self.push(Frame::Quote);
            }
            "pre" => {
                self.block_break();
                self.push(Frame::Pre);
            }
            "code" if !self.in_pre() => self.mark("`"),
            "a" => {
                let href = attribute(attrs, "href").unwrap_or_default();
                self.push(Frame::Link(href));
            }
            "strong" | "b" => self.mark("**"),
            "em" | "i" => self.mark("*"),
            "del" | "s" => self.mark("~~"),
            "br" => self.current().push_str("\\\n"),
            "hr" => {
                self.block_break();
                self.current().push_str("---\n\n");
            }
            "figure" => {
                self.block_break();
                self.figure_image = None;
                self.push(Frame::Figure {
                    caption: String::new(),
                });
            }
            "img" => {
                let src = attribute(attrs, "src").unwrap_or_default();
                let alt = attribute(attrs, "alt").unwrap_or_default();
                let in_figure = self.frames.iter().any(|f| matches!(f, Frame::Figure { .. }));
                if in_figure && self.figure_image.is_none() {
                    self.figure_image = Some((src, alt));
                } else if !src.is_empty() {
                    let image = format!(
                        "![{}](<{}>)",
                        escape_text(&alt),
                        src.replace(['<', '>', '\n'], "")
                    );
                    self.current().push_str(&image);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if !self.in_pre() => self.block_break(),
            "ul" | "ol" => {
                self.lists.pop();
                if self.lists.is_empty() {
                    self.block_break();
                }
            }
            "code" if !self.in_pre() => self.mark("`"),
            "strong" | "b" => self.mark("**"),
            "em" | "i" => self.mark("*"),
            "del" | "s" => self.mark("~~"),
            "blockquote" | "pre" | "a" | "figure" | "figcaption" => self.close_frame(name),
            _ => {}
        }
    }

    fn close_frame(&mut self, name: &str) {
        let matches = |frame: &Frame| match frame {
            Frame::Quote => name == "blockquote",
            Frame::Pre => name == "pre",
            Frame::Link(_) => name == "a",
            Frame::Figure { .. } => name == "figure",
            Frame::Caption => name == "figcaption",
        };
        if !self.frames.last().is_some_and(matches) {
            return;
        }
        let Some((frame, inner)) = self.pop() else { return };
        match frame {
            Frame::Quote => {
                let quoted: Vec<String> = inner
                    .trim_end()
                    .lines()
                    .map(|line| {
                        if line.is_empty() {
                            ">".to_owned()
                        } else {
                            format!("> {line}")
                        }
                    })
                    .collect();
                self.current().push_str(&quoted.join("\n"));
                self.block_break();
            }
            Frame::Pre => {
                let longest = longest_run(&inner, '`');
                let fence = "`".repeat(longest.max(2) + 1);
                let code = inner.trim_end_matches('\n');
                let block = format!("{fence}\n{code}\n{fence}");
                self.current().push_str(&block);
                self.block_break();
            }
            Frame::Link(href) => {
                let text = inner.trim();
                if href.is_empty() {
                    self.current().push_str(text);
                } else {
                    let link = format!("[{text}](<{}>)", href.replace(['<', '>', '\n'], ""));
                    self.current().push_str(&link);
                }
            }
            Frame::Caption => {
                // The caption is read as plain words: a figure block holds one line of it.
                if let Some(Frame::Figure { caption }) = self.frames.last_mut() {
                    *caption = inner.split_whitespace().collect::<Vec<_>>().join(" ");
                }
            }
            Frame::Figure { caption } => {
                let Some((src, alt)) = self.figure_image.take() else {
                    self.current().push_str(inner.trim());
                    self.block_break();
                    return;
                };
                let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
                let mut block = format!("```figure\nsrc: {}\nalt: {}\n", one_line(&src), one_line(&alt));
                if !caption.is_empty() {
                    block.push_str(&format!("caption: {}\n", unescape_markdown(&caption)));
                }
                block.push_str("```");
                self.current().push_str(&block);
                self.block_break();
            }
        }
    }

    fn finish(mut self) -> String {
        // Elements left open at the end are closed, innermost first.
        while let Some(frame) = self.frames.last() {
            let name = match frame {
                Frame::Quote => "blockquote",
                Frame::Pre => "pre",
                Frame::Link(_) => "a",
                Frame::Figure { .. } => "figure",
                Frame::Caption => "figcaption",
            };
            self.close_frame(name);
        }
        let mut out = self.out.concat();
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

/// A figure block's lines are read as they are, not as Markdown: its caption loses the escapes.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn collapse_spaces(text: &str, after_space: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = after_space;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

fn longest_run(text: &str, of: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == of { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown;
    use crate::markdown::to_html;

    #[test]
    fn paragraphs_headings_and_emphasis_become_markdown() {
        let markdown = html_to_markdown(
            "<h2>Harbour works</h2><p>The <strong>new</strong> quay opens <em>today</em>.</p><p>Second.</p>",
        );
        assert_eq!(
            markdown,
            "## Harbour works\n\nThe **new** quay opens *today*.\n\nSecond.\n"
        );
    }

    #[test]
    fn lists_links_quotes_and_code_survive_the_round_trip() {
        let markdown = html_to_markdown(
            "<ul><li>one</li><li>two <a href=\"https://example.org/a?b=1&amp;c=2\">link</a></li></ul>\
             <ol><li>first</li><li>second</li></ol>\
             <blockquote><p>Said plainly.</p></blockquote><pre><code>let x = 1;\n</code></pre>",
        );
        let html = to_html(&markdown);
        assert!(html.contains("<li>one</li>"), "{markdown}\n{html}");
        assert!(
            html.contains("href=\"https://example.org/a?b=1&amp;c=2\""),
            "{html}"
        );
        assert!(html.contains("<ol>"), "{html}");
        assert!(html.contains("<blockquote>"), "{html}");
        assert!(html.contains("let x = 1;"), "{html}");
    }

    #[test]
    fn a_figure_becomes_a_figure_block() {
        let markdown = html_to_markdown(
            "<figure><img src=\"/media/a.jpg\" alt=\"Boats at dawn\"><figcaption>The fleet <b>returns</b></figcaption></figure>",
        );
        assert_eq!(
            markdown,
            "```figure\nsrc: /media/a.jpg\nalt: Boats at dawn\ncaption: The fleet returns\n```\n"
        );
    }

    #[test]
    fn hostile_html_stays_text_and_nothing_runs() {
        let markdown = html_to_markdown(
            "<p>a <script>alert(1)</script>*not em* [x](javascript:alert(1)) <img src=x onerror=alert(1)></p>\
             <a href=\"javascript:alert(1)\">click</a><p>1. not a list</p><p>&lt;b&gt;</p>",
        );
        let html = to_html(&markdown);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert(1)</script>"), "{html}");
        assert!(!html.contains("<em>"), "{markdown}\n{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("<ol>"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }
}
