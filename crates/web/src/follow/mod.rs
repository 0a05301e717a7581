//! This node follows the store's events: its page cache forgets the pages each change touched,
//! and its search index takes in the stories each change touched. Each keeps a cursor (the
//! last event it applied); the index keeps its own on disk, so a restarted node catches up
//! from where it was. A write made on this node is applied before it is answered; writes made
//! anywhere else (another node, a command) are found by [`listen::follow_events`].

pub(crate) mod listen;
mod search;

pub use search::rebuild_index;

use crate::App;
use dateline_domain::{Event, EventKind, PageTag};
use dateline_store::StoreError;

/// Events read from the store at a time.
const BATCH: u32 = 500;

/// Where each follower of this node is.
pub(crate) struct Cursors {
    /// The last event the page cache applied. The cache starts empty, so it starts at the
    /// newest event.
    cache: i64,
    search: SearchCursor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchCursor {
    /// The last event the index took in.
    At(i64),
    /// The index does not know what it holds: it must be filled from the store.
    NeedsRebuild,
    /// It is being filled from the store; events wait until it is done.
    Rebuilding,
}

impl Cursors {
    pub(crate) fn new(last_event: i64, search: Option<i64>) -> Self {
        Self {
            cache: last_event,
            search: search.map_or(SearchCursor::NeedsRebuild, SearchCursor::At),
        }
    }

    /// Whether the cache, and the index unless it is being filled afresh, have applied every
    /// event up to `through`.
    fn has_applied(&self, through: i64) -> bool {
        let search = match self.search {
            SearchCursor::At(at) => at >= through,
            SearchCursor::NeedsRebuild => false,
            SearchCursor::Rebuilding => true,
        };
        self.cache >= through && search
    }
}

impl App {
    /// Brings this node's page cache and search index up to the newest event. Writes call it
    /// before they answer, so the next request here sees the change; the background follower
    /// calls it when other nodes write. Events are applied once each, in order.
    pub async fn catch_up(&self) -> Result<(), StoreError> {
        self.catch_up_through(i64::MAX).await
    }

    /// [`Self::catch_up`], unless every follower has already applied the events up to
    /// `through`: writes answered together then share one round of catching up.
    async fn catch_up_through(&self, through: i64) -> Result<(), StoreError> {
        let mut cursors = self.cursors.lock().await;
        if cursors.has_applied(through) {
            return Ok(());
        }
        // An index that fails to take in a change is left where it was for this round (the
        // cache goes on); the next round tries again.
        let mut search_stalled = false;
        loop {
            let search_at = match cursors.search {
                SearchCursor::At(search) if !search_stalled => Some(search),
                _ => None,
            };
            let from = search_at.map_or(cursors.cache, |search| search.min(cursors.cache));
            let events = self.store.events_after(from, BATCH).await?;
            let Some(last) = events.last().map(|event| event.id) else {
                break;
            };
            let cache_cursor = cursors.cache;
            self.forget_changed(events.iter().filter(|event| event.id > cache_cursor));
            cursors.cache = cursors.cache.max(last);
            if let Some(search) = search_at {
                let fresh: Vec<&Event> = events.iter().filter(|event| event.id > search).collect();
                match self.index_events(&fresh, last).await {
                    Ok(cursor) => cursors.search = cursor,
                    Err(error) => {
                        tracing::error!(
                            error = format!("{error:#}"),
                            "indexing changed stories for search"
                        );
                        search_stalled = true;
                    }
                }
            }
            if events.len() < BATCH as usize {
                break;
            }
        }
        let rebuild = cursors.search == SearchCursor::NeedsRebuild;
        drop(cursors);
        if rebuild {
            self.rebuild_search_in_background();
        }
        Ok(())
    }

    /// [`Self::catch_up`] after a write this node made, through its event: the write is done
    /// whatever happens here, so a failure is logged rather than returned (the background
    /// follower retries).
    pub(crate) async fn apply_own_write(&self, through: i64) {
        if let Err(error) = self.catch_up_through(through).await {
            tracing::error!(%error, "applying a write to this node's cache and search index");
        }
    }

    /// Forgets the cached pages showing what the events changed, and what this node holds in
    /// memory of the settings and API keys when they changed.
    fn forget_changed<'a>(&self, events: impl Iterator<Item = &'a Event>) {
        let mut tags = Vec::new();
        let mut everything = false;
        let mut keys_changed = false;
        for event in events {
            everything |= event.tags.contains(&PageTag::Site);
            keys_changed |= matches!(
                event.kind,
                Some(EventKind::ApiKeyAdded | EventKind::ApiKeyRevoked)
            );
            tags.extend_from_slice(&event.tags);
        }
        // The APIs' answers show stories, pages, tags, authors and settings: whatever changed
        // more than the comments under a story changes them.
        if tags.iter().any(|tag| !matches!(tag, PageTag::Comments(_))) {
            tags.push(PageTag::Api);
        }
        if keys_changed {
            self.service.forget_api_keys();
        }
        if everything {
            self.service.forget_settings();
            self.cache.clear();
        } else if !tags.is_empty() {
            self.cache.invalidate(&tags);
        }
    }

    /// How many events the followers of this node have yet to apply, for operators.
    pub async fn events_behind(&self) -> Result<(i64, Option<i64>), StoreError> {
        let last = self.store.last_event_id().await?;
        let cursors = self.cursors.lock().await;
        let search = match cursors.search {
            SearchCursor::At(at) => Some(last - at),
            SearchCursor::NeedsRebuild | SearchCursor::Rebuilding => None,
        };
        Ok((last - cursors.cache, search))
    }
}
