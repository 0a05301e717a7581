//! Redirects for editors: old addresses (an imported archive's permalinks, a renamed page's)
//! sent to new ones, searched, added, changed (an old address saved again) and deleted.

use super::render_staff;
use crate::extract::QueryForm;
use crate::origin::SameOrigin;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::Action;
use dateline_render::{Serde, context};
use dateline_service::RedirectError;
use serde::{Deserialize, Serialize};

/// How many redirects the page lists; a search narrows the rest.
const LISTED: i64 = 200;

fn editor(staff: &Staff) -> Result<(), AppError> {
    if staff.0.role.can(Action::ManageRedirects) {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Search {
    q: String,
    notice: Option<String>,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub(crate) struct RedirectForm {
    old: String,
    new: String,
}

#[derive(Serialize, Default)]
struct FormErrors {
    old: Option<String>,
    new: Option<String>,
}

async fn page(
    app: &App,
    staff: &Staff,
    search: &str,
    form: &RedirectForm,
    errors: &FormErrors,
    notice: Option<&str>,
) -> Result<Html<String>, AppError> {
    let (redirects, total) = app.store.redirects(search.trim(), LISTED).await?;
    let context = context! {
        redirects => Serde(redirects),
        total => total,
        listed => LISTED,
        search => search,
        form => Serde(form),
        errors => Serde(errors),
        notice => notice,
    };
    render_staff(app, &staff.0, "newsroom/redirects.html", context)
}

pub(crate) async fn list(
    State(app): State<App>,
    staff: Staff,
    QueryForm(search): QueryForm<Search>,
) -> Result<Html<String>, AppError> {
    editor(&staff)?;
    let notice = search.notice.as_deref();
    page(
        &app,
        &staff,
        &search.q,
        &RedirectForm::default(),
        &FormErrors::default(),
        notice,
    )
    .await
}

pub(crate) async fn add(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<RedirectForm>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    editor(&staff)?;
    let mut errors = FormErrors::default();
    let said = |error: &RedirectError| {
        let text = error.to_string();
        let text = text
            .split_once(": ")
            .map_or(text.as_str(), |(_, why)| why)
            .to_owned();
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>() + ".")
    };
    match app.service.put_redirect(&staff.0, &form.old, &form.new).await {
        Ok(true) => return Ok(Redirect::to("/newsroom/redirects?notice=added").into_response()),
        Ok(false) => return Ok(Redirect::to("/newsroom/redirects?notice=changed").into_response()),
        Err(RedirectError::NotAllowed) => return Err(AppError::NotAllowed),
        Err(RedirectError::Store(error)) => return Err(error.into()),
        Err(error @ (RedirectError::New(_) | RedirectError::ToItself)) => errors.new = said(&error),
        Err(error) => errors.old = said(&error),
    }
    let html = page(&app, &staff, "", &form, &errors, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

pub(crate) async fn delete(
    State(app): State<App>,
    _: SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, .. }: StaffForm<RedirectForm>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    editor(&staff)?;
    match app.service.delete_redirect(&staff.0, id).await {
        Ok(()) | Err(RedirectError::NotFound) => {
            Ok(Redirect::to("/newsroom/redirects?notice=deleted").into_response())
        }
        Err(RedirectError::NotAllowed) => Err(AppError::NotAllowed),
        Err(RedirectError::Store(error)) => Err(error.into()),
        Err(other) => Err(AppError::Internal(other.into())),
    }
}
