//! The newest stories of each section, which every story page of that section shows under the
//! story ("more from the section"): kept while no write has reached the page cache, so that a
//! miss on any of a section's stories does not ask the store for the same few again.

use crate::{App, AppError};
use dateline_domain::ArticleSummary;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many of a section's newest stories are kept: a story page shows three others.
pub(crate) const KEPT: u32 = 4;

/// Each section's newest stories and the cache generation they were read at; a new
/// generation (any write) starts the list afresh, so it never holds more than the sections.
#[derive(Default)]
pub(crate) struct SectionLatest(Mutex<(u64, BySection)>);

/// Each section's newest stories, by the section's id.
type BySection = HashMap<i64, Arc<Vec<ArticleSummary>>>;

impl SectionLatest {
    /// The [`KEPT`] newest published stories of section `id`, newest first.
    pub(crate) async fn of(app: &App, id: i64) -> Result<Arc<Vec<ArticleSummary>>, AppError> {
        // While the cache is set aside (this node may have missed writes), so is this list.
        let kept = !app.cache.is_suspended();
        let generation = app.cache.generation();
        if kept {
            let held = app.latest.0.lock().unwrap_or_else(|e| e.into_inner());
            if held.0 == generation
                && let Some(stories) = held.1.get(&id)
            {
                return Ok(stories.clone());
            }
        }
        let stories = Arc::new(app.store.latest_in_section(id, KEPT).await?);
        if kept {
            let mut held = app.latest.0.lock().unwrap_or_else(|e| e.into_inner());
            // Read after the cache was at `generation`: if a write came in meanwhile, the
            // generation has moved on and this list is not kept.
            if held.0 != generation {
                *held = (generation, HashMap::new());
            }
            if app.cache.generation() == generation {
                held.1.insert(id, stories.clone());
            }
        }
        Ok(stories)
    }
}
