//! The story editor's form: what the journalist typed, kept whole to be shown again, and the
//! words that tell them what is wrong with it, next to each field.

use dateline_domain::{CommentsMode, Lang};
use dateline_service::{StoryDraft, StoryProblem};
use dateline_store::stories::EditableStory;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Byline slots the editor offers.
const BYLINE_SLOTS: usize = 3;

/// The editor's fields, as typed: the draft, and what the editor itself needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "PostedStory")]
pub(crate) struct StoryForm {
    pub edition: String,
    #[serde(flatten)]
    pub draft: StoryDraft,
    /// The version the journalist started from.
    pub version: String,
    pub significant: bool,
    /// `preview` to see the story rendered without saving it.
    #[serde(skip_serializing)]
    pub intent: String,
}

/// The form as the browser posts it: one field per byline slot.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PostedStory {
    edition: String,
    headline: String,
    dek: String,
    slug: String,
    body: String,
    section: String,
    tags: String,
    author_1: String,
    author_2: String,
    author_3: String,
    dateline_place: String,
    translation: String,
    lead_image: String,
    lead_alt: String,
    lead_caption: String,
    lead_credit: String,
    comments: String,
    seo_title: String,
    seo_description: String,
    version: String,
    significant: String,
    intent: String,
}

impl From<PostedStory> for StoryForm {
    fn from(posted: PostedStory) -> Self {
        Self {
            edition: posted.edition,
            draft: StoryDraft {
                headline: posted.headline,
                dek: posted.dek,
                slug: posted.slug,
                body: posted.body.replace("\r\n", "\n"),
                section: posted.section,
                tags: posted.tags,
                authors: vec![posted.author_1, posted.author_2, posted.author_3],
                dateline_place: posted.dateline_place,
                translation: posted.translation,
                lead_image: posted.lead_image,
                lead_alt: posted.lead_alt,
                lead_caption: posted.lead_caption,
                lead_credit: posted.lead_credit,
                comments: posted.comments,
                seo_title: posted.seo_title,
                seo_description: posted.seo_description,
            },
            version: posted.version,
            significant: !posted.significant.is_empty(),
            intent: posted.intent,
        }
    }
}

impl StoryForm {
    pub fn from_story(story: &EditableStory) -> Self {
        let mut draft = StoryDraft::of_story(story);
        draft.authors.resize(BYLINE_SLOTS, String::new());
        Self {
            edition: story.edition.clone(),
            draft,
            version: story.version.to_string(),
            significant: false,
            intent: String::new(),
        }
    }

    pub fn blank(lang: Lang) -> Self {
        Self {
            edition: lang.code().to_owned(),
            draft: StoryDraft {
                comments: CommentsMode::Open.as_str().to_owned(),
                authors: vec![String::new(); BYLINE_SLOTS],
                ..StoryDraft::default()
            },
            ..Self::default()
        }
    }

    pub fn is_preview(&self) -> bool {
        self.intent == "preview"
    }
}

/// Messages by field name.
pub(crate) type FieldErrors = BTreeMap<&'static str, String>;

/// What the journalist is told about each problem, next to its field.
pub(crate) fn messages(problems: &[StoryProblem]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for problem in problems {
        let message = match problem {
            StoryProblem::HeadlineMissing => "Write a headline.".to_owned(),
            StoryProblem::HeadlineTooLong => format!(
                "Keep the headline to {} characters.",
                dateline_service::MAX_HEADLINE_CHARS
            ),
            StoryProblem::SlugInvalid => {
                "Use lowercase letters and digits, with single hyphens between words.".to_owned()
            }
            StoryProblem::SlugTaken => "Another story in this edition already uses this slug.".to_owned(),
            StoryProblem::SectionUnknown => "Choose a section of this edition.".to_owned(),
            StoryProblem::AuthorsMissing => "Give the story at least one author.".to_owned(),
            StoryProblem::AuthorUnknown => "Choose each author once, from the list.".to_owned(),
            StoryProblem::TagInvalid(name) => format!("“{name}” cannot be a tag: use letters or digits."),
            StoryProblem::LeadImageUnknown => "Choose a picture from the library.".to_owned(),
            StoryProblem::LeadAltMissing => "Describe the picture for readers who cannot see it.".to_owned(),
            StoryProblem::TranslationUnknown => "Choose a story of the other edition.".to_owned(),
            StoryProblem::TranslationNotEditable => "You may link only to a story you may edit.".to_owned(),
        };
        errors.entry(problem.field()).or_insert(message);
    }
    errors
}
