//! Signing in and out of the newsroom, with attempts limited per address and per account.

use super::{render, say};
use crate::extract::{BrowserLang, ClientIp};
use crate::origin::SameOrigin;
use crate::staff::{device_cookie, device_mark, expired_session_cookie, session_cookie, session_token};
use crate::{App, AppError};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dateline_render::context;
use dateline_service::SignInError;
use serde::Deserialize;

/// The sign-in page speaks the browser's language: nobody is known yet to have chosen one.
pub(crate) async fn login_page(
    State(app): State<App>,
    BrowserLang(lang): BrowserLang,
) -> Result<Response, AppError> {
    Ok(render(&app, lang, "newsroom/login.html", context! { username => "" })?.into_response())
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
    BrowserLang(lang): BrowserLang,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let username = form.username.trim().to_owned();
    let refuse = |key: &str, status: StatusCode| -> Result<Response, AppError> {
        let error = say(&app, lang, key, &[]);
        let page = render(
            &app,
            lang,
            "newsroom/login.html",
            context! { username => &username, error },
        )?;
        Ok((status, page).into_response())
    };
    let device = device_mark(&headers);
    let signed_in = app
        .service
        .sign_in(&username, &form.password, address, device.as_deref())
        .await;
    let session = match signed_in {
        Ok(session) => session,
        Err(SignInError::TooManyAttempts) => {
            return refuse("newsroom.login.too_many", StatusCode::TOO_MANY_REQUESTS);
        }
        Err(SignInError::Mismatch) => {
            return refuse("newsroom.login.mismatch", StatusCode::UNAUTHORIZED);
        }
        Err(SignInError::Member(error)) => return Err(AppError::Internal(error.into())),
    };
    let secure = app.service.served_over_https().await;
    let mut response = Redirect::to("/newsroom").into_response();
    let cookies = response.headers_mut();
    cookies.append(header::SET_COOKIE, session_cookie(&session.token, secure));
    if let Some(device) = device_cookie(&session.device, secure) {
        cookies.append(header::SET_COOKIE, device);
    }
    Ok(response)
}

pub(crate) async fn log_out(
    State(app): State<App>,
    _: SameOrigin,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = session_token(&headers) {
        app.service.sign_out(&token).await?;
    }
    let mut response = Redirect::to("/newsroom/login").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, expired_session_cookie());
    Ok(response)
}
