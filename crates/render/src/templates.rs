//! The template environment: the default theme's templates, each overridable by a file of the
//! same name in `<theme_dir>/templates/`, with the functions and filters the theme uses.

use crate::{Assets, Catalogs, PathKind, dates, paths};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use dateline_domain::Lang;
use dateline_domain::face::Numerals;
use include_dir::{Dir, include_dir};
use minijinja::value::Kwargs;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

static DEFAULT_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/theme/templates");

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template: {0:#}")]
    Template(#[from] minijinja::Error),
    #[error("theme: {0}")]
    Theme(String),
}

pub struct Renderer {
    env: Environment<'static>,
    assets: Arc<Assets>,
    catalogs: Arc<Catalogs>,
}

impl Renderer {
    /// Builds the environment; every template is loaded now, so a broken override in the theme
    /// folder stops the server at start rather than on a reader's request.
    pub fn new(theme_dir: Option<&Path>) -> Result<Self, RenderError> {
        let catalogs = Arc::new(Catalogs::load().map_err(|e| RenderError::Theme(e.to_string()))?);
        let assets = Arc::new(Assets::load(theme_dir).map_err(|e| RenderError::Theme(e.to_string()))?);
        let mut env = Environment::new();
        let override_dir: Option<PathBuf> = theme_dir.map(|dir| dir.join("templates"));
        env.set_loader(move |name| load_template(override_dir.as_deref(), name));
        env.set_formatter(html_formatter);
        register_functions(&mut env, catalogs.clone(), assets.clone());
        let renderer = Self {
            env,
            assets,
            catalogs,
        };
        for name in template_names() {
            renderer.env.get_template(&name)?;
        }
        Ok(renderer)
    }

    /// Renders `template`; a reader page (its context names the edition's `numerals`) has
    /// every digit of its text written in them.
    pub fn render(&self, template: &str, context: Value) -> Result<String, RenderError> {
        let numerals = context
            .get_attr("numerals")
            .ok()
            .and_then(|value| value.as_str().and_then(Numerals::parse));
        let page = self.env.get_template(template)?.render(context)?;
        Ok(match numerals {
            Some(numerals) => crate::numerals::in_page(page, numerals),
            None => page,
        })
    }

    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    pub fn catalogs(&self) -> &Catalogs {
        &self.catalogs
    }
}

fn template_names() -> Vec<String> {
    fn walk(dir: &Dir<'static>, out: &mut Vec<String>) {
        for file in dir.files() {
            out.push(file.path().to_string_lossy().into_owned());
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut names = Vec::new();
    walk(&DEFAULT_TEMPLATES, &mut names);
    names
}

fn load_template(override_dir: Option<&Path>, name: &str) -> Result<Option<String>, Error> {
    if name.split('/').any(|part| part.is_empty() || part == "..") {
        return Ok(None);
    }
    if let Some(dir) = override_dir {
        let candidate = dir.join(name);
        if candidate.is_file() {
            return std::fs::read_to_string(&candidate).map(Some).map_err(|e| {
                Error::new(ErrorKind::TemplateNotFound, "theme override unreadable").with_source(e)
            });
        }
    }
    Ok(DEFAULT_TEMPLATES
        .get_file(name)
        .and_then(|file| file.contents_utf8())
        .map(str::to_owned))
}

/// MiniJinja's HTML escaping also escapes `/`, which turns every link into `&#x2f;` soup;
/// escaping `& < > " '` is all that text and quoted attributes need.
fn html_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_safe() || *state.auto_escape() != AutoEscape::Html {
        return minijinja::escape_formatter(out, state, value);
    }
    let escaped = match value.as_str() {
        Some(text) => crate::markdown::escape_into(out, text),
        None => crate::markdown::escape_into(out, &value.to_string()),
    };
    escaped.map_err(|e| Error::new(ErrorKind::WriteFailure, "writing the page").with_source(e))
}

/// What the functions and filters read of the page being rendered: its edition and its time
/// zone, as its context names them. Looked up once per render and kept in the render's state: a
/// page makes some sixty calls, and looking `lang` up for each took 1.3 % of a miss.
#[derive(Clone, Copy)]
struct PageSettings {
    lang: Lang,
    zone: Tz,
}

impl PageSettings {
    fn of(state: &mut State) -> Self {
        if let Some(settings) = state.get_extension::<Self>() {
            return *settings;
        }
        let named = |name: &str| state.lookup(name).and_then(|v| v.as_str().map(str::to_owned));
        let settings = Self {
            lang: named("lang")
                .and_then(|code| code.parse().ok())
                .unwrap_or(Lang::En),
            zone: named("time_zone")
                .and_then(|name| name.parse().ok())
                .unwrap_or(chrono_tz::UTC),
        };
        *state.get_or_insert_extension(settings)
    }
}

fn parse_time(value: &Value) -> Result<DateTime<Utc>, Error> {
    value
        .as_str()
        .and_then(|raw| DateTime::parse_from_rfc3339(raw).ok())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "expected an RFC 3339 time"))
}

/// A call's named arguments as the texts that fill a catalog entry's `{name}`s.
fn kwarg_texts(kwargs: &Kwargs) -> Result<Vec<(String, String)>, Error> {
    kwargs
        .args()
        .map(|name| Ok((name.to_owned(), kwargs.get::<Value>(name)?.to_string())))
        .collect()
}

fn pairs(values: &[(String, String)]) -> Vec<(&str, &str)> {
    values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn register_functions(env: &mut Environment<'static>, catalogs: Arc<Catalogs>, assets: Arc<Assets>) {
    let texts = catalogs.clone();
    env.add_function(
        "t",
        move |state: &mut State, key: &str, kwargs: Kwargs| -> Result<Value, Error> {
            let lang = PageSettings::of(state).lang;
            // Most texts are asked for without names to fill: the catalog's own string is lent
            // to the page, not copied.
            if kwargs.args().next().is_none() {
                return Ok(texts
                    .shared_text(lang, key)
                    .map_or_else(|| Value::from(key), Value::from));
            }
            let values = kwarg_texts(&kwargs)?;
            Ok(Value::from(texts.format(lang, key, &pairs(&values))))
        },
    );
    env.add_function(
        "plural",
        move |state: &mut State, key: &str, n: i64, kwargs: Kwargs| -> Result<String, Error> {
            let values = kwarg_texts(&kwargs)?;
            Ok(catalogs.plural_with(PageSettings::of(state).lang, key, n, &pairs(&values)))
        },
    );
    env.add_function(
        "path",
        |state: &mut State, kind: &str, slug: Option<&str>, kwargs: Kwargs| -> Result<String, Error> {
            let kind = PathKind::parse(kind).ok_or_else(|| {
                Error::new(ErrorKind::InvalidOperation, format!("unknown path kind {kind:?}"))
            })?;
            // Most links stay in the page's edition and name none: the named arguments are read
            // only when there are some, as reading one allocates a set of those read.
            let named = match kwargs.args().next() {
                None => None,
                Some(_) => {
                    let code = kwargs.get::<Option<&str>>("lang")?;
                    kwargs.assert_all_used()?;
                    code
                }
            };
            let lang = match named {
                Some(code) => code
                    .parse()
                    .map_err(|_| Error::new(ErrorKind::InvalidOperation, "unknown edition"))?,
                None => PageSettings::of(state).lang,
            };
            Ok(paths::path_for(lang, kind, slug.unwrap_or_default()))
        },
    );
    env.add_function("asset", move |name: &str| assets.url(name));
    env.add_function("figure_block", crate::markdown::figure_block);
    env.add_filter(
        "date_long",
        |state: &mut State, value: Value| -> Result<String, Error> {
            let page = PageSettings::of(state);
            Ok(dates::long(page.lang, page.zone, parse_time(&value)?))
        },
    );
    env.add_filter(
        "date_short",
        |state: &mut State, value: Value| -> Result<String, Error> {
            let page = PageSettings::of(state);
            Ok(dates::short(page.lang, page.zone, parse_time(&value)?))
        },
    );
    env.add_filter("num", |state: &mut State, value: Value| {
        dates::digits(PageSettings::of(state).lang, &value.to_string())
    });
}

#[cfg(test)]
mod tests {
    use super::{DEFAULT_TEMPLATES, Renderer, template_names};
    use crate::Catalogs;
    use minijinja::context;

    /// Every key a default template asks the catalog for (`t('…')`, `plural('…', …)`) has a
    /// text in both languages, so no page shows a bare key.
    #[test]
    fn every_key_a_template_uses_is_in_the_catalogs() {
        let catalogs = Catalogs::load().expect("catalogs load");
        let mut missing = Vec::new();
        let mut used = 0;
        for name in template_names() {
            let text = DEFAULT_TEMPLATES
                .get_file(&name)
                .and_then(|file| file.contents_utf8())
                .expect("a template is text");
            for call in ["t(", "plural("] {
                for (at, _) in text.match_indices(call) {
                    let preceded_by_name = text[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
                    let rest = &text[at + call.len()..];
                    let Some(quote) = rest.chars().next().filter(|c| matches!(c, '\'' | '"')) else {
                        continue;
                    };
                    if preceded_by_name {
                        continue;
                    }
                    let key = rest[1..].split(quote).next().unwrap_or_default();
                    let built = rest[key.len() + 2..].trim_start().starts_with('~');
                    used += 1;
                    let known = if built {
                        catalogs.has_prefix(key)
                    } else {
                        catalogs.has(key)
                    };
                    if !known {
                        missing.push(format!("{name}: {key}"));
                    }
                }
            }
        }
        assert!(
            used > 100,
            "found only {used} keys: is the scan reading the templates?"
        );
        assert!(missing.is_empty(), "keys without a text: {missing:#?}");
    }

    /// Texts, dates and links follow the edition and time zone the page's context names (kept
    /// once per render) unless a link names another, a text with names to fill is escaped like
    /// any other, and an unknown key shows itself.
    #[test]
    fn texts_and_dates_are_in_the_pages_edition_and_time_zone() {
        let renderer = Renderer::new(None).expect("default theme");
        let page = "{{ t('nav.home') }}|{{ t('no.such.key') }}|{{ at|date_long }}|{{ t('footer.rights', year=2026, site=site) }}|{{ path('article', 'a b') }}|{{ path('home', lang='en') }}";
        let template = renderer
            .env
            .template_from_named_str("test.html", page)
            .expect("compiles");
        let at = "2026-12-06T23:30:00Z";
        let english = template
            .render(context! { lang => "en", time_zone => "UTC", at, site => "<b>Post</b>" })
            .expect("renders");
        assert_eq!(
            english,
            "Front page|no.such.key|Sunday 6 December 2026, 23:30|© 2026 &lt;b&gt;Post&lt;/b&gt;. All rights reserved.|/article/a%20b|/",
        );
        let arabic = template
            .render(context! { lang => "ar", time_zone => "Asia/Beirut", at, site => "x" })
            .expect("renders");
        let parts: Vec<&str> = arabic.split('|').collect();
        assert_eq!(parts[0], "الصفحة الأولى", "{arabic}");
        assert_eq!(parts[1], "no.such.key", "{arabic}");
        assert!(
            parts[2].contains("٧ ديسمبر") && parts[2].contains("٠١:٣٠"),
            "Beirut is a day on, in the edition's digits: {arabic}"
        );
        assert!(parts[3].contains("جميع الحقوق محفوظة"), "{arabic}");
        assert_eq!(parts[4..], ["/ar/article/a%20b", "/"], "{arabic}");
        let unknown = renderer
            .env
            .template_from_named_str("unknown.html", "{{ path('home', edition='ar') }}")
            .expect("compiles")
            .render(context! { lang => "en" });
        assert!(unknown.is_err(), "an argument path() does not take is refused");
    }

    #[test]
    fn output_is_escaped_for_html_but_links_stay_readable() {
        let renderer = Renderer::new(None).expect("default theme");
        let html = renderer
            .render(
                "partials/pager.html",
                context! { lang => "en", base => "/section/a&b", listing => context! { page => 1, total_pages => 3 } },
            )
            .expect("renders");
        assert!(html.contains("href=\"/section/a&amp;b?page=2\""), "{html}");
        let hostile = renderer
            .render("partials/pager.html", context! { base => "\"><script>x</script>", listing => context! { page => 1, total_pages => 2 } })
            .expect("renders");
        assert!(!hostile.contains("<script>"), "{hostile}");
        assert!(hostile.contains("&quot;&gt;&lt;script&gt;"), "{hostile}");
    }
}
