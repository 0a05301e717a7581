//! Plural forms by CLDR category: English has one and other; Arabic has six.

use dateline_domain::Lang;

/// The catalog key suffix for `n` in `lang`: `zero`, `one`, `two`, `few`, `many` or `other`.
pub fn category(lang: Lang, n: i64) -> &'static str {
    match lang {
        Lang::En if n == 1 => "one",
        Lang::En => "other",
        Lang::Ar => match (n, n.rem_euclid(100)) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_has_six_plural_forms() {
        let forms: Vec<&str> = [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111]
            .iter()
            .map(|n| category(Lang::Ar, *n))
            .collect();
        assert_eq!(
            forms,
            [
                "zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many"
            ]
        );
        assert_eq!(category(Lang::En, 1), "one");
        assert_eq!(category(Lang::En, 0), "other");
    }
}
