//! The story list's bulk actions: the stories ticked are moved along the workflow, scheduled
//! for one time, or moved to another section, each through the same use case as one at a time
//! and each within the member's rights; what could not be done is counted, never half done.

use super::Notice;
use super::stories::LIST_LIMIT;
use crate::origin::SameOrigin;
use crate::staff::StaffForm;
use crate::{App, AppError};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDateTime;
use dateline_domain::ArticleStatus;
use dateline_service::{MoveError, StoryWriteError};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct BulkForm {
    /// The stories ticked.
    ids: Vec<String>,
    /// A status to move them to, or `section`.
    action: String,
    /// For `scheduled`: a time in the site's time zone, as a `datetime-local` field sends it.
    scheduled_at: String,
    /// For `section`: the section to move them to.
    section: String,
    /// The list's address to return to, with its filters.
    back: String,
}

/// What a bulk action asks for.
enum Change {
    Move(ArticleStatus, Option<NaiveDateTime>),
    Section(i64),
}

pub(crate) async fn apply(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<BulkForm>,
) -> Result<Response, AppError> {
    // Back to the list as it was filtered; never to another site.
    let back = if form.back.starts_with("/newsroom") {
        form.back.clone()
    } else {
        "/newsroom".to_owned()
    };
    let change = match form.action.as_str() {
        "section" => form.section.parse().ok().map(Change::Section),
        status => status.parse::<ArticleStatus>().ok().map(|to| {
            let at = NaiveDateTime::parse_from_str(&form.scheduled_at, "%Y-%m-%dT%H:%M").ok();
            Change::Move(to, at)
        }),
    };
    let mut ids: Vec<i64> = form.ids.iter().filter_map(|id| id.parse().ok()).collect();
    ids.sort_unstable();
    ids.dedup();
    let notice = match change {
        None => Notice::new("bulk_choose_action"),
        Some(_) if ids.is_empty() => Notice::new("bulk_choose_stories"),
        // No more than the list can show: one request is never a whole archive's worth of saves.
        Some(_) if ids.len() > LIST_LIMIT as usize => Notice::counted("bulk_too_many", LIST_LIMIT),
        Some(Change::Move(ArticleStatus::Scheduled, None)) => Notice::new("bulk_needs_time"),
        Some(change) => {
            let mut done = 0;
            let mut skipped = 0;
            for id in ids {
                let outcome = match &change {
                    Change::Move(to, at) => match app.service.move_story(&user, id, *to, *at).await {
                        Ok(()) => true,
                        Err(MoveError::ScheduleNotAhead) => {
                            return Ok(
                                Redirect::to(&Notice::new("bulk_needs_time").after(&back)).into_response()
                            );
                        }
                        Err(MoveError::Store(error)) => return Err(error.into()),
                        Err(MoveError::NotAllowed | MoveError::NotFound | MoveError::StatusChanged) => false,
                    },
                    Change::Section(section) => {
                        match app.service.change_story_section(&user, id, *section).await {
                            Ok(()) => true,
                            Err(StoryWriteError::Store(error)) => return Err(error.into()),
                            Err(_) => false,
                        }
                    }
                };
                if outcome {
                    done += 1;
                } else {
                    skipped += 1;
                }
            }
            if skipped == 0 {
                Notice::counted("bulk_done", done)
            } else {
                Notice::counted("bulk_skipped", skipped)
            }
        }
    };
    Ok(Redirect::to(&notice.after(&back)).into_response())
}
