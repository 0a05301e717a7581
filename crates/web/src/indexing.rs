//! The search index follows the store: each story written is indexed (or taken out) before
//! the write is answered, and the whole archive can be indexed afresh.

use crate::App;
use dateline_render::markdown;
use dateline_search::{SearchDoc, SearchIndex};
use dateline_store::Store;
use dateline_store::indexing::IndexableStory;

/// Stories read from the store at a time when the whole archive is indexed.
const BATCH: u32 = 500;

/// Indexes every published story afresh, reading the store batch by batch; returns how many.
/// Blocks its thread: call it from `spawn_blocking` or a command-line tool.
pub fn reindex(
    store: &Store,
    index: &SearchIndex,
    runtime: &tokio::runtime::Handle,
) -> anyhow::Result<usize> {
    let mut after = 0;
    let mut failure = None;
    let batches = std::iter::from_fn(|| match runtime.block_on(store.indexable_stories(after, BATCH)) {
        Ok(batch) if !batch.is_empty() => {
            after = batch.last().map_or(after, |story| story.id);
            Some(batch)
        }
        Ok(_) => None,
        Err(error) => {
            failure = Some(error);
            None
        }
    });
    let count = index.rebuild(batches.flatten().map(search_doc))?;
    release_freed_memory();
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(count),
    }
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
    /// Indexes the archive afresh when the index does not hold every published story (a new
    /// or rebuilt index, or stories written while it was away).
    pub async fn index_if_behind(&self) -> anyhow::Result<()> {
        let published = u64::try_from(self.store.published_story_count().await?).unwrap_or(0);
        if self.search.doc_count() == published {
            return Ok(());
        }
        let app = self.clone();
        let runtime = tokio::runtime::Handle::current();
        let count = tokio::task::spawn_blocking(move || reindex(&app.store, &app.search, &runtime)).await??;
        tracing::info!(stories = count, "indexed the archive for search");
        Ok(())
    }

    /// Puts a story's current words in the index, or takes it out when readers cannot see it.
    /// A failure is logged, not returned: the write it follows has been made.
    pub(crate) async fn reindex_story(&self, story_id: i64) {
        let story = match self.store.indexable_story(story_id).await {
            Ok(story) => story,
            Err(error) => {
                tracing::error!(%error, story_id, "reading a story to index it");
                return;
            }
        };
        let app = self.clone();
        let indexed = tokio::task::spawn_blocking(move || match story {
            Some(story) => app.search.put(&[search_doc(story)]),
            None => app.search.remove(&[story_id]),
        })
        .await;
        match indexed {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(%error, story_id, "indexing a story"),
            Err(error) => tracing::error!(%error, story_id, "indexing a story"),
        }
    }

    /// Indexes the archive afresh in the background, after a change to names every story
    /// carries (a section or an author renamed).
    pub(crate) fn reindex_in_background(&self) {
        let app = self.clone();
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            if let Err(error) = reindex(&app.store, &app.search, &runtime) {
                tracing::error!(%error, "indexing the archive for search");
            }
        });
    }
}
