//! Moving a story along the workflow, scheduling it, correcting it once published, and its
//! revisions: listed, compared word by word, restored as a new revision.

use super::stories::{is_own, load};
use super::{field, form_fields, render_staff};
use crate::origin::SameOrigin;
use crate::staff::Staff;
use crate::{App, AppError};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use dateline_domain::diff::word_diff;
use dateline_domain::{Action, Actor, ArticleStatus};
use dateline_render::{Serde, context};
use dateline_store::stories::{StatusChange, StoryContent, StoryEdit, StoryError};

fn back(id: i64, notice: &str) -> Response {
    Redirect::to(&format!("/newsroom/stories/{id}?notice={notice}")).into_response()
}

pub(crate) async fn move_story(
    State(app): State<App>,
    staff: Staff,
    _: SameOrigin,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = staff.checked_form(&body)?;
    let story = load(&app, id).await?;
    let to: ArticleStatus = field(&fields, "to")
        .parse()
        .map_err(|_| AppError::BadRequest("reason.malformed"))?;
    if !staff
        .0
        .role
        .may_move(is_own(&staff.0, &story), story.status()?, to)
    {
        return Err(AppError::NotAllowed);
    }
    let now = Utc::now();
    let scheduled_at = match to {
        ArticleStatus::Scheduled => {
            let zone: Tz = app
                .store
                .site_settings()
                .await?
                .and_then(|s| s.time_zone.parse().ok())
                .unwrap_or(chrono_tz::UTC);
            let at = NaiveDateTime::parse_from_str(field(&fields, "scheduled_at"), "%Y-%m-%dT%H:%M")
                .ok()
                .and_then(|local| zone.from_local_datetime(&local).earliest())
                .map(|at| at.with_timezone(&Utc))
                .filter(|at| *at > now);
            Some(at.ok_or(AppError::BadRequest("reason.schedule"))?)
        }
        _ => None,
    };
    let change = StatusChange {
        id,
        from: story.status()?,
        to,
        at: now,
        scheduled_at,
        original_dates: None,
    };
    match app.store.move_story(change, Actor::Member(staff.0.id)).await {
        Ok(()) => {}
        Err(StoryError::StatusChanged) => return Ok(back(id, "stale")),
        Err(StoryError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(AppError::Internal(e.into())),
    }
    app.apply_own_write().await;
    Ok(back(id, "moved"))
}

pub(crate) async fn correct(
    State(app): State<App>,
    staff: Staff,
    _: SameOrigin,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let fields = staff.checked_form(&body)?;
    let story = load(&app, id).await?;
    if !staff.0.role.can(Action::AppendCorrections) || story.status()? != ArticleStatus::Published {
        return Err(AppError::NotAllowed);
    }
    let text = field(&fields, "correction").trim();
    if text.is_empty() {
        return Err(AppError::BadRequest("reason.correction"));
    }
    app.store
        .add_correction(id, text, Actor::Member(staff.0.id))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    app.apply_own_write().await;
    Ok(back(id, "corrected"))
}

pub(crate) async fn revisions(
    State(app): State<App>,
    staff: Staff,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, AppError> {
    let story = load(&app, id).await?;
    let revisions = app.store.revisions(id).await?;
    let fields = query
        .as_deref()
        .map(|q| form_fields(q.as_bytes()))
        .unwrap_or_default();
    let pick = |name: &str| {
        field(&fields, name)
            .parse::<i64>()
            .ok()
            .and_then(|v| revisions.iter().find(|r| r.version == v))
    };
    let comparison = match (pick("a"), pick("b")) {
        (Some(a), Some(b)) => Some(context! {
            a => a.version,
            b => b.version,
            headline => Serde(word_diff(&a.headline, &b.headline)),
            dek => Serde(word_diff(&a.dek, &b.dek)),
            body => Serde(word_diff(&a.body_markdown, &b.body_markdown)),
        }),
        _ => None,
    };
    let context = context! {
        story => Serde(&story),
        can_edit => staff.0.role.may_edit(is_own(&staff.0, &story), story.status()?),
        revisions => Serde(&revisions),
        comparison,
    };
    render_staff(&app, &staff.0, "newsroom/revisions.html", context)
}

pub(crate) async fn restore(
    State(app): State<App>,
    staff: Staff,
    _: SameOrigin,
    Path((id, version)): Path<(i64, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    staff.checked_form(&body)?;
    let current = load(&app, id).await?;
    if !staff
        .0
        .role
        .may_edit(is_own(&staff.0, &current), current.status()?)
    {
        return Err(AppError::NotAllowed);
    }
    let revisions = app.store.revisions(id).await?;
    let old = revisions
        .iter()
        .find(|r| r.version == version)
        .ok_or(AppError::NotFound)?;
    let slug = dateline_domain::Slug::parse(&old.slug).map_err(|_| AppError::NotFound)?;
    let lead = current
        .lead_image_id
        .map(|image_id| dateline_store::stories::LeadInput {
            image_id,
            alt: current.lead_alt.clone().unwrap_or_default(),
            caption: current.lead_caption.clone().unwrap_or_default(),
            credit: current.lead_credit.clone().unwrap_or_default(),
        });
    let tag_names = current
        .tags
        .iter()
        .filter_map(|name| {
            dateline_domain::Slug::from_title(name)
                .ok()
                .map(|slug| (slug, name.clone()))
        })
        .collect();
    // The words come back from the old revision; byline, tags, picture and settings stay as they are now.
    let content = StoryContent {
        headline: old.headline.clone(),
        dek: old.dek.clone(),
        slug,
        body_markdown: old.body_markdown.clone(),
        dateline_place: old.dateline_place.clone(),
        section_id: current.section_id,
        tag_names,
        author_ids: current.author_ids.clone(),
        lead,
        comments: current
            .comments_mode
            .parse()
            .unwrap_or(dateline_domain::CommentsMode::Open),
        seo_title: old.seo_title.clone(),
        seo_description: old.seo_description.clone(),
        translation_id: current.translation_id,
    };
    let edit = StoryEdit {
        id,
        expected_version: current.version,
        content: &content,
        significant: false,
        restored: true,
    };
    match app.store.save_story(edit, Actor::Member(staff.0.id)).await {
        Ok(_) => {
            app.apply_own_write().await;
            Ok(back(id, "restored"))
        }
        Err(StoryError::SlugTaken | StoryError::StaleVersion) => Err(AppError::BadRequest("reason.restore")),
        Err(e) => Err(AppError::Internal(e.into())),
    }
}
