//! One way of writing digits on a whole reader page: the edition's numerals are applied to the
//! page's text after it is rendered, so dates, counts, headlines, stories and comments agree.
//! Markup is left alone: tags and their attributes (addresses, `datetime`), character
//! references, what is code or data (`script`, `style`, `code`, `pre`), a reader's own typing
//! waiting to be sent (`textarea`), and readers' words shown as they typed them (an element
//! marked `data-as-typed`: a comment and its author's name).

use dateline_domain::face::Numerals;

/// Elements whose contents keep their digits as written.
const KEPT: [&str; 5] = ["script", "style", "code", "pre", "textarea"];

/// `html` with the digits of its text written in `numerals`; a page with no digit of the other
/// kind anywhere (most English pages) is returned as it came, without a pass over its markup.
pub fn in_page(html: String, numerals: Numerals) -> String {
    if !has_other_digits(&html, numerals) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html.as_str();
    // While inside an element whose contents are kept as written: its name, and how many
    // elements of that name are open (they can nest: a `div` in a `div`).
    let mut kept: Option<(&str, usize)> = None;
    while let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        let (text, from) = rest.split_at(at);
        push_text(&mut out, text, numerals, kept.is_some());
        if from.starts_with('&') {
            // A character reference (`&#39;`, `&amp;`) is copied whole.
            let end = from
                .char_indices()
                .skip(1)
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
                .map_or(from.len(), |(i, c)| if c == ';' { i + 1 } else { i });
            out.push_str(&from[..end]);
            rest = &from[end..];
            continue;
        }
        let end = memchr::memchr(b'>', from.as_bytes()).map_or(from.len(), |i| i + 1);
        let tag = &from[..end];
        out.push_str(tag);
        rest = &from[end..];
        let named = tag.trim_start_matches('<').trim_start_matches('/');
        let name = &named[..named
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(named.len())];
        let closing = tag.starts_with("</");
        let self_closing = tag.ends_with("/>");
        kept = match kept {
            Some((open, depth)) if name.eq_ignore_ascii_case(open) && closing => {
                (depth > 1).then_some((open, depth - 1))
            }
            Some((open, depth)) if name.eq_ignore_ascii_case(open) && !self_closing => {
                Some((open, depth + 1))
            }
            Some(inside) => Some(inside),
            None if !closing
                && !self_closing
                && (KEPT.iter().any(|kept| name.eq_ignore_ascii_case(kept))
                    || tag.contains(" data-as-typed")) =>
            {
                Some((name, 1))
            }
            None => None,
        };
    }
    push_text(&mut out, rest, numerals, kept.is_some());
    out
}

/// Whether `html` holds a digit of the other kind than `numerals` (of the two kinds
/// [`Numerals::digit`] converts between), looked for by their bytes: every English page is
/// searched whole, and decoding it into characters took 2 % of rendering a page.
fn has_other_digits(html: &str, numerals: Numerals) -> bool {
    let bytes = html.as_bytes();
    match numerals {
        Numerals::ArabicIndic => bytes.iter().any(u8::is_ascii_digit),
        // U+0660 to U+0669 are 0xD9 0xA0 to 0xD9 0xA9 in UTF-8; an English page has few 0xD9s,
        // which `memchr` skips to many bytes at a time.
        Numerals::Western => memchr::memchr_iter(0xD9, bytes)
            .any(|at| bytes.get(at + 1).is_some_and(|b| (0xA0..=0xA9).contains(b))),
    }
}

/// Appends `text` with its digits of the other kind made `numerals`' own, unless it is kept
/// `as_written`: the runs between digits are copied whole, and a digit is found by its bytes
/// as in [`has_other_digits`].
fn push_text(out: &mut String, text: &str, numerals: Numerals, as_written: bool) {
    if as_written {
        out.push_str(text);
        return;
    }
    let bytes = text.as_bytes();
    let (mut from, mut at) = (0, 0);
    while at < bytes.len() {
        let width = match numerals {
            Numerals::ArabicIndic if bytes[at].is_ascii_digit() => 1,
            Numerals::Western
                if bytes[at] == 0xD9 && bytes.get(at + 1).is_some_and(|b| (0xA0..=0xA9).contains(b)) =>
            {
                2
            }
            _ => {
                at += 1;
                continue;
            }
        };
        // A digit starts a character (ASCII, or the lead byte 0xD9), so both cuts are on
        // character boundaries.
        out.push_str(&text[from..at]);
        out.extend(text[at..at + width].chars().map(|c| numerals.digit(c)));
        at += width;
        from = at;
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_digits_change_and_markup_does_not() {
        let page = r#"<p class="x2"><time datetime="2026-12-06">6 ديسمبر ٢٠٢٦</time> &#39;1&#x31; <a href="/ar/article/a-2026">2026</a></p><script type="application/ld+json">{"n": 12}</script><pre>x = 3</pre><textarea>10 words</textarea><p>١٠ and 10</p>"#;
        let arabic = in_page(page.to_owned(), Numerals::ArabicIndic);
        assert_eq!(
            arabic,
            r#"<p class="x2"><time datetime="2026-12-06">٦ ديسمبر ٢٠٢٦</time> &#39;١&#x31; <a href="/ar/article/a-2026">٢٠٢٦</a></p><script type="application/ld+json">{"n": 12}</script><pre>x = 3</pre><textarea>10 words</textarea><p>١٠ and ١٠</p>"#
        );
        let western = in_page(page.to_owned(), Numerals::Western);
        assert!(
            western.contains("6 ديسمبر 2026") && western.contains("<p>10 and 10</p>"),
            "{western}"
        );
    }

    #[test]
    fn every_digit_of_the_other_kind_is_found_and_no_other_letter_is_taken_for_one() {
        for c in '\u{0}'..='\u{10FFFF}' {
            let page = format!("<p>{c}</p>");
            for numerals in [Numerals::Western, Numerals::ArabicIndic] {
                assert_eq!(
                    has_other_digits(&page, numerals),
                    numerals.digit(c) != c,
                    "{c:?} in {numerals:?}"
                );
            }
        }
    }

    #[test]
    fn every_character_of_text_comes_out_as_its_own_kind_would_write_it() {
        for c in ('\u{0}'..='\u{10FFFF}').filter(|c| !matches!(c, '<' | '&')) {
            for numerals in [Numerals::Western, Numerals::ArabicIndic] {
                let page = format!("<p>a{c}b{c}</p>");
                let digit = numerals.digit(c);
                assert_eq!(
                    in_page(page, numerals),
                    format!("<p>a{digit}b{digit}</p>"),
                    "{c:?} in {numerals:?}"
                );
            }
        }
    }

    #[test]
    fn a_page_already_in_its_numerals_comes_back_as_it_was() {
        let page = r#"<p data-x="<3">2026 &amp; <b>7</b> <unclosed"#;
        assert_eq!(in_page(page.to_owned(), Numerals::Western), page);
    }

    #[test]
    fn readers_words_marked_as_typed_keep_their_digits_however_deep() {
        let page = r#"<li><span data-as-typed>Reader ٧</span> 7 <div class="comment-text" data-as-typed><div><p>٠١٢</p></div><p>٣</p></div><p>٤</p></li>"#;
        assert_eq!(
            in_page(page.to_owned(), Numerals::Western),
            r#"<li><span data-as-typed>Reader ٧</span> 7 <div class="comment-text" data-as-typed><div><p>٠١٢</p></div><p>٣</p></div><p>4</p></li>"#
        );
    }
}
