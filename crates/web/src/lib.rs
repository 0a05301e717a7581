//! The HTTP face of Dateline: the router, the shared application state, errors as pages,
//! security headers and the page cache that serves anonymous readers from memory.

mod cache;
mod comments;
mod error;
mod extract;
mod feeds;
mod follow;
mod frame;
mod handlers;
mod limits;
mod origin;
mod reader;
mod security;
mod settings_memo;
mod staff;
mod structured;
mod throttle;
mod word_lists;

pub use cache::PageCache;
pub use error::AppError;
pub use follow::listen::follow_events;
pub use follow::rebuild_index;
pub use limits::Limits;
pub use throttle::Throttle;

use axum::Router;
use axum::routing::{get, post};
use dateline_domain::Lang;
use dateline_render::Renderer;
use dateline_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;

/// Everything a request handler may need, cheap to clone.
#[derive(Clone)]
pub struct App(Arc<AppInner>);

pub struct AppInner {
    pub store: Store,
    pub renderer: Renderer,
    pub cache: PageCache,
    /// The full-text index of published stories, following the store's events.
    pub search: Arc<dateline_search::SearchIndex>,
    /// Where this node's cache and index are in the store's events.
    cursors: tokio::sync::Mutex<follow::Cursors>,
    /// Where uploaded and demo pictures live (the local folder, or storage shared by every
    /// node); served under `/media/`.
    pub media: dateline_storage::SharedMediaStorage,
    pub limits: Limits,
    /// Keys readers' network addresses before they are stored, so that only digests are kept.
    pub address_key: String,
    /// The moderators' word lists, compiled once per change of their text.
    pub word_lists: word_lists::WordListCache,
    /// Behind a reverse proxy, the reader's address is the last one in `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// The site's and moderators' settings, held for a few seconds.
    settings: settings_memo::SettingsMemo,
}

impl std::ops::Deref for App {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.0
    }
}

impl App {
    pub async fn new(
        store: Store,
        renderer: Renderer,
        media: dateline_storage::SharedMediaStorage,
        limits: Limits,
    ) -> Result<Self, dateline_store::StoreError> {
        let fresh_key = dateline_domain::digest::hex_token(rand::random());
        let address_key = store.secret("address_key", &fresh_key).await?;
        let last_event = store.last_event_id().await?;
        Ok(Self(Arc::new(AppInner {
            store,
            renderer,
            cache: PageCache::new(),
            search: Arc::new(dateline_search::SearchIndex::in_memory()),
            cursors: tokio::sync::Mutex::new(follow::Cursors::new(last_event, None)),
            media,
            limits,
            address_key,
            word_lists: word_lists::WordListCache::default(),
            trust_forwarded_for: false,
            settings: Default::default(),
        })))
    }

    /// Searches with `index` (kept on disk by the server) instead of an empty one in memory;
    /// the index says which events it has taken in. Call it before the app is shared.
    pub fn with_search_index(mut self, index: dateline_search::SearchIndex) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.0) {
            let cache_cursor = inner.cursors.get_mut().cache_cursor();
            *inner.cursors.get_mut() = follow::Cursors::new(cache_cursor, index.applied_events());
            inner.search = Arc::new(index);
        }
        self
    }

    /// Takes readers' addresses from `X-Forwarded-For`, as set by the reverse proxy in front.
    /// Call it before the app is shared.
    pub fn trusting_forwarded_for(mut self) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.0) {
            inner.trust_forwarded_for = true;
        }
        self
    }
}

/// The whole site: both editions' reader pages, assets and media.
pub fn router(app: App) -> Router {
    let mut readers = Router::new();
    for lang in Lang::ALL {
        readers = readers.merge(edition_routes(lang));
    }
    let readers = readers
        .route("/sitemap.xml", get(handlers::sitemaps::index))
        .route("/sitemaps/{name}", get(handlers::sitemaps::sitemap))
        .route("/robots.txt", get(handlers::sitemaps::robots));
    let readers = readers.layer(axum::middleware::from_fn_with_state(
        app.clone(),
        cache::serve_from_cache,
    ));
    // Search pages depend on every word of the query: they are not kept.
    let mut searches = Router::new();
    for lang in Lang::ALL {
        searches = searches.route(
            &format!("{}/search", lang.path_prefix()),
            get(handlers::search::search),
        );
    }
    Router::new()
        .merge(readers)
        .merge(searches)
        .route("/ar", get(handlers::home::arabic_without_slash))
        .route("/static/{name}", get(handlers::assets::static_asset))
        .merge(newsroom_routes())
        .route("/media/{*path}", get(handlers::assets::media))
        .fallback(handlers::not_found)
        .layer(axum::middleware::from_fn(security::reject_long_paths))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            error::render_error_pages,
        ))
        .layer(axum::middleware::from_fn(security::security_headers))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            cache::serve_hits,
        ))
        .with_state(app)
}

fn newsroom_routes() -> Router<App> {
    use handlers::newsroom::{desk, login, media, moderation, site, stories, users, workflow};
    Router::new()
        .route("/newsroom", get(stories::list))
        .route("/newsroom/stories/new", get(stories::new_story))
        .route("/newsroom/stories", get(stories::list).post(stories::create))
        .route("/newsroom/stories/{id}", get(stories::edit).post(stories::save))
        .route("/newsroom/stories/{id}/status", post(workflow::move_story))
        .route("/newsroom/stories/{id}/corrections", post(workflow::correct))
        .route("/newsroom/stories/{id}/revisions", get(workflow::revisions))
        .route(
            "/newsroom/stories/{id}/revisions/{version}/restore",
            post(workflow::restore),
        )
        .route("/newsroom/login", get(login::login_page).post(login::log_in))
        .route(
            "/newsroom/media",
            get(media::library)
                .post(media::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    dateline_media::Limits::default().max_bytes + 64 * 1024,
                )),
        )
        .route("/newsroom/media/{id}/delete", post(media::delete))
        .route("/newsroom/desk", get(desk::desk).post(desk::change))
        .route("/newsroom/pages", get(site::pages))
        .route(
            "/newsroom/pages/{lang}/{slug}",
            get(site::edit_page).post(site::save_page),
        )
        .route(
            "/newsroom/settings",
            get(site::settings).post(site::save_settings),
        )
        .route("/newsroom/users", get(users::list))
        .route("/newsroom/users/invite", post(users::invite))
        .route("/newsroom/users/role", post(users::change_role))
        .route(
            "/newsroom/welcome/{token}",
            get(users::welcome).post(users::set_password),
        )
        .route("/newsroom/logout", post(login::log_out))
        .route("/newsroom/moderation", get(moderation::queue_page))
        .route("/newsroom/moderation/decide", post(moderation::decide))
        .route("/newsroom/moderation/ban", post(moderation::ban))
        .route(
            "/newsroom/moderation/settings",
            get(moderation::settings).post(moderation::save_settings),
        )
        .route("/newsroom/moderation/log", get(moderation::log))
        .route("/newsroom/reactions", get(moderation::reactions))
        .route("/newsroom/moderation/export", get(moderation::export))
        .route("/newsroom/moderation/erase", post(moderation::erase))
}

fn edition_routes(lang: Lang) -> Router<App> {
    let at = |path: &str| format!("{}{path}", lang.path_prefix());
    Router::new()
        .route(&at("/"), get(handlers::home::home))
        .route(&at("/section/{slug}"), get(handlers::listings::section))
        .route(&at("/tag/{slug}"), get(handlers::listings::tag))
        .route(&at("/author/{slug}"), get(handlers::listings::author))
        .route(&at("/article/{slug}"), get(handlers::article::article))
        .route(&at("/article/{slug}/reaction"), post(handlers::reaction::react))
        .route(
            &at("/article/{slug}/comments"),
            post(handlers::comments::post_comment),
        )
        .route(
            &at("/article/{slug}/comments/{id}/report"),
            post(handlers::comments::report_comment),
        )
        .route(&at("/page/{slug}"), get(handlers::static_page::static_page))
        .route(&at("/rss.xml"), get(handlers::feeds::edition_feed))
        .route(&at("/atom.xml"), get(handlers::feeds::edition_feed))
        .route(&at("/section/{slug}/rss.xml"), get(handlers::feeds::section_feed))
        .route(
            &at("/section/{slug}/atom.xml"),
            get(handlers::feeds::section_feed),
        )
        .route(&at("/tag/{slug}/rss.xml"), get(handlers::feeds::tag_feed))
        .route(&at("/tag/{slug}/atom.xml"), get(handlers::feeds::tag_feed))
        .route(&at("/author/{slug}/rss.xml"), get(handlers::feeds::author_feed))
        .route(&at("/author/{slug}/atom.xml"), get(handlers::feeds::author_feed))
}

/// Publishes the scheduled stories whose time has come at `now` (each exactly once, whatever
/// the number of nodes); returns how many. The server calls it every few seconds; tests call
/// it with the clock they choose.
pub async fn publish_due(
    app: &App,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, dateline_store::StoreError> {
    let published = app.store.publish_due(now).await?;
    if !published.is_empty() {
        tracing::info!(stories = ?published, "published scheduled stories");
        app.apply_own_write().await;
    }
    Ok(published.len())
}

/// Serves the site on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}
