//! Signing in and out of the newsroom, with attempts limited per address and per account.

use super::render;
use crate::extract::ClientIp;
use crate::origin::SameOrigin;
use crate::staff::{SESSION_HOURS, expired_session_cookie, session_cookie, session_digest, session_token};
use crate::{App, AppError};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use dateline_domain::digest::hex_token;
use dateline_render::context;
use serde::Deserialize;
use std::time::Instant;

pub(crate) async fn login_page(State(app): State<App>) -> Result<Response, AppError> {
    Ok(render(&app, "newsroom/login.html", context! { username => "" })?.into_response())
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub(crate) async fn log_in(
    State(app): State<App>,
    _: SameOrigin,
    ClientIp(address): ClientIp,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let username = form.username.trim().to_owned();
    let refuse = |error: &str, status: StatusCode| -> Result<Response, AppError> {
        let page = render(
            &app,
            "newsroom/login.html",
            context! { username => &username, error },
        )?;
        Ok((status, page).into_response())
    };
    let now = Instant::now();
    if !app.service.limits().logins_by_address.allow(&address, now)
        || !app
            .service
            .limits()
            .logins_by_account
            .allow(&username.to_lowercase(), now)
    {
        return refuse(
            "Too many sign-in attempts. Please wait 15 minutes and try again.",
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let account = app.store.password_hash(&username).await?;
    let password = form.password;
    let verified = tokio::task::spawn_blocking(move || match account {
        Some((id, hash)) => dateline_domain::password::verify(&password, &hash).then_some(id),
        None => None,
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let Some(user_id) = verified else {
        return refuse(
            "That username and password do not match.",
            StatusCode::UNAUTHORIZED,
        );
    };
    let token = hex_token(rand::random());
    let expires = Utc::now() + chrono::Duration::hours(SESSION_HOURS);
    app.store
        .create_session(
            &session_digest(&app, &token),
            user_id,
            &hex_token(rand::random()),
            expires,
        )
        .await?;
    let secure = app
        .store
        .site_settings()
        .await?
        .is_some_and(|s| s.base_url.starts_with("https://"));
    let mut response = Redirect::to("/newsroom").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session_cookie(&token, secure));
    Ok(response)
}

pub(crate) async fn log_out(
    State(app): State<App>,
    _: SameOrigin,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = session_token(&headers) {
        app.store.end_session(&session_digest(&app, &token)).await?;
    }
    let mut response = Redirect::to("/newsroom/login").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, expired_session_cookie());
    Ok(response)
}
