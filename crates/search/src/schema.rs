//! The index's fields, and the version stamp that tells an index built by older code apart.

use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, NumericOptions, STRING, Schema, TextFieldIndexing, TextOptions,
};

use dateline_domain::Lang;

use crate::analyzer;

/// Starts the payload of every commit. Bump it whenever the schema *or the analyzer* changes:
/// terms written by an older analyzer would silently stop matching, so an index carrying
/// another stamp is wiped and rebuilt by [`crate::SearchIndex::open`].
pub const VERSION: &str = "dateline-search/4";

/// The payload of a commit: the version, and the last event of the store the index has
/// taken in, when it knows (an index filled from the whole store does).
pub fn payload(applied_events: Option<i64>) -> String {
    match applied_events {
        Some(id) => format!("{VERSION} events={id}"),
        None => VERSION.to_owned(),
    }
}

/// The events a payload says were taken in; `None` for another version's payload, and
/// `Some(None)` for this version's when it does not know.
pub fn parse_payload(payload: &str) -> Option<Option<i64>> {
    let rest = payload.strip_prefix(VERSION)?;
    if rest.is_empty() {
        return Some(None);
    }
    rest.strip_prefix(" events=")?.parse().ok().map(Some)
}

/// The name of the publication time field (seconds since the Unix epoch), for sorting.
pub const PUBLISHED_AT: &str = "published_at";

/// Handles to every field, so the rest of the crate never looks fields up by name.
///
/// Each edition has text fields of its own rather than one set filtered by edition: a word
/// looked for is then one term of the edition's ranked field, which tantivy ranks with
/// block-max WAND (skipping whole blocks of postings that cannot reach the page), where an
/// intersection with an edition filter made every match be scored. A million stories are
/// where it shows.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub section: Field,
    pub published_at: Field,
    pub english: TextFields,
    pub arabic: TextFields,
}

/// One edition's text fields.
#[derive(Clone, Copy, Debug)]
pub struct TextFields {
    pub headline: Field,
    pub dek: Field,
    pub body: Field,
    pub authors: Field,
    pub tags: Field,
    /// Every field above in one, each written as many times as it weighs
    /// ([`Weight::repeats`]): what a search of words is ranked by (BM25F). One posting list
    /// per word gives block-max WAND a bound per block as tight as there is, where the sum of
    /// the five fields' block maxima (each from a different story) let far less be skipped,
    /// and several words are the intersection of their lists.
    pub ranked: Field,
}

impl Fields {
    /// The text fields of `lang`'s edition.
    pub fn text(&self, lang: Lang) -> &TextFields {
        match lang {
            Lang::En => &self.english,
            Lang::Ar => &self.arabic,
        }
    }
}

/// How much a match in one text field counts, in each of the two ways stories are scored.
#[derive(Clone, Copy, Debug)]
pub struct Weight {
    /// The boost of the field's own BM25 score, when a query holding a phrase is scored field
    /// by field.
    pub boost: f32,
    /// How many times the field is written into [`TextFields::ranked`]: occurrences counted
    /// before BM25 saturates (as BM25F weighs fields). Repetitions count for less and less,
    /// so the headline needs more here than its boost: with less than 8, a body repeating a
    /// word outranked a story named after it.
    pub repeats: usize,
}

impl TextFields {
    /// The fields a reader's words are looked for in, with how much a match there counts: a
    /// word in the headline says far more about a story than one deep in the body.
    pub fn searched(&self) -> [(Field, Weight); 5] {
        let weight = |boost, repeats| Weight { boost, repeats };
        [
            (self.headline, weight(3.0, 8)),
            (self.tags, weight(2.0, 4)),
            (self.authors, weight(2.0, 4)),
            (self.dek, weight(1.5, 3)),
            (self.body, weight(1.0, 1)),
        ]
    }
}

/// The schema and its fields. `section` is an exact string (a filter only); the text fields
/// keep positions for "phrase" queries, the ranked field word counts only; headline, dek and
/// body are stored for highlighting; `id` is stored to name the hits and indexed to replace or
/// delete a story.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let mut text = |name: &str, lang: Lang, record: IndexRecordOption, stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analyzer::NAME)
            .set_index_option(record);
        let options = TextOptions::default().set_indexing_options(indexing);
        let options = if stored { options.set_stored() } else { options };
        builder.add_text_field(&format!("{name}_{}", lang.code()), options)
    };
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let mut edition = |lang| TextFields {
        headline: text("headline", lang, positions, true),
        dek: text("dek", lang, positions, true),
        body: text("body", lang, positions, true),
        authors: text("authors", lang, positions, false),
        tags: text("tags", lang, positions, false),
        // Ranked by word counts alone; phrases are matched in the fields themselves.
        ranked: text("ranked", lang, IndexRecordOption::WithFreqs, false),
    };
    let english = edition(Lang::En);
    let arabic = edition(Lang::Ar);
    let fields = Fields {
        id: builder.add_i64_field(
            "id",
            NumericOptions::default().set_indexed().set_fast().set_stored(),
        ),
        section: builder.add_text_field("section", STRING),
        published_at: builder.add_i64_field(PUBLISHED_AT, INDEXED | tantivy::schema::FAST),
        english,
        arabic,
    };
    (builder.build(), fields)
}
