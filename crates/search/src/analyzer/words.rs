//! The tokenizer: splits text into words and normalises each one, keeping the byte offsets
//! of the original text so highlighting marks exactly what the writer wrote.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::{arabic, digits};

/// Words longer than this (in bytes) are skipped, at index and query time alike: they are
/// never words a reader types, and tantivy refuses terms beyond 65,530 bytes.
const MAX_WORD_BYTES: usize = 100;

/// Splits on anything that is not a letter, digit or joining mark, lowercases, folds digits
/// to ASCII, drops diacritics, and gives Arabic words their normalised light stem.
#[derive(Clone, Default)]
pub struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream {
            text,
            cursor: 0,
            token: Token::default(),
            next_position: 0,
            buffers: Buffers::default(),
        }
    }
}

pub struct WordStream<'a> {
    text: &'a str,
    cursor: usize,
    token: Token,
    next_position: usize,
    buffers: Buffers,
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((start, end)) = self.next_word() {
            let word = &self.text[start..end];
            if word.len() > MAX_WORD_BYTES || !word.chars().any(is_letter_or_digit) {
                continue;
            }
            self.token.text.clear();
            fold_word(word, &mut self.buffers, &mut self.token.text);
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = self.next_position;
            self.next_position += 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl WordStream<'_> {
    /// The byte range of the next run of word characters after the cursor.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let rest = self.text.get(self.cursor..)?;
        let start = self.cursor + rest.find(is_word_char)?;
        let len = self.text[start..]
            .find(|c| !is_word_char(c))
            .unwrap_or(self.text.len() - start);
        self.cursor = start + len;
        Some((start, start + len))
    }
}

/// Letters and digits, plus the marks that sit inside words: Arabic diacritics and tatweel,
/// Latin combining accents, zero-width (non-)joiners and soft hyphens. Treating them as word
/// characters keeps "مَدْرَسَة" and "مـدرسة" one word each.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_ignorable(c)
}

/// A letter or digit that stays in the term (Rust counts tatweel and some harakat as
/// alphabetic, but a "word" of those alone is no word).
fn is_letter_or_digit(c: char) -> bool {
    c.is_alphanumeric() && !is_ignorable(c)
}

/// Characters inside a word that do not change which word it is.
fn is_ignorable(c: char) -> bool {
    arabic::is_ignorable_mark(c)
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{200D}' | '\u{00AD}')
}

/// Writes the term for `word` to `out`, using the stream's two reusable buffers.
fn fold_word(word: &str, buffers: &mut Buffers, out: &mut String) {
    let Buffers { folded, normalised } = buffers;
    folded.clear();
    for c in word
        .chars()
        .filter(|&c| !is_ignorable(c))
        .flat_map(char::to_lowercase)
    {
        folded.push(digits::to_ascii(c));
    }
    if folded.chars().any(arabic::is_arabic_letter) {
        normalised.clear();
        arabic::normalise(folded, normalised);
        out.push_str(arabic::stem(normalised));
    } else {
        out.push_str(folded);
    }
}

/// Scratch space reused from word to word, so tokenizing allocates only while it warms up.
#[derive(Default)]
struct Buffers {
    folded: String,
    normalised: String,
}
