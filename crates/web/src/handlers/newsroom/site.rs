//! What the newsroom keeps about the site itself: the static pages (About, the Comment
//! Policy), edited by editors, and the site settings, edited by admins.

use super::{lang, render_staff, say};
use crate::origin::SameOrigin;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use dateline_domain::{Action, Lang, Slug};
use dateline_render::{Serde, context};
use dateline_service::{SettingsDraft, SettingsProblem, SiteError};
use serde::Deserialize;
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

fn page_address(edition: &str, slug: &str) -> Result<(Lang, Slug), AppError> {
    Ok((
        edition.parse().map_err(|_| AppError::NotFound)?,
        Slug::parse(slug).map_err(|_| AppError::NotFound)?,
    ))
}

pub(crate) async fn edit_page(
    State(app): State<App>,
    staff: Staff,
    Path((edition, slug)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    allowed(&staff, Action::EditStaticPages)?;
    let (edition, slug) = page_address(&edition, &slug)?;
    let page = app.store.static_page(edition, &slug).await?;
    let (title, body) = page.map(|p| (p.title, p.body_markdown)).unwrap_or_default();
    page_form(&app, &staff, edition, &slug, &title, &body, None, false)
}

#[allow(clippy::too_many_arguments)]
fn page_form(
    app: &App,
    staff: &Staff,
    edition: Lang,
    slug: &Slug,
    title: &str,
    body: &str,
    error: Option<String>,
    saved: bool,
) -> Result<Html<String>, AppError> {
    let context = context! {
        edition => edition.code(),
        slug => slug.as_str(),
        title,
        body,
        error,
        saved,
    };
    render_staff(app, &staff.0, "newsroom/page.html", context)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct PageForm {
    title: String,
    body: String,
}

pub(crate) async fn save_page(
    State(app): State<App>,
    _: SameOrigin,
    Path((edition, slug)): Path<(String, String)>,
    StaffForm { user, form }: StaffForm<PageForm>,
) -> Result<Response, AppError> {
    let (edition, slug) = page_address(&edition, &slug)?;
    let staff = Staff(user);
    let saved = app
        .service
        .save_static_page(&staff.0, edition, &slug, &form.title, &form.body)
        .await
        .map_err(site_error)?;
    let body = form.body.replace("\r\n", "\n");
    let title = form.title.trim();
    match saved {
        Ok(()) => Ok(page_form(&app, &staff, edition, &slug, title, &body, None, true)?.into_response()),
        Err(()) => {
            let missing = say(&app, lang(&staff.0), "newsroom.page.problem.title_missing", &[]);
            let page = page_form(&app, &staff, edition, &slug, title, &body, Some(missing), false)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

fn site_error(error: SiteError) -> AppError {
    match error {
        SiteError::NotAllowed => AppError::NotAllowed,
        SiteError::Store(error) => error.into(),
    }
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
    errors: &BTreeMap<&str, String>,
    saved: bool,
) -> Result<Html<String>, AppError> {
    let context = context! {
        form => Serde(form),
        errors => Serde(errors),
        saved,
    };
    render_staff(app, &staff.0, "newsroom/settings.html", context)
}

/// The settings form's fields, by name.
const SETTINGS_FIELDS: [&str; 6] = [
    "name_en",
    "tagline_en",
    "name_ar",
    "tagline_ar",
    "time_zone",
    "base_url",
];

pub(crate) async fn save_settings(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    let form: BTreeMap<String, String> = SETTINGS_FIELDS
        .into_iter()
        .map(|name| {
            (
                name.to_owned(),
                form.get(name).map_or("", |v| v.trim()).to_owned(),
            )
        })
        .collect();
    let draft = SettingsDraft {
        editions: Lang::ALL
            .into_iter()
            .map(|lang| {
                (
                    lang,
                    form[&format!("name_{lang}")].clone(),
                    form[&format!("tagline_{lang}")].clone(),
                )
            })
            .collect(),
        time_zone: form["time_zone"].clone(),
        base_url: form["base_url"].clone(),
    };
    let saved = app
        .service
        .save_site_settings(&staff.0, &draft)
        .await
        .map_err(site_error)?;
    let mut errors = BTreeMap::new();
    for problem in saved.err().unwrap_or_default() {
        let (field, key) = match problem {
            SettingsProblem::NameMissing(Lang::En) => ("name_en", "name_missing"),
            SettingsProblem::NameMissing(Lang::Ar) => ("name_ar", "name_missing"),
            SettingsProblem::TimeZoneUnknown => ("time_zone", "time_zone_unknown"),
            SettingsProblem::BaseUrlInvalid => ("base_url", "base_url_invalid"),
        };
        let message = say(
            &app,
            lang(&staff.0),
            &format!("newsroom.settings.problem.{key}"),
            &[],
        );
        errors.insert(field, message);
    }
    if !errors.is_empty() {
        let page = settings_form(&app, &staff, &form, &errors, false)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    Ok(settings_form(&app, &staff, &form, &errors, true)?.into_response())
}
