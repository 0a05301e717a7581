//! Interface text for each edition, kept out of the templates so that every word a reader
//! sees can be translated.

use dateline_domain::Lang;
use std::collections::HashMap;

const EN: &str = include_str!("../catalog/en.toml");
const AR: &str = include_str!("../catalog/ar.toml");

#[derive(Debug)]
pub struct Catalogs {
    en: HashMap<String, String>,
    ar: HashMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
#[error("catalog {lang}: {message}")]
pub struct CatalogError {
    lang: Lang,
    message: String,
}

impl Catalogs {
    pub fn load() -> Result<Self, CatalogError> {
        let parse = |lang: Lang, text: &str| {
            toml::from_str::<HashMap<String, String>>(text).map_err(|e| CatalogError {
                lang,
                message: e.to_string(),
            })
        };
        let catalogs = Self {
            en: parse(Lang::En, EN)?,
            ar: parse(Lang::Ar, AR)?,
        };
        for (lang, missing) in [
            (Lang::Ar, catalogs.missing_keys(&catalogs.en, &catalogs.ar)),
            (Lang::En, catalogs.missing_keys(&catalogs.ar, &catalogs.en)),
        ] {
            if let Some(key) = missing.first() {
                return Err(CatalogError {
                    lang,
                    message: format!("missing key {key:?}"),
                });
            }
        }
        Ok(catalogs)
    }

    /// Keys of `from` that `to` lacks. Plural forms are compared by their base key, since
    /// languages have different sets of forms (Arabic has six, English two).
    fn missing_keys(&self, from: &HashMap<String, String>, to: &HashMap<String, String>) -> Vec<String> {
        let base = |key: &str| match key.rsplit_once('.') {
            Some((stem, "zero" | "one" | "two" | "few" | "many" | "other")) => format!("{stem}.other"),
            _ => key.to_owned(),
        };
        from.keys()
            .map(|key| base(key))
            .filter(|key| !to.contains_key(key))
            .collect()
    }

    /// The text for `key`; an unknown key shows itself, so a missing string is visible, not fatal.
    pub fn text<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        let catalog = match lang {
            Lang::En => &self.en,
            Lang::Ar => &self.ar,
        };
        catalog.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The plural form of `key` for `n` (`key.one`, `key.other`, …), with `{n}` filled in.
    pub fn plural(&self, lang: Lang, key: &str, n: i64) -> String {
        let form = format!("{key}.{}", crate::plural::category(lang, n));
        self.format(lang, &form, &[("n", &crate::dates::digits(lang, &n.to_string()))])
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn format(&self, lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.text(lang, key).to_owned();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_load_with_the_same_keys() {
        let catalogs = Catalogs::load().expect("catalogs load");
        assert_eq!(catalogs.text(Lang::Ar, "nav.sections"), "الأقسام");
        assert_eq!(
            catalogs.format(Lang::En, "pager.page_of", &[("page", "2"), ("total", "5")]),
            "Page 2 of 5"
        );
        assert_eq!(catalogs.text(Lang::En, "no.such.key"), "no.such.key");
    }
}
