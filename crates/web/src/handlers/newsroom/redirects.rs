//! Redirects for editors: old addresses (an imported archive's permalinks, a renamed page's)
//! sent to new ones, searched, added, changed (an old address saved again) and deleted.

use super::{Notice, lang, render_staff, say};
use crate::extract::QueryForm;
use crate::origin::SameOrigin;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::{Action, AddressError};
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
    notice: Option<String>,
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
    QueryForm(notice): QueryForm<Notice>,
) -> Result<Html<String>, AppError> {
    editor(&staff)?;
    let notice = notice.text(&app, lang(&staff.0));
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
    let said = |problem: &str| {
        Some(say(
            &app,
            lang(&staff.0),
            &format!("newsroom.redirects.problem.{problem}"),
            &[],
        ))
    };
    let address = |error: &AddressError| match error {
        AddressError::NotAPath => said("not_a_path"),
        AddressError::QueryNotKept => said("query_not_kept"),
        AddressError::TooLong => said("too_long"),
    };
    let back = |notice: &str| Redirect::to(&Notice::new(notice).after("/newsroom/redirects")).into_response();
    match app.service.put_redirect(&staff.0, &form.old, &form.new).await {
        Ok(true) => return Ok(back("redirect_added")),
        Ok(false) => return Ok(back("redirect_changed")),
        Err(RedirectError::NotAllowed) => return Err(AppError::NotAllowed),
        Err(RedirectError::Store(error)) => return Err(error.into()),
        Err(RedirectError::NotFound) => return Err(AppError::NotFound),
        Err(RedirectError::New(error)) => errors.new = address(&error),
        Err(RedirectError::ToItself) => errors.new = said("to_itself"),
        Err(RedirectError::Old(error)) => errors.old = address(&error),
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
            Ok(Redirect::to(&Notice::new("redirect_deleted").after("/newsroom/redirects")).into_response())
        }
        Err(RedirectError::NotAllowed) => Err(AppError::NotAllowed),
        Err(RedirectError::Store(error)) => Err(error.into()),
        Err(other) => Err(AppError::Internal(other.into())),
    }
}
