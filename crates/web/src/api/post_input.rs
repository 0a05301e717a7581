//! A post as an Admin API client sends it, in Ghost's keys, made into a story draft that the
//! newsroom's own checks then judge. Fields left out keep what the story has.

use super::error::ApiError;
use crate::App;
use chrono::{DateTime, Utc};
use dateline_domain::object_id::from_object_id;
use dateline_domain::{ArticleStatus, Lang, Slug};
use dateline_service::{StoryDraft, StoryProblem};
use dateline_store::stories::{EditableStory, Revision};
use serde::Deserialize;
use serde_json::Value;

/// Ghost's post keys Dateline reads, and Dateline's own (`edition`, `section`, `dateline`,
/// `markdown`, `feature_image_credit`). Keys Dateline does not keep are ignored.
#[derive(Debug, Default, Deserialize)]
pub struct PostInput {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub html: Option<String>,
    pub markdown: Option<String>,
    pub lexical: Option<Value>,
    pub mobiledoc: Option<Value>,
    pub custom_excerpt: Option<String>,
    pub status: Option<String>,
    pub published_at: Option<String>,
    pub updated_at: Option<String>,
    pub tags: Option<Vec<Named>>,
    pub authors: Option<Vec<Named>>,
    pub feature_image: Option<String>,
    pub feature_image_alt: Option<String>,
    pub feature_image_caption: Option<String>,
    pub feature_image_credit: Option<String>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub edition: Option<String>,
    pub section: Option<String>,
    pub dateline: Option<String>,
}

/// A tag or author as Ghost's clients name one: a bare name, or an object with an id, slug or
/// name.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Named {
    Text(String),
    Object {
        id: Option<String>,
        slug: Option<String>,
        name: Option<String>,
    },
}

/// The status a client asks for, as Ghost names them (and `in_review`, Dateline's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    Draft,
    InReview,
    Scheduled,
    Published,
}

/// Ghost's status for a story: one not published nor scheduled is a draft to Ghost.
pub fn ghost_status(status: ArticleStatus) -> &'static str {
    match status {
        ArticleStatus::Published => "published",
        ArticleStatus::Scheduled => "scheduled",
        ArticleStatus::Draft | ArticleStatus::InReview | ArticleStatus::Unpublished => "draft",
    }
}

impl Wanted {
    pub fn parse(raw: &str, action: &'static str) -> Result<Self, ApiError> {
        match raw {
            "draft" => Ok(Wanted::Draft),
            "in_review" => Ok(Wanted::InReview),
            "scheduled" => Ok(Wanted::Scheduled),
            "published" => Ok(Wanted::Published),
            _ => Err(invalid(
                action,
                "status",
                "one of draft, in_review, scheduled, published",
            )),
        }
    }

    /// The workflow move that takes a story in `from` to this status, if one is needed.
    pub fn move_from(self, from: ArticleStatus) -> Option<ArticleStatus> {
        use ArticleStatus as S;
        let to = match (self, from) {
            (Wanted::Draft, S::Published) => S::Unpublished,
            (Wanted::Draft, S::Scheduled) => S::Draft,
            // Ghost calls a story in review a draft too: a client sending back what it read
            // leaves it in review.
            (Wanted::Draft, _) => return None,
            (Wanted::InReview, _) => S::InReview,
            (Wanted::Scheduled, _) => S::Scheduled,
            (Wanted::Published, _) => S::Published,
        };
        // Rescheduling is a move; staying where it is, otherwise, is none.
        (to != from || to == S::Scheduled).then_some(to)
    }
}

pub fn invalid(action: &str, field: &str, expected: &str) -> ApiError {
    ApiError::Invalid {
        action: action.to_owned(),
        context: format!("{field}: {expected}"),
    }
}

/// Ghost's name for the field a problem is about.
fn ghost_field(problem: &StoryProblem) -> &'static str {
    match problem.field() {
        "headline" => "title",
        "dek" => "custom_excerpt",
        "lead_image" => "feature_image",
        "lead_alt" => "feature_image_alt",
        other => other,
    }
}

/// The problems the newsroom found, as Ghost's validation error.
pub fn problems_error(action: &str, problems: &[StoryProblem]) -> ApiError {
    let said: Vec<String> = problems
        .iter()
        .map(|problem| {
            let what = match problem {
                StoryProblem::HeadlineMissing => "a post needs a title".to_owned(),
                StoryProblem::HeadlineTooLong => "the title is too long".to_owned(),
                StoryProblem::SlugInvalid => "the slug has no letter or digit".to_owned(),
                StoryProblem::SlugTaken => "another post of the edition has this slug".to_owned(),
                StoryProblem::SectionUnknown => "no such section in the edition".to_owned(),
                StoryProblem::AuthorsMissing => "a post needs an author".to_owned(),
                StoryProblem::AuthorUnknown => "an author not known, or named twice".to_owned(),
                StoryProblem::TagInvalid(name) => format!("the tag {name:?} has no letter or digit"),
                StoryProblem::LeadImageUnknown => {
                    "not a picture of the media library (upload it with /images/upload/ first)".to_owned()
                }
                StoryProblem::LeadAltMissing => {
                    "describe the picture for readers who cannot see it".to_owned()
                }
                StoryProblem::TranslationUnknown | StoryProblem::TranslationNotEditable => {
                    "not a story this key may link".to_owned()
                }
            };
            format!("{}: {what}", ghost_field(problem))
        })
        .collect();
    ApiError::Invalid {
        action: action.to_owned(),
        context: said.join("; "),
    }
}

/// Reads the one item of a request body, `{"<resource>": [item]}`.
pub fn read_one<T: serde::de::DeserializeOwned>(
    body: &[u8],
    resource: &str,
    action: &'static str,
) -> Result<T, ApiError> {
    let refuse = |error: String| ApiError::Invalid {
        action: action.to_owned(),
        context: format!("The request body is not {{\"{resource}\": [one]}}: {error}"),
    };
    let mut body: serde_json::Map<String, Value> =
        serde_json::from_slice(body).map_err(|error| refuse(error.to_string()))?;
    let items = body
        .remove(resource)
        .ok_or_else(|| refuse(format!("no {resource}")))?;
    let items: Vec<T> = serde_json::from_value(items).map_err(|error| refuse(error.to_string()))?;
    let mut items = items.into_iter();
    match (items.next(), items.next()) {
        (Some(item), None) => Ok(item),
        _ => Err(invalid(action, resource, "exactly one")),
    }
}

/// The `updated_at` an edit sends: the time of the item as the client last read it.
pub fn updated_at_sent(raw: Option<&str>, action: &'static str) -> Result<DateTime<Utc>, ApiError> {
    raw.and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| invalid(action, "updated_at", "the updated_at of the item as last read"))
}

/// Whether an `updated_at` sent names the time kept: the APIs show times to the millisecond.
pub fn same_moment(sent: DateTime<Utc>, kept: DateTime<Utc>) -> bool {
    sent.timestamp_millis() == kept.timestamp_millis()
}

/// Reads the one post of a request body.
pub fn read_body(body: &[u8], action: &'static str) -> Result<PostInput, ApiError> {
    read_one(body, "posts", action)
}

/// The edition a new post is written in: `edition`, else the English one.
pub fn edition(input: &PostInput, action: &'static str) -> Result<Lang, ApiError> {
    match input.edition.as_deref() {
        None => Ok(Lang::En),
        Some(code) => code.parse().map_err(|_| invalid(action, "edition", "en or ar")),
    }
}

/// A body as a client sent it: Markdown, HTML, or a format Dateline does not read.
pub struct SentBody<'a> {
    pub markdown: Option<&'a str>,
    pub html: Option<&'a str>,
    /// Whether `lexical` or `mobiledoc` was sent.
    pub other_format: bool,
}

impl SentBody<'_> {
    /// The body in Markdown: `markdown` as written, or `html` (with `?source=html`)
    /// converted; `None` when none was sent.
    pub fn markdown(&self, html_source: bool, action: &'static str) -> Result<Option<String>, ApiError> {
        match (self.markdown, self.html) {
            (Some(markdown), _) => Ok(Some(markdown.to_owned())),
            (None, Some(html)) if html_source => Ok(Some(dateline_render::from_html::html_to_markdown(html))),
            (None, Some(_)) => Err(invalid(
                action,
                "html",
                "send ?source=html with an html body, or the body as markdown",
            )),
            (None, None) if self.other_format => Err(invalid(
                action,
                "lexical",
                "Dateline takes the body as html (with ?source=html) or markdown",
            )),
            (None, None) => Ok(None),
        }
    }
}

/// Applies what a client sent onto `draft` (a new story's blank one, or the story as saved).
pub async fn apply(
    app: &App,
    lang: Lang,
    input: &PostInput,
    html_source: bool,
    draft: &mut StoryDraft,
    action: &'static str,
) -> Result<(), ApiError> {
    let set = |target: &mut String, value: &Option<String>| {
        if let Some(value) = value {
            target.clone_from(value);
        }
    };
    set(&mut draft.headline, &input.title);
    set(&mut draft.slug, &input.slug);
    set(&mut draft.dek, &input.custom_excerpt);
    set(&mut draft.dateline_place, &input.dateline);
    set(&mut draft.seo_title, &input.meta_title);
    set(&mut draft.seo_description, &input.meta_description);
    let sent = SentBody {
        markdown: input.markdown.as_deref(),
        html: input.html.as_deref(),
        other_format: input.lexical.is_some() || input.mobiledoc.is_some(),
    };
    if let Some(body) = sent.markdown(html_source, action)? {
        draft.body = body;
    }
    if let Some(tags) = &input.tags {
        let names: Vec<String> = tags
            .iter()
            .filter_map(|tag| match tag {
                Named::Text(name) => Some(name.clone()),
                Named::Object { name: Some(name), .. } => Some(name.clone()),
                Named::Object { slug: Some(slug), .. } => Some(slug.clone()),
                Named::Object { .. } => None,
            })
            // A comma would split one tag in two: Ghost's tag names may hold one.
            .map(|name| name.replace(',', " "))
            .collect();
        draft.tags = names.join(", ");
    }
    if let Some(authors) = &input.authors {
        draft.authors = Vec::with_capacity(authors.len());
        for author in authors {
            let id = match author {
                Named::Object { id: Some(id), .. } => from_object_id(id),
                Named::Text(slug) | Named::Object { slug: Some(slug), .. } => match Slug::parse(slug) {
                    Ok(slug) => app.store.author(&slug).await?.map(|author| author.id),
                    Err(_) => None,
                },
                Named::Object { .. } => None,
            };
            // An author not found stays in the draft as text, for the newsroom's check to refuse.
            draft
                .authors
                .push(id.map_or_else(|| "unknown".to_owned(), |id| id.to_string()));
        }
    }
    if let Some(section) = &input.section {
        let sections = app.store.sections(lang).await?;
        draft.section = sections
            .iter()
            .find(|s| s.slug.as_str() == section || s.id.to_string() == *section)
            .map_or_else(|| "unknown".to_owned(), |s| s.id.to_string());
    }
    match input.feature_image.as_deref().map(str::trim) {
        None => {}
        Some("") => draft.lead_image.clear(),
        Some(url) => {
            let found = match dateline_store::media_path(url) {
                Some(path) => app.store.library_image_at(path).await?,
                None => None,
            };
            draft.lead_image = match found {
                Some(id) => id.to_string(),
                None => "unknown".to_owned(),
            };
        }
    }
    set(&mut draft.lead_alt, &input.feature_image_alt);
    set(&mut draft.lead_caption, &input.feature_image_caption);
    set(&mut draft.lead_credit, &input.feature_image_credit);
    Ok(())
}

/// A new story's draft: the edition's first section unless the first tag names one, and the
/// house byline unless authors are given.
pub async fn blank_draft(app: &App, lang: Lang, input: &PostInput) -> Result<StoryDraft, ApiError> {
    let sections = app.store.sections(lang).await?;
    let first_tag = input
        .tags
        .as_ref()
        .and_then(|tags| tags.first())
        .and_then(|tag| match tag {
            Named::Text(name) | Named::Object { name: Some(name), .. } => Slug::from_title(name).ok(),
            Named::Object { slug: Some(slug), .. } => Slug::parse(slug).ok(),
            Named::Object { .. } => None,
        });
    let section = first_tag
        .and_then(|slug| sections.iter().find(|s| s.slug == slug))
        .or(sections.first())
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let authors = app.store.house_byline().await?.map(|id| id.to_string());
    Ok(StoryDraft {
        section,
        authors: authors.into_iter().collect(),
        comments: dateline_domain::CommentsMode::Open.as_str().to_owned(),
        ..StoryDraft::default()
    })
}

/// The fields someone changed since the revision a client's copy was of (the last saved at or
/// before `since`), in Ghost's names; `status` when only the story's status moved.
pub fn changed_since(
    story: &EditableStory,
    revisions: &[Revision],
    since: chrono::DateTime<chrono::Utc>,
) -> Vec<String> {
    let base = revisions
        .iter()
        // Times are compared to the millisecond, as clients are given them.
        .filter(|revision| revision.created_at.timestamp_millis() <= since.timestamp_millis())
        .max_by_key(|revision| revision.version);
    let Some(base) = base else {
        return vec!["title".to_owned(), "html".to_owned()];
    };
    let pairs: [(&str, &str, &str); 7] = [
        ("title", &base.headline, &story.headline),
        ("custom_excerpt", &base.dek, &story.dek),
        ("slug", &base.slug, &story.slug),
        ("html", &base.body_markdown, &story.body_markdown),
        ("dateline", &base.dateline_place, &story.dateline_place),
        ("meta_title", &base.seo_title, &story.seo_title),
        ("meta_description", &base.seo_description, &story.seo_description),
    ];
    let mut changed: Vec<String> = pairs
        .iter()
        .filter(|(_, then, now)| then != now)
        .map(|(name, _, _)| (*name).to_owned())
        .collect();
    if changed.is_empty() {
        let newer_revision = revisions.iter().any(|revision| revision.version > base.version);
        changed.push(
            if newer_revision {
                "tags, authors or settings"
            } else {
                "status"
            }
            .to_owned(),
        );
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::Wanted;
    use dateline_domain::ArticleStatus as S;

    #[test]
    fn ghost_statuses_become_workflow_moves() {
        assert_eq!(Wanted::Published.move_from(S::Draft), Some(S::Published));
        assert_eq!(Wanted::Published.move_from(S::Published), None);
        assert_eq!(Wanted::Draft.move_from(S::Published), Some(S::Unpublished));
        assert_eq!(Wanted::Draft.move_from(S::Draft), None);
        assert_eq!(Wanted::Draft.move_from(S::Unpublished), None);
        assert_eq!(Wanted::Draft.move_from(S::InReview), None);
        assert_eq!(Wanted::Scheduled.move_from(S::Scheduled), Some(S::Scheduled));
        assert_eq!(Wanted::InReview.move_from(S::Draft), Some(S::InReview));
    }
}
