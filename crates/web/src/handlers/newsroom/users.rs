//! Newsroom accounts for admins: the list, and invitations by a one-time set-up link that the
//! new member opens to choose their password.

use super::{lang, render, render_staff, say};
use crate::extract::BrowserLang;
use crate::origin::SameOrigin;
use crate::staff::{Staff, StaffForm};
use crate::{App, AppError};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::{Action, Role};
use dateline_render::{Serde, context};
use dateline_service::{InviteError, MIN_PASSWORD_CHARS, MemberError};
use serde::Deserialize;

fn admin(staff: &Staff) -> Result<(), AppError> {
    if staff.0.role.can(Action::ManageUsers) {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

async fn users_page(
    app: &App,
    staff: &Staff,
    invite_link: Option<String>,
    problem: Option<&str>,
) -> Result<Html<String>, AppError> {
    let error = problem.map(|key| say(app, lang(&staff.0), &format!("newsroom.users.problem.{key}"), &[]));
    let context = context! {
        users => Serde(app.store.users().await?),
        invite_link,
        error,
    };
    render_staff(app, &staff.0, "newsroom/users.html", context)
}

pub(crate) async fn list(State(app): State<App>, staff: Staff) -> Result<Html<String>, AppError> {
    admin(&staff)?;
    users_page(&app, &staff, None, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct InviteForm {
    username: String,
    display_name: String,
    role: String,
}

pub(crate) async fn invite(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<InviteForm>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    admin(&staff)?;
    let refuse = async |message: &str| -> Result<Response, AppError> {
        let page = users_page(&app, &staff, None, Some(message)).await?;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let Ok(role) = form.role.parse::<Role>() else {
        return refuse("username_invalid").await;
    };
    let token = match app
        .service
        .invite_member(&staff.0, &form.username, &form.display_name, role)
        .await
    {
        Ok(token) => token,
        Err(MemberError::UsernameInvalid) => return refuse("username_invalid").await,
        Err(MemberError::UsernameTaken) => return refuse("username_taken").await,
        Err(error) => return Err(member_error(error)),
    };
    let base = app
        .service
        .site_settings()
        .await?
        .map(|s| s.base_url)
        .unwrap_or_default();
    let link = format!("{}/newsroom/welcome/{token}", base.trim_end_matches('/'));
    Ok(users_page(&app, &staff, Some(link), None).await?.into_response())
}

fn member_error(error: MemberError) -> AppError {
    match error {
        MemberError::NotAllowed => AppError::NotAllowed,
        MemberError::NotFound => AppError::NotFound,
        MemberError::Store(error) => error.into(),
        other => AppError::Internal(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct RoleForm {
    id: String,
    role: String,
}

pub(crate) async fn change_role(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<RoleForm>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    admin(&staff)?;
    let user_id: i64 = form.id.parse().map_err(|_| AppError::NotFound)?;
    let role: Role = form
        .role
        .parse()
        .map_err(|_| AppError::BadRequest("reason.malformed"))?;
    match app.service.change_role(&staff.0, user_id, role).await {
        Ok(()) => Ok(Redirect::to("/newsroom/users").into_response()),
        Err(MemberError::OwnRole) => {
            let page = users_page(&app, &staff, None, Some("own_role")).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(error) => Err(member_error(error)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ActiveForm {
    id: String,
    /// `0` to deactivate, `1` to let them sign in again.
    active: String,
}

/// Deactivates a member or lets them back in; their stories and bylines are untouched.
pub(crate) async fn set_active(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<ActiveForm>,
) -> Result<Response, AppError> {
    let staff = Staff(user);
    admin(&staff)?;
    let user_id: i64 = form.id.parse().map_err(|_| AppError::NotFound)?;
    let active = match form.active.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadRequest("reason.malformed")),
    };
    match app.service.set_member_active(&staff.0, user_id, active).await {
        Ok(()) => Ok(Redirect::to("/newsroom/users").into_response()),
        Err(MemberError::OwnAccount) => {
            let page = users_page(&app, &staff, None, Some("own_account")).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(error) => Err(member_error(error)),
    }
}

pub(crate) async fn welcome(
    State(app): State<App>,
    BrowserLang(lang): BrowserLang,
    Path(token): Path<String>,
) -> Result<Html<String>, AppError> {
    let username = app.service.invited(&token).await?.ok_or(AppError::NotFound)?;
    render(
        &app,
        lang,
        "newsroom/welcome.html",
        context! { username, token, min => MIN_PASSWORD_CHARS },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct PasswordForm {
    password: String,
    again: String,
}

pub(crate) async fn set_password(
    State(app): State<App>,
    _: SameOrigin,
    BrowserLang(lang): BrowserLang,
    Path(token): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let problem = match app
        .service
        .accept_invite(&token, &form.password, &form.again)
        .await
    {
        Ok(_) => return Ok(Redirect::to("/newsroom/login").into_response()),
        Err(InviteError::Unknown) => return Err(AppError::NotFound),
        Err(InviteError::PasswordTooShort) => "password_too_short",
        Err(InviteError::PasswordsDiffer) => "passwords_differ",
        Err(InviteError::Member(error)) => return Err(member_error(error)),
    };
    let min = dateline_render::digits(lang, &MIN_PASSWORD_CHARS.to_string());
    let error = say(
        &app,
        lang,
        &format!("newsroom.welcome.problem.{problem}"),
        &[("min", &min)],
    );
    let username = app.service.invited(&token).await?.ok_or(AppError::NotFound)?;
    let page = render(
        &app,
        lang,
        "newsroom/welcome.html",
        context! { username, token, error, min => MIN_PASSWORD_CHARS },
    )?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
