//! The moderators' side of guest comments: their rules, the queues, decisions, bans, the log
//! every action leaves, and a commenter's export and erasure on request.

use crate::comments::CommentRow;
use crate::events::write_with_events;
use crate::macros::on_db;
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{
    Actor, Email, EventKind, ModerationMode, ModerationSettings, NewEvent, PageTag, QueueItem,
};

/// Records a moderator's action in the moderation log, inside the transaction `$tx`.
macro_rules! log_action {
    ($tx:expr, $comment_id:expr, $action:expr, $detail:expr, $moderator:expr) => {
        sqlx::query(
            "INSERT INTO moderation_log (comment_id, action, detail, moderator_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind($comment_id)
        .bind($action)
        .bind($detail)
        .bind($moderator)
        .bind(Utc::now())
        .execute(&mut *$tx)
        .await?
    };
}

/// The moderation queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Pending,
    Reported,
    Approved,
    Rejected,
}

impl Queue {
    pub const ALL: [Queue; 4] = [Queue::Pending, Queue::Reported, Queue::Approved, Queue::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Queue::Pending => "pending",
            Queue::Reported => "reported",
            Queue::Approved => "approved",
            Queue::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|queue| queue.as_str() == raw)
    }

    fn filter(self) -> &'static str {
        match self {
            Queue::Pending => "c.status = 'pending'",
            Queue::Reported => {
                "c.status <> 'rejected' AND c.id IN (SELECT comment_id FROM comment_reports WHERE resolved = FALSE)"
            }
            Queue::Approved => "c.status = 'published'",
            Queue::Rejected => "c.status = 'rejected'",
        }
    }
}

/// A ban or suspension in force, as moderators list it.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct BanEntry {
    pub id: i64,
    /// `email` or `domain`.
    pub kind: String,
    pub target: String,
    /// When a suspension ends; none for a ban.
    pub until: Option<DateTime<Utc>>,
    pub reason: String,
    pub moderator: String,
    pub created_at: DateTime<Utc>,
}

/// One line of the moderation log.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct LogEntry {
    pub id: i64,
    pub comment_id: Option<i64>,
    pub action: String,
    pub detail: String,
    pub moderator: String,
    pub created_at: DateTime<Utc>,
}

/// A commenter's comment as their data export gives it.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct ExportedComment {
    pub id: i64,
    pub article_edition: String,
    pub article_slug: String,
    pub author_name: String,
    pub author_email: String,
    pub body: String,
    pub status: String,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A moderator's decision on a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject(Told),
    Feature(bool),
}

/// What the author of a refused comment is told, in the language of the edition the comment
/// was written in: a reason the moderator typed reads as typed in both; a preset reason is
/// worded in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Told {
    pub en: String,
    pub ar: String,
}

impl Told {
    /// A reason as the moderator typed it, the same whichever edition.
    pub fn typed(reason: &str) -> Self {
        Self {
            en: reason.to_owned(),
            ar: reason.to_owned(),
        }
    }

    /// Each wording passed through `f` (to trim or cut them alike).
    pub fn map(&self, f: impl Fn(&str) -> String) -> Self {
        Self {
            en: f(&self.en),
            ar: f(&self.ar),
        }
    }
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    author_email: String,
    address_hash: String,
    rule: Option<String>,
    reason: Option<String>,
    article_edition: String,
    article_slug: String,
    article_headline: String,
    published_before: i64,
    rejected_before: i64,
}

impl Store {
    pub async fn moderation_settings(&self) -> StoreResult<ModerationSettings> {
        let (mode, banned_words, suspect_words, link_limit, auto_close_days): (
            String,
            String,
            String,
            i64,
            Option<i64>,
        ) = on_db!(self, |pool| {
            sqlx::query_as(
                    "SELECT mode, banned_words, suspect_words, link_limit, auto_close_days FROM moderation_settings WHERE id = 1",
                )
                .fetch_one(pool)
                .await?
        });
        Ok(ModerationSettings {
            mode: mode
                .parse::<ModerationMode>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            banned_words,
            suspect_words,
            link_limit,
            auto_close_days,
        })
    }

    pub async fn put_moderation_settings(&self, settings: &ModerationSettings, by: i64) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            sqlx::query(
                "UPDATE moderation_settings SET mode = $1, banned_words = $2, suspect_words = $3, link_limit = $4,
                        auto_close_days = $5 WHERE id = 1",
            )
            .bind(settings.mode.as_str())
            .bind(&settings.banned_words)
            .bind(&settings.suspect_words)
            .bind(settings.link_limit)
            .bind(settings.auto_close_days)
            .execute(&mut *tx)
            .await?;
            log_action!(tx, None::<i64>, "settings", settings.mode.as_str(), by);
            // The rules (auto-closing, pre-moderation notes) show under every story.
            let event =
                NewEvent::new(EventKind::ModerationRulesChanged, Actor::Member(by)).tagged([PageTag::Site]);
            ((), vec![event])
        })
    }

    /// How many comments wait in each queue.
    pub async fn queue_counts(&self) -> StoreResult<Vec<(Queue, i64)>> {
        let mut counts = Vec::with_capacity(Queue::ALL.len());
        for queue in Queue::ALL {
            let sql = match queue {
                Queue::Pending => "SELECT COUNT(*) FROM comments c WHERE c.status = 'pending'",
                Queue::Reported => {
                    "SELECT COUNT(*) FROM comments c WHERE c.status <> 'rejected'
                       AND c.id IN (SELECT comment_id FROM comment_reports WHERE resolved = FALSE)"
                }
                Queue::Approved => "SELECT COUNT(*) FROM comments c WHERE c.status = 'published'",
                Queue::Rejected => "SELECT COUNT(*) FROM comments c WHERE c.status = 'rejected'",
            };
            let (count,): (i64,) = on_db!(self, |pool| sqlx::query_as(sql).fetch_one(pool).await?);
            counts.push((queue, count));
        }
        Ok(counts)
    }

    /// A queue's comments, oldest first for those waiting and newest first for those decided.
    /// Up to `limit` comments of `queue`, after the first `offset`, in the queue's order.
    pub async fn queue(&self, queue: Queue, limit: i64, offset: i64) -> StoreResult<Vec<QueueItem>> {
        let order = match queue {
            Queue::Pending | Queue::Reported => "c.created_at, c.id",
            Queue::Approved | Queue::Rejected => "c.decided_at DESC, c.id DESC",
        };
        let sql = format!(
            "SELECT c.id, c.parent_id, c.author_name, c.body, c.status, c.staff_user_id IS NOT NULL AS staff,
                    c.featured, c.created_at, c.author_email, c.address_hash, c.rule, c.reason,
                    a.edition AS article_edition, a.slug AS article_slug, a.headline AS article_headline,
                    (SELECT COUNT(*) FROM comments h WHERE h.author_email = c.author_email AND h.status = 'published') AS published_before,
                    (SELECT COUNT(*) FROM comments h WHERE h.author_email = c.author_email AND h.status = 'rejected') AS rejected_before
             FROM comments c JOIN articles a ON a.id = c.article_id
             WHERE {} ORDER BY {order} LIMIT $1 OFFSET $2",
            queue.filter()
        );
        let rows: Vec<QueueRow> = on_db!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?
        });
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let reports: Vec<(String,)> = on_db!(self, |pool| {
                sqlx::query_as("SELECT reason FROM comment_reports WHERE comment_id = $1 AND resolved = FALSE ORDER BY id")
                    .bind(row.comment.id)
                    .fetch_all(pool)
                    .await?
            });
            items.push(QueueItem {
                email: row.author_email,
                address_hash: row.address_hash,
                article_lang: crate::rows::lang(&row.article_edition)?,
                article_slug: crate::rows::slug(&row.article_slug)?,
                article_headline: row.article_headline,
                rule: row.rule,
                reason: row.reason,
                published_before: row.published_before,
                rejected_before: row.rejected_before,
                reports: reports.into_iter().map(|(reason,)| reason).collect(),
                comment: row.comment.into_comment()?,
            });
        }
        Ok(items)
    }

    /// Applies a moderator's decision to comments, logging each; returns how many changed.
    pub async fn decide(
        &self,
        comment_ids: &[i64],
        decision: &Decision,
        moderator_id: i64,
    ) -> StoreResult<u64> {
        let now = Utc::now();
        let (action, kind) = match decision {
            Decision::Approve => ("approve", EventKind::CommentApproved),
            Decision::Reject(_) => ("reject", EventKind::CommentRejected),
            Decision::Feature(true) => ("feature", EventKind::CommentFeatured),
            Decision::Feature(false) => ("unfeature", EventKind::CommentUnfeatured),
        };
        write_with_events!(self, |tx| {
            let mut events = Vec::new();
            for id in comment_ids {
                // The story the comment is on, and for a refusal what its author is told (the
                // moderation log keeps the same words).
                let story: Option<(i64, Option<String>)> = match decision {
                    Decision::Approve => {
                        sqlx::query_as(
                            "UPDATE comments SET status = 'published', reason = NULL, decided_at = $2 WHERE id = $1
                             RETURNING article_id, CAST(NULL AS TEXT) AS reason",
                        )
                        .bind(id)
                        .bind(now)
                        .fetch_optional(&mut *tx)
                        .await?
                    }
                    Decision::Reject(told) => {
                        sqlx::query_as(
                            "UPDATE comments SET status = 'rejected', decided_at = $2,
                                 reason = CASE (SELECT edition FROM articles WHERE id = comments.article_id)
                                              WHEN 'ar' THEN $4 ELSE $3 END
                             WHERE id = $1
                             RETURNING article_id, reason",
                        )
                        .bind(id)
                        .bind(now)
                        .bind(&told.en)
                        .bind(&told.ar)
                        .fetch_optional(&mut *tx)
                        .await?
                    }
                    Decision::Feature(on) => {
                        sqlx::query_as(
                            "UPDATE comments SET featured = $2 WHERE id = $1 RETURNING article_id, CAST(NULL AS TEXT) AS reason",
                        )
                            .bind(id)
                            .bind(on)
                            .fetch_optional(&mut *tx)
                            .await?
                    }
                };
                let Some((story_id, told)) = story else { continue };
                if matches!(decision, Decision::Approve | Decision::Reject(_)) {
                    sqlx::query("UPDATE comment_reports SET resolved = TRUE WHERE comment_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                log_action!(tx, Some(*id), action, told.unwrap_or_default(), moderator_id);
                events.push(
                    NewEvent::new(kind, Actor::Member(moderator_id))
                        .story(story_id)
                        .subject(*id)
                        .tagged([PageTag::Comments(story_id)]),
                );
            }
            (events.len() as u64, events)
        })
    }

    /// Bans (no `until`) or suspends (until a time) an email address or a whole domain.
    pub async fn ban_commenter(
        &self,
        kind: &str,
        target: &str,
        until: Option<DateTime<Utc>>,
        reason: &str,
        moderator_id: i64,
    ) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            let (ban_id,): (i64,) = sqlx::query_as(
                "INSERT INTO commenter_bans (target, kind, until, reason, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(target.to_lowercase())
            .bind(kind)
            .bind(until)
            .bind(reason)
            .bind(moderator_id)
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await?;
            let (action, event_kind) = if until.is_some() {
                ("suspend", EventKind::CommenterSuspended)
            } else {
                ("ban", EventKind::CommenterBanned)
            };
            log_action!(
                tx,
                None::<i64>,
                action,
                format!("{kind} {target}: {reason}"),
                moderator_id
            );
            // The event names the ban, never the address.
            let event = NewEvent::new(event_kind, Actor::Member(moderator_id)).subject(ban_id);
            ((), vec![event])
        })
    }

    /// The bans and suspensions in force at `now`, newest first, whose address or domain holds
    /// `search` (any, when empty), at most `limit` of them, and how many there are in all.
    pub async fn bans(
        &self,
        search: &str,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<(Vec<BanEntry>, i64)> {
        let pattern = crate::rows::contains_pattern(&search.trim().to_lowercase());
        macro_rules! in_force_matching {
            () => {
                " FROM commenter_bans b LEFT JOIN users u ON u.id = b.created_by
                  WHERE (b.until IS NULL OR b.until > $1) AND b.target LIKE $2 ESCAPE '\\'"
            };
        }
        let (bans, (total,)): (Vec<BanEntry>, (i64,)) = on_db!(self, |pool| {
            let bans = sqlx::query_as(concat!(
                "SELECT b.id, b.kind, b.target, b.until, b.reason, COALESCE(u.display_name, '') AS moderator, b.created_at",
                in_force_matching!(),
                " ORDER BY b.id DESC LIMIT $3"
            ))
            .bind(now)
            .bind(&pattern)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            let total = sqlx::query_as(concat!("SELECT COUNT(*)", in_force_matching!()))
                .bind(now)
                .bind(&pattern)
                .fetch_one(pool)
                .await?;
            (bans, total)
        });
        Ok((bans, total))
    }

    /// Ends a ban or suspension before its time; false when there is no such ban.
    pub async fn lift_ban(&self, ban_id: i64, moderator_id: i64) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let lifted: Option<(String, String)> =
                sqlx::query_as("DELETE FROM commenter_bans WHERE id = $1 RETURNING kind, target")
                    .bind(ban_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((kind, target)) = lifted else {
                return Ok(false);
            };
            log_action!(tx, None::<i64>, "lift", format!("{kind} {target}"), moderator_id);
            let event =
                NewEvent::new(EventKind::CommenterBanLifted, Actor::Member(moderator_id)).subject(ban_id);
            (true, vec![event])
        })
    }

    /// The newest entries of the moderation log, with who acted.
    pub async fn moderation_log(&self, limit: i64) -> StoreResult<Vec<LogEntry>> {
        let rows: Vec<LogEntry> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT l.id, l.comment_id, l.action, l.detail, COALESCE(u.display_name, '') AS moderator, l.created_at
                 FROM moderation_log l LEFT JOIN users u ON u.id = l.moderator_id
                 ORDER BY l.id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Everything kept about a commenter, for a copy of their data.
    pub async fn commenter_export(&self, email: &Email) -> StoreResult<Vec<ExportedComment>> {
        let rows: Vec<ExportedComment> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT c.id, a.edition AS article_edition, a.slug AS article_slug, c.author_name, c.author_email,
                        c.body, c.status, c.reason, c.created_at
                 FROM comments c JOIN articles a ON a.id = c.article_id
                 WHERE c.author_email = $1 ORDER BY c.created_at, c.id",
            )
            .bind(email.as_str())
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Erases a commenter: their comments (with replies to them), reports on them and bans
    /// naming their address go; the log keeps only that an erasure happened. Returns how many
    /// comments went.
    pub async fn erase_commenter(&self, email: &Email, moderator_id: i64) -> StoreResult<u64> {
        write_with_events!(self, |tx| {
            // Their comments, and replies to them, were under these stories.
            let stories: Vec<(i64,)> =
                sqlx::query_as("SELECT DISTINCT article_id FROM comments WHERE author_email = $1")
                    .bind(email.as_str())
                    .fetch_all(&mut *tx)
                    .await?;
            sqlx::query(
                "UPDATE moderation_log SET detail = '' WHERE comment_id IN (SELECT id FROM comments WHERE author_email = $1)",
            )
            .bind(email.as_str())
            .execute(&mut *tx)
            .await?;
            let named = crate::rows::contains_pattern(email.as_str());
            sqlx::query("UPDATE moderation_log SET detail = '' WHERE detail LIKE $1 ESCAPE '\\'")
                .bind(named)
                .execute(&mut *tx)
                .await?;
            let erased = sqlx::query("DELETE FROM comments WHERE author_email = $1")
                .bind(email.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM commenter_bans WHERE kind = 'email' AND target = $1")
                .bind(email.as_str().to_lowercase())
                .execute(&mut *tx)
                .await?;
            log_action!(
                tx,
                None::<i64>,
                "erase",
                // How many comments went: the log page words it in the moderator's language.
                erased.to_string(),
                moderator_id
            );
            let event = NewEvent::new(EventKind::CommenterErased, Actor::Member(moderator_id))
                .tagged(stories.into_iter().map(|(id,)| PageTag::Comments(id)));
            (erased, vec![event])
        })
    }
}
