//! The application's shared state, and the builder that assembles it.

use crate::Limits;
use crate::cache::PageCache;
use crate::follow::Cursors;
use dateline_render::Renderer;
use dateline_search::SearchIndex;
use dateline_service::{Followers, Service};
use dateline_store::{Store, StoreError};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Weak};

/// Everything a request handler may need, cheap to clone.
#[derive(Clone)]
pub struct App(pub(crate) Arc<AppInner>);

pub struct AppInner {
    pub store: Store,
    /// The newsroom's use cases: every change goes through them.
    pub service: Service,
    pub renderer: Renderer,
    pub cache: PageCache,
    /// Each edition's masthead, sections and settings, kept while the cache's generation holds.
    pub(crate) frames: crate::frame::Frames,
    pub(crate) latest: crate::latest::SectionLatest,
    /// The full-text index of published stories, following the store's events.
    pub search: Arc<SearchIndex>,
    /// Where this node's cache and index are in the store's events.
    pub(crate) cursors: tokio::sync::Mutex<Cursors>,
    /// Wakes the background follower to catch up now rather than at its next poll.
    pub(crate) wake_follower: tokio::sync::Notify,
    /// Where uploaded and demo pictures live (the local folder, or storage shared by every
    /// node); served under `/media/`.
    pub media: dateline_storage::SharedMediaStorage,
    /// Behind a reverse proxy, the reader's address is the last one in `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// What this node has answered, for `/metrics`.
    pub(crate) metrics: crate::operator::Metrics,
}

impl std::ops::Deref for App {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.0
    }
}

/// Assembles an [`App`]: a store, the theme, where media is kept, and what differs between a
/// server and a test (limits, a search index on disk, a reverse proxy in front).
pub struct AppBuilder {
    store: Store,
    renderer: Renderer,
    media: dateline_storage::SharedMediaStorage,
    limits: Limits,
    search: Option<SearchIndex>,
    trust_forwarded_for: bool,
    page_cache: PageCache,
}

impl App {
    pub fn builder(
        store: Store,
        renderer: Renderer,
        media: dateline_storage::SharedMediaStorage,
    ) -> AppBuilder {
        AppBuilder {
            store,
            renderer,
            media,
            limits: Limits::standard(),
            search: None,
            trust_forwarded_for: false,
            page_cache: PageCache::default(),
        }
    }
}

impl AppBuilder {
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Searches with `index` (kept on disk by the server) instead of an empty one in memory;
    /// the index says which events it has taken in.
    pub fn search_index(mut self, index: SearchIndex) -> Self {
        self.search = Some(index);
        self
    }

    /// Keeps at most `mib` MiB of rendered pages (none at 0: every request is rendered).
    pub fn page_cache_mib(mut self, mib: u32) -> Self {
        self.page_cache = PageCache::with_mib(mib);
        self
    }

    /// Takes readers' addresses from `X-Forwarded-For`, as set by the reverse proxy in front.
    pub fn trusting_forwarded_for(mut self) -> Self {
        self.trust_forwarded_for = true;
        self
    }

    pub async fn build(self) -> Result<App, StoreError> {
        let address_key = dateline_service::address_key(&self.store).await?;
        // The cache starts empty: it has nothing to catch up on.
        let last_event = self.store.last_event_id().await?;
        let search = self.search.unwrap_or_else(SearchIndex::in_memory);
        let cursors = Cursors::new(last_event, search.applied_events());
        let inner = Arc::new_cyclic(|this: &Weak<AppInner>| AppInner {
            service: Service::new(
                self.store.clone(),
                self.media.clone(),
                self.limits,
                address_key,
                Some(Arc::new(ThisNode(this.clone()))),
            ),
            store: self.store,
            renderer: self.renderer,
            cache: self.page_cache,
            frames: Default::default(),
            latest: Default::default(),
            search: Arc::new(search),
            cursors: tokio::sync::Mutex::new(cursors),
            wake_follower: tokio::sync::Notify::new(),
            media: self.media,
            trust_forwarded_for: self.trust_forwarded_for,
            metrics: Default::default(),
        });
        Ok(App(inner))
    }
}

/// This node's page cache and search index, as the use cases see them: each change is taken
/// in before it is answered.
struct ThisNode(Weak<AppInner>);

impl Followers for ThisNode {
    fn catch_up(&self, through: i64) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async move {
            if let Some(inner) = self.0.upgrade() {
                App(inner).apply_own_write(through).await;
            }
        })
    }

    fn catch_up_soon(&self) {
        if let Some(inner) = self.0.upgrade() {
            // One stored wake-up stands for any number of writes made before the follower runs.
            inner.wake_follower.notify_one();
        }
    }
}
