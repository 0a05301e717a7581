//! Reader comments: plain text made into HTML paragraphs, line breaks and web-address links,
//! with every other character shown exactly as typed.

use crate::markdown::escape;

/// Longest address made into a link; anything longer is more likely junk than a reference.
const MAX_URL_CHARS: usize = 2000;

/// Renders a comment body (NFC, `\n` line breaks) to safe HTML.
pub fn to_html(body: &str) -> String {
    let mut html = String::with_capacity(body.len() * 5 / 4);
    let mut in_paragraph = false;
    for line in body.lines() {
        if line.trim().is_empty() {
            if in_paragraph {
                html.push_str("</p>\n");
                in_paragraph = false;
            }
            continue;
        }
        // No newline after <br>: a theme may style comments with `white-space: pre-wrap`.
        html.push_str(if in_paragraph { "<br>" } else { "<p>" });
        in_paragraph = true;
        push_line(&mut html, line);
    }
    if in_paragraph {
        html.push_str("</p>\n");
    }
    html
}

/// Appends one line, escaped, with its web addresses as links.
fn push_line(html: &mut String, line: &str) {
    let mut plain_from = 0;
    let mut at = 0;
    while let Some(c) = line[at..].chars().next() {
        let Some((end, href)) = address_at(line, at) else {
            at += c.len_utf8();
            continue;
        };
        // An over-long address is skipped whole, so no `www.` inside it gets linked instead.
        if href.chars().count() <= MAX_URL_CHARS {
            html.push_str(&escape(&line[plain_from..at]));
            html.push_str(&format!(
                "<a href=\"{}\" rel=\"nofollow ugc noopener\">{}</a>",
                escape(&href),
                escape(&line[at..end])
            ));
            plain_from = end;
        }
        at = end;
    }
    html.push_str(&escape(&line[plain_from..]));
}

/// The web address starting at byte `start` of `line`, if any: where it ends and its href.
fn address_at(line: &str, start: usize) -> Option<(usize, String)> {
    // Mid-word ("xhttp://", "awww.") or mid-address ("user@www.") is not the start of one.
    if line[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | '@'))
    {
        return None;
    }
    let rest = &line[start..];
    let (prefix_len, href_prefix) = if has_prefix(rest, "https://") {
        (8, "")
    } else if has_prefix(rest, "http://") {
        (7, "")
    } else if has_prefix(rest, "www.") {
        (4, "https://")
    } else {
        return None;
    };
    // "http://" or "www." alone, or followed by punctuation, names no host. A host's first
    // character is never trimmed below, so checking it first spares a scan to the line's end.
    let host = rest[prefix_len..].chars().next()?;
    if !(host.is_alphanumeric() || host == '[') {
        return None;
    }
    let mut address = &rest[..rest.find(ends_address).unwrap_or(rest.len())];
    // Open minus closed, counted once so that a run of ")))" is trimmed in linear time.
    let balance =
        |open, close| address.matches(open).count() as isize - address.matches(close).count() as isize;
    let (mut parens, mut brackets) = (balance('(', ')'), balance('[', ']'));
    while let Some(last) = address.chars().next_back() {
        let outside = match last {
            // Arabic comma, semicolon and question mark end sentences in the Arabic edition.
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '،' | '؛' | '؟' => true,
            ')' if parens < 0 => {
                parens += 1;
                true
            }
            ']' if brackets < 0 => {
                brackets += 1;
                true
            }
            _ => false,
        };
        if !outside {
            break;
        }
        address = &address[..address.len() - last.len_utf8()];
    }
    Some((start + address.len(), format!("{href_prefix}{address}")))
}

/// Whether `text` starts with the ASCII `prefix`, ignoring ASCII case ("HTTPS://", "WWW.").
fn has_prefix(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `c` ends an address. Beyond whitespace and the characters that would break out of
/// the attribute, invisible and bidirectional controls end it too: inside a link they would
/// let its text read differently from where it goes.
fn ends_address(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '<' | '>'
                | '"'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::to_html;

    fn link(href: &str, text: &str) -> String {
        format!("<a href=\"{href}\" rel=\"nofollow ugc noopener\">{text}</a>")
    }

    #[test]
    fn blank_lines_split_paragraphs_and_single_breaks_become_br() {
        assert_eq!(
            to_html("\n \nFirst line\nsecond line\n\n \t\n\nNext  paragraph\n\n"),
            "<p>First line<br>second line</p>\n<p>Next  paragraph</p>\n"
        );
        assert_eq!(to_html("one"), "<p>one</p>\n");
    }

    #[test]
    fn empty_and_blank_bodies_give_nothing() {
        assert_eq!(to_html(""), "");
        assert_eq!(to_html(" \n\t\n\u{3000}\n"), "");
    }

    #[test]
    fn urls_become_links_without_trailing_punctuation() {
        assert_eq!(
            to_html("Read https://example.org/a?b=1&c=2. Or http://example.org/x, then!"),
            format!(
                "<p>Read {}. Or {}, then!</p>\n",
                link(
                    "https://example.org/a?b=1&amp;c=2",
                    "https://example.org/a?b=1&amp;c=2"
                ),
                link("http://example.org/x", "http://example.org/x")
            )
        );
        let html = to_html("'https://example.org/q?'...!");
        assert!(
            html.contains(&format!(
                "&#39;{}?&#39;...!",
                link("https://example.org/q", "https://example.org/q")
            )),
            "{html}"
        );
    }

    #[test]
    fn closing_brackets_stay_in_the_link_only_when_opened_there() {
        let html = to_html("see https://example.org/a_(b).");
        assert!(
            html.contains(&format!(
                "see {}.",
                link("https://example.org/a_(b)", "https://example.org/a_(b)")
            )),
            "{html}"
        );
        let html = to_html("(see https://example.org/a) [https://example.org/b]");
        assert!(
            html.contains(&format!(
                "(see {}) [{}]",
                link("https://example.org/a", "https://example.org/a"),
                link("https://example.org/b", "https://example.org/b")
            )),
            "{html}"
        );
        let html = to_html("http://[::1]:8080/x");
        assert!(
            html.contains(&link("http://[::1]:8080/x", "http://[::1]:8080/x")),
            "{html}"
        );
    }

    #[test]
    fn www_addresses_link_over_https() {
        assert_eq!(
            to_html("Try www.example.org/path."),
            format!(
                "<p>Try {}.</p>\n",
                link("https://www.example.org/path", "www.example.org/path")
            )
        );
        // Not the start of an address: inside a word, after an @, or naming no host.
        for text in ["awww.example.org", "me@www.example.org", "www.", "www.."] {
            assert!(!to_html(text).contains("<a "), "{text}");
        }
    }

    #[test]
    fn only_http_and_https_are_linked() {
        for text in [
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "ftp://example.org/file",
            "mailto:someone@example.org",
            "http://",
            "https://.",
        ] {
            let html = to_html(text);
            assert!(!html.contains("<a "), "{text}: {html}");
            assert!(!html.contains("<script"), "{text}: {html}");
        }
        // Only the http part is linked, never the scheme typed in front of it.
        let html = to_html("javascript:https://example.org");
        assert!(html.contains("<a href=\"https://example.org\""), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
    }

    #[test]
    fn markup_is_shown_literally() {
        let html =
            to_html("<script>alert(1)</script> <b>bold</b> **strong** &amp; [x](http://e.org) <!-- c -->");
        assert_eq!(
            html,
            format!(
                "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; **strong** \
                 &amp;amp; [x]({}) &lt;!-- c --&gt;</p>\n",
                link("http://e.org", "http://e.org")
            )
        );
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn quotes_cannot_break_out_of_the_href() {
        let html = to_html("https://x.org/\"onmouseover=\"alert(1)");
        assert_eq!(
            html,
            format!(
                "<p>{}&quot;onmouseover=&quot;alert(1)</p>\n",
                link("https://x.org/", "https://x.org/")
            )
        );
        let html = to_html("https://x.org/'onmouseover='alert(1)'");
        assert_eq!(
            html,
            format!(
                "<p>{}&#39;</p>\n",
                link(
                    "https://x.org/&#39;onmouseover=&#39;alert(1)",
                    "https://x.org/&#39;onmouseover=&#39;alert(1)"
                )
            )
        );
        let html = to_html("https://x.org/<script>alert(1)</script>");
        assert!(html.contains(&link("https://x.org/", "https://x.org/")), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn arabic_text_with_a_url() {
        let html = to_html("اقرأ التقرير على https://example.org/تقرير، ثم علّق.\nشكرًا");
        assert_eq!(
            html,
            format!(
                "<p>اقرأ التقرير على {}، ثم علّق.<br>شكرًا</p>\n",
                link("https://example.org/تقرير", "https://example.org/تقرير")
            )
        );
        // A right-to-left override cannot dress up where a link goes.
        let html = to_html("https://example.org/\u{202E}gpj.exe");
        assert!(
            html.contains(&format!(
                "{}\u{202E}gpj.exe",
                link("https://example.org/", "https://example.org/")
            )),
            "{html}"
        );
    }

    #[test]
    fn unicode_and_inner_whitespace_pass_untouched() {
        let text = "Family 👨\u{200D}👩\u{200D}👧, cafe\u{301}, \u{5D0}\u{5B8}  two\tspaces, 🇸🇦";
        assert_eq!(to_html(text), format!("<p>{text}</p>\n"));
    }

    #[test]
    fn an_overlong_url_is_plain_text() {
        let long = format!("https://example.org/{}", "a".repeat(2000 - 20));
        assert_eq!(long.len(), 2000);
        assert!(to_html(&long).contains("<a "));
        let longer = format!("{long}a?next=www.example.org");
        assert_eq!(to_html(&longer), format!("<p>{longer}</p>\n"));
    }

    #[test]
    fn naughty_strings_make_no_markup() {
        let json = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/fixtures/naughty-strings/blns.json"
        ))
        .expect("the naughty strings fixture");
        let strings = json_strings(&json);
        assert!(strings.len() > 500, "parsed {} strings", strings.len());
        const TAGS: [&str; 5] = ["<p>", "</p>", "<br>", "<a href=\"", "</a>"];
        for text in strings.iter().chain([&strings.join("\n")]) {
            let html = to_html(text);
            for (at, _) in html.match_indices('<') {
                let rest = &html[at..];
                assert!(
                    TAGS.iter().any(|tag| rest.starts_with(tag)),
                    "stray < in {html:?} from {text:?}"
                );
                if let Some(href) = rest.strip_prefix("<a href=\"") {
                    let href = href.to_ascii_lowercase();
                    assert!(
                        href.starts_with("http://") || href.starts_with("https://"),
                        "{html:?} from {text:?}"
                    );
                }
            }
        }
    }

    /// The string values of a JSON document (the fixture is an array of strings).
    fn json_strings(json: &str) -> Vec<String> {
        let mut strings = Vec::new();
        let mut chars = json.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut value = String::new();
            let mut pending_high: Option<u32> = None;
            loop {
                let c = chars.next().expect("an unterminated string");
                let code = match c {
                    '"' => break,
                    '\\' => match chars.next().expect("an escape") {
                        'u' => {
                            let hex: String = chars.by_ref().take(4).collect();
                            u32::from_str_radix(&hex, 16).expect("four hex digits")
                        }
                        'b' => 0x08,
                        'f' => 0x0C,
                        'n' => 0x0A,
                        'r' => 0x0D,
                        't' => 0x09,
                        other => other as u32,
                    },
                    other => other as u32,
                };
                match (pending_high.take(), code) {
                    (None, 0xD800..=0xDBFF) => pending_high = Some(code),
                    (Some(high), 0xDC00..=0xDFFF) => value.push(
                        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))
                            .expect("a surrogate pair"),
                    ),
                    (high, code) => {
                        if high.is_some() {
                            value.push(char::REPLACEMENT_CHARACTER);
                        }
                        value.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                }
            }
            if pending_high.is_some() {
                value.push(char::REPLACEMENT_CHARACTER);
            }
            strings.push(value);
        }
        strings
    }
}
