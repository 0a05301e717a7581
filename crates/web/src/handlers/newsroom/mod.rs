//! The newsroom's own pages: sign-in and comment moderation.

pub(crate) mod desk;
pub(crate) mod keys;
pub(crate) mod login;
pub(crate) mod media;
pub(crate) mod moderation;
pub(crate) mod redirects;
pub(crate) mod site;
pub(crate) mod stories;
pub(crate) mod story_form;
pub(crate) mod users;
pub(crate) mod workflow;

use crate::{App, AppError};
use axum::response::Html;
use dateline_render::Value;
use dateline_store::users::StaffUser;

/// Renders a newsroom page for a signed-in member, with what every staff page shows (their
/// name, the moderation links if they moderate, the token their forms carry).
pub(crate) fn render_staff(
    app: &App,
    user: &StaffUser,
    template: &str,
    context: Value,
) -> Result<Html<String>, AppError> {
    let staff = dateline_render::context! {
        user => &user.display_name,
        moderator => user.role.can_moderate(),
        csrf => &user.csrf_token,
    };
    render(app, template, dateline_render::merge_maps([staff, context]))
}

/// Renders a newsroom page; staff pages are never cached.
pub(crate) fn render(app: &App, template: &str, context: Value) -> Result<Html<String>, AppError> {
    Ok(Html(app.renderer.render(template, context)?))
}

/// `?notice=…`: what a page says about the change that led to it.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct Notice {
    pub notice: String,
}
