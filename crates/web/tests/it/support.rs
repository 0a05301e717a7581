//! `TestApp`: the whole site, seeded with the demo newsroom, served on a free port.

use dateline_render::Renderer;
use dateline_storage::{LocalFolder, S3Bucket, S3Location, S3Settings, SharedMediaStorage};
use dateline_store::Store;
use dateline_web::{App, Limits};
use scraper::{Html, Selector};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A story of the demo newsroom that exists in both editions.
pub const EN_PAIRED: &str = "ferry-service-returns-to-the-sahl-river";
pub const AR_PAIRED: &str = "عودة-العبارة-إلى-نهر-سهل";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub app: App,
    pub database: TestDatabase,
    /// The server and the follower of this node, stopped when it is dropped.
    tasks: Vec<tokio::task::JoinHandle<()>>,
    files: std::sync::Arc<SiteFiles>,
}

/// What the nodes of one test site share besides the database: a temporary folder (SQLite's
/// file, the local media folder) and where the pictures are kept.
struct SiteFiles {
    dir: tempfile::TempDir,
    media: TestMedia,
}

/// Where a test site keeps its pictures.
#[derive(Debug, Clone)]
pub enum TestMedia {
    /// The local folder `media/` in the site's temporary folder, as by default.
    LocalFolder,
    /// A bucket of the S3-compatible server at `endpoint`, addressed by path.
    S3 { endpoint: String, bucket: String },
}

impl TestMedia {
    /// A bucket no other test uses, on the S3 server named by `DATELINE_TEST_S3_ENDPOINT`;
    /// without one the test fails (scripts/test starts moto and names it).
    pub async fn fresh_s3_bucket() -> Self {
        let endpoint = std::env::var("DATELINE_TEST_S3_ENDPOINT").unwrap_or_else(|_| {
            panic!(
                "DATELINE_TEST_S3_ENDPOINT is not set: this test needs an S3-compatible server \
                 (scripts/test starts moto and sets it)"
            )
        });
        let bucket = format!("it-{}", fresh_schema_name().replace('_', "-"));
        let created = reqwest::Client::new()
            .put(format!("{endpoint}/{bucket}"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("the S3 server at {endpoint} answers: {e}"));
        assert!(
            created.status().is_success(),
            "creating the bucket {bucket}: {}",
            created.status()
        );
        TestMedia::S3 { endpoint, bucket }
    }

    /// A storage of its own for one node: nodes share the folder or the bucket, not a client.
    pub fn open(&self, dir: &Path) -> SharedMediaStorage {
        match self {
            TestMedia::LocalFolder => Arc::new(LocalFolder::new(dir.join("media"))),
            TestMedia::S3 { endpoint, bucket } => {
                let location = S3Location {
                    bucket: bucket.clone(),
                    prefix: None,
                };
                let settings = S3Settings {
                    endpoint: Some(endpoint.clone()),
                    region: "us-east-1".to_owned(),
                    access_key_id: "dateline-test".to_owned(),
                    secret_access_key: "dateline-test-secret".to_owned(),
                };
                Arc::new(S3Bucket::open(&location, &settings).expect("an S3 client"))
            }
        }
    }
}

/// Where a test app's store lives, for tests that look at its tables or start a second node.
#[derive(Debug, Clone)]
pub enum TestDatabase {
    Sqlite(std::path::PathBuf),
    Postgres { url: String, schema: String },
}

impl TestDatabase {
    async fn open(&self) -> Store {
        match self {
            TestDatabase::Sqlite(path) => Store::open_sqlite(path).await.expect("open SQLite"),
            TestDatabase::Postgres { url, schema } => Store::connect_postgres(url, Some(schema))
                .await
                .unwrap_or_else(|e| panic!("PostgreSQL at {url} is needed for these tests: {e}")),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// A signed-in member of the newsroom.
pub struct Staff {
    pub cookie: String,
    pub csrf: String,
}

pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// Text of every element matching `selector`, whitespace folded.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("valid selector");
        self.html()
            .select(&selector)
            .map(|el| {
                el.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("valid selector");
        self.html()
            .select(&selector)
            .filter_map(|el| el.value().attr(attribute).map(str::to_owned))
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        let selector = Selector::parse(selector).expect("valid selector");
        self.html().select(&selector).count()
    }

    /// The `name=value` part of the cookie the response sets, to send back as a browser would.
    pub fn cookie(&self) -> String {
        let set_cookie = self.header("set-cookie");
        set_cookie.split(';').next().unwrap_or_default().to_owned()
    }

    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    }
}

impl TestApp {
    /// The site with the standard limits, except that one address may post many comments
    /// in a row (the tests all come from 127.0.0.1).
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, None, Limits::with_comment_burst(1_000)).await
    }

    pub async fn spawn_with_theme(backend: Backend, theme: Option<&Path>) -> Self {
        Self::spawn_with(backend, theme, Limits::with_comment_burst(1_000)).await
    }

    pub async fn spawn_with(backend: Backend, theme: Option<&Path>, limits: Limits) -> Self {
        Self::spawn_configured(backend, theme, limits, false, TestMedia::LocalFolder).await
    }

    /// The site with the standard limits, behind a reverse proxy that sets `X-Forwarded-For`.
    pub async fn spawn_behind_proxy(backend: Backend) -> Self {
        Self::spawn_behind_proxy_with(backend, Limits::standard()).await
    }

    /// [`Self::spawn_behind_proxy`] with these limits.
    pub async fn spawn_behind_proxy_with(backend: Backend, limits: Limits) -> Self {
        Self::spawn_configured(backend, None, limits, true, TestMedia::LocalFolder).await
    }

    /// The site keeping its pictures in `media`.
    pub async fn spawn_with_media(backend: Backend, media: TestMedia) -> Self {
        Self::spawn_configured(backend, None, Limits::with_comment_burst(1_000), false, media).await
    }

    async fn spawn_configured(
        backend: Backend,
        theme: Option<&Path>,
        limits: Limits,
        behind_proxy: bool,
        media: TestMedia,
    ) -> Self {
        let (files, database, store) = Self::empty_site(backend, media).await;
        let media = files.media.open(files.dir.path());
        dateline_demo::seed_if_empty(&store, media.as_ref(), "http://dateline.test")
            .await
            .expect("seed the demo newsroom")
            .expect("a fresh store is seeded");
        Self::start_node(database, files, store, theme, limits, behind_proxy, None).await
    }

    /// The site of a newsroom brought in from the Dateline export in `export` (no demo).
    pub async fn spawn_imported(backend: Backend, export: &Path) -> Self {
        let (files, database, store) = Self::empty_site(backend, TestMedia::LocalFolder).await;
        let media = files.media.open(files.dir.path());
        dateline_service::Service::for_command(store.clone(), media)
            .await
            .expect("the use cases")
            .import_newsroom(export)
            .await
            .expect("the export is brought in");
        let limits = Limits::with_comment_burst(1_000);
        Self::start_node(database, files, store, None, limits, false, None).await
    }

    /// A migrated store holding nothing, with its folder and media.
    async fn empty_site(backend: Backend, media: TestMedia) -> (Arc<SiteFiles>, TestDatabase, Store) {
        let files = Arc::new(SiteFiles {
            dir: tempfile::tempdir().expect("temp dir"),
            media,
        });
        let database = match backend {
            Backend::Sqlite => TestDatabase::Sqlite(files.dir.path().join("dateline.db")),
            Backend::Postgres => TestDatabase::Postgres {
                url: std::env::var("DATELINE_TEST_DATABASE_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned()),
                schema: fresh_schema_name(),
            },
        };
        let store = database.open().await;
        store.migrate().await.expect("migrate");
        (files, database, store)
    }

    /// Another node of the same site, on the same database: its own page cache, search index
    /// (in memory, or on disk in `search_dir`) and address. Both follow each other's writes.
    pub async fn another_node(&self, search_dir: Option<&Path>) -> TestApp {
        let store = self.database.open().await;
        let limits = Limits::with_comment_burst(1_000);
        Self::start_node(
            self.database.clone(),
            self.files.clone(),
            store,
            None,
            limits,
            false,
            search_dir,
        )
        .await
    }

    /// [`Self::another_node`] with these limits.
    pub async fn another_node_with_limits(&self, limits: Limits) -> TestApp {
        let store = self.database.open().await;
        Self::start_node(
            self.database.clone(),
            self.files.clone(),
            store,
            None,
            limits,
            false,
            None,
        )
        .await
    }

    async fn start_node(
        database: TestDatabase,
        files: Arc<SiteFiles>,
        store: Store,
        theme: Option<&Path>,
        limits: Limits,
        behind_proxy: bool,
        search_dir: Option<&Path>,
    ) -> Self {
        let renderer = Renderer::new(theme).expect("theme loads");
        let media = files.media.open(files.dir.path());
        let mut app = App::builder(store, renderer, media).limits(limits);
        if behind_proxy {
            app = app.trusting_forwarded_for();
        }
        if let Some(search_dir) = search_dir {
            app = app.search_index(open_search_index(search_dir).await);
        }
        let app = app.build().await.expect("app starts");
        app.prepare_search().await.expect("index the demo stories");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let server = tokio::spawn({
            let app = app.clone();
            async move {
                let _ = dateline_web::serve(
                    listener,
                    app,
                    std::future::pending(),
                    std::time::Duration::from_secs(1),
                )
                .await;
            }
        });
        let follower = tokio::spawn(dateline_web::follow_events(app.clone(), std::future::pending()));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            base,
            client,
            app,
            database,
            tasks: vec![server, follower],
            files,
        }
    }

    /// The id of the demo's story in both editions ([`EN_PAIRED`]), as published.
    pub async fn paired_story_id(&self) -> i64 {
        let slug = dateline_domain::Slug::parse(EN_PAIRED).expect("a slug");
        self.app
            .store
            .published_article_id(dateline_domain::Lang::En, &slug)
            .await
            .expect("asked")
            .expect("the demo's story is published")
    }

    /// The site's local media folder (nothing is written there when its media is in S3).
    pub fn media_dir(&self) -> std::path::PathBuf {
        self.files.dir.path().join("media")
    }

    /// How many rows `query` returns on this app's database, asked from a connection of its own.
    pub async fn sql_count(&self, query: &str) -> usize {
        use sqlx::Connection;
        match &self.database {
            TestDatabase::Sqlite(path) => {
                let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                    .await
                    .expect("connect to SQLite");
                sqlx::query(sqlx::AssertSqlSafe(query.to_owned()))
                    .fetch_all(&mut connection)
                    .await
                    .expect("run SQL")
                    .len()
            }
            TestDatabase::Postgres { url, schema } => {
                let mut connection = sqlx::PgConnection::connect(url)
                    .await
                    .expect("connect to PostgreSQL");
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("SET search_path TO \"{schema}\"")))
                    .execute(&mut connection)
                    .await
                    .expect("set the schema");
                sqlx::query(sqlx::AssertSqlSafe(query.to_owned()))
                    .fetch_all(&mut connection)
                    .await
                    .expect("run SQL")
                    .len()
            }
        }
    }

    /// Runs SQL on this app's database from a connection of its own, as an operator (or a
    /// fault) would, behind the app's back.
    pub async fn sql(&self, statement: &str) {
        use sqlx::Connection;
        match &self.database {
            TestDatabase::Sqlite(path) => {
                let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                    .await
                    .expect("connect to SQLite");
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_owned()))
                    .execute(&mut connection)
                    .await
                    .expect("run SQL");
            }
            TestDatabase::Postgres { url, schema } => {
                let mut connection = sqlx::PgConnection::connect(url)
                    .await
                    .expect("connect to PostgreSQL");
                let statement = format!("SET search_path TO \"{schema}\"; {statement}");
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                    .execute(&mut connection)
                    .await
                    .expect("run SQL");
            }
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"));
        Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.expect("body"),
        }
    }

    /// Posts a form as a browser on this site would (with an `Origin` naming it).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Page {
        let host = self.base.trim_start_matches("http://").to_owned();
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(fields)
                    .finish(),
            );
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("origin"))
        {
            request = request.header("origin", format!("http://{host}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.expect("body"),
        }
    }

    /// Posts a comment on a story as a new reader; returns the response (with the reader's cookie).
    pub async fn comment(&self, article: &str, name: &str, email: &str, body: &str) -> Page {
        self.post_form(
            &format!("{article}/comments"),
            &[("name", name), ("email", email), ("body", body)],
            &[],
        )
        .await
    }

    /// The id in a `…#comment-N` redirect.
    pub fn comment_id(response: &Page) -> i64 {
        let location = response.header("location");
        location
            .rsplit_once("#comment-")
            .and_then(|(_, id)| id.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "no comment id in {location:?} (status {}): {}",
                    response.status, response.body
                )
            })
    }

    /// Creates a newsroom account with this role and signs it in; returns the session cookie
    /// and the CSRF token its forms carry.
    pub async fn signed_in(&self, username: &str, role: dateline_domain::Role) -> Staff {
        let password = format!("{username}-long-password");
        let hash = dateline_domain::password::hash(&password).expect("hash");
        self.app
            .store
            .create_user(
                dateline_store::users::NewUser {
                    username,
                    display_name: &format!("{username} (test)"),
                    password_hash: &hash,
                    role,
                },
                dateline_domain::Actor::System,
            )
            .await
            .expect("create user");
        let login = self
            .post_form(
                "/newsroom/login",
                &[("username", username), ("password", &password)],
                &[],
            )
            .await;
        assert_eq!(login.status, 303, "{username} signs in: {}", login.body);
        let cookie = login.cookie();
        let page = self.get_with("/newsroom", &[("cookie", &cookie)]).await;
        let csrf = page
            .attrs("input[name=csrf]", "value")
            .into_iter()
            .next()
            .unwrap_or_default();
        Staff { cookie, csrf }
    }

    /// What the page a newsroom change redirected to says about it (its `.notice`), as
    /// `staff` sees it.
    pub async fn notice_after(&self, staff: &Staff, redirected: &Page) -> Vec<String> {
        assert_eq!(redirected.status, 303, "a change redirects: {}", redirected.body);
        self.get_with(&redirected.header("location"), &[("cookie", &staff.cookie)])
            .await
            .texts(".notice")
    }

    /// Sends raw bytes as the request line, for what no HTTP client would send.
    pub async fn raw_request(&self, request_line: &[u8]) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = self.base.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
        let mut request = request_line.to_vec();
        request.extend_from_slice(b"\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        stream.write_all(&request).await.expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.expect("read");
        String::from_utf8_lossy(&response).into_owned()
    }
}

/// Opens the search index in `dir`; a node that was just stopped may hold it a moment longer.
async fn open_search_index(dir: &Path) -> dateline_search::SearchIndex {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match dateline_search::SearchIndex::open(dir) {
            Ok((index, _)) => return index,
            Err(error) if error.is_locked() && std::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(error) => panic!("opening the search index in {}: {error}", dir.display()),
        }
    }
}

/// Polls `check` until it holds, or fails after `seconds` with `what`.
pub async fn eventually<F, Fut>(seconds: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "not within {seconds} s: {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

fn fresh_schema_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "it_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// Writes each test once and runs it on both databases.
macro_rules! on_both_databases {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($app: $crate::support::TestApp) $body

                #[tokio::test]
                async fn sqlite() {
                    run($crate::support::TestApp::spawn($crate::support::Backend::Sqlite).await).await
                }

                #[tokio::test]
                async fn postgres() {
                    run($crate::support::TestApp::spawn($crate::support::Backend::Postgres).await).await
                }
            }
        )*
    };
}
pub(crate) use on_both_databases;
