//! Writing stories: a draft as the journalist typed it is checked against the newsroom (its
//! sections, authors, pictures and stories) and saved as a new revision, never on top of
//! someone else's newer one.

use crate::Service;
use dateline_domain::{Action, Actor, Article, ArticleStatus, CommentsMode, Lang, Slug};
use dateline_store::StoreError;
use dateline_store::stories::{EditableStory, LeadInput, StoryContent, StoryEdit, StoryError};
use dateline_store::users::StaffUser;

/// The longest headline, in characters.
pub const MAX_HEADLINE_CHARS: usize = 200;

/// A story as the journalist typed it, every field as text (ids included), so that whatever
/// was typed can be shown again next to what was wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StoryDraft {
    pub headline: String,
    pub dek: String,
    /// Empty: made from the headline.
    pub slug: String,
    pub body: String,
    pub section: String,
    /// Comma-separated names.
    pub tags: String,
    /// Author ids, in byline order; empty slots are skipped.
    pub authors: Vec<String>,
    pub dateline_place: String,
    /// The id of the same story in the other edition, or empty.
    pub translation: String,
    /// A picture of the library by id, or empty for none.
    pub lead_image: String,
    /// Left empty, the words come from the picture's library entry.
    pub lead_alt: String,
    pub lead_caption: String,
    pub lead_credit: String,
    pub comments: String,
    pub seo_title: String,
    pub seo_description: String,
}

impl StoryDraft {
    /// The story as saved, as its editor shows it.
    pub fn of_story(story: &EditableStory) -> Self {
        Self {
            headline: story.headline.clone(),
            dek: story.dek.clone(),
            slug: story.slug.clone(),
            body: story.body_markdown.clone(),
            section: story.section_id.to_string(),
            tags: story.tags.join(", "),
            authors: story.author_ids.iter().map(i64::to_string).collect(),
            dateline_place: story.dateline_place.clone(),
            translation: story.translation_id.map(|id| id.to_string()).unwrap_or_default(),
            lead_image: story.lead_image_id.map(|id| id.to_string()).unwrap_or_default(),
            lead_alt: story.lead_alt.clone().unwrap_or_default(),
            lead_caption: story.lead_caption.clone().unwrap_or_default(),
            lead_credit: story.lead_credit.clone().unwrap_or_default(),
            comments: story.comments_mode.clone(),
            seo_title: story.seo_title.clone(),
            seo_description: story.seo_description.clone(),
        }
    }
}

/// What is wrong with a draft, each next to its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryProblem {
    HeadlineMissing,
    HeadlineTooLong,
    SlugInvalid,
    /// Another story of the edition has this slug.
    SlugTaken,
    SectionUnknown,
    AuthorsMissing,
    /// An author not in the list, or the same author twice.
    AuthorUnknown,
    /// A tag with no letter or digit in it.
    TagInvalid(String),
    LeadImageUnknown,
    LeadAltMissing,
    TranslationUnknown,
    /// Linking changes the other story too, so it takes the right to edit that one.
    TranslationNotEditable,
}

impl StoryProblem {
    /// The form field the problem is shown next to.
    pub fn field(&self) -> &'static str {
        match self {
            StoryProblem::HeadlineMissing | StoryProblem::HeadlineTooLong => "headline",
            StoryProblem::SlugInvalid | StoryProblem::SlugTaken => "slug",
            StoryProblem::SectionUnknown => "section",
            StoryProblem::AuthorsMissing | StoryProblem::AuthorUnknown => "authors",
            StoryProblem::TagInvalid(_) => "tags",
            StoryProblem::LeadImageUnknown => "lead_image",
            StoryProblem::LeadAltMissing => "lead_alt",
            StoryProblem::TranslationUnknown | StoryProblem::TranslationNotEditable => "translation",
        }
    }
}

/// Why a story was not written.
#[derive(Debug, thiserror::Error)]
pub enum StoryWriteError {
    #[error("the story has problems: {0:?}")]
    Invalid(Vec<StoryProblem>),
    /// Someone saved the story since the version the journalist started from.
    #[error("someone else saved the story in the meantime")]
    StaleVersion,
    #[error("the member's role does not allow this")]
    NotAllowed,
    #[error("no such story")]
    NotFound,
    /// Only a story no reader saw is deleted; a published one is unpublished instead.
    #[error("a story readers have seen is unpublished, not deleted")]
    SeenByReaders,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<StoryError> for StoryWriteError {
    fn from(error: StoryError) -> Self {
        match error {
            StoryError::NotFound => StoryWriteError::NotFound,
            StoryError::SlugTaken => StoryWriteError::Invalid(vec![StoryProblem::SlugTaken]),
            // A save checks the version (a move, the status): either way, someone else was first.
            StoryError::StaleVersion | StoryError::StatusChanged => StoryWriteError::StaleVersion,
            StoryError::Store(error) => StoryWriteError::Store(error),
        }
    }
}

/// Whether `user` wrote the story.
pub fn is_own(user: &StaffUser, story: &EditableStory) -> bool {
    story.created_by == Some(user.id)
}

impl Service {
    /// Checks a draft against the newsroom: the content to save, or every problem found.
    /// `current_translation` is the story's link as saved, which needs no new right to keep.
    pub async fn check_story(
        &self,
        user: &StaffUser,
        lang: Lang,
        draft: &StoryDraft,
        current_translation: Option<i64>,
    ) -> Result<Result<StoryContent, Vec<StoryProblem>>, StoreError> {
        let store = self.store();
        let mut problems = Vec::new();
        let headline = draft.headline.trim().to_owned();
        if headline.is_empty() {
            problems.push(StoryProblem::HeadlineMissing);
        } else if headline.chars().count() > MAX_HEADLINE_CHARS {
            problems.push(StoryProblem::HeadlineTooLong);
        }
        let slug = match draft.slug.trim() {
            "" => Slug::from_title(&headline).ok(),
            typed => Slug::parse(typed).ok(),
        };
        if slug.is_none() && !headline.is_empty() {
            problems.push(StoryProblem::SlugInvalid);
        }
        let section_id = draft.section.trim().parse::<i64>().ok();
        let sections = store.sections(lang).await?;
        let section_id = section_id.filter(|id| sections.iter().any(|s| s.id == *id));
        if section_id.is_none() {
            problems.push(StoryProblem::SectionUnknown);
        }
        let known_authors: Vec<i64> = store.author_choices().await?.into_iter().map(|c| c.id).collect();
        let mut author_ids = Vec::new();
        let mut authors_ok = true;
        for raw in draft
            .authors
            .iter()
            .map(|raw| raw.trim())
            .filter(|raw| !raw.is_empty())
        {
            match raw.parse::<i64>() {
                Ok(id) if known_authors.contains(&id) && !author_ids.contains(&id) => author_ids.push(id),
                _ => authors_ok = false,
            }
        }
        if !authors_ok {
            problems.push(StoryProblem::AuthorUnknown);
        } else if author_ids.is_empty() {
            problems.push(StoryProblem::AuthorsMissing);
        }
        let mut tag_names: Vec<(Slug, String)> = Vec::new();
        for name in draft
            .tags
            .split([',', '،'])
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            match Slug::from_title(name) {
                Ok(slug) if !tag_names.iter().any(|(s, _)| *s == slug) => {
                    tag_names.push((slug, name.to_owned()))
                }
                Ok(_) => {}
                Err(_) => problems.push(StoryProblem::TagInvalid(name.to_owned())),
            }
        }
        let lead = match draft.lead_image.trim() {
            "" => None,
            raw => match raw.parse::<i64>().ok() {
                Some(image_id) => match store.library_image(image_id).await? {
                    Some(item) => {
                        // Words left empty come from the library, where every upload has its alt text.
                        let or_library = |typed: &str, stored: &str| match typed.trim() {
                            "" => stored.to_owned(),
                            typed => typed.to_owned(),
                        };
                        let alt = or_library(&draft.lead_alt, &item.alt);
                        if alt.is_empty() {
                            problems.push(StoryProblem::LeadAltMissing);
                        }
                        Some(LeadInput {
                            image_id,
                            alt,
                            caption: or_library(&draft.lead_caption, &item.caption),
                            credit: or_library(&draft.lead_credit, &item.credit),
                        })
                    }
                    None => {
                        problems.push(StoryProblem::LeadImageUnknown);
                        None
                    }
                },
                None => {
                    problems.push(StoryProblem::LeadImageUnknown);
                    None
                }
            },
        };
        let translation_id = match draft.translation.trim() {
            "" => None,
            raw => match raw.parse::<i64>().ok() {
                Some(id) if Some(id) == current_translation => Some(id),
                Some(id) => match store.story(id).await? {
                    Some(other) if other.edition == lang.other().code() => {
                        let status = other.status()?;
                        if user.role.may_edit(other.created_by == Some(user.id), status) {
                            Some(id)
                        } else {
                            problems.push(StoryProblem::TranslationNotEditable);
                            None
                        }
                    }
                    _ => {
                        problems.push(StoryProblem::TranslationUnknown);
                        None
                    }
                },
                None => {
                    problems.push(StoryProblem::TranslationUnknown);
                    None
                }
            },
        };
        let comments = draft
            .comments
            .parse::<CommentsMode>()
            .unwrap_or(CommentsMode::Open);
        Ok(match (problems.is_empty(), slug, section_id) {
            (true, Some(slug), Some(section_id)) => Ok(StoryContent {
                headline,
                dek: draft.dek.trim().to_owned(),
                slug,
                body_markdown: draft.body.replace("\r\n", "\n"),
                dateline_place: draft.dateline_place.trim().to_owned(),
                section_id,
                tag_names,
                author_ids,
                lead,
                comments,
                seo_title: draft.seo_title.trim().to_owned(),
                seo_description: draft.seo_description.trim().to_owned(),
                translation_id,
            }),
            _ => Err(problems),
        })
    }

    /// The story readers would see from `draft`, unsaved (story `story_id`, or a new one in
    /// `lang`), or every problem that keeps it from being saved.
    pub async fn preview_story(
        &self,
        user: &StaffUser,
        lang: Lang,
        draft: &StoryDraft,
        story_id: Option<i64>,
    ) -> Result<Result<Article, Vec<StoryProblem>>, StoryWriteError> {
        let (lang, translation) = match story_id {
            Some(id) => {
                let story = self.store().story(id).await?.ok_or(StoryWriteError::NotFound)?;
                if !user.role.may_read(is_own(user, &story)) {
                    return Err(StoryWriteError::NotFound);
                }
                (story.lang()?, story.translation_id)
            }
            None => (lang, None),
        };
        let content = match self.check_story(user, lang, draft, translation).await? {
            Ok(content) => content,
            Err(problems) => return Ok(Err(problems)),
        };
        Ok(Ok(self.store().unsaved_article(lang, &content, story_id).await?))
    }

    /// Starts a story in `lang` as a draft with its first revision; returns its id.
    pub async fn create_story(
        &self,
        user: &StaffUser,
        lang: Lang,
        draft: &StoryDraft,
    ) -> Result<i64, StoryWriteError> {
        if !user.role.can(Action::WriteStories) {
            return Err(StoryWriteError::NotAllowed);
        }
        let content = self
            .check_story(user, lang, draft, None)
            .await?
            .map_err(StoryWriteError::Invalid)?;
        let id = self
            .store()
            .create_story(lang, &content, Actor::Member(user.id))
            .await?;
        self.committed().await;
        Ok(id)
    }

    /// Saves a new revision of story `id`, unless someone saved since `expected_version`.
    /// A significant update also sets the time readers see as "Updated". Returns the version.
    pub async fn save_story(
        &self,
        user: &StaffUser,
        id: i64,
        expected_version: i64,
        draft: &StoryDraft,
        significant: bool,
    ) -> Result<i64, StoryWriteError> {
        let story = self.editable_story(user, id).await?;
        let content = self
            .check_story(user, story.lang()?, draft, story.translation_id)
            .await?
            .map_err(StoryWriteError::Invalid)?;
        let edit = StoryEdit {
            id,
            expected_version,
            content: &content,
            significant,
            restored: false,
        };
        self.write_edit(user, edit).await
    }

    /// Moves story `id` to another section of its edition: a save of the story as it stands
    /// with only its section changed (a revision, as any save).
    pub async fn change_story_section(
        &self,
        user: &StaffUser,
        id: i64,
        section_id: i64,
    ) -> Result<(), StoryWriteError> {
        let story = self.editable_story(user, id).await?;
        let mut draft = StoryDraft::of_story(&story);
        draft.section = section_id.to_string();
        self.save_story(user, id, story.version, &draft, false)
            .await
            .map(|_| ())
    }

    /// Saves an earlier revision's words as a new revision; byline, tags, picture and settings
    /// stay as they are now.
    pub async fn restore_revision(
        &self,
        user: &StaffUser,
        id: i64,
        version: i64,
    ) -> Result<i64, StoryWriteError> {
        let story = self.editable_story(user, id).await?;
        let revisions = self.store().revisions(id).await?;
        let old = revisions
            .iter()
            .find(|revision| revision.version == version)
            .ok_or(StoryWriteError::NotFound)?;
        let slug =
            Slug::parse(&old.slug).map_err(|_| StoryWriteError::Invalid(vec![StoryProblem::SlugInvalid]))?;
        let lead = story.lead_image_id.map(|image_id| LeadInput {
            image_id,
            alt: story.lead_alt.clone().unwrap_or_default(),
            caption: story.lead_caption.clone().unwrap_or_default(),
            credit: story.lead_credit.clone().unwrap_or_default(),
        });
        let tag_names = story
            .tags
            .iter()
            .filter_map(|name| Slug::from_title(name).ok().map(|slug| (slug, name.clone())))
            .collect();
        let content = StoryContent {
            headline: old.headline.clone(),
            dek: old.dek.clone(),
            slug,
            body_markdown: old.body_markdown.clone(),
            dateline_place: old.dateline_place.clone(),
            section_id: story.section_id,
            tag_names,
            author_ids: story.author_ids.clone(),
            lead,
            comments: story.comments_mode.parse().unwrap_or(CommentsMode::Open),
            seo_title: old.seo_title.clone(),
            seo_description: old.seo_description.clone(),
            translation_id: story.translation_id,
        };
        let edit = StoryEdit {
            id,
            expected_version: story.version,
            content: &content,
            significant: false,
            restored: true,
        };
        self.write_edit(user, edit).await
    }

    /// Deletes story `id` with its revisions, if no reader ever saw it and `user` may edit it.
    pub async fn delete_story(&self, user: &StaffUser, id: i64) -> Result<(), StoryWriteError> {
        let story = self.editable_story(user, id).await?;
        let unseen = matches!(story.status()?, ArticleStatus::Draft | ArticleStatus::InReview)
            && story.published_at.is_none();
        if !unseen {
            return Err(StoryWriteError::SeenByReaders);
        }
        self.store()
            .delete_unpublished_story(id, Actor::Member(user.id))
            .await?;
        self.committed().await;
        Ok(())
    }

    /// The story `id`, if `user` may edit it.
    async fn editable_story(&self, user: &StaffUser, id: i64) -> Result<EditableStory, StoryWriteError> {
        let story = self.store().story(id).await?.ok_or(StoryWriteError::NotFound)?;
        if !user.role.may_edit(is_own(user, &story), story.status()?) {
            return Err(StoryWriteError::NotAllowed);
        }
        Ok(story)
    }

    async fn write_edit(&self, user: &StaffUser, edit: StoryEdit<'_>) -> Result<i64, StoryWriteError> {
        let version = self.store().save_story(edit, Actor::Member(user.id)).await?;
        self.committed().await;
        Ok(version)
    }
}
