//! The story editor's form: what the journalist typed, kept whole, and its parse into content
//! the store accepts, with a message next to each field that is wrong.

use crate::{App, AppError};
use dateline_domain::{CommentsMode, Lang, Slug};
use dateline_store::stories::{EditableStory, LeadInput, StoryContent};
use dateline_store::users::StaffUser;
use serde::Serialize;
use std::collections::BTreeMap;

pub(crate) const MAX_HEADLINE_CHARS: usize = 200;
const BYLINE_SLOTS: usize = 3;

#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct StoryForm {
    pub edition: String,
    pub headline: String,
    pub dek: String,
    pub slug: String,
    pub body: String,
    pub section: String,
    pub tags: String,
    pub authors: Vec<String>,
    pub dateline_place: String,
    pub translation: String,
    pub lead_image: String,
    pub lead_alt: String,
    pub lead_caption: String,
    pub lead_credit: String,
    pub comments: String,
    pub seo_title: String,
    pub seo_description: String,
    pub version: String,
    pub significant: bool,
}

impl StoryForm {
    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let get = |name: &str| super::field(fields, name).to_owned();
        Self {
            edition: get("edition"),
            headline: get("headline"),
            dek: get("dek"),
            slug: get("slug"),
            body: get("body").replace("\r\n", "\n"),
            section: get("section"),
            tags: get("tags"),
            authors: (1..=BYLINE_SLOTS).map(|n| get(&format!("author_{n}"))).collect(),
            dateline_place: get("dateline_place"),
            translation: get("translation"),
            lead_image: get("lead_image"),
            lead_alt: get("lead_alt"),
            lead_caption: get("lead_caption"),
            lead_credit: get("lead_credit"),
            comments: get("comments"),
            seo_title: get("seo_title"),
            seo_description: get("seo_description"),
            version: get("version"),
            significant: !get("significant").is_empty(),
        }
    }

    pub fn from_story(story: &EditableStory) -> Self {
        let mut authors: Vec<String> = story.author_ids.iter().map(i64::to_string).collect();
        authors.resize(BYLINE_SLOTS, String::new());
        Self {
            edition: story.edition.clone(),
            headline: story.headline.clone(),
            dek: story.dek.clone(),
            slug: story.slug.clone(),
            body: story.body_markdown.clone(),
            section: story.section_id.to_string(),
            tags: story.tags.join(", "),
            authors,
            dateline_place: story.dateline_place.clone(),
            translation: story.translation_id.map(|id| id.to_string()).unwrap_or_default(),
            lead_image: story.lead_image_id.map(|id| id.to_string()).unwrap_or_default(),
            lead_alt: story.lead_alt.clone().unwrap_or_default(),
            lead_caption: story.lead_caption.clone().unwrap_or_default(),
            lead_credit: story.lead_credit.clone().unwrap_or_default(),
            comments: story.comments_mode.clone(),
            seo_title: story.seo_title.clone(),
            seo_description: story.seo_description.clone(),
            version: story.version.to_string(),
            significant: false,
        }
    }

    pub fn blank(lang: Lang) -> Self {
        Self {
            edition: lang.code().to_owned(),
            comments: CommentsMode::Open.as_str().to_owned(),
            authors: vec![String::new(); BYLINE_SLOTS],
            ..Self::default()
        }
    }
}

/// Messages by field name.
pub(crate) type FieldErrors = BTreeMap<&'static str, String>;

/// Checks the form against the store (sections of the edition, existing authors, pictures and
/// stories); returns the content to save, or what is wrong.
pub(crate) async fn parse(
    app: &App,
    user: &StaffUser,
    lang: Lang,
    form: &StoryForm,
    current_translation: Option<i64>,
) -> Result<Result<StoryContent, FieldErrors>, AppError> {
    let mut errors = FieldErrors::new();
    let headline = form.headline.trim().to_owned();
    if headline.is_empty() {
        errors.insert("headline", "Write a headline.".into());
    } else if headline.chars().count() > MAX_HEADLINE_CHARS {
        errors.insert(
            "headline",
            format!("Keep the headline to {MAX_HEADLINE_CHARS} characters."),
        );
    }
    let slug = match form.slug.trim() {
        "" => Slug::from_title(&headline).ok(),
        typed => Slug::parse(typed).ok(),
    };
    if slug.is_none() && !headline.is_empty() {
        errors.insert(
            "slug",
            "Use lowercase letters and digits, with single hyphens between words.".into(),
        );
    }
    let section_id = form.section.parse::<i64>().ok().filter(|id| *id > 0);
    let sections = app.store.sections(lang).await?;
    if !section_id.is_some_and(|id| sections.iter().any(|s| s.id == id)) {
        errors.insert("section", "Choose a section of this edition.".into());
    }
    let known_authors: Vec<i64> = app
        .store
        .author_choices()
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let mut author_ids = Vec::new();
    for raw in form.authors.iter().filter(|raw| !raw.is_empty()) {
        match raw.parse::<i64>() {
            Ok(id) if known_authors.contains(&id) && !author_ids.contains(&id) => author_ids.push(id),
            _ => {
                errors.insert("authors", "Choose each author once, from the list.".into());
            }
        }
    }
    if author_ids.is_empty() {
        errors
            .entry("authors")
            .or_insert_with(|| "Give the story at least one author.".into());
    }
    let mut tag_names = Vec::new();
    for name in form
        .tags
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        match Slug::from_title(name) {
            Ok(slug) if !tag_names.iter().any(|(s, _): &(Slug, String)| *s == slug) => {
                tag_names.push((slug, name.to_owned()))
            }
            Ok(_) => {}
            Err(_) => {
                errors.insert(
                    "tags",
                    format!("“{name}” cannot be a tag: use letters or digits."),
                );
            }
        }
    }
    let library = app.store.library(i64::MAX).await?;
    let lead = match form.lead_image.parse::<i64>() {
        Err(_) if form.lead_image.is_empty() => None,
        Ok(image_id) if library.iter().any(|item| item.id == image_id) => {
            // Words left empty come from the library, where every upload has its alt text.
            let item = library.iter().find(|item| item.id == image_id);
            let or_library = |typed: &str, stored: Option<&String>| match typed.trim() {
                "" => stored.cloned().unwrap_or_default(),
                typed => typed.to_owned(),
            };
            let alt = or_library(&form.lead_alt, item.map(|i| &i.alt));
            if alt.is_empty() {
                errors.insert(
                    "lead_alt",
                    "Describe the picture for readers who cannot see it.".into(),
                );
            }
            Some(LeadInput {
                image_id,
                alt,
                caption: or_library(&form.lead_caption, item.map(|i| &i.caption)),
                credit: or_library(&form.lead_credit, item.map(|i| &i.credit)),
            })
        }
        _ => {
            errors.insert("lead_image", "Choose a picture from the library.".into());
            None
        }
    };
    let translation_id = match form.translation.parse::<i64>() {
        Err(_) if form.translation.is_empty() => None,
        Ok(id) if Some(id) == current_translation => Some(id),
        Ok(id) => match app.store.story(id).await? {
            // Linking changes the other story too, so it takes the right to edit that one.
            Some(other) if other.edition == lang.other().code() => {
                if user
                    .role
                    .may_edit(other.created_by == Some(user.id), other.status()?)
                {
                    Some(id)
                } else {
                    errors.insert("translation", "You may link only to a story you may edit.".into());
                    None
                }
            }
            _ => {
                errors.insert("translation", "Choose a story of the other edition.".into());
                None
            }
        },
        Err(_) => {
            errors.insert("translation", "Choose a story of the other edition.".into());
            None
        }
    };
    let comments = form
        .comments
        .parse::<CommentsMode>()
        .unwrap_or(CommentsMode::Open);
    match (errors.is_empty(), slug, section_id) {
        (true, Some(slug), Some(section_id)) => Ok(Ok(StoryContent {
            headline,
            dek: form.dek.trim().to_owned(),
            slug,
            body_markdown: form.body.clone(),
            dateline_place: form.dateline_place.trim().to_owned(),
            section_id,
            tag_names,
            author_ids,
            lead,
            comments,
            seo_title: form.seo_title.trim().to_owned(),
            seo_description: form.seo_description.trim().to_owned(),
            translation_id,
        })),
        _ => Ok(Err(errors)),
    }
}
