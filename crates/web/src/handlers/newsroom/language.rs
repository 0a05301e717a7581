//! A member's choice of the language the newsroom speaks to them.

use crate::origin::SameOrigin;
use crate::staff::StaffForm;
use crate::{App, AppError};
use axum::extract::State;
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use dateline_domain::Lang;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct LanguageForm {
    lang: String,
}

/// Records the choice and goes back to the newsroom page it was made on.
pub(crate) async fn choose(
    State(app): State<App>,
    _: SameOrigin,
    headers: HeaderMap,
    StaffForm { user, form }: StaffForm<LanguageForm>,
) -> Result<Response, AppError> {
    let lang: Lang = form
        .lang
        .parse()
        .map_err(|_| AppError::BadRequest("reason.malformed"))?;
    app.service.choose_language(&user, lang).await?;
    Ok(Redirect::to(&newsroom_page_before(&headers)).into_response())
}

/// The newsroom page the request was sent from (its `Referer`), or the story list.
fn newsroom_page_before(headers: &HeaderMap) -> String {
    headers
        .get(header::REFERER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<Uri>().ok())
        .and_then(|uri| uri.path_and_query().map(|pq| pq.as_str().to_owned()))
        .filter(|path| {
            path == "/newsroom" || path.starts_with("/newsroom/") || path.starts_with("/newsroom?")
        })
        .filter(|path| !path.starts_with("/newsroom/language"))
        .unwrap_or_else(|| "/newsroom".to_owned())
}
