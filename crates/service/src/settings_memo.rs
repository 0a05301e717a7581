//! The site's and the moderators' settings, read by every form a reader posts, kept in memory
//! for a few seconds rather than read from the store each time. They are forgotten when an
//! event says they changed, on this node at once and on the others as the event reaches them.

use crate::Service;
use dateline_domain::{ModerationSettings, SiteSettings};
use dateline_store::StoreError;
use std::sync::RwLock;
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(5);

#[derive(Default)]
pub(crate) struct SettingsMemo {
    site: Memo<Option<SiteSettings>>,
    moderation: Memo<ModerationSettings>,
}

impl SettingsMemo {
    pub fn forget(&self) {
        self.site.forget();
        self.moderation.forget();
    }
}

struct Memo<T>(RwLock<Option<(Instant, T)>>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self(RwLock::new(None))
    }
}

impl<T: Clone> Memo<T> {
    fn fresh(&self) -> Option<T> {
        self.fresh_with(T::clone)
    }

    /// `read` of the value while it is fresh, without copying it.
    fn fresh_with<R>(&self, read: impl FnOnce(&T) -> R) -> Option<R> {
        let held = self.0.read().unwrap_or_else(|e| e.into_inner());
        held.as_ref()
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, value)| read(value))
    }

    fn keep(&self, value: T) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), value));
    }

    fn forget(&self) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl Service {
    /// Whether the site's public address is https (its settings as read below; false when the
    /// store cannot say).
    pub async fn served_over_https(&self) -> bool {
        let https = |settings: &Option<SiteSettings>| {
            settings
                .as_ref()
                .is_some_and(|settings| settings.base_url.starts_with("https://"))
        };
        // Asked by every answer, cached pages too: read in place while fresh.
        if let Some(answer) = self.0.settings.site.fresh_with(https) {
            return answer;
        }
        self.site_settings()
            .await
            .ok()
            .is_some_and(|settings| https(&settings))
    }

    /// The site's settings, read from the store at most every few seconds.
    pub async fn site_settings(&self) -> Result<Option<SiteSettings>, StoreError> {
        if let Some(settings) = self.0.settings.site.fresh() {
            return Ok(settings);
        }
        let settings = self.store().site_settings().await?;
        self.0.settings.site.keep(settings.clone());
        Ok(settings)
    }

    /// The moderators' settings, read from the store at most every few seconds.
    pub async fn moderation_settings(&self) -> Result<ModerationSettings, StoreError> {
        if let Some(settings) = self.0.settings.moderation.fresh() {
            return Ok(settings);
        }
        let settings = self.store().moderation_settings().await?;
        self.0.settings.moderation.keep(settings.clone());
        Ok(settings)
    }

    /// Forgets the settings held: a change to them was committed (here or on another node).
    pub fn forget_settings(&self) {
        self.0.settings.forget();
    }
}
