//! A whole newsroom as one JSON document, and back (the format is described field by field in
//! `docs/export-format.md`). The document holds every table a newsroom's work lives in, row by
//! row and in key order, so that the same newsroom gives the same document on either database:
//! exported from SQLite and brought into PostgreSQL, it exports again byte for byte the same.
//! What only one running site needs is left out: sessions, invitations, password hashes, API
//! keys and webhooks (secrets), rate limits, the events log and the editor's autosaves (words
//! typed and never saved, which belong to the session that typed them).

mod read;
mod write;

pub use read::Restored;
pub use write::Exported;

/// The value of the document's `format` field.
pub const FORMAT: &str = "dateline-export";
/// The document's `version`: raised whenever a field's meaning changes.
pub const VERSION: u64 = 1;

/// Why an export could not be written or brought in.
#[derive(Debug, thiserror::Error)]
pub enum ExportFileError {
    #[error("writing the export: {0}")]
    Write(#[from] std::io::Error),
    /// The document is not a Dateline export of this version, or a row of it breaks a rule;
    /// nothing of it was written.
    #[error("the export cannot be brought in: {0}")]
    Unreadable(String),
    #[error(
        "the store already holds a newsroom ({0} has rows): a Dateline export is brought into an empty store"
    )]
    NotEmpty(&'static str),
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

impl From<sqlx::Error> for ExportFileError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(error.into())
    }
}

/// What a column holds, in the document and in both databases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Int,
    OptInt,
    Text,
    OptText,
    /// A moment, written in UTC as `2026-12-05T09:30:00.000000Z`.
    Time,
    OptTime,
    Bool,
}

struct Column {
    name: &'static str,
    kind: Kind,
    /// The text a document made before the column existed stands for (a required column
    /// added later); optional columns read as null instead.
    missing: Option<&'static str>,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        missing: None,
    }
}

/// A required text column added after the format's first version, and what an older
/// document's rows hold in it.
const fn col_since(name: &'static str, missing: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
        missing: Some(missing),
    }
}

struct Table {
    name: &'static str,
    columns: &'static [Column],
    /// The key the rows are written in the order of.
    order: &'static [&'static str],
    /// Columns written with a value of the store's own when a row is brought in: the one row
    /// of a settings table is row 1; an account comes without a password (it is set anew).
    fixed: &'static [(&'static str, &'static str)],
    /// Columns that can name a row brought in after this one (a translation further on, the
    /// member who uploaded a picture): set once every row is in.
    later: &'static [&'static str],
    /// Whether a new store holds this table's row already (from its migrations); the export's
    /// row replaces it.
    replaces: bool,
    /// Whether `id` is numbered by the database: PostgreSQL's numbering is moved past the ids
    /// brought in.
    numbered: bool,
}

impl Table {
    fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.name == name)
    }
}

use Kind::*;

const ROW_OF_ITS_OWN: Table = Table {
    name: "",
    columns: &[],
    order: &["id"],
    fixed: &[],
    later: &[],
    replaces: false,
    numbered: true,
};

/// The tables, each after every table its rows name (except the `later` columns).
const TABLES: &[Table] = &[
    Table {
        name: "editions",
        columns: &[
            col("code", Text),
            col("site_name", Text),
            col("tagline", Text),
            col("position", Int),
        ],
        order: &["code"],
        numbered: false,
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "site_settings",
        columns: &[col("time_zone", Text), col("base_url", Text)],
        order: &["id"],
        fixed: &[("id", "1")],
        numbered: false,
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "moderation_settings",
        columns: &[
            col("mode", Text),
            col("banned_words", Text),
            col("suspect_words", Text),
            col("link_limit", Int),
            col("auto_close_days", OptInt),
        ],
        order: &["id"],
        fixed: &[("id", "1")],
        replaces: true,
        numbered: false,
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "images",
        columns: &[
            col("id", Int),
            col("path", Text),
            col("width", OptInt),
            col("height", OptInt),
            col("created_at", Time),
            col("alt", Text),
            col("caption", Text),
            col("credit", Text),
            col("srcset", Text),
            col("webp_srcset", Text),
            col("uploaded_by", OptInt),
            col_since("focus", "center"),
            col_since("card_path", ""),
        ],
        later: &["uploaded_by"],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "edition_faces",
        columns: &[
            col("edition", Text),
            col("logo_image_id", OptInt),
            col("nav_links", Text),
            col("footer_text", Text),
            col("social_links", Text),
            col("numerals", OptText),
        ],
        order: &["edition"],
        numbered: false,
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "figures",
        columns: &[
            col("id", Int),
            col("image_id", Int),
            col("alt", Text),
            col("caption", Text),
            col("credit", Text),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "authors",
        columns: &[
            col("id", Int),
            col("slug", Text),
            col("name", Text),
            col("bio", Text),
            col("photo_image_id", OptInt),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "users",
        columns: &[
            col("id", Int),
            col("username", Text),
            col("display_name", Text),
            col("role", Text),
            col("author_id", OptInt),
            col("created_at", Time),
            col("interface_lang", OptText),
            col("deactivated_at", OptTime),
        ],
        // `users::NO_PASSWORD`: each member is given a password anew
        // (`dateline user reset-password`).
        fixed: &[("password_hash", "'!'")],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "sections",
        columns: &[
            col("id", Int),
            col("edition", Text),
            col("slug", Text),
            col("name", Text),
            col("position", Int),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "tags",
        columns: &[
            col("id", Int),
            col("edition", Text),
            col("slug", Text),
            col("name", Text),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "articles",
        columns: &[
            col("id", Int),
            col("edition", Text),
            col("section_id", Int),
            col("slug", Text),
            col("headline", Text),
            col("dek", Text),
            col("body_markdown", Text),
            col("dateline_place", Text),
            col("status", Text),
            col("published_at", OptTime),
            col("updated_at", OptTime),
            col("scheduled_at", OptTime),
            col("lead_figure_id", OptInt),
            col("translation_id", OptInt),
            col("comments_mode", Text),
            col("seo_title", Text),
            col("seo_description", Text),
            col("created_by", OptInt),
            col("created_at", Time),
            col("modified_at", Time),
            col("version", Int),
        ],
        later: &["translation_id"],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "article_authors",
        columns: &[
            col("article_id", Int),
            col("author_id", Int),
            col("position", Int),
        ],
        order: &["article_id", "position", "author_id"],
        numbered: false,
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "article_tags",
        columns: &[col("article_id", Int), col("tag_id", Int)],
        order: &["article_id", "tag_id"],
        numbered: false,
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "article_revisions",
        columns: &[
            col("id", Int),
            col("article_id", Int),
            col("version", Int),
            col("editor_id", OptInt),
            col("created_at", Time),
            col("headline", Text),
            col("dek", Text),
            col("slug", Text),
            col("body_markdown", Text),
            col("dateline_place", Text),
            col("seo_title", Text),
            col("seo_description", Text),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "story_notes",
        columns: &[
            col("id", Int),
            col("article_id", Int),
            col("author_id", OptInt),
            col("body", Text),
            col("created_at", Time),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "corrections",
        columns: &[
            col("id", Int),
            col("article_id", Int),
            col("body", Text),
            col("created_by", OptInt),
            col("created_at", Time),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "static_pages",
        columns: &[
            col("id", Int),
            col("edition", Text),
            col("slug", Text),
            col("title", Text),
            col("body_markdown", Text),
            col("updated_at", Time),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "reactions",
        columns: &[
            col("article_id", Int),
            col("reader", Text),
            col("value", Text),
            col("created_at", Time),
            col("updated_at", Time),
        ],
        order: &["article_id", "reader"],
        numbered: false,
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "comments",
        columns: &[
            col("id", Int),
            col("article_id", Int),
            col("parent_id", OptInt),
            col("reader", OptText),
            col("author_name", Text),
            col("author_email", Text),
            col("staff_user_id", OptInt),
            col("body", Text),
            col("status", Text),
            col("rule", OptText),
            col("reason", OptText),
            col("featured", Bool),
            col("address_hash", Text),
            col("created_at", Time),
            col("decided_at", OptTime),
        ],
        later: &["parent_id"],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "comment_reports",
        columns: &[
            col("id", Int),
            col("comment_id", Int),
            col("reason", Text),
            col("reader", OptText),
            col("resolved", Bool),
            col("created_at", Time),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "commenter_bans",
        columns: &[
            col("id", Int),
            col("target", Text),
            col("kind", Text),
            col("until", OptTime),
            col("reason", Text),
            col("created_by", OptInt),
            col("created_at", Time),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "moderation_log",
        columns: &[
            col("id", Int),
            col("comment_id", OptInt),
            col("action", Text),
            col("detail", Text),
            col("moderator_id", OptInt),
            col("created_at", Time),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "redirects",
        columns: &[
            col("id", Int),
            col("old_path", Text),
            col("new_path", Text),
            col("origin", Text),
            col("created_at", Time),
        ],
        ..ROW_OF_ITS_OWN
    },
    Table {
        name: "import_records",
        columns: &[
            col("source", Text),
            col("kind", Text),
            col("external_id", Text),
            col("local_id", Int),
            col("digest", Text),
            col("imported_at", Time),
        ],
        order: &["source", "kind", "external_id"],
        numbered: false,
        ..ROW_OF_ITS_OWN
    },
];

/// How a moment is written: UTC, to the microsecond (what PostgreSQL keeps).
fn time_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_named_once_and_orders_by_its_own_columns() {
        for (at, table) in TABLES.iter().enumerate() {
            assert!(
                TABLES[..at].iter().all(|earlier| earlier.name != table.name),
                "{} twice",
                table.name
            );
            for name in table.order.iter().chain(table.later) {
                assert!(
                    table.column(name).is_some() || table.fixed.iter().any(|(fixed, _)| fixed == name),
                    "{}.{name} is not a column",
                    table.name
                );
            }
            assert_eq!(table.numbered, table.column("id").is_some(), "{}", table.name);
        }
    }

    /// Columns kept out of the document on purpose (see the module's comment).
    const LEFT_OUT: &[(&str, &str)] = &[
        ("users", "password_hash"),
        ("site_settings", "id"),
        ("moderation_settings", "id"),
        // Copies of the story's own columns, kept by the store's triggers (migration 26).
        ("article_tags", "edition"),
        ("article_tags", "published_at"),
        ("article_authors", "edition"),
        ("article_authors", "published_at"),
        // The body rendered from its Markdown, made again when a document is brought in
        // (migration 28).
        ("articles", "body_html"),
    ];
    const TABLES_LEFT_OUT: &[&str] = &[
        // Counted by the store's triggers from the stories and their links (migration 27).
        "listing_counts",
        "sessions",
        "autosaves",
        "user_invites",
        "site_secrets",
        "rate_limits",
        "api_keys",
        "webhooks",
        "webhook_deliveries",
        "events",
        "event_cursors",
        "schema_migrations",
        "sqlite_sequence",
    ];

    /// A migration that adds a table or a column must say whether the export carries it.
    #[tokio::test]
    async fn every_column_of_the_store_is_exported_or_left_out_on_purpose() {
        let folder = std::env::temp_dir().join(format!("dateline-export-schema-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("a folder");
        let store = crate::Store::open_sqlite(&folder.join("schema.db"))
            .await
            .expect("a store");
        store.migrate().await.expect("migrated");
        let crate::Db::Sqlite(pool) = &store.db else {
            unreachable!("opened as SQLite")
        };
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type = 'table' ORDER BY m.name, p.cid",
        )
        .fetch_all(pool)
        .await
        .expect("the schema");
        let _ = std::fs::remove_dir_all(&folder);
        for (table, column) in columns {
            if TABLES_LEFT_OUT.contains(&table.as_str()) || table.starts_with("_sqlx") {
                continue;
            }
            let exported = TABLES
                .iter()
                .find(|spec| spec.name == table)
                .unwrap_or_else(|| panic!("the table {table} is neither exported nor left out"));
            assert!(
                exported.column(&column).is_some() || LEFT_OUT.contains(&(table.as_str(), column.as_str())),
                "{table}.{column} is neither exported nor left out"
            );
        }
    }

    #[test]
    fn members_come_in_without_a_password() {
        let users = TABLES.iter().find(|table| table.name == "users").expect("users");
        assert_eq!(
            users.fixed,
            [(
                "password_hash",
                format!("'{}'", crate::users::NO_PASSWORD).as_str()
            )]
        );
    }

    #[test]
    fn moments_are_written_in_one_utc_form() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-05T11:30:00.123456789+02:00")
            .expect("a moment")
            .with_timezone(&chrono::Utc);
        assert_eq!(time_text(at), "2026-12-05T09:30:00.123456Z");
    }
}
