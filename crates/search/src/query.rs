//! A reader's words turned into a tantivy query, built by hand rather than through tantivy's
//! query language: nothing typed can name a field, a range or a regex, so no input can escape
//! the edition filter, and no input is an error.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;

use crate::analyzer;
use crate::schema::{Fields, TextFields};
use crate::{MAX_QUERY_CHARS, SearchQuery};

/// At most this many words and phrases count; a reader never needs more, and it bounds the
/// work one request can ask for.
const MAX_CLAUSES: usize = 32;

/// Quotation marks that open or close a phrase: straight, curly, and the guillemets Arabic
/// typing uses.
const QUOTES: [char; 6] = ['"', '“', '”', '„', '«', '»'];

/// The query for `query`, or `None` when its text holds no word to look for.
///
/// Every word must match (in any searched field), so each word a reader adds narrows the
/// results; text in quotes must match as a phrase; punctuation inside a word (`covid-19`,
/// `id:5`) makes the word a phrase of its parts. Only the edition's own fields are searched;
/// filters on section and dates are added without scores, so they never change the ranking.
pub fn build(query: &SearchQuery, fields: &Fields) -> Option<Box<dyn Query>> {
    let text = truncate_chars(&query.text, MAX_QUERY_CHARS);
    let edition = fields.text(query.lang);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = pieces(text)
        .filter_map(|piece| piece_query(piece, edition))
        .take(MAX_CLAUSES)
        .map(|clause| (Occur::Must, clause))
        .collect();
    // One word with no filter needs no intersection around its union of fields.
    if clauses.len() == 1 && query.section.is_none() && query.since.is_none() && query.until.is_none() {
        return clauses.pop().map(|(_, clause)| clause);
    }
    if clauses.is_empty() {
        return None;
    }
    let mut filter = |query: Box<dyn Query>| {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0))));
    };
    if let Some(section) = &query.section {
        filter(exact(fields.section, section));
    }
    if query.since.is_some() || query.until.is_some() {
        let bound = |time: Option<chrono::DateTime<chrono::Utc>>| match time {
            Some(time) => Bound::Included(Term::from_field_i64(fields.published_at, time.timestamp())),
            None => Bound::Unbounded,
        };
        filter(Box::new(RangeQuery::new(bound(query.since), bound(query.until))));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// What a query of words is ranked by: each word one term of the edition's ranked field
/// (BM25F over the weighted fields), the terms' scores summed.
///
/// One word is a bare term, which tantivy ranks with block-max WAND (skipping whole blocks of
/// postings that cannot reach the page). Several words are the intersection of their terms:
/// only the stories holding every word are visited and scored, their postings walked together.
/// A union of each word in each field, pruned by block-max WAND, visited every story holding
/// any of the words whenever the fields' block maxima summed above the page (nearly always: a
/// word's headline postings cover every block); at a million stories `harbour council` took
/// 24 ms that way and takes 8 this way (bench/RESULTS.md, 2026-12-08).
pub struct Ranking {
    pub query: Box<dyn Query>,
    /// Whether [`Ranking::query`] matches exactly the stories [`build`]'s query does (when
    /// there is no filter: the ranked field holds every searched field's words); otherwise
    /// each story it offers must be checked against that query, so a story outside the
    /// filter is never listed.
    pub matches_the_same: bool,
}

/// The ranking of `query`; `None` when it holds no word or when a piece is a phrase (a
/// phrase's score is not a sum of its terms': it is scored by [`build`]'s query).
pub fn ranking(query: &SearchQuery, fields: &Fields) -> Option<Ranking> {
    let text = truncate_chars(&query.text, MAX_QUERY_CHARS);
    let edition = fields.text(query.lang);
    let mut words = Vec::new();
    for piece in pieces(text) {
        match analyzed(piece).as_slice() {
            [] => {}
            [(_, word)] => words.push(word.clone()),
            _ => return None,
        }
        if words.len() == MAX_CLAUSES {
            break;
        }
    }
    let filtered = query.section.is_some() || query.since.is_some() || query.until.is_some();
    let term =
        |field, word: &str| TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs);
    match words.as_slice() {
        [] => None,
        [word] => Some(Ranking {
            query: Box::new(term(edition.ranked, word)),
            matches_the_same: !filtered,
        }),
        _ => {
            let terms = words
                .iter()
                .map(|word| Box::new(term(edition.ranked, word)) as Box<dyn Query>);
            Some(Ranking {
                query: Box::new(BooleanQuery::intersection(terms.collect())),
                matches_the_same: !filtered,
            })
        }
    }
}

/// `text` cut to at most `max` characters, at a character boundary.
pub fn truncate_chars(text: &str, max: usize) -> &str {
    text.char_indices().nth(max).map_or(text, |(end, _)| &text[..end])
}

/// The words and quoted phrases of `text`, each as the text to analyze. Pieces at odd
/// positions between quotation marks are phrases; an unclosed quote runs to the end.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split(QUOTES).enumerate().flat_map(|(index, piece)| {
        let is_phrase = index % 2 == 1;
        let words: Box<dyn Iterator<Item = &str>> = if is_phrase {
            Box::new(std::iter::once(piece))
        } else {
            Box::new(piece.split_whitespace())
        };
        words
    })
}

/// One word or phrase: matching any searched field, as a term when it analyzes to one term and
/// as a phrase when it analyzes to several; `None` when it holds no word at all.
fn piece_query(piece: &str, fields: &TextFields) -> Option<Box<dyn Query>> {
    let terms = analyzed(piece);
    let any_field = |field_query: &dyn Fn(Field) -> Box<dyn Query>| -> Box<dyn Query> {
        let per_field = fields.searched().map(|(field, weight)| {
            (
                Occur::Should,
                Box::new(BoostQuery::new(field_query(field), weight.boost)) as Box<dyn Query>,
            )
        });
        Box::new(BooleanQuery::new(per_field.into()))
    };
    match terms.as_slice() {
        [] => None,
        [(_, term)] => Some(any_field(&|field| {
            Box::new(TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            ))
        })),
        _ => Some(any_field(&|field| {
            let terms = terms
                .iter()
                .map(|(position, term)| (*position, Term::from_field_text(field, term)));
            Box::new(PhraseQuery::new_with_offset(terms.collect()))
        })),
    }
}

/// The terms `piece` analyzes to, with their positions.
fn analyzed(piece: &str) -> Vec<(usize, String)> {
    let mut analyzer = analyzer::build();
    let mut stream = analyzer.token_stream(piece);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push((token.position, token.text.clone()));
    }
    terms
}

/// Matches documents whose untokenized `field` is exactly `value`.
fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

#[cfg(test)]
mod tests {
    use super::{pieces, truncate_chars};

    #[test]
    fn quotes_make_phrases_and_whitespace_separates_words() {
        let got: Vec<&str> = pieces(r#"city "water board" vote"#).collect();
        assert_eq!(got, ["city", "water board", "vote"]);
        let got: Vec<&str> = pieces("«مجلس المدينة» ماء").collect();
        assert_eq!(got, ["مجلس المدينة", "ماء"]);
        let got: Vec<&str> = pieces(r#"unclosed "quote runs on"#).collect();
        assert_eq!(got, ["unclosed", "quote runs on"]);
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_chars("مدرسة", 2), "مد");
        assert_eq!(truncate_chars("abc", 10), "abc");
        assert_eq!(truncate_chars("", 0), "");
    }
}
