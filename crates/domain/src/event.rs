//! Events: the record every change to the newsroom's data leaves, written in the same
//! transaction as the change. Each is a fact in the past tense, kept small (ids and the page
//! tags it touches, never whole documents); whoever follows the events reads the rows it needs.

use crate::Lang;
use chrono::{DateTime, Utc};
use std::fmt;
use std::str::FromStr;

/// What a page shows, named so that a change forgets exactly the pages showing what it changed.
/// The same words are sent to CDNs as `Surrogate-Key`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageTag {
    /// A story's words, byline, picture or status: its own page, and every list showing it.
    Story(i64),
    /// The comments shown under a story.
    Comments(i64),
    /// Which stories an edition has published, newest first: the front page, feeds, sitemaps.
    Edition(Lang),
    /// Which stories a section lists (also the "more from" list under each of its stories).
    Section(i64),
    /// Which stories a tag lists.
    Topic(i64),
    /// Which stories an author's page lists.
    Author(i64),
    /// What every page shows: settings, sections, static pages, comment rules. A change
    /// tagged with it forgets every page.
    Site,
    /// What the JSON APIs answer: forgotten by every change to what readers see.
    Api,
}

impl fmt::Display for PageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageTag::Story(id) => write!(f, "story-{id}"),
            PageTag::Comments(id) => write!(f, "comments-{id}"),
            PageTag::Edition(lang) => write!(f, "edition-{lang}"),
            PageTag::Section(id) => write!(f, "section-{id}"),
            PageTag::Topic(id) => write!(f, "tag-{id}"),
            PageTag::Author(id) => write!(f, "author-{id}"),
            PageTag::Site => f.write_str("site"),
            PageTag::Api => f.write_str("api"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a page tag: {0:?}")]
pub struct UnknownTag(pub String);

impl FromStr for PageTag {
    type Err = UnknownTag;

    fn from_str(raw: &str) -> Result<Self, UnknownTag> {
        let unknown = || UnknownTag(raw.to_owned());
        match raw {
            "site" => return Ok(PageTag::Site),
            "api" => return Ok(PageTag::Api),
            _ => {}
        }
        let (name, value) = raw.rsplit_once('-').ok_or_else(unknown)?;
        if name == "edition" {
            return value.parse().map(PageTag::Edition).map_err(|_| unknown());
        }
        let id: i64 = value.parse().map_err(|_| unknown())?;
        match name {
            "story" => Ok(PageTag::Story(id)),
            "comments" => Ok(PageTag::Comments(id)),
            "section" => Ok(PageTag::Section(id)),
            "tag" => Ok(PageTag::Topic(id)),
            "author" => Ok(PageTag::Author(id)),
            _ => Err(unknown()),
        }
    }
}

/// Tags as they are stored with an event: space-separated, each once, in a fixed order.
pub fn tags_to_text(tags: &[PageTag]) -> String {
    let mut sorted = tags.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(PageTag::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tags stored with an event.
pub fn tags_from_text(text: &str) -> Result<Vec<PageTag>, UnknownTag> {
    text.split_whitespace().map(str::parse).collect()
}

/// Who made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A member of the newsroom, by user id.
    Member(i64),
    /// A reader of the site (a comment, a report).
    Reader,
    /// Dateline itself: the scheduler, the demo seed, an operator's command.
    System,
}

impl Actor {
    pub fn member_id(self) -> Option<i64> {
        match self {
            Actor::Member(id) => Some(id),
            Actor::Reader | Actor::System => None,
        }
    }

    /// How the actor is stored: `member:<id>`, `reader` or `system`.
    pub fn to_text(self) -> String {
        match self {
            Actor::Member(id) => format!("member:{id}"),
            Actor::Reader => "reader".to_owned(),
            Actor::System => "system".to_owned(),
        }
    }

    pub fn from_text(raw: &str) -> Option<Self> {
        match raw {
            "reader" => Some(Actor::Reader),
            "system" => Some(Actor::System),
            _ => raw.strip_prefix("member:")?.parse().ok().map(Actor::Member),
        }
    }
}

/// Declares the kinds of event with the names they are stored under.
macro_rules! event_kinds {
    ($($(#[$doc:meta])* $kind:ident => $name:literal,)*) => {
        /// What happened. Stored by name (`story.published`), so new kinds can be added freely
        /// and a follower meeting a name it does not know can skip it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventKind {
            $($(#[$doc])* $kind,)*
        }

        impl EventKind {
            pub const ALL: &'static [EventKind] = &[$(EventKind::$kind,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(EventKind::$kind => $name,)*
                }
            }
        }
    };
}

event_kinds! {
    /// A story was started (as a draft).
    StoryCreated => "story.created",
    /// A story's words or settings were saved as a new revision.
    StoryEdited => "story.edited",
    /// An earlier revision's words were saved as a new revision.
    StoryRestored => "story.restored",
    StorySubmitted => "story.submitted",
    StoryReturnedToDraft => "story.returned_to_draft",
    StoryScheduled => "story.scheduled",
    StoryPublished => "story.published",
    StoryUnpublished => "story.unpublished",
    StoryCorrected => "story.corrected",
    /// What a member typed in the story editor was kept, unsaved (a story not yet started has
    /// no story id); readers see nothing of it.
    StoryAutosaved => "story.autosaved",
    /// A member threw away what had been kept of their unsaved typing.
    StoryAutosaveDiscarded => "story.autosave_discarded",
    /// A member left a note on a story for the newsroom (subject: the note's id).
    StoryNoteAdded => "story.note_added",
    /// A story was brought in from an archive (an import), or brought up to date with it.
    StoryImported => "story.imported",
    /// A story no reader saw (never published) was deleted.
    StoryDeleted => "story.deleted",
    /// Two stories were linked as one story in the two editions.
    StoriesLinked => "story.translation_linked",
    /// A tag was taken off a story because the tag was deleted.
    StoryTagRemoved => "story.tag_removed",
    /// A reader's comment passed the rules and was published at once.
    CommentPublished => "comment.published",
    /// A reader's comment awaits a moderator.
    CommentHeld => "comment.held",
    /// A reader's comment was refused by the rules.
    CommentRefused => "comment.refused",
    /// A comment was brought in from an archive with the story it is under.
    CommentImported => "comment.imported",
    CommentApproved => "comment.approved",
    CommentRejected => "comment.rejected",
    CommentFeatured => "comment.featured",
    CommentUnfeatured => "comment.unfeatured",
    CommentReported => "comment.reported",
    CommenterBanned => "commenter.banned",
    CommenterSuspended => "commenter.suspended",
    /// A ban or suspension was ended before its time (subject: the ban's id).
    CommenterBanLifted => "commenter.ban_lifted",
    /// A commenter's comments and the bans naming them were erased on request.
    CommenterErased => "commenter.erased",
    ModerationRulesChanged => "moderation.rules_changed",
    SiteSettingsChanged => "site.settings_changed",
    StaticPageAdded => "page.added",
    StaticPageSaved => "page.saved",
    StaticPageDeleted => "page.deleted",
    SectionAdded => "section.added",
    SectionRenamed => "section.renamed",
    /// A section moved earlier or later in its edition's navigation (subject: the section).
    SectionMoved => "section.moved",
    TagAdded => "tag.added",
    TagRenamed => "tag.renamed",
    /// A tag was deleted; each story it was on has its own `StoryTagRemoved`.
    TagDeleted => "tag.deleted",
    AuthorAdded => "author.added",
    AuthorEdited => "author.edited",
    ImageAdded => "image.added",
    ImageDeleted => "image.deleted",
    /// Where a picture's subject is was set: every page that crops it changes.
    ImageFocusSet => "image.focus_set",
    MemberAdded => "member.added",
    MemberInvited => "member.invited",
    MemberPasswordSet => "member.password_set",
    MemberRoleChanged => "member.role_changed",
    /// A member may sign in no more (their sessions ended); their bylines and stories stay.
    MemberDeactivated => "member.deactivated",
    MemberReactivated => "member.reactivated",
    /// A member chose the language the newsroom speaks to them in.
    MemberLanguageChosen => "member.language_chosen",
    /// A key for the JSON APIs was made (subject: the key's id).
    ApiKeyAdded => "api_key.added",
    /// A key for the JSON APIs stopped working (subject: the key's id).
    ApiKeyRevoked => "api_key.revoked",
    /// A webhook was added, changed or removed (subject: the webhook's id).
    WebhookAdded => "webhook.added",
    WebhookEdited => "webhook.edited",
    WebhookDeleted => "webhook.deleted",
    /// A webhook's receiver answered 410 Gone: it is called no more.
    WebhookDisabled => "webhook.disabled",
    /// An old address was sent to a new one, or no longer is (subject: the redirect's id).
    RedirectAdded => "redirect.added",
    RedirectChanged => "redirect.changed",
    RedirectDeleted => "redirect.deleted",
    /// An operator asked every node to build its search index afresh.
    SearchRebuildRequested => "search.rebuild_requested",
    /// A whole newsroom was brought into an empty store from a Dateline export: every page
    /// and the search index start afresh.
    NewsroomRestored => "newsroom.restored",
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for EventKind {
    type Err = UnknownKind;

    fn from_str(raw: &str) -> Result<Self, UnknownKind> {
        EventKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == raw)
            .ok_or_else(|| UnknownKind(raw.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event kind {0:?}")]
pub struct UnknownKind(pub String);

impl EventKind {
    /// Whether the event changes what the search index holds of the story it names.
    pub fn changes_story_words(self) -> bool {
        use EventKind::*;
        matches!(
            self,
            StoryCreated
                | StoryEdited
                | StoryRestored
                | StorySubmitted
                | StoryReturnedToDraft
                | StoryScheduled
                | StoryPublished
                | StoryUnpublished
                | StoriesLinked
                | StoryTagRemoved
                | StoryImported
        )
    }
}

/// A change about to be recorded, in the transaction that makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub kind: EventKind,
    /// The story the change concerns, if any (for a comment: the story it is under).
    pub story_id: Option<i64>,
    /// The thing changed when it is not a story: a comment, member, picture, section, author,
    /// tag or page id.
    pub subject_id: Option<i64>,
    /// The pages showing what changed.
    pub tags: Vec<PageTag>,
    pub actor: Actor,
}

impl NewEvent {
    pub fn new(kind: EventKind, actor: Actor) -> Self {
        Self {
            kind,
            story_id: None,
            subject_id: None,
            tags: Vec::new(),
            actor,
        }
    }

    pub fn story(mut self, id: i64) -> Self {
        self.story_id = Some(id);
        self
    }

    pub fn subject(mut self, id: i64) -> Self {
        self.subject_id = Some(id);
        self
    }

    pub fn tagged(mut self, tags: impl IntoIterator<Item = PageTag>) -> Self {
        self.tags.extend(tags);
        self
    }
}

/// A recorded change, as followers read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Increases with every event, in the order their transactions committed.
    pub id: i64,
    /// `None` for a kind written by a newer version of Dateline.
    pub kind: Option<EventKind>,
    pub story_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub tags: Vec<PageTag>,
    pub actor: Option<Actor>,
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_their_stored_words() {
        let tags = vec![
            PageTag::Story(7),
            PageTag::Comments(7),
            PageTag::Edition(Lang::Ar),
            PageTag::Section(3),
            PageTag::Topic(12),
            PageTag::Author(4),
            PageTag::Site,
            PageTag::Api,
        ];
        let text = tags_to_text(&tags);
        let mut back = tags_from_text(&text).unwrap();
        back.sort();
        let mut expected = tags.clone();
        expected.sort();
        assert_eq!(back, expected);
        assert!("story-x".parse::<PageTag>().is_err());
        assert!("edition-fr".parse::<PageTag>().is_err());
        assert!("nothing".parse::<PageTag>().is_err());
    }

    #[test]
    fn stored_tags_are_unique() {
        let text = tags_to_text(&[PageTag::Story(1), PageTag::Story(1), PageTag::Site]);
        assert_eq!(text, "story-1 site");
    }

    #[test]
    fn kinds_and_actors_round_trip() {
        for kind in EventKind::ALL {
            assert_eq!(kind.name().parse::<EventKind>(), Ok(*kind));
        }
        for actor in [Actor::Member(3), Actor::Reader, Actor::System] {
            assert_eq!(Actor::from_text(&actor.to_text()), Some(actor));
        }
        assert_eq!(Actor::from_text("member:x"), None);
    }
}
