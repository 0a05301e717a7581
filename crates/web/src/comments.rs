//! A reader's comment on its way in: the rules in order, each decision recorded on the comment,
//! and the comment committed before the reader is answered.

use crate::App;
use crate::AppError;
use chrono::{DateTime, Duration, Utc};
use dateline_domain::comment::{CommentError, EmailError, NameError, Screening, screen};
use dateline_domain::{
    CommentBody, CommentStatus, CommenterName, CommentsMode, Email, Lang, ModerationMode, ReaderId, Rule,
    Verdict,
};
use dateline_render::Catalogs;
use dateline_store::articles::CommentTarget;
use dateline_store::comments::{CommentCheck, NewComment};
use dateline_store::users::StaffUser;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::time::Instant;

/// The comment form as the reader filled it in, kept whole so nothing they typed is lost.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub(crate) struct CommentForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub body: String,
    /// The honeypot: people never see it, so only robots fill it in.
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub parent: String,
}

/// What went wrong, next to the field it concerns.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct FormErrors {
    pub name: Option<String>,
    pub email: Option<String>,
    pub body: Option<String>,
    pub general: Option<String>,
}

pub(crate) enum Outcome {
    Published(i64),
    Held(i64),
    Refused(FormErrors),
}

/// Whether a story takes comments now: its own setting (`mode`), closed automatically after
/// the newsroom's number of days.
pub(crate) fn comments_mode(
    mode: CommentsMode,
    published_at: DateTime<Utc>,
    auto_close_days: Option<i64>,
) -> CommentsMode {
    match (mode, auto_close_days) {
        (CommentsMode::Open, Some(days)) if Utc::now() > published_at + Duration::days(days.max(0)) => {
            CommentsMode::Closed
        }
        (mode, _) => mode,
    }
}

pub(crate) async fn submit(
    app: &App,
    lang: Lang,
    article: &CommentTarget,
    reader: &ReaderId,
    address: IpAddr,
    staff: Option<&StaffUser>,
    form: &CommentForm,
) -> Result<Outcome, AppError> {
    let catalogs = app.renderer.catalogs();
    let refuse = |key: &str| {
        Outcome::Refused(FormErrors {
            general: Some(catalogs.text(lang, key).to_owned()),
            ..Default::default()
        })
    };
    let settings = app.moderation_settings().await?;
    if comments_mode(article.comments, article.published_at, settings.auto_close_days) != CommentsMode::Open {
        return Ok(refuse("comments.error.closed"));
    }
    let address_hash = dateline_domain::digest::keyed_digest(&app.address_key, &address.to_string());
    // The honeypot comes first: a robot learns nothing from field errors or limits, and what
    // it sent is kept, refused, for the moderators to see.
    if !form.website.trim().is_empty() {
        if let Ok((name, email, body)) = parse_fields(catalogs, lang, form) {
            let comment = NewComment {
                article_id: article.id,
                parent_id: None,
                reader,
                name: &name,
                email: &email,
                body: &body,
                status: CommentStatus::Rejected,
                staff_user_id: None,
                rule: Some(Rule::Honeypot.code()),
                reason: Some(catalogs.text(lang, "comments.error.refused").to_owned()),
                address_hash: &address_hash,
            };
            app.store.insert_comment(&comment).await?;
        }
        return Ok(refuse("comments.error.refused"));
    }
    // A form sent back to be corrected does not count against the sender's limits.
    let (name, email, body) = match parse_fields(catalogs, lang, form) {
        Ok(fields) => fields,
        Err(errors) => return Ok(Outcome::Refused(errors)),
    };
    let now = Instant::now();
    let limits = &app.limits;
    let email_key = email.as_str().to_lowercase();
    let within_limits = limits.comments_burst_by_address.allow(&address, now)
        && limits.comments_hourly_by_address.allow(&address, now)
        && limits.comments_burst_by_email.allow(&email_key, now)
        && limits.comments_hourly_by_email.allow(&email_key, now);
    if !within_limits {
        return Ok(refuse("comments.error.too_fast"));
    }
    let parent_id = match form.parent.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) if app.store.can_reply_to(article.id, id).await? => Some(id),
            _ => return Ok(refuse("comments.error.parent")),
        },
    };
    let since = Utc::now() - Duration::hours(24);
    let lists = app.word_lists.get(&settings);
    let standing = app
        .store
        .commenter_standing(&CommentCheck {
            article_id: article.id,
            email: &email,
            reader,
            body: &body,
            since,
            now: Utc::now(),
        })
        .await?;
    let screening = Screening {
        honeypot_filled: !form.website.trim().is_empty(),
        duplicate_of_recent: standing.duplicate,
        banned_word: lists
            .banned
            .first_match(body.as_str())
            .or_else(|| lists.banned.first_match(name.as_str())),
        ban: standing.ban.as_deref(),
        suspect_word: lists
            .suspect
            .first_match(body.as_str())
            .or_else(|| lists.suspect.first_match(name.as_str())),
        links: body.link_count(),
        link_limit: usize::try_from(settings.link_limit.max(1)).unwrap_or(usize::MAX),
        // The newsroom's own comments are not held for the newsroom to read.
        first_time: standing.published_before == 0 && staff.is_none(),
        mode: if staff.is_some() {
            ModerationMode::PublishAtOnce
        } else {
            settings.mode
        },
    };
    let verdict = screen(&screening);
    let (status, rule, reader_message) = match &verdict {
        Verdict::Publish => (CommentStatus::Published, None, None),
        Verdict::Hold(rule) => (CommentStatus::Pending, Some(rule.code()), None),
        Verdict::Reject(rule) => (
            CommentStatus::Rejected,
            Some(rule.code()),
            Some(rejection_message(catalogs, lang, rule)),
        ),
    };
    let id = app
        .store
        .insert_comment(&NewComment {
            article_id: article.id,
            parent_id,
            reader,
            name: &name,
            email: &email,
            body: &body,
            status,
            staff_user_id: staff.map(|user| user.id),
            rule,
            reason: reader_message.clone(),
            address_hash: &address_hash,
        })
        .await?;
    Ok(match verdict {
        Verdict::Publish => {
            app.apply_own_write().await;
            Outcome::Published(id)
        }
        Verdict::Hold(_) => Outcome::Held(id),
        Verdict::Reject(_) => Outcome::Refused(FormErrors {
            general: reader_message,
            ..Default::default()
        }),
    })
}

fn parse_fields(
    catalogs: &Catalogs,
    lang: Lang,
    form: &CommentForm,
) -> Result<(CommenterName, Email, CommentBody), FormErrors> {
    let text = |key: &str| Some(catalogs.text(lang, key).to_owned());
    let name = CommenterName::parse(&form.name);
    let email = Email::parse(&form.email);
    let body = CommentBody::parse(&form.body);
    match (name, email, body) {
        (Ok(name), Ok(email), Ok(body)) => Ok((name, email, body)),
        (name, email, body) => Err(FormErrors {
            name: name.err().and_then(|e| match e {
                NameError::Empty => text("comments.error.name_empty"),
                NameError::TooLong => text("comments.error.name_long"),
            }),
            email: email.err().and_then(|e| match e {
                EmailError::Empty => text("comments.error.email_empty"),
                EmailError::Invalid => text("comments.error.email_invalid"),
            }),
            body: body.err().and_then(|e| match e {
                CommentError::Empty => text("comments.error.body_empty"),
                CommentError::TooLong { chars } => Some(catalogs.format(
                    lang,
                    "comments.error.body_long",
                    &[("n", &dateline_render::digits(lang, &chars.to_string()))],
                )),
            }),
            general: None,
        }),
    }
}

/// What a reader is told when the rules refuse their comment.
fn rejection_message(catalogs: &Catalogs, lang: Lang, rule: &Rule) -> String {
    match rule {
        Rule::Duplicate => catalogs.text(lang, "comments.error.duplicate").to_owned(),
        Rule::BannedWord(word) => catalogs.format(lang, "comments.error.banned_word", &[("word", word)]),
        Rule::Banned(_) => catalogs.text(lang, "comments.error.banned").to_owned(),
        _ => catalogs.text(lang, "comments.error.refused").to_owned(),
    }
}
