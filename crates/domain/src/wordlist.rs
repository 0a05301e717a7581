//! The moderators' word list, compiled for matching comments: entries are whole words or
//! phrases, compared after folding case, look-alike characters and Arabic spelling variants.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A set of words and phrases to hold comments back on, built once and then matched against
/// many comments.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    /// Entries as the moderator wrote them (trimmed), in the order given, so that the list can
    /// be shown back to them and a match can name the entry they recognise.
    entries: Vec<String>,
    /// Folded phrase (words joined by single spaces) to its index in `entries`.
    by_phrase: HashMap<String, usize>,
    /// The longest entry in words: no n-gram of the comment longer than this can match.
    longest_phrase: usize,
}

impl WordList {
    /// Entries that fold to no words at all (blank, or only punctuation) are dropped, since
    /// they could never match; entries that fold to the same phrase are kept once, as first
    /// written.
    pub fn new<I, S>(entries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut list = Self::default();
        for entry in entries {
            let written = entry.as_ref().trim();
            let words = folded_words(written);
            if words.is_empty() {
                continue;
            }
            if let Entry::Vacant(slot) = list.by_phrase.entry(words.join(" ")) {
                slot.insert(list.entries.len());
                list.entries.push(written.to_owned());
                list.longest_phrase = list.longest_phrase.max(words.len());
            }
        }
        list
    }

    /// Reads the list as moderators edit it, in a textarea: one entry per line. Blank lines
    /// and lines starting with `#` are notes to other moderators, not entries; an entry never
    /// needs a leading `#` because symbols are not part of words anyway.
    pub fn parse(text: &str) -> Self {
        Self::new(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#')),
        )
    }

    /// The entry, as written, that occurs earliest in `text`. Where several start at the same
    /// word, the longest wins, as it is the most specific reason to give the moderator.
    pub fn first_match(&self, text: &str) -> Option<&str> {
        if self.by_phrase.is_empty() {
            return None;
        }
        let words = folded_words(text);
        // One buffer for every n-gram: a long comment against a long list makes many lookups.
        let mut phrase = String::new();
        for start in 0..words.len() {
            phrase.clear();
            let mut longest = None;
            for (n, word) in words[start..].iter().take(self.longest_phrase).enumerate() {
                if n > 0 {
                    phrase.push(' ');
                }
                phrase.push_str(word);
                if let Some(&index) = self.by_phrase.get(phrase.as_str()) {
                    longest = Some(index);
                }
            }
            if let Some(index) = longest {
                return Some(&self.entries[index]);
            }
        }
        None
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entries as written, in the order given.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(String::as_str)
    }
}

/// The words of `text` after folding, joined by single spaces: the form in which entries and
/// comments are compared.
pub fn fold(text: &str) -> String {
    folded_words(text).join(" ")
}

fn folded_words(text: &str) -> Vec<String> {
    // Invisible characters go before NFKC, so that a mark split from its letter by one still
    // composes with it, and before tokenising, so that they cannot split a word in two.
    let lowered = text
        .chars()
        .filter(|&c| !is_invisible(c))
        .nfkc()
        .collect::<String>()
        .to_lowercase();
    let letters: String = lowered.chars().filter_map(fold_letter).collect();

    let mut words = Vec::new();
    let mut run = Vec::new();
    for c in letters.chars().chain(std::iter::once(' ')) {
        if is_word_char(c) || is_look_alike_symbol(c) {
            run.push(c);
        } else if !run.is_empty() {
            push_words(&run, &mut words);
            run.clear();
        }
    }
    words
}

/// Turns one run of word characters and look-alike symbols into words.
fn push_words(run: &[char], words: &mut Vec<String>) {
    if !run.iter().any(|&c| is_letter(c)) {
        // Without a letter the symbols are punctuation and the digits a number ("$5", "2026"):
        // folding them would let a price or a year match a word.
        for part in run.split(|&c| is_look_alike_symbol(c)) {
            if !part.is_empty() {
                words.push(part.iter().collect());
            }
        }
        return;
    }
    // "!" stands for "i" only between other characters of the word; at either end it is
    // the exclamation mark it looks like ("spam!").
    let start = run.iter().position(|&c| c != '!').unwrap_or(run.len());
    let end = run.iter().rposition(|&c| c != '!').map_or(start, |i| i + 1);
    words.push(run[start..end].iter().map(|&c| fold_look_alike(c)).collect());
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !is_combining_mark(c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_look_alike_symbol(c: char) -> bool {
    matches!(c, '@' | '$' | '|' | '!')
}

/// Digits and symbols posing as Latin letters, applied only inside words that have letters.
fn fold_look_alike(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        '8' => 'b',
        '|' => 'l',
        other => other,
    }
}

/// Letters of other scripts written in place of Latin ones to slip past the list, and the
/// Arabic spellings that readers treat as the same word. `None` drops the character: Arabic
/// vowel marks and tatweel change how a word looks, not which word it is.
fn fold_letter(c: char) -> Option<char> {
    let folded = match c {
        // Cyrillic (and the Latin script g)
        'а' => 'a',
        'в' => 'b',
        'с' => 'c',
        'ԁ' => 'd',
        'е' => 'e',
        'ɡ' => 'g',
        'н' => 'h',
        'і' => 'i',
        'ј' => 'j',
        'к' => 'k',
        'м' => 'm',
        'о' => 'o',
        'р' => 'p',
        'ѕ' => 's',
        'т' => 't',
        'х' => 'x',
        'у' => 'y',
        // Greek
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'ι' => 'i',
        'κ' => 'k',
        'μ' => 'm',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        // Arabic
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ئ' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => return None,
        other => other,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> WordList {
        WordList::new(entries)
    }

    #[test]
    fn entries_match_whole_words_never_substrings() {
        let list = list(&["ass"]);
        assert_eq!(list.first_match("what a class act"), None);
        assert_eq!(list.first_match("the assessment passes"), None);
        assert_eq!(list.first_match("asses"), None);
        assert_eq!(list.first_match("you ass!"), Some("ass"));
        assert_eq!(list.first_match("ass"), Some("ass"));
    }

    #[test]
    fn phrases_match_whole_words_in_order() {
        let list = list(&["free money"]);
        assert_eq!(list.first_match("FREE   money!"), Some("free money"));
        assert_eq!(list.first_match("get freemoney now"), None);
        assert_eq!(list.first_match("free moneys"), None);
        assert_eq!(list.first_match("money free"), None);
        assert_eq!(list.first_match("free and money"), None);
    }

    #[test]
    fn phrases_match_across_punctuation_and_line_breaks() {
        let list = list(&["free money"]);
        for text in [
            "free,\nmoney",
            "Free...money",
            "free\r\n\r\nmoney",
            "free — money",
            "free-money",
            "«free» (money)",
        ] {
            assert_eq!(list.first_match(text), Some("free money"), "{text:?}");
        }
    }

    #[test]
    fn matching_ignores_case() {
        let list = list(&["Spam", "élan"]);
        assert_eq!(list.first_match("SPAM"), Some("Spam"));
        assert_eq!(list.first_match("sPaM"), Some("Spam"));
        assert_eq!(list.first_match("ÉLAN"), Some("élan"));
    }

    #[test]
    fn cyrillic_and_greek_look_alikes_fold_to_latin() {
        // "frее" below is written with two Cyrillic е (U+0435).
        assert_eq!(list(&["free"]).first_match("fr\u{0435}\u{0435}"), Some("free"));
        assert_eq!(
            list(&["fr\u{0435}\u{0435}"]).first_match("free"),
            Some("fr\u{0435}\u{0435}")
        );
        // Cyrillic ѕ and м with Greek ρ and α; then capitals, which fold through lowercase.
        assert_eq!(list(&["spam"]).first_match("ѕραм"), Some("spam"));
        assert_eq!(list(&["spam"]).first_match("ЅРАМ"), Some("spam"));
        assert_eq!(fold("ѕтυріԁ"), "stupid");
    }

    #[test]
    fn leetspeak_folds_to_letters() {
        let list = list(&["spam", "shit", "hello"]);
        assert_eq!(list.first_match("buy sp4m"), Some("spam"));
        assert_eq!(list.first_match("$pam here"), Some("spam"));
        assert_eq!(list.first_match("5P@M"), Some("spam"));
        assert_eq!(list.first_match("oh sh!t"), Some("shit"));
        assert_eq!(list.first_match("h3ll0 there"), Some("hello"));
        assert_eq!(fold("sp4m!"), "spam");
    }

    #[test]
    fn numbers_and_lone_symbols_are_not_folded() {
        assert_eq!(fold("2026"), "2026");
        assert_eq!(fold("h3ll0 2026"), "hello 2026");
        assert_eq!(fold("$5 @ 10!"), "5 10");
        let list = list(&["ios", "boo"]);
        assert_eq!(list.first_match("room 105, seat 800"), None);
    }

    #[test]
    fn exclamation_marks_fold_only_inside_words() {
        assert_eq!(fold("spam!"), "spam");
        assert_eq!(fold("!!spam!!"), "spam");
        assert_eq!(fold("sh!t"), "shit");
        assert_eq!(list(&["spam"]).first_match("spam!!!"), Some("spam"));
    }

    #[test]
    fn invisible_characters_inside_a_word_are_ignored() {
        let list = list(&["spam"]);
        for text in [
            "sp\u{200B}am",
            "s\u{200C}p\u{200D}a\u{2060}m",
            "\u{FEFF}spam",
            "sp\u{00AD}am",
        ] {
            assert_eq!(list.first_match(text), Some("spam"), "{text:?}");
        }
    }

    #[test]
    fn arabic_letter_variants_and_diacritics_fold() {
        let fool = list(&["احمق"]);
        for text in ["أحمق", "اَحْمَق", "إحمق", "آحمق", "احـــمق", "أنت أحمق!"]
        {
            assert_eq!(fool.first_match(text), Some("احمق"), "{text:?}");
        }
        assert_eq!(fool.first_match("احمقان"), None);
        assert_eq!(list(&["حقيرة"]).first_match("حقيره"), Some("حقيرة"));
        assert_eq!(list(&["غبي"]).first_match("غبى"), Some("غبي"));
        assert_eq!(list(&["سؤال"]).first_match("سوال"), Some("سؤال"));
    }

    #[test]
    fn compatibility_forms_fold_through_nfkc() {
        let list = list(&["spam"]);
        assert_eq!(list.first_match("ＳＰＡＭ"), Some("spam"));
        assert_eq!(list.first_match("𝐬𝐩𝐚𝐦"), Some("spam"));
    }

    #[test]
    fn first_match_returns_the_entry_as_written() {
        let list = list(&["  Free Money  ", "Sp4m"]);
        assert_eq!(list.first_match("free money"), Some("Free Money"));
        assert_eq!(list.first_match("spam"), Some("Sp4m"));
        assert_eq!(list.entries().collect::<Vec<_>>(), ["Free Money", "Sp4m"]);
    }

    #[test]
    fn first_match_is_the_earliest_in_the_text() {
        let list = list(&["spam", "scam", "free", "free money"]);
        assert_eq!(list.first_match("a scam and then spam"), Some("scam"));
        assert_eq!(list.first_match("spam, then a scam"), Some("spam"));
        assert_eq!(list.first_match("free money"), Some("free money"));
        assert_eq!(list.first_match("free lunch"), Some("free"));
    }

    #[test]
    fn entries_that_fold_alike_are_kept_once() {
        let list = list(&["spam", "SP4M", "", "  ", "!!!"]);
        assert_eq!(list.len(), 1);
        assert_eq!(list.entries().collect::<Vec<_>>(), ["spam"]);
    }

    #[test]
    fn parse_ignores_comments_and_blank_lines() {
        let list = WordList::parse(
            "# insults\r\n\r\nidiot\n   \n  # scams, reviewed weekly\n  free money  \n#spam\n",
        );
        assert_eq!(list.len(), 2);
        assert_eq!(list.entries().collect::<Vec<_>>(), ["idiot", "free money"]);
        assert_eq!(list.first_match("spam"), None);
        assert_eq!(list.first_match("insults"), None);
        assert_eq!(list.first_match("you IDIOT"), Some("idiot"));
    }

    #[test]
    fn an_empty_list_matches_nothing() {
        let list = WordList::parse("# nothing yet\n\n");
        assert!(list.is_empty());
        assert_eq!(list.len(), 0);
        assert_eq!(list.first_match("anything at all"), None);
    }

    /// Distinct letters-only words that no ordinary text contains: "qz" then `n` in base 26.
    fn generated_word(mut n: usize) -> String {
        let mut word = String::from("qz");
        loop {
            word.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
            if n == 0 {
                return word;
            }
        }
    }

    #[test]
    fn ten_thousand_entries_scan_a_long_comment() {
        // Even entries are single words, odd ones two-word phrases ending in "notice".
        let entries: Vec<String> = (0..10_000)
            .map(|i| match i % 2 {
                0 => generated_word(i),
                _ => format!("{} notice", generated_word(i)),
            })
            .collect();
        let list = WordList::new(&entries);
        assert_eq!(list.len(), 10_000);

        let filler = "The council met on Tuesday to discuss the budget, and notice was given. ";
        let comment = |tail: &str| {
            let body_chars = 1_500 - tail.chars().count() - 1;
            let mut text: String = filler.chars().cycle().take(body_chars).collect();
            text.push(' ');
            text.push_str(tail);
            assert_eq!(text.chars().count(), 1_500);
            text
        };

        assert_eq!(list.first_match(&comment("Thanks.")), None);
        // Half a phrase, and a listed word inside a longer one, are not matches.
        let near_misses = format!("{} {}s", generated_word(7_777), generated_word(4_242));
        assert_eq!(list.first_match(&comment(&near_misses)), None);

        let phrase = format!("{}\nNOTICE!", generated_word(9_999).to_uppercase());
        assert_eq!(list.first_match(&comment(&phrase)), Some(entries[9_999].as_str()));
        let word = format!("({})", generated_word(4_242));
        assert_eq!(list.first_match(&comment(&word)), Some(entries[4_242].as_str()));
    }

    #[test]
    fn fold_joins_words_with_single_spaces() {
        assert_eq!(fold("  FREE   money!\n"), "free money");
        assert_eq!(fold("...,;"), "");
    }
}
