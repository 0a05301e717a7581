//! How long a story is, as its editor counts it while the journalist types: words of the text
//! (not of the figure blocks or link addresses), and minutes to read them. `newsroom.js`
//! counts the same way, so the number the page opens with is the number typing goes on from.

use serde::Serialize;

/// Words a reader reads in a minute, for the reading time.
const WORDS_PER_MINUTE: usize = 230;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Length {
    pub words: usize,
    /// Whole minutes, rounded up; none for no words.
    pub minutes: usize,
}

/// The length of a story body written in the editor's Markdown.
pub fn count(markdown: &str) -> Length {
    let mut words = 0;
    let mut in_figure = false;
    for line in markdown.lines() {
        let fence = line.trim_start().starts_with("```");
        if fence {
            in_figure = !in_figure && line.trim_start().trim_start_matches('`').trim() == "figure";
            continue;
        }
        if in_figure {
            continue;
        }
        words += words_in(&without_link_targets(line));
    }
    Length {
        words,
        minutes: words.div_ceil(WORDS_PER_MINUTE),
    }
}

/// `line` without the `(address)` after a link's `[words]`.
fn without_link_targets(line: &str) -> String {
    let mut kept = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        kept.push_str(&rest[..at]);
        match rest[at..].find(')') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    kept.push_str(rest);
    kept
}

/// Runs of letters and digits (with the marks and joiners inside them: Arabic's vowel signs,
/// an apostrophe or hyphen between letters).
fn words_in(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        let letter = c.is_alphanumeric();
        let inside = in_word && (is_mark(c) || matches!(c, '\'' | '’' | '-'));
        if letter && !in_word {
            count += 1;
        }
        in_word = letter || inside;
    }
    count
}

/// Combining marks an alphabet writes inside words (Arabic's harakat, tatweel, Latin accents).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_in_text_not_in_markup_figures_or_addresses() {
        let body = "## The harbour\n\nThe **ferry** ran [late again](https://example.org/a-b-c) today.\n\n```figure\nsrc: /media/a.webp\nalt: Cranes at dawn\n```\n\n- one\n- two's";
        assert_eq!(count(body).words, 10);
    }

    #[test]
    fn arabic_words_with_vowel_signs_count_once() {
        assert_eq!(count("وَصَلَت العَبّارة إلى الميناء").words, 4);
    }

    #[test]
    fn reading_time_rounds_up_and_is_none_for_nothing() {
        assert_eq!(count("").minutes, 0);
        assert_eq!(count("word").minutes, 1);
        assert_eq!(count(&"word ".repeat(231)).minutes, 2);
    }
}
