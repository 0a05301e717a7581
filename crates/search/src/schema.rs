//! The index's fields, and the version stamp that tells an index built by older code apart.

use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, NumericOptions, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer;

/// Starts the payload of every commit. Bump it whenever the schema *or the analyzer* changes:
/// terms written by an older analyzer would silently stop matching, so an index carrying
/// another stamp is wiped and rebuilt by [`crate::SearchIndex::open`].
pub const VERSION: &str = "dateline-search/2";

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
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub lang: Field,
    pub section: Field,
    pub published_at: Field,
    pub headline: Field,
    pub dek: Field,
    pub body: Field,
    pub authors: Field,
    pub tags: Field,
}

impl Fields {
    /// The fields a reader's words are looked for in, with how much a match there counts:
    /// a word in the headline says far more about a story than one deep in the body.
    pub fn searched(&self) -> [(Field, f32); 5] {
        [
            (self.headline, 3.0),
            (self.tags, 2.0),
            (self.authors, 2.0),
            (self.dek, 1.5),
            (self.body, 1.0),
        ]
    }
}

/// The schema and its fields. `lang` and `section` are exact strings (filters only); the text
/// fields keep positions for "phrase" queries; headline, dek and body are stored for
/// highlighting; `id` is stored to name the hits and indexed to replace or delete a story.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analyzer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored { options.set_stored() } else { options }
    };
    let fields = Fields {
        id: builder.add_i64_field(
            "id",
            NumericOptions::default().set_indexed().set_fast().set_stored(),
        ),
        lang: builder.add_text_field("lang", STRING),
        section: builder.add_text_field("section", STRING),
        published_at: builder.add_i64_field(PUBLISHED_AT, INDEXED | tantivy::schema::FAST),
        headline: builder.add_text_field("headline", text(true)),
        dek: builder.add_text_field("dek", text(true)),
        body: builder.add_text_field("body", text(true)),
        authors: builder.add_text_field("authors", text(false)),
        tags: builder.add_text_field("tags", text(false)),
    };
    (builder.build(), fields)
}
