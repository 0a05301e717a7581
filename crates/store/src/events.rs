//! The events table: every write of the store appends its events in its own transaction, last,
//! just before it commits; followers (each node's page cache and search index) read them back
//! by id. On PostgreSQL the ids are handed out in commit order (an advisory lock held from the
//! first insert to the commit), so a follower that has read up to id N never meets a smaller id
//! later, and each commit wakes the other nodes with a `NOTIFY`.

use crate::macros::on_db;
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use dateline_domain::event::{Actor, Event, tags_from_text};

/// The advisory lock that orders event ids by commit on PostgreSQL.
pub(crate) const EVENTS_LOCK: i64 = 0x6576_656e_7473;

/// Whether a transaction is PostgreSQL's, which orders its events and notifies other nodes.
pub(crate) trait Backend: sqlx::Database {
    const IS_POSTGRES: bool;
    /// How a transaction that will write starts: SQLite takes the write lock at once, so that
    /// what it reads first cannot change under it before it writes.
    const BEGIN_WRITE: &'static str;
}

impl Backend for sqlx::Sqlite {
    const IS_POSTGRES: bool = false;
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
}

impl Backend for sqlx::Postgres {
    const IS_POSTGRES: bool = true;
    const BEGIN_WRITE: &'static str = "BEGIN";
}

pub(crate) fn is_postgres<DB: Backend>(_: &sqlx::Transaction<'_, DB>) -> bool {
    DB::IS_POSTGRES
}

/// Begins a transaction that writes.
pub(crate) async fn begin_write<DB: Backend>(
    pool: &sqlx::Pool<DB>,
) -> Result<sqlx::Transaction<'static, DB>, sqlx::Error> {
    pool.begin_with(DB::BEGIN_WRITE).await
}

/// How many events one statement writes (five values each). Few: SQLite finds each of a
/// statement's parameters by walking the list of them, so a statement of n values costs n²
/// there (at 500 events, 2,500 values, that was 7% of an archive's import).
pub(crate) const EVENTS_PER_STATEMENT: usize = 80;

/// Appends events inside the transaction `$tx` of the store `$store`. Call it last, after every
/// row of the change is written: on PostgreSQL it takes the lock that orders events, and holds
/// it until the commit.
macro_rules! append_events {
    ($store:expr, $tx:expr, $events:expr) => {{
        let events: &[dateline_domain::NewEvent] = $events;
        let postgres = $crate::events::is_postgres(&$tx);
        if postgres && !events.is_empty() {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind($crate::events::EVENTS_LOCK)
                .execute(&mut *$tx)
                .await?;
        }
        let now = chrono::Utc::now();
        let mut last_id = 0_i64;
        // Many events (an import's) go in a few statements, ids given in their order.
        for chunk in events.chunks($crate::events::EVENTS_PER_STATEMENT) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|row| {
                    let at = row * 5;
                    format!("(${}, ${}, ${}, ${}, ${}, $1)", at + 2, at + 3, at + 4, at + 5, at + 6)
                })
                .collect();
            let sql = format!(
                "INSERT INTO events (kind, story_id, subject_id, tags, actor, created_at) VALUES {} RETURNING id",
                rows.join(", ")
            );
            let mut query = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql)).bind(now);
            for event in chunk {
                query = query
                    .bind(event.kind.name())
                    .bind(event.story_id)
                    .bind(event.subject_id)
                    .bind(dateline_domain::event::tags_to_text(&event.tags))
                    .bind(event.actor.to_text());
            }
            let ids = query.fetch_all(&mut *$tx).await?;
            last_id = ids.iter().map(|(id,)| *id).max().unwrap_or(last_id).max(last_id);
        }
        if postgres && !events.is_empty() {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(&$store.channel)
                .bind(last_id.to_string())
                .execute(&mut *$tx)
                .await?;
        }
        last_id
    }};
}
pub(crate) use append_events;

/// Writes rows and their events in one write transaction on whichever database the store
/// holds: `$body` runs with `$tx` open and returns `Ok((value, events))`; the events are
/// appended after it and the transaction committed. An error anywhere rolls back both.
macro_rules! write_with_events {
    ($store:expr, |$tx:ident| $body:expr) => {
        $crate::macros::on_db!($store, |pool| {
            async {
                let mut $tx = $crate::events::begin_write(pool).await?;
                let (value, events): (_, Vec<dateline_domain::NewEvent>) = $body;
                let last_event = $crate::events::append_events!($store, $tx, &events);
                $tx.commit().await?;
                $store.committed_through(last_event).await?;
                Ok::<_, $crate::StoreError>(value)
            }
            .await
        })
    };
}
pub(crate) use write_with_events;

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    kind: String,
    story_id: Option<i64>,
    subject_id: Option<i64>,
    tags: String,
    actor: String,
    created_at: DateTime<Utc>,
}

impl Store {
    /// Up to `limit` events with ids above `after`, oldest first.
    pub async fn events_after(&self, after: i64, limit: u32) -> StoreResult<Vec<Event>> {
        let rows: Vec<EventRow> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, kind, story_id, subject_id, tags, actor, created_at FROM events
                 WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|row| {
                Ok(Event {
                    id: row.id,
                    kind: row.kind.parse().ok(),
                    story_id: row.story_id,
                    subject_id: row.subject_id,
                    tags: tags_from_text(&row.tags).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    actor: Actor::from_text(&row.actor),
                    at: row.created_at,
                })
            })
            .collect()
    }

    /// The id of the newest event (0 when there is none): where a follower that starts with
    /// nothing to catch up on begins.
    pub async fn last_event_id(&self) -> StoreResult<i64> {
        let (id,): (Option<i64>,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT MAX(id) FROM events")
                .fetch_one(pool)
                .await?
        });
        Ok(id.unwrap_or(0))
    }

    /// The newest event this process has committed (0: none yet). Ids follow commit order, so
    /// every event up to it is committed: a follower that has applied it is fresh for this
    /// process's writes.
    pub fn written_through(&self) -> i64 {
        self.written.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The channel this store's commits are announced on (PostgreSQL); the followers of other
    /// nodes `LISTEN` to it.
    pub fn event_channel(&self) -> &str {
        &self.channel
    }
}

/// Hears of the commits other nodes make (PostgreSQL `LISTEN`); a connection that is lost is
/// reported, not silently remade, so that the follower can catch up before it trusts its cache.
pub struct CommitListener(sqlx::postgres::PgListener);

/// What a [`CommitListener`] heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// Some node committed events.
    Commit,
    /// The connection was lost: notifications may have been missed. Make a new listener.
    ConnectionLost,
}

impl CommitListener {
    pub async fn next(&mut self) -> Heard {
        match self.0.try_recv().await {
            Ok(Some(_)) => Heard::Commit,
            Ok(None) | Err(_) => Heard::ConnectionLost,
        }
    }
}

impl Store {
    /// A listener for the commits of every node, or `None` on SQLite, which one node has to
    /// itself (commands run beside it are found by polling).
    pub async fn listen_for_commits(&self) -> StoreResult<Option<CommitListener>> {
        let crate::Db::Pg(pool) = &self.db else {
            return Ok(None);
        };
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.eager_reconnect(false);
        listener.listen(&self.channel).await?;
        Ok(Some(CommitListener(listener)))
    }
}
