//! Newsroom accounts for admins: the list, and invitations by a one-time set-up link that the
//! new member opens to choose their password.

use super::{field, form_fields, render, render_staff};
use crate::origin::SameOrigin;
use crate::staff::Staff;
use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use dateline_domain::digest::hex_token;
use dateline_domain::{Action, Actor, Role, password};
use dateline_render::{Serde, context};
use dateline_store::users::NewUser;

const INVITE_DAYS: i64 = 7;
pub(crate) const MIN_PASSWORD_CHARS: usize = 12;

fn admin(staff: &Staff) -> Result<(), AppError> {
    if staff.0.role.can(Action::ManageUsers) {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

fn invite_digest(app: &App, token: &str) -> String {
    app.service.digest(&format!("invite:{token}"))
}

async fn users_page(
    app: &App,
    staff: &Staff,
    invite_link: Option<String>,
    error: Option<&str>,
) -> Result<Html<String>, AppError> {
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

pub(crate) async fn invite(
    State(app): State<App>,
    staff: Staff,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = staff.checked_form(&body)?;
    admin(&staff)?;
    let username = field(&fields, "username").trim();
    let role: Option<Role> = field(&fields, "role").parse().ok();
    let valid_name =
        !username.is_empty() && username.chars().all(|c| c.is_alphanumeric() || "._-".contains(c));
    let (true, Some(role)) = (valid_name, role) else {
        let page = users_page(
            &app,
            &staff,
            None,
            Some("Give a username (letters, digits, '.', '_', '-') and a role."),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let display_name = match field(&fields, "display_name").trim() {
        "" => username,
        name => name,
    };
    // Nobody knows this password: the account opens only through the link.
    let unusable = password::hash(&hex_token(rand::random())).map_err(|e| AppError::Internal(e.into()))?;
    let created = app
        .store
        .create_user(
            NewUser {
                username,
                display_name,
                password_hash: &unusable,
                role,
            },
            Actor::Member(staff.0.id),
        )
        .await;
    let Ok(user_id) = created else {
        let page = users_page(&app, &staff, None, Some("That username is taken.")).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let token = hex_token(rand::random());
    app.store
        .create_invite(
            user_id,
            &invite_digest(&app, &token),
            Utc::now() + Duration::days(INVITE_DAYS),
            Actor::Member(staff.0.id),
        )
        .await?;
    let base = app
        .store
        .site_settings()
        .await?
        .map(|s| s.base_url)
        .unwrap_or_default();
    let link = format!("{}/newsroom/welcome/{token}", base.trim_end_matches('/'));
    Ok(users_page(&app, &staff, Some(link), None).await?.into_response())
}

pub(crate) async fn change_role(
    State(app): State<App>,
    staff: Staff,
    _: SameOrigin,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = staff.checked_form(&body)?;
    admin(&staff)?;
    let user_id: i64 = field(&fields, "id").parse().map_err(|_| AppError::NotFound)?;
    let role: Role = field(&fields, "role")
        .parse()
        .map_err(|_| AppError::BadRequest("reason.malformed"))?;
    if user_id == staff.0.id {
        // An admin cannot lock themselves (and perhaps everyone) out of the people page.
        let page = users_page(
            &app,
            &staff,
            None,
            Some("You cannot change your own role; ask another admin."),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    if !app
        .store
        .set_role(user_id, role, Actor::Member(staff.0.id))
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/newsroom/users").into_response())
}

pub(crate) async fn welcome(
    State(app): State<App>,
    Path(token): Path<String>,
) -> Result<Html<String>, AppError> {
    let username = app
        .store
        .invite(&invite_digest(&app, &token), Utc::now())
        .await?
        .ok_or(AppError::NotFound)?;
    render(
        &app,
        "newsroom/welcome.html",
        context! { username, token, min => MIN_PASSWORD_CHARS },
    )
}

pub(crate) async fn set_password(
    State(app): State<App>,
    _: SameOrigin,
    Path(token): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = form_fields(&body);
    let digest = invite_digest(&app, &token);
    let username = app
        .store
        .invite(&digest, Utc::now())
        .await?
        .ok_or(AppError::NotFound)?;
    let (new, again) = (field(&fields, "password"), field(&fields, "again"));
    let error = if new.chars().count() < MIN_PASSWORD_CHARS {
        Some(format!(
            "Choose a password of at least {MIN_PASSWORD_CHARS} characters."
        ))
    } else if new != again {
        Some("The two passwords differ.".to_owned())
    } else {
        None
    };
    if let Some(error) = error {
        let page = render(
            &app,
            "newsroom/welcome.html",
            context! { username, token, error, min => MIN_PASSWORD_CHARS },
        )?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = password::hash(new).map_err(|e| AppError::Internal(e.into()))?;
    app.store
        .redeem_invite(&digest, &hash, Utc::now())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Redirect::to("/newsroom/login").into_response())
}
