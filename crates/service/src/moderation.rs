//! What moderators do: decide on comments (one by one or in bulk), ban or suspend commenters,
//! set the comment rules, and erase a commenter on request. Each is logged and recorded.

use crate::Service;
use chrono::{Duration, Utc};
use dateline_domain::{Email, ModerationMode, ModerationSettings};
use dateline_store::StoreError;
use dateline_store::moderation::Decision;
use dateline_store::users::StaffUser;

/// The longest reason kept with a rejection or a ban.
const REASON_CHARS: usize = 500;

/// Why a moderator's action was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    #[error("only moderators moderate")]
    NotAllowed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A ban or suspension as the moderator asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BanRequest<'a> {
    /// `email` or `domain`.
    pub kind: &'a str,
    /// An email address, or for a domain an address or domain to take the domain of.
    pub target: &'a str,
    /// Days of suspension; empty for a ban.
    pub days: &'a str,
    pub reason: &'a str,
}

/// What became of a ban request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BanOutcome {
    Banned {
        target: String,
    },
    Suspended {
        target: String,
    },
    /// Not an email address or domain, or a number of days outside 1 to 3650.
    Unreadable,
}

/// The comment rules as a moderator typed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulesDraft {
    pub mode: String,
    pub banned_words: String,
    pub suspect_words: String,
    pub link_limit: String,
    /// Empty: comments stay open.
    pub auto_close_days: String,
}

/// What is wrong with the rules as typed, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesProblem {
    Mode,
    LinkLimit,
    AutoCloseDays,
}

/// A number of days as typed: `Some(None)` when left empty, `None` when it is not a whole
/// number from 1 to 3650 (ten years).
fn optional_days(raw: &str) -> Option<Option<i64>> {
    match raw.trim() {
        "" => Some(None),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .map(Some),
    }
}

impl Service {
    fn moderator(user: &StaffUser) -> Result<(), ModerationError> {
        if user.role.can_moderate() {
            Ok(())
        } else {
            Err(ModerationError::NotAllowed)
        }
    }

    /// Applies a decision to comments; returns how many changed.
    pub async fn decide_comments(
        &self,
        moderator: &StaffUser,
        comment_ids: &[i64],
        decision: &Decision,
    ) -> Result<u64, ModerationError> {
        Self::moderator(moderator)?;
        let decision = match decision {
            Decision::Reject(told) => {
                Decision::Reject(told.map(|reason| reason.trim().chars().take(REASON_CHARS).collect()))
            }
            other => other.clone(),
        };
        let changed = self.store().decide(comment_ids, &decision, moderator.id).await?;
        self.committed().await;
        Ok(changed)
    }

    /// Bans (no days) or suspends (for some days) an email address or a whole domain.
    pub async fn ban_commenter(
        &self,
        moderator: &StaffUser,
        request: &BanRequest<'_>,
    ) -> Result<BanOutcome, ModerationError> {
        Self::moderator(moderator)?;
        let raw_target = request.target.trim();
        let target = match request.kind {
            "email" => Email::parse(raw_target)
                .ok()
                .map(|email| email.as_str().to_lowercase()),
            "domain" => {
                // The queue offers a commenter's address; its domain is what follows the last '@'.
                let domain = raw_target.rsplit('@').next().unwrap_or_default().to_lowercase();
                Email::parse(&format!("x@{domain}")).ok().map(|_| domain)
            }
            _ => None,
        };
        let days = optional_days(request.days);
        let (Some(target), Some(days)) = (target, days) else {
            return Ok(BanOutcome::Unreadable);
        };
        let until = days.map(|d| Utc::now() + Duration::days(d));
        let reason: String = request.reason.trim().chars().take(REASON_CHARS).collect();
        self.store()
            .ban_commenter(request.kind, &target, until, &reason, moderator.id)
            .await?;
        self.committed().await;
        Ok(if days.is_some() {
            BanOutcome::Suspended { target }
        } else {
            BanOutcome::Banned { target }
        })
    }

    /// Ends a ban or suspension before its time: the commenter may comment again at once.
    /// Returns whether there was such a ban (one already lifted or expired is not an error).
    pub async fn lift_ban(&self, moderator: &StaffUser, ban_id: i64) -> Result<bool, ModerationError> {
        Self::moderator(moderator)?;
        let lifted = self.store().lift_ban(ban_id, moderator.id).await?;
        if lifted {
            self.committed().await;
        }
        Ok(lifted)
    }

    /// Checks the rules as typed; saves them if they read. The rules show under every story.
    pub async fn save_comment_rules(
        &self,
        moderator: &StaffUser,
        draft: &RulesDraft,
    ) -> Result<Result<ModerationSettings, Vec<RulesProblem>>, ModerationError> {
        Self::moderator(moderator)?;
        let mut problems = Vec::new();
        let mode = draft.mode.parse::<ModerationMode>().ok();
        if mode.is_none() {
            problems.push(RulesProblem::Mode);
        }
        let link_limit = draft
            .link_limit
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=50).contains(n));
        if link_limit.is_none() {
            problems.push(RulesProblem::LinkLimit);
        }
        let auto_close_days = optional_days(&draft.auto_close_days);
        if auto_close_days.is_none() {
            problems.push(RulesProblem::AutoCloseDays);
        }
        let (Some(mode), Some(link_limit), Some(auto_close_days)) = (mode, link_limit, auto_close_days)
        else {
            return Ok(Err(problems));
        };
        let settings = ModerationSettings {
            mode,
            banned_words: draft.banned_words.replace("\r\n", "\n"),
            suspect_words: draft.suspect_words.replace("\r\n", "\n"),
            link_limit,
            auto_close_days,
        };
        self.store()
            .put_moderation_settings(&settings, moderator.id)
            .await?;
        self.committed().await;
        Ok(Ok(settings))
    }

    /// Erases a commenter on request: their comments (with the replies to them) and the bans
    /// naming them; returns how many comments went.
    pub async fn erase_commenter(
        &self,
        moderator: &StaffUser,
        email: &Email,
    ) -> Result<u64, ModerationError> {
        Self::moderator(moderator)?;
        let erased = self.store().erase_commenter(email, moderator.id).await?;
        self.committed().await;
        Ok(erased)
    }
}
