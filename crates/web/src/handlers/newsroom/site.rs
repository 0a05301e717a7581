//! What the newsroom keeps about the site itself: the static pages (About, the Comment
//! Policy), edited by editors, and the site settings, edited by admins.

use super::{lang, render_staff, say};
use crate::origin::SameOrigin;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::face::{LinesProblem, MAX_FOOTER_CHARS, NavLink, Numerals, SocialLink};
use dateline_domain::{Action, Lang, Slug};
use dateline_render::{Serde, context};
use dateline_service::{FaceDraft, FaceProblem, PageError, SettingsDraft, SettingsProblem, SiteError};
use serde::{Deserialize, Serialize};
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
    let form = NewPageForm {
        edition: lang(&staff.0).code().to_owned(),
        ..NewPageForm::default()
    };
    pages_page(&app, &staff, &form, &BTreeMap::new()).await
}

async fn pages_page(
    app: &App,
    staff: &Staff,
    form: &NewPageForm,
    errors: &BTreeMap<&str, String>,
) -> Result<Html<String>, AppError> {
    let context = context! {
        pages => app.store.static_pages().await?,
        form => Serde(form),
        errors => Serde(errors),
    };
    render_staff(app, &staff.0, "newsroom/pages.html", context)
}

/// A new static page as an editor typed it on the Pages page.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub(crate) struct NewPageForm {
    edition: String,
    title: String,
    /// Left empty, made from the title.
    slug: String,
}

/// Makes a new static page from the Pages page and opens it to be written.
pub(crate) async fn add_page(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<NewPageForm>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    allowed(&staff, Action::EditStaticPages)?;
    let language = lang(&staff.0);
    let edition: Lang = form.edition.parse().unwrap_or(language);
    let slug = match form.slug.trim() {
        "" => Slug::from_title(form.title.trim()).ok(),
        typed => Slug::parse(typed).ok(),
    };
    let mut errors = BTreeMap::new();
    let problem = |key: &str| say(&app, language, &format!("newsroom.pages.problem.{key}"), &[]);
    match slug {
        None if form.title.trim().is_empty() => {
            errors.insert("title", problem("title_missing"));
        }
        None => {
            errors.insert("slug", problem("slug_invalid"));
        }
        Some(slug) => match app
            .service
            .add_static_page(&staff.0, edition, &slug, &form.title, "")
            .await
        {
            Ok(_) => {
                let page = format!("/newsroom/pages/{}/{}", edition.code(), slug.as_str());
                return Ok(Redirect::to(&page).into_response());
            }
            Err(PageError::TitleMissing) => {
                errors.insert("title", problem("title_missing"));
            }
            Err(PageError::Exists) => {
                errors.insert("slug", problem("slug_taken"));
            }
            Err(PageError::NotAllowed) => return Err(AppError::NotAllowed),
            Err(PageError::NotFound | PageError::LinkedFromEveryPage) => return Err(AppError::NotFound),
            Err(PageError::Store(error)) => return Err(error.into()),
        },
    }
    let page = pages_page(&app, &staff, &form, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
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
    let form = settings_fields(&app).await?;
    let faces = saved_faces(&app).await?;
    settings_form(&app, &staff, &form, &BTreeMap::new(), false, &faces).await
}

/// The settings form's fields as saved.
async fn settings_fields(app: &App) -> Result<BTreeMap<String, String>, AppError> {
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
    Ok(form)
}

/// An edition's face on the settings page: as saved or as just typed, and what is wrong with it.
#[derive(Serialize)]
struct FaceForm {
    edition: &'static str,
    logo: String,
    nav_links: String,
    footer_text: String,
    social_links: String,
    numerals: &'static str,
    errors: BTreeMap<&'static str, String>,
    saved: bool,
}

async fn saved_faces(app: &App) -> Result<Vec<FaceForm>, AppError> {
    let mut faces = Vec::new();
    for lang in Lang::ALL {
        let face = app.store.site_face(lang).await?;
        faces.push(FaceForm {
            edition: lang.code(),
            logo: face
                .logo
                .map(|logo| logo.image_id.to_string())
                .unwrap_or_default(),
            nav_links: NavLink::to_lines(&face.nav_links),
            footer_text: face.footer_text,
            social_links: SocialLink::to_lines(&face.social_links),
            numerals: face.numerals.as_str(),
            errors: BTreeMap::new(),
            saved: false,
        });
    }
    Ok(faces)
}

async fn settings_form(
    app: &App,
    staff: &Staff,
    form: &BTreeMap<String, String>,
    errors: &BTreeMap<&str, String>,
    saved: bool,
    faces: &[FaceForm],
) -> Result<Html<String>, AppError> {
    let context = context! {
        form => Serde(form),
        errors => Serde(errors),
        saved,
        faces => Serde(faces),
        pictures => Serde(app.store.image_choices(&faces.iter().filter_map(|face| face.logo.parse().ok()).collect::<Vec<_>>()).await?),
        max_nav_links => dateline_domain::face::MAX_NAV_LINKS,
    };
    render_staff(app, &staff.0, "newsroom/settings.html", context)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct FacePosted {
    logo: String,
    nav_links: String,
    footer_text: String,
    social_links: String,
    numerals: String,
}

/// Saves an edition's face from the settings page; what was typed stays on a refusal.
pub(crate) async fn save_face(
    State(app): State<App>,
    _: SameOrigin,
    Path(edition): Path<String>,
    StaffForm { user, form }: StaffForm<FacePosted>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    let edition: Lang = edition.parse().map_err(|_| AppError::NotFound)?;
    let draft = FaceDraft {
        logo: form.logo,
        nav_links: form.nav_links,
        footer_text: form.footer_text,
        social_links: form.social_links,
        numerals: form.numerals,
    };
    let saved = app
        .service
        .save_site_face(&staff.0, edition, &draft)
        .await
        .map_err(site_error)?;
    let language = lang(&staff.0);
    let mut errors = BTreeMap::new();
    for problem in saved.err().unwrap_or_default() {
        let (field, message) = match problem {
            FaceProblem::LogoUnknown => (
                "logo",
                say(&app, language, "newsroom.face.problem.logo_unknown", &[]),
            ),
            FaceProblem::FooterTooLong => {
                let max = dateline_render::digits(language, &MAX_FOOTER_CHARS.to_string());
                (
                    "footer_text",
                    say(
                        &app,
                        language,
                        "newsroom.face.problem.footer_too_long",
                        &[("max", &max)],
                    ),
                )
            }
            FaceProblem::NavLinks(lines) => ("nav_links", lines_problem(&app, language, lines, "nav_line")),
            FaceProblem::NumeralsUnknown => (
                "numerals",
                say(&app, language, "newsroom.face.problem.numerals_unknown", &[]),
            ),
            FaceProblem::SocialLinks(lines) => (
                "social_links",
                lines_problem(&app, language, lines, "social_line"),
            ),
        };
        errors.insert(field, message);
    }
    let mut faces = saved_faces(&app).await?;
    let refused = !errors.is_empty();
    if let Some(face) = faces.iter_mut().find(|face| face.edition == edition.code()) {
        if refused {
            face.logo = draft.logo;
            face.nav_links = draft.nav_links;
            face.footer_text = draft.footer_text;
            face.social_links = draft.social_links;
            face.numerals = Numerals::parse(&draft.numerals).map_or("", Numerals::as_str);
        }
        face.errors = errors;
        face.saved = !refused;
    }
    let form = settings_fields(&app).await?;
    let page = settings_form(&app, &staff, &form, &BTreeMap::new(), false, &faces).await?;
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, page).into_response())
}

/// Which line of a list is wrong (told with the catalog's `newsroom.face.problem.<line_key>`),
/// or that it is too long, in words.
fn lines_problem(app: &App, lang: Lang, problem: LinesProblem, line_key: &str) -> String {
    match problem {
        LinesProblem::Line(line) => {
            let line = dateline_render::digits(lang, &line.to_string());
            say(
                app,
                lang,
                &format!("newsroom.face.problem.{line_key}"),
                &[("line", &line)],
            )
        }
        LinesProblem::TooMany(max) => {
            let max = dateline_render::digits(lang, &max.to_string());
            say(app, lang, "newsroom.face.problem.too_many", &[("max", &max)])
        }
    }
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
    let faces = saved_faces(&app).await?;
    if !errors.is_empty() {
        let page = settings_form(&app, &staff, &form, &errors, false, &faces).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    Ok(settings_form(&app, &staff, &form, &errors, true, &faces)
        .await?
        .into_response())
}
