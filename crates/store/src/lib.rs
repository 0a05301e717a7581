//! One storage layer for two databases: embedded SQLite for one machine, PostgreSQL for many.
//! Repositories expose what the newsroom means (`published_article(lang, slug)`), never a
//! connection; where the SQL is the same for both databases it is written once.

mod macros;

pub mod api_keys;
pub mod articles;
pub mod authors;
pub mod autosaves;
mod backup;
mod bulk;
pub mod comments;
pub mod content_api;
mod durable;
pub mod events;
pub mod export;
pub mod faces;
pub mod imports;
pub mod indexing;
pub mod media;
mod migrate;
pub mod moderation;
pub mod notes;
pub mod pages;
pub mod rate_limits;
pub mod reactions;
pub mod redirects;
mod rows;
pub use rows::{media_path, media_url};
pub mod list_filter;
pub mod sections;
pub mod settings;
pub mod sitemap;
pub mod stories;
pub mod tags;
pub mod users;
pub mod webhooks;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// The two databases Dateline runs on.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    /// Where commits are announced to other nodes (PostgreSQL `NOTIFY`): one channel per schema.
    channel: String,
    /// The newest event this process has committed (0: none yet), shared by the store's clones.
    written: std::sync::Arc<std::sync::atomic::AtomicI64>,
    /// SQLite's write-ahead log, synced before a write is acknowledged (`durable`); none on
    /// PostgreSQL.
    log_sync: Option<std::sync::Arc<durable::LogSync>>,
}

/// The channel of the default schema.
const EVENT_CHANNEL: &str = "dateline_events";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored data breaks a rule: {0}")]
    Corrupt(String),
    /// The store cannot be opened as configured.
    #[error("{0}")]
    Config(String),
    /// A committed write could not be synced to disk, so it was not acknowledged.
    #[error("could not sync the database's log to disk: {0}")]
    Sync(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// Whether the write broke a uniqueness rule (a slug or username already taken).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(e) if e.as_database_error().is_some_and(|e| e.is_unique_violation()))
    }
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path`, tuned for one busy writer
    /// and many readers.
    pub async fn open_sqlite(path: &Path) -> StoreResult<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // Each connection's own page cache, 512 KiB instead of SQLite's 2 MiB: the system
            // keeps the file's pages already, and eight connections' caches filled by an
            // archive's long tail were 16 MiB of the process (bench/RESULTS.md).
            .pragma("cache_size", "-512");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Self {
            db: Db::Sqlite(pool),
            channel: EVENT_CHANNEL.to_owned(),
            written: Default::default(),
            log_sync: Some(std::sync::Arc::new(durable::LogSync::for_database(path))),
        })
    }

    /// Connects to PostgreSQL; `schema`, when given, is created if missing and used for
    /// everything (the tests give each app a fresh one).
    pub async fn connect_postgres(url: &str, schema: Option<&str>) -> StoreResult<Self> {
        let mut options = PgConnectOptions::from_str(url)?;
        let channel = match schema {
            Some(schema) => format!("{EVENT_CHANNEL}_{schema}"),
            None => EVENT_CHANNEL.to_owned(),
        };
        if let Some(schema) = schema {
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await?;
            let create = format!("CREATE SCHEMA IF NOT EXISTS {}", quote_identifier(schema));
            sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin).await?;
            admin.close().await;
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self {
            db: Db::Pg(pool),
            channel,
            written: Default::default(),
            log_sync: None,
        })
    }

    /// Picks the database from a URL: `postgres://…` for PostgreSQL, otherwise the SQLite file.
    pub async fn open(database_url: Option<&str>, sqlite_path: &Path) -> StoreResult<Self> {
        match database_url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Self::connect_postgres(url, None).await
            }
            Some(other) => Err(StoreError::Config(format!(
                "DATABASE_URL must start with postgres:// (got {:?}); leave it unset for SQLite",
                other.split(':').next().unwrap_or_default()
            ))),
            None => Self::open_sqlite(sqlite_path).await,
        }
    }

    /// The connections the store holds, and how many of them are idle.
    pub fn pool_connections(&self) -> (u32, usize) {
        match &self.db {
            Db::Sqlite(pool) => (pool.size(), pool.num_idle()),
            Db::Pg(pool) => (pool.size(), pool.num_idle()),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self.db {
            Db::Sqlite(_) => "SQLite",
            Db::Pg(_) => "PostgreSQL",
        }
    }

    pub async fn close(&self) {
        match &self.db {
            Db::Sqlite(pool) => pool.close().await,
            Db::Pg(pool) => pool.close().await,
        }
    }
}

fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
