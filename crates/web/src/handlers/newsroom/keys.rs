//! API keys for admins: the list, making a content or admin key (shown once), and revoking.
//! The same use cases as `dateline key add|list|revoke`. The webhooks integrations set up are
//! listed beside them, with how their last delivery went.

use super::{lang, render_staff, say};
use crate::origin::SameOrigin;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::api_key::ApiKeyNameError;
use dateline_domain::{Action, ApiKeyKind, Role};
use dateline_render::{Serde, context};
use dateline_service::{ApiKeyError, IssuedKey, KeyHolder};
use serde::{Deserialize, Serialize};

fn admin(staff: &Staff) -> Result<(), AppError> {
    if staff.0.role.can(Action::ManageSiteSettings) {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub(crate) struct KeyForm {
    name: String,
    /// `content`, or the role an admin key writes as.
    kind: String,
}

#[derive(Serialize, Default)]
struct KeyErrors {
    name: Option<String>,
    kind: Option<String>,
}

#[derive(Serialize)]
struct Issued<'a> {
    name: &'a str,
    text: &'a str,
}

struct KeysPage<'a> {
    form: &'a KeyForm,
    errors: &'a KeyErrors,
    issued: Option<Issued<'a>>,
    notice: Option<&'a str>,
}

async fn keys_page(app: &App, staff: &Staff, page: KeysPage<'_>) -> Result<Html<String>, AppError> {
    let context = context! {
        keys => Serde(app.store.api_keys().await?),
        webhooks => Serde(app.store.webhooks().await?),
        form => Serde(page.form),
        errors => Serde(page.errors),
        issued => page.issued.map(Serde),
        notice => page.notice,
    };
    render_staff(app, &staff.0, "newsroom/keys.html", context)
}

pub(crate) async fn list(State(app): State<App>, staff: Staff) -> Result<Html<String>, AppError> {
    admin(&staff)?;
    let form = KeyForm {
        kind: "content".to_owned(),
        ..KeyForm::default()
    };
    let page = KeysPage {
        form: &form,
        errors: &KeyErrors::default(),
        issued: None,
        notice: None,
    };
    keys_page(&app, &staff, page).await
}

pub(crate) async fn add(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<KeyForm>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    admin(&staff)?;
    let kind = match form.kind.as_str() {
        "content" => Some(ApiKeyKind::Content),
        role => role.parse::<Role>().ok().map(ApiKeyKind::Admin),
    };
    let mut errors = KeyErrors::default();
    let problem = |key: &str| {
        Some(say(
            &app,
            lang(&staff.0),
            &format!("newsroom.keys.problem.{key}"),
            &[],
        ))
    };
    let issued: Option<IssuedKey> = match kind {
        None => {
            errors.kind = problem("kind");
            None
        }
        Some(kind) => match app
            .service
            .add_api_key(KeyHolder::Member(&staff.0), kind, &form.name)
            .await
        {
            Ok(issued) => Some(issued),
            Err(ApiKeyError::Name(name_problem)) => {
                errors.name = match name_problem {
                    ApiKeyNameError::Empty => problem("name_empty"),
                    ApiKeyNameError::TooLong => problem("name_too_long"),
                    ApiKeyNameError::ControlCharacter => problem("name_control"),
                };
                None
            }
            Err(ApiKeyError::NotAllowed) => return Err(AppError::NotAllowed),
            Err(ApiKeyError::Store(error)) => return Err(error.into()),
            Err(other) => return Err(AppError::Internal(other.into())),
        },
    };
    let status = if issued.is_some() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let blank = KeyForm {
        kind: "content".to_owned(),
        ..KeyForm::default()
    };
    let page = KeysPage {
        form: if issued.is_some() { &blank } else { &form },
        errors: &errors,
        issued: issued.as_ref().map(|issued| Issued {
            name: form.name.trim(),
            text: &issued.text,
        }),
        notice: None,
    };
    Ok((status, keys_page(&app, &staff, page).await?).into_response())
}

pub(crate) async fn revoke(
    State(app): State<App>,
    _: SameOrigin,
    Path(id): Path<i64>,
    StaffForm { user, .. }: StaffForm<KeyForm>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    admin(&staff)?;
    match app.service.revoke_api_key(KeyHolder::Member(&staff.0), id).await {
        Ok(()) | Err(ApiKeyError::NotFound) => Ok(Redirect::to("/newsroom/keys").into_response()),
        Err(ApiKeyError::NotAllowed) => Err(AppError::NotAllowed),
        Err(ApiKeyError::Store(error)) => Err(error.into()),
        Err(other) => Err(AppError::Internal(other.into())),
    }
}
