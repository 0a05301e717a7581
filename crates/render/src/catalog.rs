//! Interface text in each language: the reader site of each edition and the newsroom, kept out
//! of the templates so that every word a reader or a member sees can be translated.

use dateline_domain::Lang;
use include_dir::{Dir, include_dir};
use std::collections::HashMap;
use std::sync::Arc;

/// One folder per language (`en/`, `ar/`), one file per part of the interface (`reader.toml`,
/// `newsroom.toml`, …); a language's files are read as one catalog.
static CATALOG: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/catalog");

#[derive(Debug)]
pub struct Catalogs {
    en: Catalog,
    ar: Catalog,
}

/// One language's texts by key, each shared so that a page can hold it without a copy.
type Catalog = HashMap<String, Arc<str>>;

#[derive(Debug, thiserror::Error)]
#[error("catalog {lang}: {message}")]
pub struct CatalogError {
    lang: Lang,
    message: String,
}

impl Catalogs {
    pub fn load() -> Result<Self, CatalogError> {
        let catalogs = Self {
            en: read_language(Lang::En)?,
            ar: read_language(Lang::Ar)?,
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

    /// Whether `key` has a text or plural forms (in every language, since [`Catalogs::load`]
    /// checks that both hold the same keys).
    pub fn has(&self, key: &str) -> bool {
        self.has_text(key) || self.has_plural(key)
    }

    /// Whether some key starts with `prefix`: for a template that builds its key
    /// (`t('newsroom.status.' ~ status)`).
    #[cfg(test)]
    pub(crate) fn has_prefix(&self, prefix: &str) -> bool {
        self.en.keys().any(|key| key.starts_with(prefix))
    }

    /// Whether `key` has a text of its own, for [`Catalogs::format`].
    pub fn has_text(&self, key: &str) -> bool {
        self.en.contains_key(key)
    }

    /// Whether `key` has plural forms, for [`Catalogs::plural`].
    pub fn has_plural(&self, key: &str) -> bool {
        self.en.contains_key(&format!("{key}.other"))
    }

    /// Keys of `from` that `to` lacks. Plural forms are compared by their base key, since
    /// languages have different sets of forms (Arabic has six, English two).
    fn missing_keys(&self, from: &Catalog, to: &Catalog) -> Vec<String> {
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
        self.catalog(lang).get(key).map_or(key, |text| text)
    }

    /// The text for `key`, shared rather than copied; `None` for an unknown key.
    pub fn shared_text(&self, lang: Lang, key: &str) -> Option<Arc<str>> {
        self.catalog(lang).get(key).cloned()
    }

    fn catalog(&self, lang: Lang) -> &Catalog {
        match lang {
            Lang::En => &self.en,
            Lang::Ar => &self.ar,
        }
    }

    /// The forms `key` has in `lang`, by plural category (`one`, `other`, …): for a script
    /// that counts on the page, choosing among them with the browser's `Intl.PluralRules`.
    pub fn plural_forms(&self, lang: Lang, key: &str) -> Vec<(&'static str, &str)> {
        ["zero", "one", "two", "few", "many", "other"]
            .into_iter()
            .filter_map(|category| {
                let text = self.catalog(lang).get(&format!("{key}.{category}"));
                text.map(|text| (category, &**text))
            })
            .collect()
    }

    /// The plural form of `key` for `n` (`key.one`, `key.other`, …), with `{n}` filled in.
    pub fn plural(&self, lang: Lang, key: &str, n: i64) -> String {
        self.plural_with(lang, key, n, &[])
    }

    /// [`Catalogs::plural`] with other `{name}`s filled in too.
    pub fn plural_with(&self, lang: Lang, key: &str, n: i64, values: &[(&str, &str)]) -> String {
        let form = format!("{key}.{}", crate::plural::category(lang, n));
        let n = crate::dates::digits(lang, &n.to_string());
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(values);
        self.format(lang, &form, &all)
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

/// Every file of `lang`'s folder, as one map; a key written in two files is refused, so that
/// which one counts never depends on the order files are read in.
fn read_language(lang: Lang) -> Result<Catalog, CatalogError> {
    let refuse = |message: String| CatalogError { lang, message };
    let folder = CATALOG
        .get_dir(lang.code())
        .ok_or_else(|| refuse("no folder".to_owned()))?;
    let mut catalog = HashMap::new();
    for file in folder.files() {
        let name = file.path().display().to_string();
        let text = file
            .contents_utf8()
            .ok_or_else(|| refuse(format!("{name} is not UTF-8")))?;
        let part: HashMap<String, String> =
            toml::from_str(text).map_err(|e| refuse(format!("{name}: {e}")))?;
        for (key, value) in part {
            if catalog.insert(key.clone(), Arc::from(value)).is_some() {
                return Err(refuse(format!("{name} repeats key {key:?}")));
            }
        }
    }
    Ok(catalog)
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
