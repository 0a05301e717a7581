//! Readers' comments on their way in: the rules in order, each decision recorded on the
//! comment, and the comment committed before the reader is answered; and readers' reports of
//! published comments.

use crate::Service;
use chrono::{Duration, Utc};
use dateline_domain::comment::{CommentError, EmailError, NameError, Screening, screen};
use dateline_domain::{
    CommentBody, CommentStatus, CommenterName, CommentsMode, Email, Lang, ModerationMode, ReaderId, Rule,
    Slug, Verdict,
};
use dateline_store::StoreError;
use dateline_store::comments::{CommentCheck, NewComment};
use dateline_store::users::StaffUser;
use std::net::IpAddr;

/// The longest report reason kept; moderators need the gist, not an essay.
const REPORT_REASON_CHARS: usize = 500;

/// A comment as a reader sent it, every field as typed.
pub struct CommentSubmission<'a> {
    pub lang: Lang,
    /// The story, by its slug in `lang`.
    pub story: &'a Slug,
    pub reader: &'a ReaderId,
    pub address: IpAddr,
    /// A signed-in member of the newsroom: their comment carries a badge and is not held.
    pub staff: Option<&'a StaffUser>,
    pub name: &'a str,
    pub email: &'a str,
    pub body: &'a str,
    /// The honeypot field: people never see it, so only robots fill it in.
    pub website: &'a str,
    /// The comment replied to, or empty.
    pub parent: &'a str,
    /// What the reader is told, in their language, when a rule refuses their comment; it is
    /// recorded with the comment, which they go on seeing with its reason.
    pub told: &'a (dyn Fn(&Refusal) -> String + Send + Sync),
}

/// What became of a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentOutcome {
    Published(i64),
    /// Held for a moderator; its writer sees it as awaiting moderation.
    Held(i64),
    Refused(Refusal),
}

/// Why a comment was refused, for the reader to be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The story takes no comments (now).
    Closed,
    /// The fields are not a comment yet; each is told what is wrong with it.
    Fields {
        name: Option<NameError>,
        email: Option<EmailError>,
        body: Option<CommentError>,
    },
    /// Too many comments from this address or email in a short time.
    TooFast,
    /// The comment replied to is not a published, top-level comment of this story.
    NoSuchParent,
    /// A rule refused it (the honeypot, a duplicate, a banned word, a ban); it was recorded.
    Rule(Rule),
}

/// Why a comment could not be taken at all.
#[derive(Debug, thiserror::Error)]
pub enum CommentIntakeError {
    /// No published story has this slug.
    #[error("no such story")]
    NoSuchStory,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Service {
    /// Takes a reader's comment through the rules, in order, and records it with the decision.
    pub async fn submit_comment(
        &self,
        comment: &CommentSubmission<'_>,
    ) -> Result<CommentOutcome, CommentIntakeError> {
        let store = self.store();
        let story = store
            .comment_target(comment.lang, comment.story)
            .await?
            .ok_or(CommentIntakeError::NoSuchStory)?;
        let settings = self.moderation_settings().await?;
        if story
            .comments
            .at(story.published_at, settings.auto_close_days, Utc::now())
            != CommentsMode::Open
        {
            return Ok(CommentOutcome::Refused(Refusal::Closed));
        }
        let address_hash = self.digest(&comment.address.to_string());
        let fields = parse_fields(comment);
        // The honeypot comes first: a robot learns nothing from field errors or limits, and what
        // it sent is kept, refused, for the moderators to see.
        if !comment.website.trim().is_empty() {
            let refusal = Refusal::Rule(Rule::Honeypot);
            if let Ok((name, email, body)) = &fields {
                let refused = NewComment {
                    article_id: story.id,
                    parent_id: None,
                    reader: comment.reader,
                    name,
                    email,
                    body,
                    status: CommentStatus::Rejected,
                    staff_user_id: None,
                    rule: Some(Rule::Honeypot.code()),
                    reason: Some((comment.told)(&refusal)),
                    address_hash: &address_hash,
                };
                store.insert_comment(&refused).await?;
            }
            return Ok(CommentOutcome::Refused(refusal));
        }
        // A form sent back to be corrected does not count against the sender's limits.
        let (name, email, body) = match fields {
            Ok(fields) => fields,
            Err(refusal) => return Ok(CommentOutcome::Refused(refusal)),
        };
        if !self.within_comment_limits(comment.address, &email).await? {
            return Ok(CommentOutcome::Refused(Refusal::TooFast));
        }
        let parent_id = match comment.parent.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(id) if store.can_reply_to(story.id, id).await? => Some(id),
                _ => return Ok(CommentOutcome::Refused(Refusal::NoSuchParent)),
            },
        };
        let lists = self.0.word_lists.get(&settings);
        let standing = store
            .commenter_standing(&CommentCheck {
                article_id: story.id,
                email: &email,
                reader: comment.reader,
                body: &body,
                since: Utc::now() - Duration::hours(24),
                now: Utc::now(),
            })
            .await?;
        let screening = Screening {
            honeypot_filled: false,
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
            first_time: standing.published_before == 0 && comment.staff.is_none(),
            mode: if comment.staff.is_some() {
                ModerationMode::PublishAtOnce
            } else {
                settings.mode
            },
        };
        let verdict = screen(&screening);
        let (status, rule, reason) = match &verdict {
            Verdict::Publish => (CommentStatus::Published, None, None),
            Verdict::Hold(rule) => (CommentStatus::Pending, Some(rule.code()), None),
            Verdict::Reject(rule) => (
                CommentStatus::Rejected,
                Some(rule.code()),
                Some((comment.told)(&Refusal::Rule(rule.clone()))),
            ),
        };
        let id = store
            .insert_comment(&NewComment {
                article_id: story.id,
                parent_id,
                reader: comment.reader,
                name: &name,
                email: &email,
                body: &body,
                status,
                staff_user_id: comment.staff.map(|user| user.id),
                rule,
                reason,
                address_hash: &address_hash,
            })
            .await?;
        // A held or refused comment shows on no page: readers' busiest write is answered
        // without waiting for this node's followers.
        if verdict == Verdict::Publish {
            self.committed().await;
        } else {
            self.committed_in_background();
        }
        Ok(match verdict {
            Verdict::Publish => CommentOutcome::Published(id),
            Verdict::Hold(_) => CommentOutcome::Held(id),
            Verdict::Reject(rule) => CommentOutcome::Refused(Refusal::Rule(rule)),
        })
    }

    /// Counts a comment against its sender's limits (by address and by email, on every
    /// node); false when they have used them up.
    async fn within_comment_limits(&self, address: IpAddr, email: &Email) -> Result<bool, StoreError> {
        let limits = self.limits();
        let address = format!("address:{address}");
        let email = format!("email:{}", email.as_str().to_lowercase());
        self.within_limits(&[
            (limits.comments_burst, &address),
            (limits.comments_hourly, &address),
            (limits.comments_burst, &email),
            (limits.comments_hourly, &email),
        ])
        .await
    }

    /// A reader's report of a published comment of a story, for the moderators' Reported
    /// queue; each reader reports a comment once. False when there is no such comment (or the
    /// reader reports too often).
    pub async fn report_comment(
        &self,
        lang: Lang,
        story: &Slug,
        comment_id: i64,
        reason: &str,
        reader: &ReaderId,
        address: IpAddr,
    ) -> Result<ReportOutcome, StoreError> {
        if !self
            .within_limits(&[(self.limits().reports, &address.to_string())])
            .await?
        {
            return Ok(ReportOutcome::TooMany);
        }
        let Some(article_id) = self.store().published_article_id(lang, story).await? else {
            return Ok(ReportOutcome::NoSuchComment);
        };
        let reason: String = dateline_domain::comment::normalize(reason)
            .trim()
            .chars()
            .take(REPORT_REASON_CHARS)
            .collect();
        if !self
            .store()
            .report_comment(article_id, comment_id, &reason, reader)
            .await?
        {
            return Ok(ReportOutcome::NoSuchComment);
        }
        self.committed().await;
        Ok(ReportOutcome::Reported)
    }
}

/// What became of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    Reported,
    NoSuchComment,
    TooMany,
}

fn parse_fields(comment: &CommentSubmission<'_>) -> Result<(CommenterName, Email, CommentBody), Refusal> {
    match (
        CommenterName::parse(comment.name),
        Email::parse(comment.email),
        CommentBody::parse(comment.body),
    ) {
        (Ok(name), Ok(email), Ok(body)) => Ok((name, email, body)),
        (name, email, body) => Err(Refusal::Fields {
            name: name.err(),
            email: email.err(),
            body: body.err(),
        }),
    }
}
