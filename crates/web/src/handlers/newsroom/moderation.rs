//! Comment moderation: the queues with their counts, decisions one by one or in bulk, bans and
//! suspensions, the rules' settings, the log, and a commenter's data exported or erased.

use super::{Notice, lang, render_staff, say};
use crate::extract::QueryForm;
use crate::origin::SameOrigin;
use crate::staff::{Moderator, StaffForm};
use crate::{App, AppError};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_domain::{Email, Lang, ModerationMode, ModerationSettings, QueueItem};
use dateline_render::{Serde, context};
use dateline_service::{BanOutcome, BanRequest, ModerationError, RulesDraft, RulesProblem};
use dateline_store::moderation::{Decision, Queue, Told};
use serde::{Deserialize, Serialize};

/// How many comments a queue page lists.
const QUEUE_PAGE: i64 = 100;

/// `?queue=…&page=…` of the moderation page (its notice is read apart).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct QueueQuery {
    queue: String,
    page: String,
}

/// `?email=…` of a commenter's data export.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ExportQuery {
    email: String,
}

/// A comment of a queue with the rule that held or refused it in the moderator's words.
#[derive(Serialize)]
struct ShownItem {
    #[serde(flatten)]
    item: QueueItem,
    why: Option<String>,
}

/// A recorded rule (`first_time`, `links:3`, `banned_word:spam`) as a sentence; a rule this
/// version does not know is shown as recorded.
fn rule_in_words(app: &App, lang: Lang, code: &str) -> String {
    let (name, detail) = code.split_once(':').unwrap_or((code, ""));
    let key = format!("newsroom.moderation.why.{name}");
    let catalogs = app.renderer.catalogs();
    match detail.parse::<i64>() {
        Ok(n) if catalogs.has_plural(&key) => catalogs.plural(lang, &key, n),
        _ if catalogs.has_text(&key) => say(app, lang, &key, &[("detail", detail)]),
        _ => code.to_owned(),
    }
}

#[derive(Serialize)]
struct QueueTab {
    name: &'static str,
    count: i64,
    current: bool,
}

pub(crate) async fn queue_page(
    State(app): State<App>,
    moderator: Moderator,
    QueryForm(query): QueryForm<QueueQuery>,
    QueryForm(notice): QueryForm<Notice>,
) -> Result<Html<String>, AppError> {
    let queue = Queue::parse(&query.queue).unwrap_or(Queue::Pending);
    let tabs: Vec<QueueTab> = app
        .store
        .queue_counts()
        .await?
        .into_iter()
        .map(|(q, count)| QueueTab {
            name: q.as_str(),
            count,
            current: q == queue,
        })
        .collect();
    let waiting = tabs.iter().find(|tab| tab.current).map_or(0, |tab| tab.count);
    let pages = ((waiting + QUEUE_PAGE - 1) / QUEUE_PAGE).max(1);
    let page = query.page.parse::<i64>().unwrap_or(1).clamp(1, pages);
    let language = lang(&moderator.0);
    let items: Vec<ShownItem> = app
        .store
        .queue(queue, QUEUE_PAGE, (page - 1) * QUEUE_PAGE)
        .await?
        .into_iter()
        .map(|item| ShownItem {
            why: item
                .rule
                .as_deref()
                .map(|code| rule_in_words(&app, language, code)),
            item,
        })
        .collect();
    let context = context! {
        queue => queue.as_str(),
        tabs => Serde(tabs),
        items => Serde(items),
        notice => notice.text(&app, lang(&moderator.0)),
        page,
        pages,
    };
    render_staff(&app, &moderator.0, "newsroom/moderation.html", context)
}

#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
pub(crate) struct DecisionForm {
    ids: Vec<String>,
    action: String,
    reason: String,
    preset: String,
    queue: String,
}

pub(crate) async fn decide(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<DecisionForm>,
) -> Result<Response, AppError> {
    let ids: Vec<i64> = form.ids.iter().filter_map(|id| id.parse().ok()).collect();
    let decision = match form.action.as_str() {
        "approve" => Decision::Approve,
        "reject" => Decision::Reject(told(&app, &form.reason, &form.preset)),
        "feature" => Decision::Feature(true),
        "unfeature" => Decision::Feature(false),
        _ => return Err(AppError::BadRequest("reason.malformed")),
    };
    let changed = app
        .service
        .decide_comments(&user, &ids, &decision)
        .await
        .map_err(moderation_error)?;
    let queue = Queue::parse(&form.queue).unwrap_or(Queue::Pending);
    Ok(back_to(
        queue,
        &Notice::counted("comments_updated", i64::try_from(changed).unwrap_or(i64::MAX)),
    ))
}

/// The reasons a moderator can pick instead of typing one; the first is given when neither is.
const PRESET_REASONS: [&str; 5] = ["policy", "attack", "off_topic", "spam", "hate"];

/// What the author of a comment refused is told: the reason typed, or else the preset picked,
/// worded in each edition's language (a reader of the Arabic edition reads it in Arabic
/// whichever language the moderator works in).
pub(crate) fn told(app: &App, typed: &str, preset: &str) -> Told {
    if !typed.trim().is_empty() {
        return Told::typed(typed);
    }
    let preset = PRESET_REASONS
        .iter()
        .find(|known| **known == preset)
        .unwrap_or(&PRESET_REASONS[0]);
    let key = format!("newsroom.moderation.preset.{preset}");
    let catalogs = app.renderer.catalogs();
    Told {
        en: catalogs.text(Lang::En, &key).to_owned(),
        ar: catalogs.text(Lang::Ar, &key).to_owned(),
    }
}

fn moderation_error(error: ModerationError) -> AppError {
    match error {
        ModerationError::NotAllowed => AppError::NotAllowed,
        ModerationError::Store(error) => error.into(),
    }
}

#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
pub(crate) struct BanForm {
    kind: String,
    target: String,
    days: String,
    reason: String,
    queue: String,
}

pub(crate) async fn ban(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<BanForm>,
) -> Result<Response, AppError> {
    let request = BanRequest {
        kind: &form.kind,
        target: &form.target,
        days: &form.days,
        reason: &form.reason,
    };
    let outcome = app
        .service
        .ban_commenter(&user, &request)
        .await
        .map_err(moderation_error)?;
    let queue = Queue::parse(&form.queue).unwrap_or(Queue::Pending);
    Ok(back_to(
        queue,
        &match outcome {
            BanOutcome::Banned { target } => Notice::named("banned", &target),
            BanOutcome::Suspended { target } => Notice::named("suspended", &target),
            BanOutcome::Unreadable => Notice::new("ban_unreadable"),
        },
    ))
}

fn back_to(queue: Queue, notice: &Notice) -> Response {
    Redirect::to(&notice.after(&format!("/newsroom/moderation?queue={}", queue.as_str()))).into_response()
}

#[derive(Default, Serialize)]
struct SettingsErrors {
    link_limit: Option<String>,
    auto_close_days: Option<String>,
    mode: Option<String>,
}

impl SettingsErrors {
    fn of(app: &App, lang: dateline_domain::Lang, problems: &[RulesProblem]) -> Self {
        let mut errors = SettingsErrors::default();
        let text = |key: &str| {
            Some(say(
                app,
                lang,
                &format!("newsroom.moderation_settings.problem.{key}"),
                &[],
            ))
        };
        for problem in problems {
            match problem {
                RulesProblem::Mode => errors.mode = text("mode"),
                RulesProblem::LinkLimit => errors.link_limit = text("link_limit"),
                RulesProblem::AutoCloseDays => errors.auto_close_days = text("auto_close_days"),
            }
        }
        errors
    }
}

#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub(crate) struct SettingsForm {
    mode: String,
    banned_words: String,
    suspect_words: String,
    link_limit: String,
    auto_close_days: String,
}

impl SettingsForm {
    fn draft(&self) -> RulesDraft {
        RulesDraft {
            mode: self.mode.clone(),
            banned_words: self.banned_words.clone(),
            suspect_words: self.suspect_words.clone(),
            link_limit: self.link_limit.clone(),
            auto_close_days: self.auto_close_days.clone(),
        }
    }
}

impl From<&ModerationSettings> for SettingsForm {
    fn from(settings: &ModerationSettings) -> Self {
        Self {
            mode: settings.mode.as_str().to_owned(),
            banned_words: settings.banned_words.clone(),
            suspect_words: settings.suspect_words.clone(),
            link_limit: settings.link_limit.to_string(),
            auto_close_days: settings
                .auto_close_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }
}

fn settings_page(
    app: &App,
    moderator: &Moderator,
    form: &SettingsForm,
    errors: &SettingsErrors,
    saved: bool,
) -> Result<Html<String>, AppError> {
    let modes: Vec<&str> = ModerationMode::ALL.iter().map(|mode| mode.as_str()).collect();
    let context = context! {
        form => Serde(form),
        errors => Serde(errors),
        modes,
        saved,
    };
    render_staff(app, &moderator.0, "newsroom/moderation-settings.html", context)
}

pub(crate) async fn settings(State(app): State<App>, moderator: Moderator) -> Result<Html<String>, AppError> {
    let settings = app.store.moderation_settings().await?;
    settings_page(
        &app,
        &moderator,
        &SettingsForm::from(&settings),
        &SettingsErrors::default(),
        false,
    )
}

pub(crate) async fn save_settings(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<SettingsForm>,
) -> Result<Response, AppError> {
    let moderator = Moderator(user);
    let saved = app
        .service
        .save_comment_rules(&moderator.0, &form.draft())
        .await
        .map_err(moderation_error)?;
    match saved {
        Ok(settings) => Ok(settings_page(
            &app,
            &moderator,
            &SettingsForm::from(&settings),
            &SettingsErrors::default(),
            true,
        )?
        .into_response()),
        Err(problems) => {
            let mut page = settings_page(
                &app,
                &moderator,
                &form,
                &SettingsErrors::of(&app, lang(&moderator.0), &problems),
                false,
            )?
            .into_response();
            *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

/// A line of the moderation log as the page shows it: an erasure's count is worded by the
/// catalog, in the moderator's language (older lines kept their English sentence).
#[derive(Serialize)]
struct LogLine {
    #[serde(flatten)]
    entry: dateline_store::moderation::LogEntry,
    erased: Option<i64>,
    /// For a ban, suspension or lift: what kind of target (`email`, `domain`), worded by the
    /// catalog, and the rest of the line (the target and the reason) as typed.
    ban: Option<(String, String)>,
}

/// A ban's log line, `<kind> <target and reason>`, split at its kind.
fn ban_detail(entry: &dateline_store::moderation::LogEntry) -> Option<(String, String)> {
    if !matches!(entry.action.as_str(), "ban" | "suspend" | "lift") {
        return None;
    }
    let (kind, rest) = entry.detail.split_once(' ')?;
    matches!(kind, "email" | "domain").then(|| (kind.to_owned(), rest.to_owned()))
}

pub(crate) async fn log(State(app): State<App>, moderator: Moderator) -> Result<Html<String>, AppError> {
    let entries: Vec<LogLine> = app
        .store
        .moderation_log(200)
        .await?
        .into_iter()
        .map(|entry| LogLine {
            erased: (entry.action == "erase")
                .then(|| entry.detail.parse().ok())
                .flatten(),
            ban: ban_detail(&entry),
            entry,
        })
        .collect();
    let context = context! {
        entries => Serde(entries),
    };
    render_staff(&app, &moderator.0, "newsroom/moderation-log.html", context)
}

/// A commenter's data as JSON, for a request under privacy law.
pub(crate) async fn export(
    State(app): State<App>,
    _: Moderator,
    QueryForm(query): QueryForm<ExportQuery>,
) -> Result<Response, AppError> {
    let email = Email::parse(&query.email).map_err(|_| AppError::BadRequest("reason.malformed"))?;
    let comments = app.store.commenter_export(&email).await?;
    let body = serde_json::json!({ "email": email.as_str(), "comments": comments });
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"commenter-data.json\""),
    );
    Ok(response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct EraseForm {
    email: String,
}

pub(crate) async fn erase(
    State(app): State<App>,
    _: SameOrigin,
    StaffForm { user, form }: StaffForm<EraseForm>,
) -> Result<Response, AppError> {
    let Ok(email) = Email::parse(&form.email) else {
        return Ok(back_to(Queue::Pending, &Notice::new("erase_not_an_email")));
    };
    let erased = app
        .service
        .erase_commenter(&user, &email)
        .await
        .map_err(moderation_error)?;
    Ok(back_to(
        Queue::Pending,
        &Notice::counted("erased", i64::try_from(erased).unwrap_or(i64::MAX)),
    ))
}

/// How readers answered "Do you like this article?", story by story.
pub(crate) async fn reactions(
    State(app): State<App>,
    moderator: Moderator,
) -> Result<Html<String>, AppError> {
    let stories = app.store.reaction_counts(200).await?;
    let context = context! {
        stories => Serde(stories),
    };
    render_staff(&app, &moderator.0, "newsroom/reactions.html", context)
}
