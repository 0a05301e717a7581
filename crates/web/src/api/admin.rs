//! The Admin API's endpoints: posts (browse, read, add, edit, delete) and image upload, for an
//! admin key's token. Every write goes through the newsroom's use cases as the key's account,
//! so the key's role decides what it may do, as a member's would.

use super::admin_token;
use super::content::{browse_answer, comments_open, list_filter, pairs, read_answer, with_site};
use super::error::ApiError;
use super::params::{self, Options};
use super::post_input::{self, PostInput, Wanted, ghost_status, invalid};
use super::shapes;
use crate::App;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use dateline_domain::object_id::from_object_id;
use dateline_domain::{Action, ApiKeyKind, ArticleStatus};
use dateline_service::{ImageWords, MoveError, StoryWriteError, UploadError};
use dateline_store::list_filter::Subject;
use dateline_store::stories::EditableStory;
use dateline_store::users::StaffUser;
use serde_json::{Value, json};

/// The newsroom account the request's admin key acts as.
#[derive(Clone)]
pub(crate) struct KeyAccount(pub StaffUser);

/// Every Admin API request carries a fresh token signed by a live admin key.
pub(super) async fn require_admin_token(
    State(app): State<App>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.method() == axum::http::Method::OPTIONS {
        return next.run(request).await;
    }
    match key_account(&app, request.headers()).await {
        Ok(account) => {
            request.extensions_mut().insert(KeyAccount(account));
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

async fn key_account(app: &App, headers: &axum::http::HeaderMap) -> Result<StaffUser, ApiError> {
    let header = headers.get(header::AUTHORIZATION).ok_or(ApiError::NoAdminAuth)?;
    let token = header
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Ghost "))
        .map(str::trim)
        .ok_or(ApiError::BadAuthHeader)?;
    let unchecked = admin_token::read(token).map_err(|error| ApiError::BadToken(error.to_string()))?;
    let key = app
        .service
        .live_api_key(&unchecked.key_id)
        .await?
        .filter(|key| matches!(key.kind, ApiKeyKind::Admin(_)))
        .ok_or(ApiError::UnknownAdminKey)?;
    let secret = key.secret.as_deref().ok_or(ApiError::UnknownAdminKey)?;
    unchecked
        .verify(secret, chrono::Utc::now().timestamp())
        .map_err(|error| ApiError::BadToken(error.to_string()))?;
    dateline_service::key_account(&key).ok_or(ApiError::UnknownAdminKey)
}

/// What the Admin API shows of a post: tags, authors and the body, always.
fn post_options(action: &str) -> Result<Options, ApiError> {
    params::options(&[("include".to_owned(), "tags,authors".to_owned())], action)
}

/// A story in Ghost's admin shape: its content shape, with its status and the times an edit
/// is checked against.
pub(crate) async fn admin_post(app: &App, story: &EditableStory) -> Result<Value, ApiError> {
    let article = app
        .store
        .story_as_article(story.id)
        .await?
        .ok_or(ApiError::NotFound("post"))?;
    let open = comments_open(app, &article).await?;
    let options = post_options("read post")?;
    let mut post = with_site(app, |site| shapes::post(site, &article, open, &options)).await?;
    let status = story.status()?;
    if let Value::Object(fields) = &mut post {
        let published_at = story.published_at.or(story.scheduled_at).map(shapes::time);
        fields.insert("status".into(), json!(ghost_status(status)));
        fields.insert("workflow_status".into(), json!(status.as_str()));
        fields.insert("created_at".into(), json!(shapes::time(story.created_at)));
        fields.insert("updated_at".into(), json!(shapes::time(story.modified_at)));
        fields.insert("published_at".into(), json!(published_at));
        fields.insert("markdown".into(), json!(story.body_markdown));
        fields.insert("lexical".into(), Value::Null);
        fields.insert("mobiledoc".into(), Value::Null);
    }
    Ok(post)
}

/// The story `id`, for a key whose account may see it: to any other it is not there.
async fn load(app: &App, account: &StaffUser, id: i64) -> Result<EditableStory, ApiError> {
    let story = app.store.story(id).await?.ok_or(ApiError::NotFound("post"))?;
    if !account.role.may_read(dateline_service::is_own(account, &story)) {
        return Err(ApiError::NotFound("post"));
    }
    Ok(story)
}

fn post_id(raw: &str, action: &str) -> Result<i64, ApiError> {
    from_object_id(raw).ok_or_else(|| params::invalid(action, "id"))
}

pub(super) async fn browse_posts(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let action = "browse posts";
    let options = params::options(&pairs(query.as_deref()), action)?;
    let order = options.newsroom_order(action)?;
    let filter = list_filter(&options, action, Subject::NewsroomPosts)?;
    let (ids, total) = app
        .store
        .newsroom_story_page(
            options.limit,
            options.offset(),
            filter.as_ref(),
            order,
            // A contributor's key lists their own stories only.
            (!account.role.can(Action::ReadAnyStory)).then_some(account.id),
        )
        .await?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        // A story deleted since the page of ids was read is left out.
        if let Some(story) = app.store.story(id).await? {
            items.push(admin_post(&app, &story).await?);
        }
    }
    Ok(browse_answer("posts", items, total, &options))
}

pub(super) async fn read_post(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let story = load(&app, &account, post_id(&id, "read post")?).await?;
    Ok(read_answer("posts", admin_post(&app, &story).await?))
}

/// A post by its slug: in `?edition=`, else the English one first.
pub(super) async fn read_post_by_slug(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let options = params::options(&pairs(query.as_deref()), "read post")?;
    let slug = dateline_domain::Slug::parse(&slug).map_err(|_| ApiError::NotFound("post"))?;
    let id = app
        .store
        .story_id_by_slug(options.edition, &slug)
        .await?
        .ok_or(ApiError::NotFound("post"))?;
    let story = load(&app, &account, id).await?;
    Ok(read_answer("posts", admin_post(&app, &story).await?))
}

/// Whether `?source=html` was sent: the body's `html` is then the post's text.
pub(super) fn html_source(query: Option<&str>) -> bool {
    pairs(query)
        .iter()
        .any(|(name, value)| name == "source" && value == "html")
}

pub(super) async fn add_post(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "add post";
    let input = post_input::read_body(&body, action)?;
    let lang = post_input::edition(&input, action)?;
    let wanted = wanted_status(&input, action)?;
    let target = wanted.and_then(|wanted| wanted.move_from(ArticleStatus::Draft));
    if let Some(to) = target
        && !account.role.may_move(true, ArticleStatus::Draft, to)
    {
        return Err(ApiError::NotPermitted("publish post"));
    }
    let schedule = schedule(&input, target, action)?;
    let mut draft = post_input::blank_draft(&app, lang, &input).await?;
    post_input::apply(
        &app,
        lang,
        &input,
        html_source(query.as_deref()),
        &mut draft,
        action,
    )
    .await?;
    let id = app
        .service
        .create_story(&account, lang, &draft)
        .await
        .map_err(|error| write_error(error, action))?;
    if let Some(to) = target {
        app.service
            .move_story_at(&account, id, to, schedule)
            .await
            .map_err(|error| move_error(error, action))?;
    }
    let story = load(&app, &account, id).await?;
    let mut response = read_answer("posts", admin_post(&app, &story).await?);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

pub(super) async fn edit_post(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = "edit post";
    let id = post_id(&id, action)?;
    let input = post_input::read_body(&body, action)?;
    let story = load(&app, &account, id).await?;
    let sent = post_input::updated_at_sent(input.updated_at.as_deref(), action)?;
    if !post_input::same_moment(sent, story.modified_at) {
        let revisions = app.store.revisions(id).await?;
        return Err(ApiError::Collision(post_input::changed_since(
            &story, &revisions, sent,
        )));
    }
    let from = story.status()?;
    let target = wanted_status(&input, action)?.and_then(|wanted| wanted.move_from(from));
    if let Some(to) = target
        && !account
            .role
            .may_move(dateline_service::is_own(&account, &story), from, to)
    {
        return Err(ApiError::NotPermitted("change the status of post"));
    }
    let schedule = schedule(&input, target, action)?;
    let lang = story.lang()?;
    let mut draft = dateline_service::StoryDraft::of_story(&story);
    post_input::apply(
        &app,
        lang,
        &input,
        html_source(query.as_deref()),
        &mut draft,
        action,
    )
    .await?;
    if draft != dateline_service::StoryDraft::of_story(&story) {
        app.service
            .save_story(&account, id, story.version, &draft, false)
            .await
            .map_err(|error| write_error(error, action))?;
    }
    if let Some(to) = target {
        app.service
            .move_story_at(&account, id, to, schedule)
            .await
            .map_err(|error| move_error(error, action))?;
    }
    let story = load(&app, &account, id).await?;
    Ok(read_answer("posts", admin_post(&app, &story).await?))
}

pub(super) async fn delete_post(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let action = "delete post";
    let id = post_id(&id, action)?;
    app.service
        .delete_story(&account, id)
        .await
        .map_err(|error| write_error(error, action))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn wanted_status(input: &PostInput, action: &'static str) -> Result<Option<Wanted>, ApiError> {
    input
        .status
        .as_deref()
        .map(|status| Wanted::parse(status, action))
        .transpose()
}

/// The moment a post is scheduled for: its `published_at`, when the move is to schedule it.
fn schedule(
    input: &PostInput,
    target: Option<ArticleStatus>,
    action: &'static str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, ApiError> {
    if target != Some(ArticleStatus::Scheduled) {
        return Ok(None);
    }
    input
        .published_at
        .as_deref()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| Some(at.with_timezone(&chrono::Utc)))
        .ok_or_else(|| invalid(action, "published_at", "a time to come, for a scheduled post"))
}

fn write_error(error: StoryWriteError, action: &'static str) -> ApiError {
    match error {
        StoryWriteError::Invalid(problems) => post_input::problems_error(action, &problems),
        StoryWriteError::StaleVersion => ApiError::Collision(Vec::new()),
        StoryWriteError::NotAllowed => ApiError::NotPermitted(action),
        StoryWriteError::NotFound => ApiError::NotFound("post"),
        StoryWriteError::SeenByReaders => invalid(
            action,
            "status",
            "a post readers have seen is unpublished (status draft), not deleted",
        ),
        StoryWriteError::Store(error) => error.into(),
    }
}

fn move_error(error: MoveError, action: &'static str) -> ApiError {
    match error {
        MoveError::NotAllowed => ApiError::NotPermitted("change the status of post"),
        MoveError::NotFound => ApiError::NotFound("post"),
        MoveError::ScheduleNotAhead => {
            invalid(action, "published_at", "a time to come, for a scheduled post")
        }
        MoveError::StatusChanged => ApiError::Collision(vec!["status".to_owned()]),
        MoveError::Store(error) => error.into(),
    }
}

/// An image into the media library, with the newsroom upload's checks. Dateline asks for what
/// Ghost does not: `alt`, the words for readers who cannot see it (with `caption` and
/// `credit` optional), sent as form fields beside `file`.
pub(super) async fn upload_image(
    State(app): State<App>,
    Extension(KeyAccount(account)): Extension<KeyAccount>,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let action = "upload image";
    let mut words = ImageWords::default();
    let mut file = None;
    let mut reference = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                return Err(invalid(
                    action,
                    "file",
                    "the upload did not arrive whole, or is too large",
                ));
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| invalid(action, "file", "the upload did not arrive whole, or is too large"))?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "file" => file = Some(bytes.to_vec()),
            "alt" => words.alt = text(),
            "caption" => words.caption = text(),
            "credit" => words.credit = text(),
            "ref" => reference = Some(text()),
            _ => {}
        }
    }
    let file = file.ok_or_else(|| invalid(action, "file", "a picture in the field file"))?;
    let id = match app.service.upload_image(&account, file, &words).await {
        Ok(id) => id,
        Err(UploadError::AltMissing) => {
            return Err(invalid(
                action,
                "alt",
                "describe the picture for readers who cannot see it, in the field alt",
            ));
        }
        Err(UploadError::Refused(refused)) => return Err(invalid(action, "file", &refused.to_string())),
        Err(UploadError::NotAllowed) => return Err(ApiError::NotPermitted(action)),
        Err(error) => {
            tracing::error!(%error, "an image upload through the Admin API");
            return Err(ApiError::Internal);
        }
    };
    let item = app.store.library_image(id).await?.ok_or(ApiError::Internal)?;
    let url = with_site(&app, |site| site.media(&dateline_store::media_url(&item.path))).await?;
    let mut response = Json(json!({ "images": [{ "url": url, "ref": reference }] })).into_response();
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}
