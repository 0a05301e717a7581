//! Arabic spelling normalisation and a light stemmer (after Larkey's "light10"): enough for
//! a reader's query to meet the same word written with or without diacritics, hamza seats,
//! taa marbuta, the article or a clitic conjunction, without a dictionary.

/// Whether `c` is an Arabic letter (base or extended block), i.e. a word needing this module.
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}')
}

/// Marks written on or between Arabic letters that do not change which word it is: the
/// harakat, tanwin, shadda and sukun (U+064B–U+065F), the superscript alef (U+0670), Quranic
/// annotation signs and the tatweel (U+0640) used to stretch words in headlines.
pub fn is_ignorable_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}')
}

/// Writes `word` to `out` with the letters readers and writers use interchangeably made one:
/// every alef with hamza or madda becomes a bare alef, alef maqsura becomes yaa, taa marbuta
/// becomes haa, hamza on waw / yaa becomes the bare letter, Persian kaf and yaa become
/// Arabic ones; marks are dropped.
pub fn normalise(word: &str, out: &mut String) {
    for c in word.chars() {
        let mapped = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ئ' | '\u{06CC}' => 'ي',
            'ة' => 'ه',
            'ؤ' => 'و',
            '\u{06A9}' => 'ك',
            c if is_ignorable_mark(c) => continue,
            c => c,
        };
        out.push(mapped);
    }
}

/// A preposition or conjunction fused with the article, or the article alone, and the
/// fewest letters that must remain for it to be taken as a prefix (so "بالون", balloon,
/// keeps its letters).
const ARTICLES: [(&str, usize); 5] = [("بال", 3), ("كال", 3), ("فال", 3), ("لل", 2), ("ال", 2)];

/// Suffixes in the order they are tried, each at most once (normalisation has already made
/// taa marbuta a haa, so "ة" and "ية" appear as "ه" and "يه").
const SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// The conjunction "و" (and) is only taken off a word that keeps three letters.
const MIN_AFTER_CONJUNCTION: usize = 3;
/// A suffix is only taken off a word that keeps two letters.
const MIN_AFTER_SUFFIX: usize = 2;

/// The light stem of a normalised Arabic word: a slice of it, so stemming never allocates.
///
/// Order: the conjunction "و", then one article form, then (only after an article) "و"
/// again, then suffixes. The second "و" keeps "الوزير" and "وزير" on the same stem: a bare
/// word's leading "و" is always read as the conjunction, so it must be after an article too.
pub fn stem(word: &str) -> &str {
    let mut stem = strip_conjunction(word);
    if let Some(rest) = ARTICLES
        .iter()
        .find_map(|&(article, min_rest)| strip_prefix_keeping(stem, article, min_rest))
    {
        stem = strip_conjunction(rest);
    }
    for suffix in SUFFIXES {
        if let Some(rest) = stem.strip_suffix(suffix)
            && rest.chars().count() >= MIN_AFTER_SUFFIX
        {
            stem = rest;
        }
    }
    stem
}

fn strip_conjunction(word: &str) -> &str {
    strip_prefix_keeping(word, "و", MIN_AFTER_CONJUNCTION).unwrap_or(word)
}

fn strip_prefix_keeping<'a>(word: &'a str, prefix: &str, min_rest: usize) -> Option<&'a str> {
    word.strip_prefix(prefix)
        .filter(|rest| rest.chars().count() >= min_rest)
}

#[cfg(test)]
mod tests {
    use super::{is_arabic_letter, normalise, stem};

    fn norm(word: &str) -> String {
        let mut out = String::new();
        normalise(word, &mut out);
        out
    }

    fn norm_stem(word: &str) -> String {
        stem(&norm(word)).to_owned()
    }

    #[test]
    fn hamza_forms_of_alef_become_bare_alef() {
        assert_eq!(norm("أحمد"), "احمد");
        assert_eq!(norm("إسلام"), "اسلام");
        assert_eq!(norm("آمال"), "امال");
        assert_eq!(norm("ٱلله"), "الله");
    }

    #[test]
    fn taa_marbuta_alef_maqsura_and_hamza_seats_are_folded() {
        assert_eq!(norm("مدرسة"), "مدرسه");
        assert_eq!(norm("مستشفى"), "مستشفي");
        assert_eq!(norm("مسؤول"), "مسوول");
        assert_eq!(norm("رئيس"), "رييس");
    }

    #[test]
    fn diacritics_and_tatweel_are_dropped() {
        assert_eq!(norm("مَدْرَسَةٌ"), "مدرسه");
        assert_eq!(norm("مـــدرسة"), "مدرسه");
        assert_eq!(norm("هٰذا"), "هذا");
    }

    #[test]
    fn articles_and_conjunctions_come_off() {
        assert_eq!(norm_stem("المدرسة"), "مدرس");
        assert_eq!(norm_stem("والمدرسة"), "مدرس");
        assert_eq!(norm_stem("بالمدرسة"), "مدرس");
        assert_eq!(norm_stem("للمدرسة"), "مدرس");
        assert_eq!(norm_stem("ومدرسة"), "مدرس");
        assert_eq!(norm_stem("وللمدرسة"), "مدرس");
    }

    #[test]
    fn plural_and_feminine_suffixes_come_off() {
        for word in [
            "معلم",
            "معلمة",
            "معلمون",
            "معلمين",
            "معلمات",
            "معلمان",
            "المعلمين",
        ] {
            assert_eq!(norm_stem(word), "معلم", "{word}");
        }
    }

    #[test]
    fn short_words_keep_their_letters() {
        assert_eq!(norm_stem("ولد"), "ولد");
        assert_eq!(norm_stem("الولد"), "ولد");
        assert_eq!(norm_stem("بالغ"), "بالغ");
        assert_eq!(norm_stem("هو"), "هو");
        assert_eq!(norm_stem("و"), "و");
    }

    #[test]
    fn a_leading_waw_is_treated_alike_with_and_without_the_article() {
        assert_eq!(norm_stem("وزير"), norm_stem("الوزير"));
        assert_eq!(norm_stem("وزير"), norm_stem("والوزير"));
    }

    #[test]
    fn arabic_letters_are_recognised() {
        assert!("مدرسة".chars().all(is_arabic_letter));
        assert!(!"school".chars().any(is_arabic_letter));
        assert!(!is_arabic_letter('\u{0640}'));
        assert!(!is_arabic_letter('٢'));
    }
}
