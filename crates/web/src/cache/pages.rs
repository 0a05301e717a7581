//! The stored pages: bounded by bytes, the least recently served forgotten first, and each
//! forgotten precisely when a write touches one of its tags.

use super::page::CachedPage;
use super::tags::PageTag;
use super::thorough::ThoroughForms;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Pages are also rendered afresh after this long, so that what changes with time alone
/// (comments closing after N days) and writes made by other nodes show within minutes.
const TIME_TO_LIVE: Duration = Duration::from_secs(5 * 60);
/// What the cache holds by default, in MiB: thousands of pages in all their forms.
pub const DEFAULT_PAGE_CACHE_MIB: u32 = 32;

pub struct PageCache {
    held: RwLock<Held>,
    bytes: AtomicUsize,
    budget: usize,
    began: Instant,
    /// How many invalidations there have been: a page whose rendering began before one is not
    /// kept, since it may show what the write changed.
    generation: AtomicU64,
    /// Set while this node may have missed other nodes' writes: nothing is served from the
    /// cache or kept in it until it has caught up.
    suspended: AtomicBool,
    /// Makes pages' thorough forms, one at a time. Each brotli encoder holds a megabyte or two
    /// of tables while it works, and under a burst of misses each page read a second time was
    /// once given a blocking thread of its own (17 of them were seen at once): the server's
    /// anonymous memory right after the burst was 64 MiB with one at a time against 69-70
    /// (bench/RESULTS.md).
    pub(crate) thorough: ThoroughForms,
    /// Lookups answered and not, and pages pushed out by the budget, for operators.
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
}

/// The pages, and for each tag the pages held with it (by key and serial), changed together
/// under one lock: a page leaves its tags when it leaves the cache, so what the cache keeps
/// besides its pages is bounded by its pages (an index that pointed at pages gone by kept a
/// little of each of them, and grew with the archive). Pages taken out are dropped after the
/// lock is let go: a large page's bytes are a mapping of their own, and giving it back to the
/// system (a `munmap`, which stops the other cores to flush their view of it) held every reader
/// of the cache waiting, some eighty times in a row when a burst of misses filled it.
#[derive(Default)]
struct Held {
    pages: HashMap<Arc<str>, Arc<CachedPage>>,
    tagged: HashMap<PageTag, HashMap<Arc<str>, u64>>,
}

impl Held {
    /// Takes `page` out of the index of each of its tags where it is still the one listed.
    fn unlist(&mut self, page: &CachedPage) {
        for tag in &page.tags {
            if let Some(listed) = self.tagged.get_mut(tag)
                && listed.get(&page.key) == Some(&page.serial)
            {
                listed.remove(&page.key);
                if listed.is_empty() {
                    self.tagged.remove(tag);
                }
            }
        }
    }

    /// Forgets the page under `key` if it is the one with `serial`; the page forgotten.
    fn forget(&mut self, key: &str, serial: u64) -> Option<Arc<CachedPage>> {
        if self.pages.get(key)?.serial != serial {
            return None;
        }
        let page = self.pages.remove(key)?;
        page.stale.store(true, Ordering::Relaxed);
        self.unlist(&page);
        Some(page)
    }
}

/// What the cache has done since it began, for operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheCounts {
    pub hits: u64,
    pub misses: u64,
    pub evictions: u64,
    pub pages: usize,
    pub bytes: usize,
    pub suspended: bool,
}

impl Default for PageCache {
    fn default() -> Self {
        Self::with_mib(DEFAULT_PAGE_CACHE_MIB)
    }
}

impl PageCache {
    /// A cache that holds at most about `mib` MiB of pages (none at 0).
    pub fn with_mib(mib: u32) -> Self {
        Self::with_budget(mib as usize * 1024 * 1024)
    }

    /// A cache that holds at most about `budget` bytes of pages.
    pub fn with_budget(budget: usize) -> Self {
        Self {
            held: RwLock::default(),
            bytes: AtomicUsize::new(0),
            budget,
            began: Instant::now(),
            generation: AtomicU64::new(0),
            suspended: AtomicBool::new(false),
            thorough: ThoroughForms::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        }
    }

    pub fn len(&self) -> usize {
        self.read().pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes held, in all forms of all pages.
    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    /// How many (tag, page) pairs the cache lists to forget pages by: bounded by its pages.
    pub fn listed(&self) -> usize {
        self.read().tagged.values().map(HashMap::len).sum()
    }

    /// Forgets every page; for writes that change what every page shows.
    pub fn clear(&self) {
        let mut held = self.write();
        self.generation.fetch_add(1, Ordering::SeqCst);
        let forgotten = std::mem::take(&mut held.pages);
        for page in forgotten.values() {
            page.stale.store(true, Ordering::Relaxed);
        }
        held.tagged.clear();
        self.bytes.store(0, Ordering::Relaxed);
        drop(held);
        drop(forgotten);
    }

    /// Forgets the pages that carry any of `tags`.
    pub(crate) fn invalidate(&self, tags: &[PageTag]) {
        let mut held = self.write();
        self.generation.fetch_add(1, Ordering::SeqCst);
        let mut forgotten = Vec::new();
        for tag in tags {
            let Some(listed) = held.tagged.remove(tag) else {
                continue;
            };
            for (key, serial) in listed {
                if let Some(page) = held.forget(&key, serial) {
                    self.bytes.fetch_sub(page.size(), Ordering::Relaxed);
                    forgotten.push(page);
                }
            }
        }
        drop(held);
        drop(forgotten);
    }

    /// Stops serving and keeping pages: this node may have missed writes made elsewhere.
    pub fn suspend(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.suspended.store(true, Ordering::SeqCst);
    }

    /// Serves and keeps pages again, once this node has caught up with every write.
    pub fn resume(&self) {
        self.suspended.store(false, Ordering::SeqCst);
    }

    pub(crate) fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let found = self.lookup(key);
        let counter = if found.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn lookup(&self, key: &str) -> Option<Arc<CachedPage>> {
        if self.suspended.load(Ordering::Relaxed) {
            return None;
        }
        let page = self.read().pages.get(key).cloned()?;
        if page.stale.load(Ordering::Relaxed) || page.stored_at.elapsed() >= TIME_TO_LIVE {
            return None;
        }
        page.last_used.store(self.now(), Ordering::Relaxed);
        Some(page)
    }

    /// Whether the cache is set aside until this node has caught up with other nodes' writes.
    pub fn is_suspended(&self) -> bool {
        self.suspended.load(Ordering::Relaxed)
    }

    pub fn counts(&self) -> CacheCounts {
        CacheCounts {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
            pages: self.len(),
            bytes: self.bytes(),
            suspended: self.is_suspended(),
        }
    }

    /// Counts the bytes `page` grew by when one of its compressed forms was made, if it is still
    /// held (a page forgotten meanwhile was counted out at its size then).
    pub(crate) fn grew(&self, page: &Arc<CachedPage>, bytes: usize) {
        if bytes == 0 {
            return;
        }
        // Forgetting a page takes the write lock: while this read lock is held, a page found
        // here will be counted out with its new size.
        let held = self.read();
        if held
            .pages
            .get(&page.key)
            .is_some_and(|held| Arc::ptr_eq(held, page))
        {
            self.bytes.fetch_add(bytes, Ordering::Relaxed);
        }
    }

    /// The count of invalidations so far; read it before rendering a page to insert.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Keeps a page under its tags, unless a write was made since its rendering began
    /// (`rendered_at`, from [`Self::generation`]): it may show what that write changed.
    pub(crate) fn insert(&self, page: CachedPage, rendered_at: u64) -> Arc<CachedPage> {
        let page = Arc::new(page);
        if page.size() > self.budget / 8 || self.suspended.load(Ordering::SeqCst) {
            return page;
        }
        page.last_used.store(self.now(), Ordering::Relaxed);
        let mut held = self.write();
        if self.generation.load(Ordering::SeqCst) != rendered_at {
            return page;
        }
        let mut forgotten = Vec::new();
        if let Some(old) = held.pages.insert(page.key.clone(), page.clone()) {
            old.stale.store(true, Ordering::Relaxed);
            held.unlist(&old);
            self.bytes.fetch_sub(old.size(), Ordering::Relaxed);
            forgotten.push(old);
        }
        for tag in &page.tags {
            held.tagged
                .entry(*tag)
                .or_default()
                .insert(page.key.clone(), page.serial);
        }
        let size = page.size();
        if self.bytes.fetch_add(size, Ordering::Relaxed) + size > self.budget {
            self.evict_least_recently_used(&mut held, &mut forgotten);
        }
        drop(held);
        drop(forgotten);
        page
    }

    /// Forgets the pages served longest ago until a tenth of the budget is free, putting them
    /// in `forgotten`.
    fn evict_least_recently_used(&self, held: &mut Held, forgotten: &mut Vec<Arc<CachedPage>>) {
        let mut by_age: Vec<(u32, Arc<str>, u64)> = held
            .pages
            .values()
            .map(|page| {
                (
                    page.last_used.load(Ordering::Relaxed),
                    page.key.clone(),
                    page.serial,
                )
            })
            .collect();
        by_age.sort_unstable();
        let target = self.budget - self.budget / 10;
        for (_, key, serial) in by_age {
            if self.bytes.load(Ordering::Relaxed) <= target {
                break;
            }
            if let Some(page) = held.forget(&key, serial) {
                self.bytes.fetch_sub(page.size(), Ordering::Relaxed);
                self.evictions.fetch_add(1, Ordering::Relaxed);
                forgotten.push(page);
            }
        }
    }

    fn now(&self) -> u32 {
        u32::try_from(self.began.elapsed().as_secs()).unwrap_or(u32::MAX)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Held> {
        self.held.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Held> {
        self.held.write().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::encoding::Accepted;
    use crate::cache::tags::PageTags;
    use axum::body::Bytes;
    use axum::http::{HeaderMap, HeaderValue};

    fn story_page(key: &str, story: i64) -> CachedPage {
        let body = Bytes::from(format!("<p>Story {story}: the harbour at dawn.</p>\n").repeat(40));
        let tags = PageTags(vec![
            PageTag::Story(story),
            PageTag::Comments(story),
            PageTag::Section(1),
        ]);
        CachedPage::new(
            key,
            body,
            HeaderValue::from_static("text/html"),
            None,
            &tags,
            Accepted::of(&HeaderMap::new()),
        )
    }

    #[test]
    fn what_the_cache_lists_to_forget_pages_by_is_bounded_by_its_pages() {
        let cache = PageCache::with_budget(64 * 1024);
        for round in 0..20 {
            for story in 0..500 {
                let key = format!("/article/story-{story}");
                cache.insert(story_page(&key, story), cache.generation());
            }
            assert!(
                cache.bytes() <= 64 * 1024,
                "round {round}: {} bytes",
                cache.bytes()
            );
            assert_eq!(
                cache.listed(),
                cache.len() * 3,
                "round {round}: three tags a page, no more"
            );
        }
        assert!(cache.counts().evictions > 0);
        // A write forgets the pages it touches, and their other listings with them.
        let kept = cache.len();
        let story = (0..500)
            .find(|story| cache.get(&format!("/article/story-{story}")).is_some())
            .unwrap();
        cache.invalidate(&[PageTag::Comments(story)]);
        assert!(cache.get(&format!("/article/story-{story}")).is_none());
        assert_eq!(cache.len(), kept - 1);
        assert_eq!(cache.listed(), cache.len() * 3);
        cache.invalidate(&[PageTag::Section(1)]);
        assert_eq!((cache.len(), cache.listed(), cache.bytes()), (0, 0, 0));
    }

    #[test]
    fn a_page_rendered_before_a_write_is_not_kept_and_a_replaced_page_is_not_listed_twice() {
        let cache = PageCache::with_budget(1024 * 1024);
        let before = cache.generation();
        cache.invalidate(&[PageTag::Story(7)]);
        cache.insert(story_page("/article/seven", 7), before);
        assert!(
            cache.get("/article/seven").is_none(),
            "it may show what the write changed"
        );
        cache.insert(story_page("/article/seven", 7), cache.generation());
        cache.insert(story_page("/article/seven", 7), cache.generation());
        assert_eq!((cache.len(), cache.listed()), (1, 3));
        cache.invalidate(&[PageTag::Story(7)]);
        assert_eq!((cache.len(), cache.listed()), (0, 0));
    }
}
