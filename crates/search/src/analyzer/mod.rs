//! The one analyzer every text field uses, at index and at query time, so a reader's words
//! and a writer's words meet as the same terms in English and in Arabic.

mod arabic;
mod digits;
mod words;

use tantivy::tokenizer::{AsciiFoldingFilter, Language, Stemmer, TextAnalyzer};

pub use words::WordTokenizer;

/// The name the analyzer is registered under in the index and referenced by the schema.
pub const NAME: &str = "dateline";

/// Words (see [`WordTokenizer`]), then Latin accents folded to ASCII ("café" meets "cafe"),
/// then English Snowball stemming ("elections" and "elected" meet at "elect"). The English
/// stemmer leaves Arabic stems and numbers alone: it only rewrites Latin suffixes.
pub fn build() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The terms `text` analyzes to, in order: what the index stores for it.
#[cfg(test)]
pub fn terms(text: &str) -> Vec<String> {
    use tantivy::tokenizer::TokenStream;
    let mut analyzer = build();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push(token.text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::{build, terms};
    use tantivy::tokenizer::TokenStream;

    #[test]
    fn english_words_are_lowercased_folded_and_stemmed() {
        assert_eq!(terms("Elections ELECTED election"), ["elect", "elect", "elect"]);
        assert_eq!(terms("Café naïve"), ["cafe", "naiv"]);
        assert_eq!(terms("cafe\u{0301}"), ["cafe"]);
    }

    #[test]
    fn punctuation_splits_words() {
        assert_eq!(
            terms("id:5 <b>x</b> covid-19"),
            ["id", "5", "b", "x", "b", "covid", "19"]
        );
        assert!(terms("  \"' ;; -- ").is_empty());
    }

    #[test]
    fn arabic_spellings_of_one_word_give_one_term() {
        let expected = terms("مدرسة");
        for spelling in ["مَدْرَسَة", "مدرسه", "مـدرسة", "المدرسة", "والمدرسة", "مَدْرَسَةٌ"]
        {
            assert_eq!(terms(spelling), expected, "{spelling}");
        }
        assert_eq!(terms("أحمد"), terms("احمد"));
        assert_eq!(terms("إعلان"), terms("اعلان"));
        assert_eq!(terms("آمال"), terms("امال"));
    }

    #[test]
    fn digits_of_any_script_are_ascii() {
        assert_eq!(terms("٢٠٢٦"), ["2026"]);
        assert_eq!(terms("۲۰۲۶"), ["2026"]);
        assert_eq!(terms("عام ٢٠٢٦"), terms("عام 2026"));
    }

    #[test]
    fn lone_marks_make_no_words() {
        assert!(terms("\u{064E}\u{0640} \u{0301}").is_empty());
        assert_eq!(terms("\u{064E}ب"), ["ب"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "قال مُدِيرُ المَدْرَسَةِ";
        let mut analyzer = build();
        let mut stream = analyzer.token_stream(text);
        let mut spans = Vec::new();
        while let Some(token) = stream.next() {
            spans.push((&text[token.offset_from..token.offset_to], token.position));
        }
        assert_eq!(spans, [("قال", 0), ("مُدِيرُ", 1), ("المَدْرَسَةِ", 2)]);
    }

    #[test]
    fn overlong_words_are_skipped_without_a_position_gap() {
        let long = "x".repeat(200);
        assert_eq!(terms(&format!("one {long} two")), ["one", "two"]);
    }
}
