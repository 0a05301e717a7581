//! Fresh stores of each kind, furnished with what stories are filed under.

use chrono::{DateTime, Utc};
use dateline_domain::{Actor, ArticleStatus, CommentsMode, Edition, Lang, Slug};
use dateline_store::Store;
use dateline_store::authors::NewAuthor;
use dateline_store::stories::{StatusChange, StoryContent};

/// A fresh store of each kind, dropped (SQLite's folder) when the test ends.
pub struct Fresh {
    pub store: Store,
    folder: Option<std::path::PathBuf>,
    /// PostgreSQL's: the database's URL and the schema the store was given.
    pub postgres: Option<(String, String)>,
}

impl Drop for Fresh {
    fn drop(&mut self) {
        if let Some(folder) = &self.folder {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

pub async fn sqlite(name: &str) -> Fresh {
    let folder = std::env::temp_dir().join(format!("dateline-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a folder");
    let store = Store::open_sqlite(&folder.join("dateline.db"))
        .await
        .expect("a store");
    Fresh {
        store,
        folder: Some(folder),
        postgres: None,
    }
}

pub async fn postgres(name: &str) -> Fresh {
    let url = std::env::var("DATELINE_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let nanos = Utc::now().timestamp_subsec_nanos();
    let schema = format!("store_{name}_{}_{nanos}", std::process::id());
    let store = Store::connect_postgres(&url, Some(&schema))
        .await
        .expect("PostgreSQL (set DATELINE_TEST_DATABASE_URL)");
    Fresh {
        store,
        folder: None,
        postgres: Some((url, schema)),
    }
}

/// What the stories are filed under: the same ids in every fresh store.
pub struct Furniture {
    pub sections: [i64; 2],
    pub author: i64,
    pub image: i64,
}

pub async fn furnish(store: &Store) -> Furniture {
    store.migrate().await.expect("migrated");
    let editions: Vec<Edition> = Lang::ALL
        .iter()
        .map(|lang| Edition {
            lang: *lang,
            site_name: "Courier".to_owned(),
            tagline: String::new(),
        })
        .collect();
    store
        .put_editions(&editions, Actor::System)
        .await
        .expect("editions");
    let news = Slug::parse("news").expect("slug");
    let mut sections = [0; 2];
    for (at, lang) in Lang::ALL.iter().enumerate() {
        sections[at] = store
            .create_section(*lang, &news, "News", Actor::System)
            .await
            .expect("a section");
    }
    let image = store
        .ensure_image("demo/harbour.svg", (Some(800), Some(450)), None, Actor::System)
        .await
        .expect("a picture");
    let author = store
        .create_author(
            NewAuthor {
                slug: &Slug::parse("amal-haddad").expect("slug"),
                name: "Amal Haddad",
                bio: "",
                photo_image_id: None,
            },
            Actor::System,
        )
        .await
        .expect("an author");
    Furniture {
        sections,
        author,
        image,
    }
}

/// Runs `sql` on the fresh store's database beside the store, as an older version of Dateline
/// or an operator would have left it.
pub async fn execute_beside(fresh: &Fresh, sql: &str) {
    use sqlx::Connection;
    match (&fresh.folder, &fresh.postgres) {
        (Some(folder), _) => {
            let url = format!("sqlite://{}", folder.join("dateline.db").display());
            let mut db = sqlx::SqliteConnection::connect(&url).await.expect("SQLite");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(&mut db)
                .await
                .expect("ran");
        }
        (None, Some((url, schema))) => {
            let mut db = sqlx::PgConnection::connect(url).await.expect("PostgreSQL");
            let sql = format!("SET search_path TO \"{schema}\"; {sql}");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut db)
                .await
                .expect("ran");
        }
        (None, None) => unreachable!("a fresh store is SQLite or PostgreSQL"),
    }
}

/// A story in the first section by the furnished author, with no tags, picture or dek.
pub fn plain_story(furniture: &Furniture, slug: &str, headline: &str, body: &str) -> StoryContent {
    StoryContent {
        headline: headline.to_owned(),
        dek: String::new(),
        slug: Slug::parse(slug).expect("slug"),
        body_markdown: body.to_owned(),
        dateline_place: String::new(),
        section_id: furniture.sections[0],
        tag_names: Vec::new(),
        author_ids: vec![furniture.author],
        lead: None,
        comments: CommentsMode::Open,
        seo_title: String::new(),
        seo_description: String::new(),
        translation_id: None,
    }
}

/// Creates `content` in `lang` and publishes it, at `published_at` when given (else now), as
/// the newsroom does: two use cases, each with its event.
pub async fn publish_new(
    store: &Store,
    lang: Lang,
    content: &StoryContent,
    published_at: Option<DateTime<Utc>>,
) -> i64 {
    let id = store
        .create_story(lang, content, Actor::System)
        .await
        .expect("created");
    let publish = StatusChange {
        id,
        from: ArticleStatus::Draft,
        to: ArticleStatus::Published,
        at: Utc::now(),
        scheduled_at: None,
        original_dates: published_at.map(|at| (at, None)),
    };
    store.move_story(publish, Actor::System).await.expect("published");
    id
}
