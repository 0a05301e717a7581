//! The search index as a follower of the events: each event that changes a story's words puts
//! the story in the index (or takes it out when readers no longer see it), and an index that
//! does not know what it holds is filled afresh from the store, in the background.

use super::{BATCH, SearchCursor};
use crate::App;
use dateline_domain::{Event, EventKind};
use dateline_render::markdown;
use dateline_search::{RebuildError, SearchDoc, SearchIndex};
use dateline_store::Store;
use dateline_store::articles::Listing;
use dateline_store::indexing::IndexableStory;
use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::sync::mpsc::{Receiver, Sender, channel};

impl App {
    /// Takes `events` (ending at `last`) into the search index; returns where the index is now.
    pub(super) async fn index_events(&self, events: &[&Event], last: i64) -> anyhow::Result<SearchCursor> {
        if events.iter().any(|event| {
            matches!(
                event.kind,
                Some(EventKind::SearchRebuildRequested | EventKind::NewsroomRestored)
            )
        }) {
            return Ok(SearchCursor::NeedsRebuild);
        }
        let ids = self.stories_to_index(events).await?;
        if !ids.is_empty() {
            self.index_stories(&ids, last).await?;
        }
        Ok(SearchCursor::At(last))
    }

    /// The stories whose indexed words the events changed.
    async fn stories_to_index(&self, events: &[&Event]) -> Result<BTreeSet<i64>, dateline_store::StoreError> {
        let mut ids = BTreeSet::new();
        for event in events {
            match (event.kind, event.story_id, event.subject_id) {
                (Some(kind), Some(story), _) if kind.changes_story_words() => {
                    ids.insert(story);
                }
                // Bylines and tags are searched by name.
                (Some(EventKind::AuthorEdited), _, Some(author)) => {
                    ids.extend(self.store.published_story_ids(Listing::Author(author)).await?);
                }
                (Some(EventKind::TagRenamed), _, Some(tag)) => {
                    ids.extend(self.store.published_story_ids(Listing::Tag(tag)).await?);
                }
                _ => {}
            }
        }
        Ok(ids)
    }

    /// Puts the stories' current words in the index, or takes out those readers cannot see,
    /// in one commit recording `last` as the last event taken in.
    async fn index_stories(&self, ids: &BTreeSet<i64>, last: i64) -> anyhow::Result<()> {
        let mut put = Vec::new();
        let mut remove = Vec::new();
        for &id in ids {
            match self.store.indexable_story(id).await? {
                Some(story) => put.push(search_doc(story)),
                None => remove.push(id),
            }
        }
        let index = self.search.clone();
        tokio::task::spawn_blocking(move || index.apply(&put, &remove, last)).await??;
        Ok(())
    }

    /// Fills the index afresh from the store in the background, unless that is under way.
    pub(crate) fn rebuild_search_in_background(&self) {
        let app = self.clone();
        tokio::spawn(async move {
            if let Err(error) = app.rebuild_search().await {
                tracing::error!(error = format!("{error:#}"), "indexing the archive for search");
            }
        });
    }

    /// Fills the index afresh from the store; then catches up with the events written
    /// meanwhile. Searches see the old stories until the new ones are all in.
    pub async fn rebuild_search(&self) -> anyhow::Result<()> {
        {
            let mut cursors = self.cursors.lock().await;
            if cursors.search == SearchCursor::Rebuilding {
                return Ok(());
            }
            cursors.search = SearchCursor::Rebuilding;
        }
        tracing::info!("indexing the archive for search");
        let rebuilt = rebuild_index(&self.store, self.search.clone()).await;
        let mut cursors = self.cursors.lock().await;
        cursors.search = match &rebuilt {
            Ok((count, applied)) => {
                tracing::info!(stories = count, "indexed the archive for search");
                SearchCursor::At(*applied)
            }
            Err(_) => SearchCursor::NeedsRebuild,
        };
        drop(cursors);
        rebuilt?;
        self.catch_up().await?;
        Ok(())
    }

    /// Whether the index holds as many stories as readers can see; an index that drifted
    /// (damage, an old copy of the folder) is filled afresh.
    pub async fn check_search_index(&self) -> anyhow::Result<()> {
        let published = u64::try_from(self.store.published_story_count().await?).unwrap_or(0);
        let stale = {
            let cursors = self.cursors.lock().await;
            matches!(cursors.search, SearchCursor::At(_)) && self.search.doc_count() != published
        };
        if stale {
            tracing::warn!("the search index does not match the store; indexing the archive afresh");
            self.rebuild_search().await?;
        }
        Ok(())
    }
}

/// What the feeding side of a rebuild sends to the indexing thread.
enum Feed {
    Stories(Vec<SearchDoc>),
    /// Every story was sent: the rebuild may commit.
    Done,
}

/// The feed ended without [`Feed::Done`]: reading the store failed, or the server is
/// shutting down. The index is left as it was.
#[derive(Debug, thiserror::Error)]
#[error("the rebuild was stopped before every story was read")]
pub struct Stopped;

/// Indexes every published story afresh, reading the store batch by batch while another
/// thread indexes; returns how many stories were indexed and the last event they reflect.
/// If this future is dropped midway (the server shutting down) the index is left as it was.
pub async fn rebuild_index(store: &Store, index: Arc<SearchIndex>) -> anyhow::Result<(usize, i64)> {
    // Events are in commit order: every change up to this one is in the rows read below.
    let applied = store.last_event_id().await?;
    let (sender, receiver) = channel::<Feed>(2);
    let indexing = tokio::task::spawn_blocking(move || {
        let count = index.rebuild(stories(receiver), applied);
        release_freed_memory();
        count
    });
    let fed = feed(store, &sender).await;
    drop(sender);
    let count = match indexing.await? {
        Ok(count) => count,
        Err(RebuildError::Source(Stopped)) => return Err(fed.err().unwrap_or_else(|| Stopped.into())),
        Err(RebuildError::Index(error)) => return Err(error.into()),
    };
    Ok((count, applied))
}

/// Sends every published story, then [`Feed::Done`].
async fn feed(store: &Store, sender: &Sender<Feed>) -> anyhow::Result<()> {
    let mut after = 0;
    loop {
        let batch = store.indexable_stories(after, BATCH).await?;
        let Some(last) = batch.last().map(|story| story.id) else {
            break;
        };
        after = last;
        let docs = batch.into_iter().map(search_doc).collect();
        // The indexing thread holds at most two batches: reading waits for it.
        if sender.send(Feed::Stories(docs)).await.is_err() {
            anyhow::bail!("the indexing thread stopped");
        }
    }
    sender
        .send(Feed::Done)
        .await
        .map_err(|_| anyhow::anyhow!("the indexing thread stopped"))
}

/// The stories sent by [`feed`], ending in `Err(Stopped)` if the feed ends before `Done`.
fn stories(mut receiver: Receiver<Feed>) -> impl Iterator<Item = Result<SearchDoc, Stopped>> {
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match receiver.blocking_recv() {
            Some(Feed::Stories(docs)) => Some(docs.into_iter().map(Ok).collect::<Vec<_>>()),
            Some(Feed::Done) => {
                done = true;
                None
            }
            None => {
                done = true;
                Some(vec![Err(Stopped)])
            }
        }
    })
    .flatten()
}

/// Hands the memory an archive's indexing used and freed back to the system: glibc's
/// allocator keeps it otherwise, and the server would hold tens of megabytes it no longer needs.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory at the top of glibc's heaps to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn search_doc(story: IndexableStory) -> SearchDoc {
    SearchDoc {
        id: story.id,
        lang: story.lang,
        body: markdown::to_plain_text(&story.body_markdown),
        headline: story.headline,
        dek: story.dek,
        authors: story.authors,
        tags: story.tags,
        section_slug: story.section_slug,
        published_at: story.published_at,
    }
}

impl App {
    /// Brings the search index up to the store: it catches up from the last event it took in,
    /// or is filled afresh when it does not know what it holds (new, damaged, or another
    /// store's). Searches are answered meanwhile, from what the index holds.
    pub async fn prepare_search(&self) -> anyhow::Result<()> {
        let last_event = self.store.last_event_id().await?;
        let cursor = self.cursors.lock().await.search;
        match cursor {
            SearchCursor::At(applied) if applied <= last_event => {
                self.catch_up().await?;
                self.check_search_index().await
            }
            SearchCursor::At(_) | SearchCursor::NeedsRebuild => {
                self.cursors.lock().await.search = SearchCursor::NeedsRebuild;
                self.rebuild_search().await
            }
            SearchCursor::Rebuilding => Ok(()),
        }
    }
}
