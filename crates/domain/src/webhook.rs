//! Webhooks: an integrator's address called when something happens, under Ghost's event names
//! (and Dateline's own for comments and corrections). Which newsroom events set off which hook
//! events is decided here, once.

use crate::EventKind;
use std::fmt;

/// The hook events an integrator can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HookEvent {
    PostAdded,
    PostEdited,
    PostPublished,
    /// A published story was edited (or corrected).
    PostPublishedEdited,
    PostUnpublished,
    PostDeleted,
    PageAdded,
    PageEdited,
    PageDeleted,
    TagAdded,
    TagEdited,
    TagDeleted,
    /// Anything readers see changed: what static-site builders listen for.
    SiteChanged,
    CommentPublished,
    /// A reader's comment awaits a moderator.
    CommentPending,
    CorrectionAdded,
}

impl HookEvent {
    pub const ALL: [HookEvent; 16] = [
        HookEvent::PostAdded,
        HookEvent::PostEdited,
        HookEvent::PostPublished,
        HookEvent::PostPublishedEdited,
        HookEvent::PostUnpublished,
        HookEvent::PostDeleted,
        HookEvent::PageAdded,
        HookEvent::PageEdited,
        HookEvent::PageDeleted,
        HookEvent::TagAdded,
        HookEvent::TagEdited,
        HookEvent::TagDeleted,
        HookEvent::SiteChanged,
        HookEvent::CommentPublished,
        HookEvent::CommentPending,
        HookEvent::CorrectionAdded,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HookEvent::PostAdded => "post.added",
            HookEvent::PostEdited => "post.edited",
            HookEvent::PostPublished => "post.published",
            HookEvent::PostPublishedEdited => "post.published.edited",
            HookEvent::PostUnpublished => "post.unpublished",
            HookEvent::PostDeleted => "post.deleted",
            HookEvent::PageAdded => "page.added",
            HookEvent::PageEdited => "page.edited",
            HookEvent::PageDeleted => "page.deleted",
            HookEvent::TagAdded => "tag.added",
            HookEvent::TagEdited => "tag.edited",
            HookEvent::TagDeleted => "tag.deleted",
            HookEvent::SiteChanged => "site.changed",
            HookEvent::CommentPublished => "comment.published",
            HookEvent::CommentPending => "comment.pending",
            HookEvent::CorrectionAdded => "correction.added",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        HookEvent::ALL.into_iter().find(|event| event.name() == raw)
    }

    /// The hook events a newsroom event sets off; `published` says whether its story is
    /// published now (an edit of a published story is also a change readers see).
    pub fn set_off_by(kind: EventKind, published: bool) -> Vec<HookEvent> {
        use HookEvent::*;
        match kind {
            EventKind::StoryCreated => vec![PostAdded],
            EventKind::StoryEdited | EventKind::StoryRestored if published => {
                vec![PostEdited, PostPublishedEdited, SiteChanged]
            }
            EventKind::StoryEdited | EventKind::StoryRestored => vec![PostEdited],
            EventKind::StoryPublished => vec![PostPublished, SiteChanged],
            EventKind::StoryUnpublished => vec![PostUnpublished, SiteChanged],
            EventKind::StoryDeleted => vec![PostDeleted],
            EventKind::StoryCorrected => vec![CorrectionAdded, PostPublishedEdited, SiteChanged],
            EventKind::StaticPageAdded => vec![PageAdded, SiteChanged],
            EventKind::StaticPageSaved => vec![PageEdited, SiteChanged],
            EventKind::StaticPageDeleted => vec![PageDeleted, SiteChanged],
            // A tag on no story shows nowhere yet.
            EventKind::TagAdded => vec![TagAdded],
            EventKind::TagRenamed => vec![TagEdited, SiteChanged],
            EventKind::TagDeleted => vec![TagDeleted, SiteChanged],
            EventKind::SiteSettingsChanged
            | EventKind::SectionAdded
            | EventKind::SectionRenamed
            | EventKind::SectionMoved
            | EventKind::ImageFocusSet
            | EventKind::AuthorAdded
            | EventKind::AuthorEdited
            | EventKind::StoriesLinked
            | EventKind::NewsroomRestored => vec![SiteChanged],
            EventKind::CommentPublished | EventKind::CommentApproved => vec![CommentPublished],
            EventKind::CommentHeld => vec![CommentPending],
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for HookEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a hook is delivered: an `http` or `https` address with a host, one line, at most
/// 2,000 characters. Whether the host may be called is decided when it is (see the delivery).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookTarget(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a webhook's target is an http:// or https:// address with a host")]
pub struct HookTargetError;

/// The longest target address taken.
const MAX_TARGET_CHARS: usize = 2000;

impl HookTarget {
    pub fn parse(raw: &str) -> Result<Self, HookTargetError> {
        let raw = raw.trim();
        let rest = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
            .ok_or(HookTargetError)?;
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..host_end];
        let fine = !authority.is_empty()
            && !authority.contains('@')
            && raw.chars().count() <= MAX_TARGET_CHARS
            && !raw.chars().any(|c| c.is_whitespace() || c.is_control());
        fine.then(|| HookTarget(raw.to_owned())).ok_or(HookTargetError)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hook_events_round_trip_through_their_names() {
        for event in HookEvent::ALL {
            assert_eq!(HookEvent::parse(event.name()), Some(event));
        }
        assert_eq!(HookEvent::parse("post.exploded"), None);
    }

    #[test]
    fn an_edit_of_a_published_story_is_a_change_readers_see() {
        assert_eq!(
            HookEvent::set_off_by(EventKind::StoryEdited, false),
            vec![HookEvent::PostEdited]
        );
        assert!(HookEvent::set_off_by(EventKind::StoryEdited, true).contains(&HookEvent::SiteChanged));
        assert!(HookEvent::set_off_by(EventKind::CommentReported, true).is_empty());
    }

    #[test]
    fn what_changes_every_page_is_a_site_change_and_scratch_writes_are_nothing() {
        for kind in [EventKind::SectionMoved, EventKind::ImageFocusSet] {
            assert_eq!(
                HookEvent::set_off_by(kind, false),
                vec![HookEvent::SiteChanged],
                "{kind}"
            );
        }
        for kind in [
            EventKind::StoryAutosaved,
            EventKind::StoryAutosaveDiscarded,
            EventKind::StoryNoteAdded,
        ] {
            assert!(HookEvent::set_off_by(kind, true).is_empty(), "{kind}");
        }
    }

    #[test]
    fn targets_are_web_addresses_with_a_host() {
        assert!(HookTarget::parse("https://hooks.example.org/dateline?x=1").is_ok());
        assert!(HookTarget::parse("http://127.0.0.1:9000/in").is_ok());
        for bad in [
            "",
            "ftp://example.org",
            "https://",
            "https:///path",
            "https://user:pw@example.org/",
            "https://exa mple.org",
            "javascript:alert(1)",
        ] {
            assert!(HookTarget::parse(bad).is_err(), "{bad}");
        }
        assert!(HookTarget::parse(&format!("https://example.org/{}", "a".repeat(2000))).is_err());
    }
}
