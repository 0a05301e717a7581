//! The newsroom's use cases. Every change to the newsroom's data is one function here: it
//! checks who may make it, parses what was typed into domain values, and calls the one store
//! write that commits the rows with their event. The web handlers, the command line, importers
//! and the APIs call these same functions; none of them writes to the store another way.
//!
//! A change made here is applied to this process's own followers (the page cache and search
//! index of the server) before the function returns, so the next request sees it.

mod api_keys;
mod autosaves;
mod comments;
mod desk;
mod faces;
mod imports;
mod limits;
mod media;
mod members;
mod moderation;
mod newsroom_file;
mod notes;
mod picture_memory;
mod reactions;
mod redirects;
mod settings_memo;
mod site;
mod stories;
mod throttle;
mod webhooks;
mod word_lists;
pub use picture_memory::DEFAULT_PICTURE_MEMORY_MIB;
mod workflow;

pub use api_keys::{ApiKeyError, IssuedKey, KeyHolder, key_account};
pub use comments::{CommentIntakeError, CommentOutcome, CommentSubmission, Refusal, ReportOutcome};
pub use desk::{DeskChange, DeskError};
pub use faces::{FaceDraft, FaceProblem};
pub use limits::{Limit, Limits};
pub use media::{DeleteImageError, FocusError, ImageWords, UploadError};
pub use members::{InviteError, MIN_PASSWORD_CHARS, MemberError, SESSION_HOURS, Session, SignInError};
pub use moderation::{BanOutcome, BanRequest, ModerationError, RulesDraft, RulesProblem};
pub use newsroom_file::{
    EXPORT_DOCUMENT, EXPORT_MEDIA, NewsroomExported, NewsroomFileError, NewsroomImported,
};
pub use notes::{MAX_NOTE_CHARS, NoteError};
pub use reactions::VoteOutcome;
pub use redirects::RedirectError;
pub use site::{PageError, SettingsDraft, SettingsProblem, SiteError, public_address};
pub use stories::{MAX_HEADLINE_CHARS, StoryDraft, StoryProblem, StoryWriteError, is_own};
pub use webhooks::{WebhookDraft, WebhookError};
pub use workflow::{CorrectionError, MoveError};

use dateline_storage::SharedMediaStorage;
use dateline_store::{Store, StoreError};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What follows the events in this process: a server's page cache and search index.
pub trait Followers: Send + Sync {
    /// Applies every event up to `through` at least (this process's latest write); called
    /// after each change, before it is answered.
    fn catch_up(&self, through: i64) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;

    /// Has the followers apply what was committed soon, without waiting for them.
    fn catch_up_soon(&self);
}

/// The use cases, over one store. Cheap to clone.
#[derive(Clone)]
pub struct Service(Arc<Inner>);

struct Inner {
    store: Store,
    /// Where pictures are kept: the local folder, or storage every node shares.
    media: SharedMediaStorage,
    followers: Option<Arc<dyn Followers>>,
    limits: Limits,
    counts: limits::Counts,
    /// Keys readers' network addresses (and session and invitation tokens) before they are
    /// stored, so that only digests are kept.
    address_key: String,
    /// The moderators' word lists, compiled once per change of their text.
    word_lists: word_lists::WordListCache,
    settings: settings_memo::SettingsMemo,
    /// The API keys that work, as requests are checked against them.
    api_keys: api_keys::KeyMemo,
    /// The memory pictures being processed may take at once.
    picture_memory: picture_memory::PictureMemory,
}

/// The site's secret key for digests, made the first time it is asked for.
pub async fn address_key(store: &Store) -> Result<String, StoreError> {
    let fresh = dateline_domain::digest::hex_token(rand::random());
    store.secret("address_key", &fresh).await
}

impl Service {
    /// The use cases over `store` and `media`; `followers` (a server's cache and index) take
    /// in each change before it is answered. `address_key` comes from [`address_key`].
    pub fn new(
        store: Store,
        media: SharedMediaStorage,
        limits: Limits,
        address_key: String,
        followers: Option<Arc<dyn Followers>>,
    ) -> Self {
        Self(Arc::new(Inner {
            counts: limits::Counts::for_store(&store),
            picture_memory: picture_memory::PictureMemory::new(limits.picture_memory_mib),
            store,
            media,
            followers,
            limits,
            address_key,
            word_lists: Default::default(),
            settings: Default::default(),
            api_keys: Default::default(),
        }))
    }

    /// The use cases for a process with no followers of its own (a command, an importer): the
    /// servers find its changes in the events.
    pub async fn for_command(store: Store, media: SharedMediaStorage) -> Result<Self, StoreError> {
        let key = address_key(&store).await?;
        Ok(Self::new(store, media, Limits::standard(), key, None))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn media(&self) -> &SharedMediaStorage {
        &self.0.media
    }

    pub fn limits(&self) -> &Limits {
        &self.0.limits
    }

    /// A keyed digest of `text`: what is stored of addresses and tokens.
    pub fn digest(&self, text: &str) -> String {
        dateline_domain::digest::keyed_digest(&self.0.address_key, text)
    }

    /// After a commit: this process's followers take the change in.
    async fn committed(&self) {
        if let Some(followers) = &self.0.followers {
            followers.catch_up(self.store().written_through()).await;
        }
    }

    /// After a commit whose events touch no page and no search entry (a held comment): the
    /// followers take it in just after the answer, and writes arriving together share one
    /// round.
    fn committed_in_background(&self) {
        if let Some(followers) = &self.0.followers {
            followers.catch_up_soon();
        }
    }
}
