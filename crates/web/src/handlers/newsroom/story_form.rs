//! The story editor's form: what the journalist typed, kept whole to be shown again, and the
//! words that tell them what is wrong with it, next to each field.

use super::say;
use crate::App;
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
}

/// Messages by field name.
pub(crate) type FieldErrors = BTreeMap<&'static str, String>;

/// What the journalist is told about each problem, next to its field, in `lang`.
pub(crate) fn messages(app: &App, lang: Lang, problems: &[StoryProblem]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for problem in problems {
        let key = match problem {
            StoryProblem::HeadlineMissing => "headline_missing",
            StoryProblem::HeadlineTooLong => "headline_too_long",
            StoryProblem::SlugInvalid => "slug_invalid",
            StoryProblem::SlugTaken => "slug_taken",
            StoryProblem::SectionUnknown => "section_unknown",
            StoryProblem::AuthorsMissing => "authors_missing",
            StoryProblem::AuthorUnknown => "author_unknown",
            StoryProblem::TagInvalid(_) => "tag_invalid",
            StoryProblem::LeadImageUnknown => "lead_image_unknown",
            StoryProblem::LeadAltMissing => "lead_alt_missing",
            StoryProblem::TranslationUnknown => "translation_unknown",
            StoryProblem::TranslationNotEditable => "translation_not_editable",
        };
        let max = dateline_render::digits(lang, &dateline_service::MAX_HEADLINE_CHARS.to_string());
        let tag = match problem {
            StoryProblem::TagInvalid(name) => name.as_str(),
            _ => "",
        };
        let message = say(
            app,
            lang,
            &format!("newsroom.story.problem.{key}"),
            &[("max", &max), ("tag", tag)],
        );
        errors.entry(problem.field()).or_insert(message);
    }
    errors
}
