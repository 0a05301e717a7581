//! What the newsroom keeps about the site itself: the static pages (About, the Comment
//! Policy), edited by editors, and the site settings, edited by admins.

use super::{field, render_staff};
use crate::origin::SameOrigin;
use crate::staff::Staff;
use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use dateline_domain::{Action, Actor, Edition, Lang, SiteSettings, Slug};
use dateline_render::{Serde, context};
use std::collections::BTreeMap;

fn allowed(staff: &Staff, action: Action) -> Result<(), AppError> {
    if staff.0.role.can(action) {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

pub(crate) async fn pages(State(app): State<App>, staff: Staff) -> Result<Html<String>, AppError> {
    allowed(&staff, Action::EditStaticPages)?;
    let context = context! {
        pages => app.store.static_pages().await?,
    };
    render_staff(&app, &staff.0, "newsroom/pages.html", context)
}

fn page_address(lang: &str, slug: &str) -> Result<(Lang, Slug), AppError> {
    Ok((
        lang.parse().map_err(|_| AppError::NotFound)?,
        Slug::parse(slug).map_err(|_| AppError::NotFound)?,
    ))
}

pub(crate) async fn edit_page(
    State(app): State<App>,
    staff: Staff,
    Path((lang, slug)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    allowed(&staff, Action::EditStaticPages)?;
    let (lang, slug) = page_address(&lang, &slug)?;
    let page = app.store.static_page(lang, &slug).await?;
    let (title, body) = page.map(|p| (p.title, p.body_markdown)).unwrap_or_default();
    page_form(&app, &staff, lang, &slug, &title, &body, None, false)
}

#[allow(clippy::too_many_arguments)]
fn page_form(
    app: &App,
    staff: &Staff,
    lang: Lang,
    slug: &Slug,
    title: &str,
    body: &str,
    error: Option<&str>,
    saved: bool,
) -> Result<Html<String>, AppError> {
    let context = context! {
        lang => lang.code(),
        slug => slug.as_str(),
        title,
        body,
        error,
        saved,
    };
    render_staff(app, &staff.0, "newsroom/page.html", context)
}

pub(crate) async fn save_page(
    State(app): State<App>,
    staff: Staff,
    _: SameOrigin,
    Path((lang, slug)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = staff.checked_form(&body)?;
    allowed(&staff, Action::EditStaticPages)?;
    let (lang, slug) = page_address(&lang, &slug)?;
    let (title, text) = (
        field(&fields, "title").trim(),
        field(&fields, "body").replace("\r\n", "\n"),
    );
    if title.is_empty() {
        let page = page_form(
            &app,
            &staff,
            lang,
            &slug,
            title,
            &text,
            Some("Give the page a title."),
            false,
        )?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    app.store
        .put_static_page(lang, &slug, title, &text, Actor::Member(staff.0.id))
        .await?;
    app.apply_own_write().await;
    Ok(page_form(&app, &staff, lang, &slug, title, &text, None, true)?.into_response())
}

pub(crate) async fn settings(State(app): State<App>, staff: Staff) -> Result<Html<String>, AppError> {
    allowed(&staff, Action::ManageSiteSettings)?;
    let settings = app
        .store
        .site_settings()
        .await?
        .ok_or_else(|| anyhow::anyhow!("no site settings"))?;
    let mut form = BTreeMap::new();
    for edition in app.store.editions().await? {
        form.insert(format!("name_{}", edition.lang), edition.site_name);
        form.insert(format!("tagline_{}", edition.lang), edition.tagline);
    }
    form.insert("time_zone".into(), settings.time_zone);
    form.insert("base_url".into(), settings.base_url);
    settings_form(&app, &staff, &form, &BTreeMap::new(), false)
}

fn settings_form(
    app: &App,
    staff: &Staff,
    form: &BTreeMap<String, String>,
    errors: &BTreeMap<&str, &str>,
    saved: bool,
) -> Result<Html<String>, AppError> {
    let context = context! {
        form => Serde(form),
        errors => Serde(errors),
        saved,
    };
    render_staff(app, &staff.0, "newsroom/settings.html", context)
}

pub(crate) async fn save_settings(
    State(app): State<App>,
    staff: Staff,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = staff.checked_form(&body)?;
    allowed(&staff, Action::ManageSiteSettings)?;
    let form: BTreeMap<String, String> = [
        "name_en",
        "tagline_en",
        "name_ar",
        "tagline_ar",
        "time_zone",
        "base_url",
    ]
    .into_iter()
    .map(|name| (name.to_owned(), field(&fields, name).trim().to_owned()))
    .collect();
    let mut errors = BTreeMap::new();
    for lang in Lang::ALL {
        if form[&format!("name_{lang}")].is_empty() {
            errors.insert(
                if lang == Lang::En { "name_en" } else { "name_ar" },
                "Give the edition a name.",
            );
        }
    }
    if form["time_zone"].parse::<chrono_tz::Tz>().is_err() {
        errors.insert(
            "time_zone",
            "Use a time zone name such as Asia/Baghdad or Europe/London.",
        );
    }
    let base = form["base_url"].trim_end_matches('/').to_owned();
    if !(base.starts_with("http://") || base.starts_with("https://")) || base.contains(char::is_whitespace) {
        errors.insert(
            "base_url",
            "The public address starts with https:// (or http://), such as https://news.example.org.",
        );
    }
    if !errors.is_empty() {
        let page = settings_form(&app, &staff, &form, &errors, false)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let editions: Vec<Edition> = Lang::ALL
        .into_iter()
        .map(|lang| Edition {
            lang,
            site_name: form[&format!("name_{lang}")].clone(),
            tagline: form[&format!("tagline_{lang}")].clone(),
        })
        .collect();
    let settings = SiteSettings {
        time_zone: form["time_zone"].clone(),
        base_url: base,
    };
    app.store
        .save_site_settings(&settings, &editions, Actor::Member(staff.0.id))
        .await?;
    app.apply_own_write().await;
    Ok(settings_form(&app, &staff, &form, &errors, true)?.into_response())
}
