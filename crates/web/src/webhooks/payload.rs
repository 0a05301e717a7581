//! What a delivery carries, in the shapes of Ghost's webhooks: `{"post": {"current": …,
//! "previous": …}}` with the post as the Admin API shows it, and Dateline's own for comments.
//! Commenters' emails are never in them.

use crate::App;
use dateline_domain::object_id::to_object_id;
use dateline_domain::{Event, HookEvent};
use dateline_store::stories::EditableStory;
use serde_json::json;

/// The body delivered for `fired`, set off by `event` (whose story, if it still exists, is
/// `story`).
pub(super) async fn body(
    app: &App,
    fired: HookEvent,
    event: &Event,
    story: Option<&EditableStory>,
) -> anyhow::Result<String> {
    let id = |raw: Option<i64>| raw.map(to_object_id);
    let value = match fired {
        HookEvent::PostDeleted => json!({ "post": {
            "current": {},
            "previous": { "id": id(event.story_id) },
        }}),
        HookEvent::PostAdded
        | HookEvent::PostEdited
        | HookEvent::PostPublished
        | HookEvent::PostPublishedEdited
        | HookEvent::PostUnpublished
        | HookEvent::CorrectionAdded => {
            let current = match story {
                Some(story) => crate::api::admin_post(app, story)
                    .await
                    .map_err(|error| anyhow::anyhow!("the post of a webhook: {error:?}"))?,
                None => json!({ "id": id(event.story_id) }),
            };
            json!({ "post": { "current": current, "previous": {} } })
        }
        HookEvent::PageAdded | HookEvent::PageEdited => {
            // A page deleted since is named by its id.
            let current = match event.subject_id {
                Some(page) => crate::api::page_answer(app, page)
                    .await
                    .unwrap_or_else(|_| json!({ "id": to_object_id(page) })),
                None => json!({}),
            };
            json!({ "page": { "current": current, "previous": {} } })
        }
        HookEvent::PageDeleted => json!({ "page": {
            "current": {},
            "previous": { "id": id(event.subject_id) },
        }}),
        HookEvent::TagAdded | HookEvent::TagEdited => {
            json!({ "tag": { "current": { "id": id(event.subject_id) }, "previous": {} } })
        }
        HookEvent::TagDeleted => json!({ "tag": {
            "current": {},
            "previous": { "id": id(event.subject_id) },
        }}),
        HookEvent::SiteChanged => json!({}),
        HookEvent::CommentPublished | HookEvent::CommentPending => json!({ "comment": { "current": {
            "id": id(event.subject_id),
            "post_id": id(event.story_id),
            "status": if fired == HookEvent::CommentPublished { "published" } else { "pending" },
        }}}),
    };
    Ok(value.to_string())
}
