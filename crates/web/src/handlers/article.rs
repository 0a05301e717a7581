//! A story's own page, with its reaction and its comments.

use crate::cache::{PageTag, Tagged};
use crate::comments::{CommentForm, FormErrors};
use crate::extract::{Edition, SlugParam};
use crate::frame::Frame;
use crate::handlers::reaction::TallyView;
use crate::{App, AppError};
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use dateline_domain::{Article, ArticleSummary, Comment, CommentBody, CommentStatus, Lang, ReaderId, Slug};
use dateline_render::{PathKind, Serde, Value, comment_text, context, path_for};
use serde::Serialize;

/// How many other stories from the same section follow the article (one fewer than
/// [`crate::latest::KEPT`], in case the story is among them).
const MORE_COUNT: usize = crate::latest::KEPT as usize - 1;

pub(crate) async fn article(
    State(app): State<App>,
    Edition(lang): Edition,
    SlugParam(slug): SlugParam,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let (article, comments) = app
        .store
        .published_article_and_comments(lang, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let number = |name: &str| {
        query.as_deref().and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(key, _)| key == name)
                .and_then(|(_, id)| id.parse::<i64>().ok())
        })
    };
    let state = PageState {
        reported: number("reported"),
        reply_to: number("reply"),
        preview: false,
    };
    // A page naming a comment the story does not show would be the plain page again under an
    // address of its own: such addresses are sent to the one that means what is shown, so that
    // invented ones are never rendered or kept.
    if state.reported.is_some() || state.reply_to.is_some() {
        let shown = PageState {
            reported: state.reported.filter(|id| comments.iter().any(|c| c.id == *id)),
            reply_to: state
                .reply_to
                .filter(|id| comments.iter().any(|c| c.id == *id && c.parent_id.is_none())),
            preview: false,
        };
        if shown != state {
            return Ok(Redirect::to(&shown.address(lang, article.slug.as_str())).into_response());
        }
    }
    // The page shows the story, its comments and the latest of its section; it is the same for
    // every reader (a reader's own answer and comments come from `mine`).
    let tags = vec![
        PageTag::Story(article.id),
        PageTag::Comments(article.id),
        PageTag::Section(article.section.id),
    ];
    Ok(Tagged(
        tags,
        Html(render_article(&app, lang, &article, comments, None, None, state).await?),
    )
    .into_response())
}

/// What the reader just did on the page: reported a comment (to thank them next to it), or
/// chose a comment to reply to (without JavaScript, the Reply link says which).
#[derive(Default, PartialEq, Eq)]
pub(crate) struct PageState {
    pub reported: Option<i64>,
    pub reply_to: Option<i64>,
    /// The newsroom's preview of words not saved: nothing on it to answer or comment on.
    pub preview: bool,
}

impl PageState {
    /// The story's address with this state (in the order the cache keys it).
    fn address(&self, lang: Lang, slug: &str) -> String {
        let mut address = path_for(lang, PathKind::Article, slug);
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(id) = self.reply_to {
            query.append_pair("reply", &id.to_string());
        }
        if let Some(id) = self.reported {
            query.append_pair("reported", &id.to_string());
        }
        let query = query.finish();
        if !query.is_empty() {
            address.push('?');
            address.push_str(&query);
        }
        address
    }
}

/// A comment as the page shows it: its text made safe, its replies beneath it.
#[derive(Serialize)]
pub(crate) struct CommentView {
    id: i64,
    author_name: String,
    html: String,
    staff: bool,
    featured: bool,
    pending: bool,
    /// Refused, with the reason its author was told.
    refused: Option<String>,
    created_at: DateTime<Utc>,
    replies: Vec<CommentView>,
}

impl CommentView {
    pub(crate) fn new(comment: Comment) -> Self {
        Self {
            id: comment.id,
            html: comment_text::to_html(&comment.body),
            author_name: comment.author_name,
            staff: comment.staff,
            featured: comment.featured,
            pending: comment.status == CommentStatus::Pending,
            refused: (comment.status == CommentStatus::Rejected)
                .then(|| comment.reason.clone().unwrap_or_default()),
            created_at: comment.created_at,
            replies: Vec::new(),
        }
    }
}

/// Top-level comments in order, each with its replies; a reply whose parent is not shown
/// stands on its own rather than vanish.
fn threads(comments: Vec<Comment>) -> Vec<CommentView> {
    let (top, replies): (Vec<Comment>, Vec<Comment>) =
        comments.into_iter().partition(|c| c.parent_id.is_none());
    let mut threads: Vec<CommentView> = top.into_iter().map(CommentView::new).collect();
    for reply in replies {
        match threads
            .iter_mut()
            .find(|thread| Some(thread.id) == reply.parent_id)
        {
            Some(parent) => parent.replies.push(CommentView::new(reply)),
            None => threads.push(CommentView::new(reply)),
        }
    }
    threads
}

/// The story at `slug` as `reader` sees it (their answer, their comments awaiting moderation),
/// with `form` refilling the comment form; not found unless it is published.
pub(crate) async fn render_personal_article(
    app: &App,
    lang: Lang,
    slug: &Slug,
    reader: &ReaderId,
    form: Option<(&CommentForm, &FormErrors)>,
) -> Result<String, AppError> {
    let (article, comments) = app
        .store
        .published_article_and_comments(lang, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    render_article(
        app,
        lang,
        &article,
        comments,
        Some(reader),
        form,
        PageState::default(),
    )
    .await
}

/// The article page with its published `comments`: the shared one, or with `reader` the one
/// rendered for that reader (their answer, their comments awaiting moderation); `form` refills
/// the comment form with what the reader typed, and its errors.
pub(crate) async fn render_article(
    app: &App,
    lang: Lang,
    article: &Article,
    mut comments: Vec<Comment>,
    reader: Option<&ReaderId>,
    form: Option<(&CommentForm, &FormErrors)>,
    state: PageState,
) -> Result<String, AppError> {
    let frame = Frame::load(app, lang).await?;
    let catalogs = app.renderer.catalogs();
    let latest = crate::latest::SectionLatest::of(app, article.section.id).await?;
    let more: Vec<&ArticleSummary> = latest
        .iter()
        .filter(|story| story.id != article.id)
        .take(MORE_COUNT)
        .collect();
    // Only a reader with an identity can have answered or have a comment waiting; everyone else
    // shares one cached page.
    let (reaction, pending) = match reader {
        Some(reader) => {
            let tally = app.store.reaction_tally(article.id, Some(reader)).await?;
            let reaction = tally
                .mine
                .is_some()
                .then(|| TallyView::new(catalogs, lang, tally));
            (
                reaction,
                app.store.own_comments_in_moderation(article.id, reader).await?,
            )
        }
        None => (None, Vec::new()),
    };
    let settings = app.service.moderation_settings().await?;
    let count = comments.len() as i64;
    comments.extend(pending);
    let (mut form, errors) =
        form.map_or_else(Default::default, |(form, errors)| (form.clone(), errors.clone()));
    if let Some(parent) = state
        .reply_to
        .filter(|id| comments.iter().any(|c| c.id == *id && c.parent_id.is_none()))
    {
        form.parent = parent.to_string();
    }
    let replying_to = form
        .parent
        .parse::<i64>()
        .ok()
        .and_then(|id| comments.iter().find(|c| c.id == id))
        .map(|c| c.author_name.clone());
    let remaining = CommentBody::MAX_CHARS as i64 - CommentBody::count(&form.body) as i64;
    let body_html = Value::from_safe_string(article.body_html.clone());
    let site = crate::structured::Site {
        base_url: frame.base_url(),
        name: frame.site_name(),
    };
    let json_ld = Value::from_safe_string(crate::structured::news_article(&site, article));
    let context = context! {
        current_section => Serde(&article.section.slug),
        body_html,
        json_ld,
        more => Serde(more),
        reaction => Serde(reaction),
        comments => Serde(threads(comments)),
        comment_count => catalogs.plural(lang, "comments.count", count),
        comments_mode => article.comments.at(article.published_at, settings.auto_close_days, chrono::Utc::now()).as_str(),
        comment_form => Serde(form),
        comment_errors => Serde(errors),
        comment_max => CommentBody::MAX_CHARS,
        comment_remaining => remaining,
        reported => state.reported,
        preview => state.preview,
        personal => reader.is_some(),
        replying_to,
        article => Serde(article),
        ..frame.context()
    };
    Ok(app.renderer.render("article.html", context)?)
}
