//! Newsroom sign-in: sessions in an HttpOnly, SameSite=Strict cookie, kept in the store only as
//! digests, and a CSRF token per session that every staff form carries.

use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use dateline_store::users::StaffUser;
use serde::de::DeserializeOwned;

pub(crate) const SESSION_COOKIE: &str = "dl_session";

/// A signed-in member of the newsroom.
pub(crate) struct Staff(pub StaffUser);

impl FromRequestParts<App> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, AppError> {
        let token = session_token(&parts.headers).ok_or(AppError::LoginRequired)?;
        let mut user = app
            .service
            .session_member(&token)
            .await?
            .ok_or(AppError::LoginRequired)?;
        speaking_browser_lang(&mut user, &parts.headers);
        Ok(Staff(user))
    }
}

impl Staff {
    /// Refuses a form that does not carry this session's token.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        csrf_matches(&self.0, submitted)
    }

    /// The fields of a urlencoded form, once its token has been checked.
    pub fn checked_form(&self, body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
        checked_form(&self.0, body)
    }
}

/// A newsroom form: sent by a signed-in member, carrying their session's token, and read into
/// `T` (a field that is missing takes its default; one that cannot be read refuses the form).
pub(crate) struct StaffForm<T> {
    pub user: StaffUser,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<App> for StaffForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, app: &App) -> Result<Self, AppError> {
        let (mut parts, body) = request.into_parts();
        let Staff(user) = Staff::from_request_parts(&mut parts, app).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), app)
            .await
            .map_err(|_| AppError::BadRequest("reason.malformed"))?;
        checked_form(&user, &bytes)?;
        let form =
            serde_html_form::from_bytes(&bytes).map_err(|_| AppError::BadRequest("reason.malformed"))?;
        Ok(StaffForm { user, form })
    }
}

/// A signed-in member of the newsroom who may moderate comments.
pub(crate) struct Moderator(pub StaffUser);

/// The signed-in member of the newsroom, if the request comes from one (their comments carry
/// a badge).
pub(crate) struct MaybeStaff(pub Option<StaffUser>);

impl FromRequestParts<App> for MaybeStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, AppError> {
        let Some(token) = session_token(&parts.headers) else {
            return Ok(MaybeStaff(None));
        };
        let mut user = app.service.session_member(&token).await?;
        if let Some(user) = &mut user {
            speaking_browser_lang(user, &parts.headers);
        }
        Ok(MaybeStaff(user))
    }
}

impl FromRequestParts<App> for Moderator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, AppError> {
        let Staff(user) = Staff::from_request_parts(parts, app).await?;
        if !user.role.can_moderate() {
            return Err(AppError::NotAllowed);
        }
        Ok(Moderator(user))
    }
}

/// A member who has not chosen a language and has no story to tell which they write in is
/// spoken to in their browser's.
fn speaking_browser_lang(user: &mut StaffUser, headers: &HeaderMap) {
    user.lang
        .get_or_insert_with(|| crate::extract::browser_lang(headers));
}

fn checked_form(user: &StaffUser, body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let token = fields
        .iter()
        .find(|(name, _)| name == "csrf")
        .map_or("", |(_, value)| value.as_str());
    csrf_matches(user, token)?;
    Ok(fields)
}

/// Compares in constant time, so the token cannot be guessed a character at a time.
fn csrf_matches(user: &StaffUser, submitted: &str) -> Result<(), AppError> {
    let expected = user.csrf_token.as_bytes();
    let same = expected.len() == submitted.len()
        && expected
            .iter()
            .zip(submitted.as_bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0;
    if same { Ok(()) } else { Err(AppError::Forbidden) }
}

pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    crate::extract::cookie_values(headers, SESSION_COOKIE)
        .find(|value| value.len() == 32)
        .map(str::to_owned)
}

pub(crate) fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = dateline_service::SESSION_HOURS * 60 * 60;
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("a hex token is a valid header value")
}

/// The cookie marking a browser a member signed in on (see `Service::sign_in`).
const DEVICE_COOKIE: &str = "dl_device";

/// The mark of the browser a request comes from, if it has one.
pub(crate) fn device_mark(headers: &HeaderMap) -> Option<String> {
    crate::extract::cookie_values(headers, DEVICE_COOKIE)
        .find(|value| value.len() <= 128)
        .map(str::to_owned)
}

/// Kept a year, sent only to the sign-in form.
pub(crate) fn device_cookie(mark: &str, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{DEVICE_COOKIE}={mark}; Path=/newsroom/login; Max-Age=31536000; HttpOnly; SameSite=Strict{secure}"
    ))
    .ok()
}

pub(crate) fn expired_session_cookie() -> HeaderValue {
    HeaderValue::from_static("dl_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
}
