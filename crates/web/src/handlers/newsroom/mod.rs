//! The newsroom's own pages, each in the language of the member who opens it, and what they
//! share: rendering, the sentences handlers say, and the notice after a change.

pub(crate) mod autosave;
pub(crate) mod bans;
pub(crate) mod bulk;
pub(crate) mod desk;
pub(crate) mod keys;
pub(crate) mod language;
pub(crate) mod login;
pub(crate) mod media;
pub(crate) mod moderation;
pub(crate) mod planning;
pub(crate) mod preview;
pub(crate) mod redirects;
pub(crate) mod site;
pub(crate) mod stories;
pub(crate) mod story_form;
pub(crate) mod users;
pub(crate) mod workflow;

use crate::{App, AppError};
use axum::response::Html;
use dateline_domain::Lang;
use dateline_render::Value;
use dateline_store::users::StaffUser;
use serde::{Deserialize, Serialize};

/// The language the newsroom speaks to `user`: the one they chose, else their edition's, else
/// their browser's (the [`crate::staff::Staff`] extractor fills that in).
pub(crate) fn lang(user: &StaffUser) -> Lang {
    user.lang.unwrap_or(Lang::En)
}

/// Renders a newsroom page for a signed-in member, in their language, with what every staff
/// page shows (their name, the moderation links if they moderate, the token their forms carry).
pub(crate) fn render_staff(
    app: &App,
    user: &StaffUser,
    template: &str,
    context: Value,
) -> Result<Html<String>, AppError> {
    let staff = dateline_render::context! {
        user => &user.display_name,
        moderator => user.role.can_moderate(),
        csrf => &user.csrf_token,
    };
    render(
        app,
        lang(user),
        template,
        dateline_render::merge_maps([staff, context]),
    )
}

/// Renders a newsroom page in `lang`; staff pages are never cached.
pub(crate) fn render(
    app: &App,
    lang: Lang,
    template: &str,
    context: Value,
) -> Result<Html<String>, AppError> {
    let context = dateline_render::merge_maps([dateline_render::context! { lang => lang.code() }, context]);
    Ok(Html(app.renderer.render(template, context)?))
}

/// The catalog's text for `key` in `lang`, with each `{name}` filled in: what a handler tells a
/// member in a sentence it makes (a field's problem, a refusal).
pub(crate) fn say(app: &App, lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
    app.renderer.catalogs().format(lang, key, values)
}

/// What a newsroom page says about the change that led to it. It travels across the redirect
/// as `?notice=<name>` with at most a name and a count, and the page says the catalog's text
/// `newsroom.notice.<name>` in the member's language; a name the catalog does not know says
/// nothing, so no link can put words of its own on a newsroom page.
#[derive(Deserialize, Serialize, Default, Debug, PartialEq)]
#[serde(default)]
pub(crate) struct Notice {
    notice: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<i64>,
}

impl Notice {
    pub fn new(notice: &str) -> Self {
        Self {
            notice: notice.to_owned(),
            ..Self::default()
        }
    }

    /// A notice whose text names something (`{name}`).
    pub fn named(notice: &str, name: &str) -> Self {
        Self {
            name: name.to_owned(),
            ..Self::new(notice)
        }
    }

    /// A notice whose text counts (`{n}`, in the language's plural form).
    pub fn counted(notice: &str, n: i64) -> Self {
        Self {
            n: Some(n),
            ..Self::new(notice)
        }
    }

    /// A notice whose text counts (`{n}`) and names (`{name}`).
    pub fn counted_and_named(notice: &str, n: i64, name: &str) -> Self {
        Self {
            n: Some(n),
            ..Self::named(notice, name)
        }
    }

    /// `path` with this notice in its query, for the redirect after a change.
    pub fn after(&self, path: &str) -> String {
        let query = serde_html_form::to_string(self).unwrap_or_default();
        let join = if path.contains('?') { '&' } else { '?' };
        format!("{path}{join}{query}")
    }

    /// The sentence to show, in `lang`; none for no notice or one the catalog does not know.
    pub fn text(&self, app: &App, lang: Lang) -> Option<String> {
        let valid =
            !self.notice.is_empty() && self.notice.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if !valid {
            return None;
        }
        let key = format!("newsroom.notice.{}", self.notice);
        let catalogs = app.renderer.catalogs();
        let name = [("name", self.name.as_str())];
        match self.n {
            Some(n) if catalogs.has_plural(&key) => Some(catalogs.plural_with(lang, &key, n, &name)),
            None if catalogs.has_text(&key) => Some(catalogs.format(lang, &key, &name)),
            _ => None,
        }
    }
}
