//! The newsroom's use cases. Every change to the newsroom's data is one function here: it
//! checks who may make it, parses what was typed into domain values, and calls the one store
//! write that commits the rows with their event. The web handlers, the command line, importers
//! and the APIs call these same functions; none of them writes to the store another way.
//!
//! A change made here is applied to this process's own followers (the page cache and search
//! index of the server) before the function returns, so the next request sees it.

mod stories;
mod workflow;

pub use stories::{MAX_HEADLINE_CHARS, StoryDraft, StoryProblem, StoryWriteError, is_own};
pub use workflow::{CorrectionError, MoveError};

use dateline_store::Store;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What follows the events in this process: a server's page cache and search index.
pub trait Followers: Send + Sync {
    /// Applies every event committed so far; called after each change, before it is answered.
    fn catch_up(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// The use cases, over one store. Cheap to clone.
#[derive(Clone)]
pub struct Service(Arc<Inner>);

struct Inner {
    store: Store,
    followers: Option<Arc<dyn Followers>>,
}

impl Service {
    /// The use cases for a process with no followers of its own (a command, an importer): the
    /// servers find its changes in the events.
    pub fn new(store: Store) -> Self {
        Self(Arc::new(Inner {
            store,
            followers: None,
        }))
    }

    /// The use cases for a server, whose `followers` take in each change before it is answered.
    pub fn followed_by(store: Store, followers: Arc<dyn Followers>) -> Self {
        Self(Arc::new(Inner {
            store,
            followers: Some(followers),
        }))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    /// After a commit: this process's followers take the change in.
    async fn committed(&self) {
        if let Some(followers) = &self.0.followers {
            followers.catch_up().await;
        }
    }
}
