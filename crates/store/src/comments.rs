//! Guest comments: how they are taken in, what readers see of them, the facts the rules ask
//! for, and readers' reports. The moderators' side is in [`crate::moderation`].

use crate::events::write_with_events;
use crate::macros::{for_dialect, json_rows, on_db};
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{
    Actor, Comment, CommentBody, CommentStatus, CommenterName, Email, EventKind, NewEvent, PageTag, ReaderId,
};

/// The columns a comment is read from.
macro_rules! comment_columns {
    () => {
        "SELECT c.id, c.parent_id, c.author_name, c.body, c.status, c.staff_user_id IS NOT NULL AS staff,
                c.featured, c.created_at, c.reason FROM comments c "
    };
}

/// The published comments of the story whose id is `$story` as one JSON array in `$dialect`,
/// as a column: one array of `[id, parent_id, author_name, body, staff, featured, created_at]`
/// per comment (read by [`published_comments_from`]).
macro_rules! published_comment_parts {
    ($dialect:ident, $story:literal) => {
        concat!(
            "COALESCE((SELECT ",
            json_rows!(
                $dialect,
                "c.id, c.parent_id, c.author_name, c.body, c.staff_user_id IS NOT NULL, c.featured, c.created_at"
            ),
            " FROM comments c WHERE c.article_id = ",
            $story,
            " AND c.status = 'published'), '[]')"
        )
    };
}

pub(crate) use published_comment_parts;

/// A story's (`$1`) published comments as one JSON array in `$dialect`
/// ([`Store::published_comments`]).
macro_rules! published_comments_query {
    ($dialect:ident,) => {
        concat!("SELECT ", published_comment_parts!($dialect, "$1"))
    };
}

/// A published comment as [`published_comment_parts`] lists it.
#[derive(serde::Deserialize)]
struct PublishedComment(i64, Option<i64>, String, String, Flag, Flag, DateTime<Utc>);

/// A yes or no in JSON: `true`/`false` from PostgreSQL, `1`/`0` from SQLite.
struct Flag(bool);

impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Either {
            Bool(bool),
            Number(i64),
        }
        Ok(Flag(match Either::deserialize(deserializer)? {
            Either::Bool(flag) => flag,
            Either::Number(number) => number != 0,
        }))
    }
}

/// A story's published comments from [`published_comment_parts`]: featured ones first, then
/// oldest first.
pub(crate) fn published_comments_from(json: &str, article_id: i64) -> StoreResult<Vec<Comment>> {
    let mut shown: Vec<PublishedComment> = serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("the comments of story {article_id}: {e}")))?;
    shown.sort_by_key(|c| (!c.5.0, c.6, c.0));
    Ok(shown
        .into_iter()
        .map(
            |PublishedComment(id, parent_id, author_name, body, Flag(staff), Flag(featured), created_at)| {
                Comment {
                    id,
                    parent_id,
                    author_name,
                    body,
                    status: CommentStatus::Published,
                    staff,
                    featured,
                    created_at,
                    reason: None,
                }
            },
        )
        .collect())
}

/// Stores a comment (`$1` to `$13`) and returns its id.
macro_rules! insert_comment_sql {
    () => {
        "INSERT INTO comments (article_id, parent_id, reader, author_name, author_email, body, status,
                               rule, reason, address_hash, created_at, decided_at, staff_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"
    };
}

#[derive(sqlx::FromRow)]
pub(crate) struct CommentRow {
    pub(crate) id: i64,
    parent_id: Option<i64>,
    author_name: String,
    body: String,
    status: String,
    staff: bool,
    featured: bool,
    created_at: DateTime<Utc>,
    reason: Option<String>,
}

impl CommentRow {
    pub(crate) fn into_comment(self) -> StoreResult<Comment> {
        Ok(Comment {
            id: self.id,
            parent_id: self.parent_id,
            author_name: self.author_name,
            body: self.body,
            status: self
                .status
                .parse()
                .map_err(|e: dateline_domain::comment::UnknownValue| StoreError::Corrupt(e.to_string()))?,
            staff: self.staff,
            featured: self.featured,
            created_at: self.created_at,
            reason: self.reason,
        })
    }
}

fn comments(rows: Vec<CommentRow>) -> StoreResult<Vec<Comment>> {
    rows.into_iter().map(CommentRow::into_comment).collect()
}

/// A comment as it is stored after the rules have decided.
pub struct NewComment<'a> {
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub reader: &'a ReaderId,
    pub name: &'a CommenterName,
    pub email: &'a Email,
    pub body: &'a CommentBody,
    pub status: CommentStatus,
    /// The newsroom member who wrote it, shown with a badge.
    pub staff_user_id: Option<i64>,
    pub rule: Option<String>,
    pub reason: Option<String>,
    pub address_hash: &'a str,
}

/// A new comment, as [`Store::commenter_standing`] checks it.
pub struct CommentCheck<'a> {
    pub article_id: i64,
    pub email: &'a Email,
    pub reader: &'a ReaderId,
    pub body: &'a CommentBody,
    pub since: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// What the rules know of a commenter before a new comment.
pub struct Standing {
    pub published_before: i64,
    pub duplicate: bool,
    pub ban: Option<String>,
}

impl Store {
    /// Stores a comment the rules have decided on; a published one shows under its story at once.
    pub async fn insert_comment(&self, comment: &NewComment<'_>) -> StoreResult<i64> {
        let now = Utc::now();
        let decided_at = (comment.status != CommentStatus::Pending).then_some(now);
        let actor = comment.staff_user_id.map_or(Actor::Reader, Actor::Member);
        let (kind, tags) = match comment.status {
            CommentStatus::Published => (
                EventKind::CommentPublished,
                vec![PageTag::Comments(comment.article_id)],
            ),
            CommentStatus::Pending => (EventKind::CommentHeld, Vec::new()),
            CommentStatus::Rejected => (EventKind::CommentRefused, Vec::new()),
        };
        match &self.db {
            // Readers' comments are the busiest write, and SQLite answers each statement from a
            // thread of its own: the transaction (the comment, its event, whose subject is the
            // row just inserted) is one round trip, which holds SQLite's write lock only while
            // it runs. It runs in a task of its own, so that a reader who leaves mid-way cannot
            // leave the transaction open on a pooled connection.
            crate::Db::Sqlite(pool) => {
                let pool = pool.clone();
                let arguments = (
                    comment.article_id,
                    comment.parent_id,
                    comment.reader.as_str().to_owned(),
                    comment.name.as_str().to_owned(),
                    comment.email.as_str().to_owned(),
                    comment.body.as_str().to_owned(),
                    comment.status.as_str(),
                    comment.rule.clone(),
                    comment.reason.clone(),
                    comment.address_hash.to_owned(),
                    (now, decided_at, comment.staff_user_id),
                    (
                        kind.name(),
                        dateline_domain::event::tags_to_text(&tags),
                        actor.to_text(),
                    ),
                );
                let ids = tokio::spawn(async move {
                    let (
                        article,
                        parent,
                        reader,
                        name,
                        email,
                        body,
                        status,
                        rule,
                        reason,
                        address,
                        times,
                        event,
                    ) = arguments;
                    let mut connection = pool.acquire().await?;
                    let ids: Result<Vec<(i64,)>, sqlx::Error> = sqlx::query_as(concat!(
                        "BEGIN IMMEDIATE; ",
                        insert_comment_sql!(),
                        "; INSERT INTO events (kind, story_id, subject_id, tags, actor, created_at)
                           VALUES ($14, $1, last_insert_rowid(), $15, $16, $11) RETURNING id;
                         COMMIT"
                    ))
                    .bind(article)
                    .bind(parent)
                    .bind(reader)
                    .bind(name)
                    .bind(email)
                    .bind(body)
                    .bind(status)
                    .bind(rule)
                    .bind(reason)
                    .bind(address)
                    .bind(times.0)
                    .bind(times.1)
                    .bind(times.2)
                    .bind(event.0)
                    .bind(event.1)
                    .bind(event.2)
                    .fetch_all(&mut *connection)
                    .await;
                    if ids.is_err() {
                        // Whatever ran is undone; with nothing open, SQLite just says so.
                        let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
                    }
                    ids
                })
                .await
                .map_err(|e| StoreError::Corrupt(format!("the comment's write stopped: {e}")))??;
                let [(id,), (event,)] = ids[..] else {
                    return Err(StoreError::Corrupt(format!(
                        "a comment and its event gave {} ids",
                        ids.len()
                    )));
                };
                self.committed_through(event).await?;
                Ok(id)
            }
            crate::Db::Pg(_) => write_with_events!(self, |tx| {
                let (id,): (i64,) = sqlx::query_as(insert_comment_sql!())
                    .bind(comment.article_id)
                    .bind(comment.parent_id)
                    .bind(comment.reader.as_str())
                    .bind(comment.name.as_str())
                    .bind(comment.email.as_str())
                    .bind(comment.body.as_str())
                    .bind(comment.status.as_str())
                    .bind(&comment.rule)
                    .bind(&comment.reason)
                    .bind(comment.address_hash)
                    .bind(now)
                    .bind(decided_at)
                    .bind(comment.staff_user_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let event = NewEvent::new(kind, actor)
                    .story(comment.article_id)
                    .subject(id)
                    .tagged(tags);
                (id, vec![event])
            }),
        }
    }

    /// A story's published comments: featured ones first, then oldest first. One row however
    /// many there are (on SQLite each row is a hand-over from the connection's worker thread,
    /// and a story can have hundreds): a JSON array of `[id, parent_id, author_name, body,
    /// staff, featured, created_at]`.
    pub async fn published_comments(&self, article_id: i64) -> StoreResult<Vec<Comment>> {
        let sql = for_dialect!(self, published_comments_query!());
        let (json,): (String,) = on_db!(self, |pool| {
            sqlx::query_as(sql).bind(article_id).fetch_one(pool).await?
        });
        published_comments_from(&json, article_id)
    }

    /// The comments a reader wrote on a story that await moderation or were refused (with
    /// the reason they were told): only they see them.
    pub async fn own_comments_in_moderation(
        &self,
        article_id: i64,
        reader: &ReaderId,
    ) -> StoreResult<Vec<Comment>> {
        let rows: Vec<CommentRow> = on_db!(self, |pool| {
            sqlx::query_as(concat!(
                comment_columns!(),
                "WHERE c.article_id = $1 AND c.reader = $2 AND c.status IN ('pending', 'rejected') ORDER BY c.created_at, c.id"
            ))
            .bind(article_id)
            .bind(reader.as_str())
            .fetch_all(pool)
            .await?
        });
        comments(rows)
    }

    /// Whether `parent_id` is a published, top-level comment on the story (replies go one level deep).
    pub async fn can_reply_to(&self, article_id: i64, parent_id: i64) -> StoreResult<bool> {
        let row: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id FROM comments WHERE id = $1 AND article_id = $2 AND parent_id IS NULL AND status = 'published'",
            )
            .bind(parent_id)
            .bind(article_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.is_some())
    }

    /// How many of this address's comments were published and how many rejected.
    pub async fn commenter_history(&self, email: &Email) -> StoreResult<(i64, i64)> {
        let row: (i64, i64) = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT COALESCE(SUM(CASE WHEN status = 'published' THEN 1 ELSE 0 END), 0),
                        COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0)
                 FROM comments WHERE author_email = $1",
            )
            .bind(email.as_str())
            .fetch_one(pool)
            .await?
        });
        Ok(row)
    }

    /// What the rules need to know of a new comment's writer, read at once: their published
    /// comments so far, whether the same text came for the same story from the same email or
    /// the same reader (browser) since `since` (people who share an address are not one
    /// another's duplicates), and the ban or suspension in force on the email or its domain at
    /// `now`, described.
    pub async fn commenter_standing(&self, comment: &CommentCheck<'_>) -> StoreResult<Standing> {
        type Row = (i64, bool, Option<String>, Option<String>, Option<DateTime<Utc>>);
        let (published_before, duplicate, kind, target, until): Row = on_db!(self, |pool| {
            // Each lookup by its own index: the writer's comments are few, the story's may be
            // thousands.
            sqlx::query_as(
                "SELECT
                    (SELECT COUNT(*) FROM comments WHERE author_email = $1 AND status = 'published'),
                    EXISTS (SELECT 1 FROM comments
                            WHERE author_email = $1 AND created_at >= $2 AND article_id = $3 AND body = $4)
                      OR EXISTS (SELECT 1 FROM comments
                                 WHERE reader = $5 AND created_at >= $2 AND article_id = $3 AND body = $4),
                    ban.kind, ban.target, ban.until
                 FROM (SELECT 1 AS one) AS anchor
                 LEFT JOIN (SELECT kind, target, until FROM commenter_bans
                            WHERE ((kind = 'email' AND target = $1) OR (kind = 'domain' AND target = $6))
                              AND (until IS NULL OR until > $7)
                            ORDER BY until IS NULL DESC LIMIT 1) AS ban ON 1 = 1",
            )
            .bind(comment.email.as_str())
            .bind(comment.since)
            .bind(comment.article_id)
            .bind(comment.body.as_str())
            .bind(comment.reader.as_str())
            .bind(comment.email.domain())
            .bind(comment.now)
            .fetch_one(pool)
            .await?
        });
        let ban = match (kind, target, until) {
            (Some(kind), Some(target), Some(until)) => Some(format!(
                "{kind} {target} suspended until {}",
                until.format("%Y-%m-%d %H:%M UTC")
            )),
            (Some(kind), Some(target), None) => Some(format!("{kind} {target} banned")),
            _ => None,
        };
        Ok(Standing {
            published_before,
            duplicate,
            ban,
        })
    }

    pub async fn published_comment_count(&self, article_id: i64) -> StoreResult<i64> {
        let (count,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'published'")
                .bind(article_id)
                .fetch_one(pool)
                .await?
        });
        Ok(count)
    }

    /// A reader's report of a published comment of a story; it lands in the Reported queue.
    /// A reader reports a comment once; false when there is no such comment on the story.
    pub async fn report_comment(
        &self,
        article_id: i64,
        comment_id: i64,
        reason: &str,
        reader: &ReaderId,
    ) -> StoreResult<bool> {
        write_with_events!(self, |tx| {
            let (exists,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM comments WHERE id = $1 AND article_id = $2 AND status = 'published'",
            )
            .bind(comment_id)
            .bind(article_id)
            .fetch_one(&mut *tx)
            .await?;
            if exists == 0 {
                (false, Vec::new())
            } else {
                let reported = sqlx::query(
                    "INSERT INTO comment_reports (comment_id, reason, reader, created_at)
                     SELECT $1, $2, $3, $4 WHERE NOT EXISTS
                       (SELECT 1 FROM comment_reports WHERE comment_id = $1 AND reader = $3)",
                )
                .bind(comment_id)
                .bind(reason)
                .bind(reader.as_str())
                .bind(Utc::now())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                let events = (reported > 0)
                    .then(|| {
                        NewEvent::new(EventKind::CommentReported, Actor::Reader)
                            .story(article_id)
                            .subject(comment_id)
                    })
                    .into_iter()
                    .collect();
                (true, events)
            }
        })
    }
}
