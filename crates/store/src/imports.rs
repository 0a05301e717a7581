//! What imports bring in, recorded by where it came from: each thing's id in its archive, the
//! row it became, and a digest of what it held. A re-run finds the record and leaves an
//! unchanged thing alone, or brings a changed one up to date.

use crate::events::write_with_events;
use crate::macros::on_db;
use crate::redirects::RedirectOrigin;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::{
    Actor, CommentStatus, Email, EventKind, Lang, NewAddress, NewEvent, OldAddress, PageTag, Slug,
};

/// A thing in an archive: the archive (`wordpress https://old.example.org`), its kind
/// (`post`, `page`, `comment`) and its id there.
#[derive(Debug, Clone, Copy)]
pub struct ImportKey<'a> {
    pub source: &'a str,
    pub kind: &'a str,
    pub external_id: &'a str,
}

/// What an import did with one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Added(i64),
    Updated(i64),
    /// Imported before, and the same since: nothing was written.
    Unchanged(i64),
}

impl Imported {
    pub fn id(self) -> i64 {
        match self {
            Imported::Added(id) | Imported::Updated(id) | Imported::Unchanged(id) => id,
        }
    }
}

/// Looks up a record inside a transaction: the local id and digest.
macro_rules! import_record {
    ($tx:expr, $key:expr) => {{
        let key: &$crate::imports::ImportKey<'_> = &$key;
        let found: Option<(i64, String)> = sqlx::query_as(
            "SELECT local_id, digest FROM import_records WHERE source = $1 AND kind = $2 AND external_id = $3",
        )
        .bind(key.source)
        .bind(key.kind)
        .bind(key.external_id)
        .fetch_optional(&mut *$tx)
        .await?;
        found
    }};
}
pub(crate) use import_record;

/// Records (or brings up to date) what `key` became, inside a transaction.
macro_rules! put_import_record {
    ($tx:expr, $key:expr, $local_id:expr, $digest:expr) => {{
        let key: &$crate::imports::ImportKey<'_> = &$key;
        sqlx::query(
            "INSERT INTO import_records (source, kind, external_id, local_id, digest, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (source, kind, external_id)
             DO UPDATE SET local_id = excluded.local_id, digest = excluded.digest, imported_at = excluded.imported_at",
        )
        .bind(key.source)
        .bind(key.kind)
        .bind(key.external_id)
        .bind($local_id)
        .bind($digest)
        .bind(chrono::Utc::now())
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use put_import_record;

/// Sends each old address to `new` (an import's redirects), inside a transaction. An address an
/// editor sent elsewhere keeps the editor's redirect.
macro_rules! put_import_redirects {
    ($tx:expr, $olds:expr, $new:expr, $origin:expr) => {{
        let new: &dateline_domain::NewAddress = $new;
        let origin: $crate::redirects::RedirectOrigin = $origin;
        let olds: &[dateline_domain::OldAddress] = $olds;
        // One statement for them all: `$1` to `$3` are the new address, origin and time.
        if !olds.is_empty() {
            let rows: Vec<String> = (0..olds.len())
                .map(|at| format!("(${}, $1, $2, $3)", at + 4))
                .collect();
            let sql = format!(
                "INSERT INTO redirects (old_path, new_path, origin, created_at) VALUES {}
                 ON CONFLICT (old_path) DO UPDATE SET new_path = excluded.new_path
                 WHERE redirects.origin = excluded.origin",
                rows.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(new.as_str())
                .bind(origin.as_str())
                .bind(chrono::Utc::now());
            for old in olds {
                query = query.bind(old.as_str());
            }
            query.execute(&mut *$tx).await?;
        }
    }};
}
pub(crate) use put_import_redirects;

impl Store {
    /// The local id `key` was imported as, and the digest of what it held then, if it was.
    pub async fn imported(&self, key: ImportKey<'_>) -> StoreResult<Option<(i64, String)>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT local_id, digest FROM import_records WHERE source = $1 AND kind = $2 AND external_id = $3",
            )
            .bind(key.source)
            .bind(key.kind)
            .bind(key.external_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Sends an archive's old addresses of a section, tag or author to its page here.
    pub async fn import_redirects(
        &self,
        old_addresses: &[OldAddress],
        address: &NewAddress,
        origin: RedirectOrigin,
        actor: Actor,
    ) -> StoreResult<()> {
        write_with_events!(self, |tx| {
            put_import_redirects!(tx, old_addresses, address, origin);
            ((), vec![NewEvent::new(EventKind::RedirectAdded, actor)])
        })
    }
}

/// A static page as an import brings it in.
#[derive(Debug, Clone, Copy)]
pub struct PageImport<'a> {
    pub key: ImportKey<'a>,
    pub digest: &'a str,
    pub lang: Lang,
    pub slug: &'a Slug,
    pub title: &'a str,
    pub body_markdown: &'a str,
    /// The page's address here, and its old addresses sent to it.
    pub address: &'a NewAddress,
    pub old_addresses: &'a [OldAddress],
    pub origin: RedirectOrigin,
}

/// A reader's comment as an import brings it in, with its state in the archive.
#[derive(Debug, Clone, Copy)]
pub struct CommentImport<'a> {
    /// Where it came from; `None` for a comment from no archive (neither recorded nor looked up).
    pub key: Option<ImportKey<'a>>,
    /// Kept with the record; unused without a key.
    pub digest: &'a str,
    /// The thread it replies to (replies go one level deep): the place, among the comments
    /// imported with it, of the thread's first comment.
    pub thread: Option<usize>,
    pub name: &'a str,
    /// Kept private, as every commenter's: for the newsroom and readers' data requests (which
    /// find it in its one spelling). `None` for an archive's comment without a valid address.
    pub email: Option<&'a Email>,
    pub body: &'a str,
    pub status: CommentStatus,
    /// Why a rejected comment was (`spam`, `trash`).
    pub reason: Option<&'a str>,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Brings a static page in, or up to date; `None` when the edition has a page at its slug
    /// that this import did not make (it is left as it is).
    pub async fn import_static_page(
        &self,
        page: PageImport<'_>,
        actor: Actor,
    ) -> StoreResult<Option<Imported>> {
        write_with_events!(self, |tx| {
            let record = import_record!(tx, page.key);
            let at_slug: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM static_pages WHERE edition = $1 AND slug = $2")
                    .bind(page.lang.code())
                    .bind(page.slug.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            let ours = record.as_ref().map(|(id, _)| *id);
            let outcome = match (at_slug, record) {
                (Some((id,)), Some((_, digest))) if Some(id) == ours && digest == page.digest => {
                    return Ok(Some(Imported::Unchanged(id)));
                }
                (Some((id,)), _) if Some(id) != ours => return Ok(None),
                (Some((id,)), _) => {
                    sqlx::query("UPDATE static_pages SET title = $2, body_markdown = $3, updated_at = $4 WHERE id = $1")
                        .bind(id)
                        .bind(page.title)
                        .bind(page.body_markdown)
                        .bind(Utc::now())
                        .execute(&mut *tx)
                        .await?;
                    Imported::Updated(id)
                }
                (None, _) => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO static_pages (edition, slug, title, body_markdown, updated_at)
                         VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(page.lang.code())
                    .bind(page.slug.as_str())
                    .bind(page.title)
                    .bind(page.body_markdown)
                    .bind(Utc::now())
                    .fetch_one(&mut *tx)
                    .await?;
                    Imported::Added(id)
                }
            };
            put_import_record!(tx, page.key, outcome.id(), page.digest);
            put_import_redirects!(tx, page.old_addresses, page.address, page.origin);
            let kind = match outcome {
                Imported::Added(_) => EventKind::StaticPageAdded,
                _ => EventKind::StaticPageSaved,
            };
            let event = NewEvent::new(kind, actor)
                .subject(outcome.id())
                .tagged([PageTag::Site]);
            (Some(outcome), vec![event])
        })
    }

    /// Brings a story's comments in, or up to date, in one transaction: what each became, in
    /// their order.
    pub async fn import_comments(
        &self,
        story_id: i64,
        comments: &[CommentImport<'_>],
        actor: Actor,
    ) -> StoreResult<Vec<Imported>> {
        write_with_events!(
            self,
            |tx| import_comments_in!(tx, story_id, comments, actor, fresh: false)
        )
    }
}

/// Writes a story's imported comments inside a transaction: what each became, in their order,
/// and their events.
macro_rules! import_comments_in {
    ($tx:expr, $story_id:expr, $comments:expr, $actor:expr, fresh: $fresh:expr) => {{
        // Under a story just made, no comment can have been imported: none is looked up.
        let fresh: bool = $fresh;
        let story_id: i64 = $story_id;
        let comments: &[$crate::imports::CommentImport<'_>] = $comments;
        let actor: dateline_domain::Actor = $actor;
        let tx = &mut *$tx;
            let mut outcomes: Vec<$crate::imports::Imported> = Vec::with_capacity(comments.len());
            let mut events = Vec::new();
            let mut written: Vec<(&$crate::imports::ImportKey<'_>, &str, i64)> = Vec::new();
            for comment in comments {
                let record = match &comment.key {
                    Some(key) if !fresh => $crate::imports::import_record!(tx, *key),
                    _ => None,
                };
                let existing = match record {
                    Some((id, digest)) => {
                        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM comments WHERE id = $1")
                            .bind(id)
                            .fetch_one(&mut *tx)
                            .await?;
                        (count > 0).then_some((id, digest))
                    }
                    None => None,
                };
                let parent_id = comment
                    .thread
                    .and_then(|at| outcomes.get(at))
                    .map(|parent| parent.id());
                let decided_at = (comment.status != dateline_domain::CommentStatus::Pending).then_some(comment.created_at);
                let outcome = match existing {
                    Some((id, digest)) if digest == comment.digest => {
                        outcomes.push($crate::imports::Imported::Unchanged(id));
                        continue;
                    }
                    Some((id, _)) => {
                        sqlx::query(
                            "UPDATE comments SET parent_id = $2, author_name = $3, author_email = $4, body = $5,
                                    status = $6, reason = $7, created_at = $8, decided_at = $9
                             WHERE id = $1",
                        )
                        .bind(id)
                        .bind(parent_id)
                        .bind(comment.name)
                        .bind(comment.email.map_or("", dateline_domain::Email::as_str))
                        .bind(comment.body)
                        .bind(comment.status.as_str())
                        .bind(comment.reason)
                        .bind(comment.created_at)
                        .bind(decided_at)
                        .execute(&mut *tx)
                        .await?;
                        $crate::imports::Imported::Updated(id)
                    }
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO comments (article_id, parent_id, reader, author_name, author_email, body, status,
                                                   rule, reason, address_hash, created_at, decided_at, staff_user_id)
                             VALUES ($1, $2, NULL, $3, $4, $5, $6, NULL, $7, '', $8, $9, NULL) RETURNING id",
                        )
                        .bind(story_id)
                        .bind(parent_id)
                        .bind(comment.name)
                        .bind(comment.email.map_or("", dateline_domain::Email::as_str))
                        .bind(comment.body)
                        .bind(comment.status.as_str())
                        .bind(comment.reason)
                        .bind(comment.created_at)
                        .bind(decided_at)
                        .fetch_one(&mut *tx)
                        .await?;
                        $crate::imports::Imported::Added(id)
                    }
                };
                if let Some(key) = &comment.key {
                    written.push((key, comment.digest, outcome.id()));
                }
                let tags = if comment.status == dateline_domain::CommentStatus::Published {
                    vec![dateline_domain::PageTag::Comments(story_id)]
                } else {
                    Vec::new()
                };
                events.push(
                    dateline_domain::NewEvent::new(dateline_domain::EventKind::CommentImported, actor)
                        .story(story_id)
                        .subject(outcome.id())
                        .tagged(tags),
                );
                outcomes.push(outcome);
            }
        // Where each written comment came from, a thousand to a statement (each once: an
        // archive may name a comment twice).
        let mut seen = std::collections::HashSet::new();
        written.reverse();
        written.retain(|(key, _, _)| seen.insert(key.external_id));
        for chunk in written.chunks(1000) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|row| {
                    let at = 2 + row * 5;
                    format!("(${}, ${}, ${}, ${}, ${}, $1)", at, at + 1, at + 2, at + 3, at + 4)
                })
                .collect();
            let sql = format!(
                "INSERT INTO import_records (source, kind, external_id, local_id, digest, imported_at) VALUES {}
                 ON CONFLICT (source, kind, external_id)
                 DO UPDATE SET local_id = excluded.local_id, digest = excluded.digest, imported_at = excluded.imported_at",
                rows.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(chrono::Utc::now());
            for (key, digest, id) in chunk {
                query = query
                    .bind(key.source)
                    .bind(key.kind)
                    .bind(key.external_id)
                    .bind(*id)
                    .bind(*digest);
            }
            query.execute(&mut *tx).await?;
        }
        (outcomes, events)
    }};
}
pub(crate) use import_comments_in;
