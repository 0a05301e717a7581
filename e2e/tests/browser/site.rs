//! The demo site on a free port, on SQLite, for the browser to visit.

use dateline_render::Renderer;
use dateline_storage::{LocalFolder, SharedMediaStorage};
use dateline_store::Store;
use dateline_web::App;
use std::sync::Arc;

pub struct Site {
    pub base: String,
    pub app: App,
    _dir: tempfile::TempDir,
}

pub const EN_ARTICLE: &str = "/article/ferry-service-returns-to-the-sahl-river";
pub const AR_ARTICLE: &str = "/ar/article/%D8%B9%D9%88%D8%AF%D8%A9-%D8%A7%D9%84%D8%B9%D8%A8%D8%A7%D8%B1%D8%A9-%D8%A5%D9%84%D9%89-%D9%86%D9%87%D8%B1-%D8%B3%D9%87%D9%84";

impl Site {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_sqlite(&dir.path().join("dateline.db"))
            .await
            .expect("open SQLite");
        store.migrate().await.expect("migrate");
        let media: SharedMediaStorage = Arc::new(LocalFolder::new(dir.path().join("media")));
        dateline_demo::seed_if_empty(&store, media.as_ref(), "http://dateline.test")
            .await
            .expect("seed the demo newsroom");
        let renderer = Renderer::new(None).expect("theme");
        let limits = dateline_web::Limits::with_comment_burst(1_000);
        let app = App::builder(store, renderer, media)
            .limits(limits)
            .build()
            .await
            .expect("app starts");
        app.prepare_search().await.expect("index the demo stories");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(dateline_web::serve(
            listener,
            app.clone(),
            std::future::pending(),
            std::time::Duration::from_secs(1),
        ));
        Self { base, app, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}
