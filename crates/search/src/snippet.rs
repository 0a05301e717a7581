//! Highlighted HTML for hits: the headline with matched words marked, and a passage of the
//! body around the best matches. Everything but the `<mark>` tags is escaped text.

use std::ops::Range;

use tantivy::query::Query;
use tantivy::snippet::{SnippetGenerator, collapse_overlapped_ranges};
use tantivy::{Searcher, TantivyError};

use crate::schema::Fields;
use dateline_domain::Lang;

/// How long a body passage may be, in characters (roughly: see [`Highlighter::new`]).
const SNIPPET_CHARS: usize = 200;

/// Finds the query's terms in one hit's headline and body; built once per search.
pub struct Highlighter {
    headline: SnippetGenerator,
    body: SnippetGenerator,
}

impl Highlighter {
    /// tantivy measures passage length in bytes, not characters; Arabic letters take two
    /// bytes each in UTF-8, so the Arabic edition gets twice the bytes for a similar length.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
        lang: Lang,
    ) -> Result<Self, TantivyError> {
        let fields = fields.text(lang);
        let mut headline = SnippetGenerator::create(searcher, query, fields.headline)?;
        // A headline is shown whole: one passage as long as any headline.
        headline.set_max_num_chars(usize::MAX / 2);
        let mut body = SnippetGenerator::create(searcher, query, fields.body)?;
        body.set_max_num_chars(match lang {
            Lang::En => SNIPPET_CHARS,
            Lang::Ar => SNIPPET_CHARS * 2,
        });
        Ok(Self { headline, body })
    }

    /// The whole headline, escaped, with the matched words marked.
    pub fn headline_html(&self, headline: &str) -> String {
        let snippet = self.headline.snippet(headline);
        let start = snippet.fragment_range().start;
        let marks: Vec<Range<usize>> = snippet
            .highlighted()
            .iter()
            .map(|range| range.start + start..range.end + start)
            .collect();
        marked_html(headline, &marks)
    }

    /// The passage of the body with the most matched words, marked, with an ellipsis where it
    /// is cut; when the body has no match (the story matched on its headline, dek, tags or
    /// authors), the dek, or else the opening of the body, escaped.
    pub fn snippet_html(&self, body: &str, dek: &str) -> String {
        let snippet = self.body.snippet(body);
        if snippet.highlighted().is_empty() {
            return if dek.trim().is_empty() {
                opening_html(body)
            } else {
                marked_html(dek, &[])
            };
        }
        let range = snippet.fragment_range();
        let mut html = String::new();
        if range.start > 0 {
            html.push_str("… ");
        }
        html.push_str(&marked_html(snippet.fragment(), snippet.highlighted()));
        if range.end < body.len() {
            html.push_str(" …");
        }
        html
    }
}

/// The first [`SNIPPET_CHARS`] characters of `body`, escaped, cut after a whole word.
fn opening_html(body: &str) -> String {
    let cut = crate::query::truncate_chars(body, SNIPPET_CHARS);
    if cut.len() == body.len() {
        return marked_html(body, &[]);
    }
    let cut = cut.rfind(char::is_whitespace).map_or(cut, |end| &cut[..end]);
    marked_html(cut, &[]) + " …"
}

/// `text` escaped for HTML, with the byte ranges in `marks` wrapped in `<mark>`. Ranges that
/// are out of bounds or not on character boundaries (never expected) are left unmarked.
pub fn marked_html(text: &str, marks: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    let mut done = 0;
    for mark in collapse_overlapped_ranges(marks) {
        let (Some(before), Some(marked)) = (text.get(done..mark.start), text.get(mark.clone())) else {
            continue;
        };
        escape_into(before, &mut html);
        html.push_str("<mark>");
        escape_into(marked, &mut html);
        html.push_str("</mark>");
        done = mark.end;
    }
    escape_into(text.get(done..).unwrap_or_default(), &mut html);
    html
}

/// Escapes the five characters that matter in HTML text and attribute values.
fn escape_into(text: &str, html: &mut String) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::marked_html;

    #[test]
    fn text_is_escaped_and_marks_are_added() {
        let text = "<b>Tom & \"Jerry\"</b> vote";
        let vote = text.find("vote").unwrap_or_default();
        assert_eq!(
            marked_html(text, &[3..6, vote..vote + 4]),
            "&lt;b&gt;<mark>Tom</mark> &amp; &quot;Jerry&quot;&lt;/b&gt; <mark>vote</mark>"
        );
    }

    #[test]
    fn overlapping_and_bad_ranges_do_not_panic() {
        assert_eq!(marked_html("abcdef", &[0..2, 1..3]), "<mark>abc</mark>def");
        assert_eq!(marked_html("مدرسة", &[1..3, 0..40]), "مدرسة");
    }
}
