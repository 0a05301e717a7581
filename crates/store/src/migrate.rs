//! Schema migrations, one folder per database, embedded in the binary and applied in order.

use crate::{Store, StoreResult};
use chrono::Utc;

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "reactions",
        sqlite: include_str!("../migrations/sqlite/0002_reactions.sql"),
        postgres: include_str!("../migrations/postgres/0002_reactions.sql"),
    },
    Migration {
        version: 3,
        name: "comments",
        sqlite: include_str!("../migrations/sqlite/0003_comments.sql"),
        postgres: include_str!("../migrations/postgres/0003_comments.sql"),
    },
    Migration {
        version: 4,
        name: "newsroom",
        sqlite: include_str!("../migrations/sqlite/0004_newsroom.sql"),
        postgres: include_str!("../migrations/postgres/0004_newsroom.sql"),
    },
    Migration {
        version: 5,
        name: "invites",
        sqlite: include_str!("../migrations/sqlite/0005_invites.sql"),
        postgres: include_str!("../migrations/postgres/0005_invites.sql"),
    },
    Migration {
        version: 6,
        name: "media",
        sqlite: include_str!("../migrations/sqlite/0006_media.sql"),
        postgres: include_str!("../migrations/postgres/0006_media.sql"),
    },
    Migration {
        version: 7,
        name: "comment_readers",
        sqlite: include_str!("../migrations/sqlite/0007_comment_readers.sql"),
        postgres: include_str!("../migrations/postgres/0007_comment_readers.sql"),
    },
    Migration {
        version: 8,
        name: "events",
        sqlite: include_str!("../migrations/sqlite/0008_events.sql"),
        postgres: include_str!("../migrations/postgres/0008_events.sql"),
    },
    Migration {
        version: 9,
        name: "rate_limits",
        sqlite: include_str!("../migrations/sqlite/0009_rate_limits.sql"),
        postgres: include_str!("../migrations/postgres/0009_rate_limits.sql"),
    },
    Migration {
        version: 10,
        name: "api_keys",
        sqlite: include_str!("../migrations/sqlite/0010_api_keys.sql"),
        postgres: include_str!("../migrations/postgres/0010_api_keys.sql"),
    },
    Migration {
        version: 11,
        name: "key_accounts",
        sqlite: include_str!("../migrations/sqlite/0011_key_accounts.sql"),
        postgres: include_str!("../migrations/postgres/0011_key_accounts.sql"),
    },
    Migration {
        version: 12,
        name: "webhooks",
        sqlite: include_str!("../migrations/sqlite/0012_webhooks.sql"),
        postgres: include_str!("../migrations/postgres/0012_webhooks.sql"),
    },
    Migration {
        version: 13,
        name: "redirects",
        sqlite: include_str!("../migrations/sqlite/0013_redirects.sql"),
        postgres: include_str!("../migrations/postgres/0013_redirects.sql"),
    },
    Migration {
        version: 14,
        name: "import_records",
        sqlite: include_str!("../migrations/sqlite/0014_import_records.sql"),
        postgres: include_str!("../migrations/postgres/0014_import_records.sql"),
    },
    Migration {
        version: 15,
        name: "translation_index",
        sqlite: include_str!("../migrations/sqlite/0015_translation_index.sql"),
        postgres: include_str!("../migrations/postgres/0015_translation_index.sql"),
    },
    Migration {
        version: 16,
        name: "million_indexes",
        sqlite: include_str!("../migrations/sqlite/0016_million_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0016_million_indexes.sql"),
    },
    Migration {
        version: 17,
        name: "member_language",
        sqlite: include_str!("../migrations/sqlite/0017_member_language.sql"),
        postgres: include_str!("../migrations/postgres/0017_member_language.sql"),
    },
    Migration {
        version: 18,
        name: "member_deactivation",
        sqlite: include_str!("../migrations/sqlite/0018_member_deactivation.sql"),
        postgres: include_str!("../migrations/postgres/0018_member_deactivation.sql"),
    },
    Migration {
        version: 19,
        name: "review_queue",
        sqlite: include_str!("../migrations/sqlite/0019_review_queue.sql"),
        postgres: include_str!("../migrations/postgres/0019_review_queue.sql"),
    },
    Migration {
        version: 20,
        name: "autosaves",
        sqlite: include_str!("../migrations/sqlite/0020_autosaves.sql"),
        postgres: include_str!("../migrations/postgres/0020_autosaves.sql"),
    },
    Migration {
        version: 21,
        name: "story_notes",
        sqlite: include_str!("../migrations/sqlite/0021_story_notes.sql"),
        postgres: include_str!("../migrations/postgres/0021_story_notes.sql"),
    },
    Migration {
        version: 22,
        name: "edition_faces",
        sqlite: include_str!("../migrations/sqlite/0022_edition_faces.sql"),
        postgres: include_str!("../migrations/postgres/0022_edition_faces.sql"),
    },
    Migration {
        version: 23,
        name: "image_focus",
        sqlite: include_str!("../migrations/sqlite/0023_image_focus.sql"),
        postgres: include_str!("../migrations/postgres/0023_image_focus.sql"),
    },
    Migration {
        version: 24,
        name: "edition_numerals",
        sqlite: include_str!("../migrations/sqlite/0024_edition_numerals.sql"),
        postgres: include_str!("../migrations/postgres/0024_edition_numerals.sql"),
    },
    Migration {
        version: 25,
        name: "image_cards",
        sqlite: include_str!("../migrations/sqlite/0025_image_cards.sql"),
        postgres: include_str!("../migrations/postgres/0025_image_cards.sql"),
    },
    Migration {
        version: 26,
        name: "listed_links",
        sqlite: include_str!("../migrations/sqlite/0026_listed_links.sql"),
        postgres: include_str!("../migrations/postgres/0026_listed_links.sql"),
    },
    Migration {
        version: 27,
        name: "listing_counts",
        sqlite: include_str!("../migrations/sqlite/0027_listing_counts.sql"),
        postgres: include_str!("../migrations/postgres/0027_listing_counts.sql"),
    },
    Migration {
        version: 28,
        name: "story_body_html",
        sqlite: include_str!("../migrations/sqlite/0028_story_body_html.sql"),
        postgres: include_str!("../migrations/postgres/0028_story_body_html.sql"),
    },
];

/// Any number PostgreSQL nodes agree on: the advisory lock that lets one of them migrate at a time.
const MIGRATION_LOCK: i64 = 0x6461_7465_6c69_6e65;

/// Applies the pending migrations over one connection, each in its own transaction.
macro_rules! apply_migrations {
    ($conn:expr, $sql:ident) => {{
        async {
            sqlx::raw_sql(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL)",
            )
            .execute(&mut *$conn)
            .await?;
            let applied: Vec<(i64,)> = sqlx::query_as("SELECT version FROM schema_migrations")
                .fetch_all(&mut *$conn)
                .await?;
            let mut ran = 0;
            for migration in MIGRATIONS {
                if applied.iter().any(|(v,)| *v == migration.version) {
                    continue;
                }
                let mut tx = sqlx::Connection::begin(&mut *$conn).await?;
                sqlx::raw_sql(migration.$sql).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                    .bind(migration.version)
                    .bind(migration.name)
                    .bind(Utc::now().to_rfc3339())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                tracing::info!(
                    version = migration.version,
                    name = migration.name,
                    "applied migration"
                );
                ran += 1;
            }
            Ok::<usize, sqlx::Error>(ran)
        }
        .await
    }};
}

impl Store {
    /// How many of this version's migrations the store has yet to apply (0 when it is current).
    pub async fn pending_migrations(&self) -> StoreResult<usize> {
        let exists: Vec<(String,)> = crate::macros::on_db!(self, |pool| {
            sqlx::query_as(match &self.db {
                crate::Db::Sqlite(_) => "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
                crate::Db::Pg(_) => "SELECT tablename::text FROM pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()",
            })
            .fetch_all(pool)
            .await?
        });
        if exists.is_empty() {
            return Ok(MIGRATIONS.len());
        }
        let applied: Vec<(i64,)> = crate::macros::on_db!(self, |pool| {
            sqlx::query_as("SELECT version FROM schema_migrations")
                .fetch_all(pool)
                .await?
        });
        Ok(MIGRATIONS
            .iter()
            .filter(|m| !applied.iter().any(|(v,)| *v == m.version))
            .count())
    }

    /// Brings the schema up to date; returns how many migrations ran. On PostgreSQL, nodes
    /// starting together take turns, and the later ones find nothing left to do.
    pub async fn migrate(&self) -> StoreResult<usize> {
        match &self.db {
            crate::Db::Sqlite(pool) => {
                let mut conn = pool.acquire().await?;
                Ok(apply_migrations!(conn, sqlite)?)
            }
            crate::Db::Pg(pool) => {
                let mut conn = pool.acquire().await?;
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(MIGRATION_LOCK)
                    .execute(&mut *conn)
                    .await?;
                let result = apply_migrations!(conn, postgres);
                // Unlock whatever happened: the connection goes back to the pool.
                sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(MIGRATION_LOCK)
                    .execute(&mut *conn)
                    .await?;
                Ok(result?)
            }
        }
    }
}
