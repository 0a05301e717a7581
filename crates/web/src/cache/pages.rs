//! The stored pages: bounded by bytes, each with its compressed forms and its tags, forgotten
//! precisely when a write touches one of its tags.

use super::encoding::{self, Accepted, Effort, Encoding};
use super::storage;
use super::tags::{PageTag, PageTags};
use axum::body::Bytes;
use axum::http::HeaderValue;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

/// Pages are also rendered afresh after this long, so that what changes with time alone
/// (comments closing after N days) and writes made by other nodes show within minutes.
const TIME_TO_LIVE: Duration = Duration::from_secs(5 * 60);
/// What the cache holds by default, in MiB: thousands of pages in all their forms.
pub const DEFAULT_PAGE_CACHE_MIB: u32 = 32;
/// The next page's serial.
static SERIALS: AtomicU64 = AtomicU64::new(0);
/// Pages smaller than this are not worth compressing.
const MIN_COMPRESSED_BYTES: usize = 256;

/// One form of a page: its bytes and the ETag naming them.
pub(crate) struct Variant {
    pub body: Bytes,
    pub etag: HeaderValue,
}

pub(crate) struct CachedPage {
    key: Arc<str>,
    /// Which page this is among all pages ever kept under its key.
    serial: u64,
    /// What the page shows, that a write may change (`Site` when the handler named nothing).
    tags: Box<[PageTag]>,
    stored_at: Instant,
    /// Seconds since the cache began, when the page was last served: the least recent go first.
    last_used: AtomicU32,
    /// Set when a write touches one of the page's tags; a stale page is never served.
    stale: AtomicBool,
    pub content_type: HeaderValue,
    pub surrogate_key: HeaderValue,
    /// When what the page shows last changed, as sent and in seconds, for `If-Modified-Since`.
    pub last_modified: Option<(HeaderValue, i64)>,
    identity: Variant,
    /// Whether the page is large enough to be sent compressed.
    compressible: bool,
    /// The hash of the page's bytes, that its ETags are made of.
    hash: u64,
    /// Each compressed form is made when first asked for, quickly: a page is compressed only
    /// into the encodings its readers take, and a miss does not wait for the smallest form.
    gzip: Compressed,
    brotli: Compressed,
    /// The bytes held, its compressed forms included as they are made.
    size: AtomicUsize,
}

/// A page in one encoding: made quickly for its first reader, and made smaller (once, in the
/// background) when it is read again; the smaller form is served from then on.
#[derive(Default)]
struct Compressed {
    quick: OnceLock<Variant>,
    thorough: OnceLock<Variant>,
    /// Set by the first reader after the quick form, who has the thorough one made.
    claimed: AtomicBool,
}

/// The form of a page in `encoding` (compressed when it is not `Identity`), tagged by `hash`.
/// A compressed form's tag is weak: its quick and thorough bytes differ but hold the same page,
/// so a reader holding the quick one is told it is current once the thorough one is made.
fn make_variant(hash: u64, encoding: Encoding, body: Bytes) -> Variant {
    let weak = if encoding == Encoding::Identity { "" } else { "W/" };
    Variant {
        body,
        etag: HeaderValue::from_str(&format!("{weak}\"{hash:016x}{}\"", encoding.etag_suffix()))
            .expect("hex is a valid header value"),
    }
}

impl CachedPage {
    /// Makes the page, and its form for its first reader (who takes `accepted`), before it is
    /// stored.
    pub fn new(
        key: &str,
        body: Bytes,
        content_type: HeaderValue,
        last_modified: Option<HeaderValue>,
        tags: &PageTags,
        accepted: Accepted,
    ) -> Self {
        let hash = {
            let mut hasher = DefaultHasher::new();
            body.hash(&mut hasher);
            hasher.finish()
        };
        let compressible = body.len() >= MIN_COMPRESSED_BYTES;
        // The first reader's form, made now and kept beside the page's own bytes.
        let first = match accepted.quick() {
            Encoding::Identity => None,
            _ if !compressible => None,
            encoding => Some((encoding, compress(&body, encoding, Effort::Quick))),
        };
        let first_bytes = first.as_ref().map_or(&[][..], |(_, bytes)| &bytes[..]);
        let ([identity, first_kept], taken) = storage::keep([&body[..], first_bytes]);
        let (mut gzip, mut brotli) = (Compressed::default(), Compressed::default());
        if let Some((encoding, _)) = first {
            let slot = if encoding == Encoding::Brotli {
                &mut brotli
            } else {
                &mut gzip
            };
            slot.quick = OnceLock::from(make_variant(hash, encoding, first_kept));
        }
        Self {
            key: key.into(),
            serial: SERIALS.fetch_add(1, Ordering::Relaxed),
            tags: if tags.0.is_empty() {
                Box::new([PageTag::Site])
            } else {
                tags.0.clone().into_boxed_slice()
            },
            stored_at: Instant::now(),
            last_used: AtomicU32::new(0),
            stale: AtomicBool::new(false),
            content_type,
            surrogate_key: tags.surrogate_key(),
            last_modified: last_modified.and_then(|value| {
                let seconds = http_date_seconds(&value)?;
                Some((value, seconds))
            }),
            identity: make_variant(hash, Encoding::Identity, identity),
            compressible,
            hash,
            gzip,
            brotli,
            size: AtomicUsize::new(key.len() + taken + 512),
        }
    }

    /// The form to send a reader who takes `accepted`: the page in their best encoding once
    /// made, else in their quick one ([`Accepted::quick`]), made now if it is the first time
    /// it is asked for; the uncompressed bytes for a page too small to compress. Also how many
    /// bytes the page grew.
    pub fn variant(&self, accepted: Accepted) -> (Encoding, &Variant, usize) {
        let Some((best, slot)) = self.compressed(accepted.best()) else {
            return (Encoding::Identity, &self.identity, 0);
        };
        if let Some(variant) = slot.thorough.get().or_else(|| slot.quick.get()) {
            return (best, variant, 0);
        }
        let Some((encoding, slot)) = self.compressed(accepted.quick()) else {
            return (Encoding::Identity, &self.identity, 0);
        };
        if let Some(variant) = slot.thorough.get() {
            return (encoding, variant, 0);
        }
        let mut grown = 0;
        let variant = slot.quick.get_or_init(|| {
            let variant = self.compress(encoding, Effort::Quick);
            grown = variant.body.len();
            variant
        });
        self.size.fetch_add(grown, Ordering::Relaxed);
        (encoding, variant, grown)
    }

    /// Whether the page, served again to a reader who takes `accepted`, is still to be made in
    /// their best encoding thoroughly, and no one has claimed that yet: read only, so that a
    /// page served often costs its readers nothing here once its forms are made.
    pub fn wants_thorough(&self, accepted: Accepted) -> bool {
        let sent_compressed = [&self.gzip, &self.brotli]
            .iter()
            .any(|slot| slot.quick.get().is_some());
        sent_compressed
            && self.compressed(accepted.best()).is_some_and(|(_, slot)| {
                slot.thorough.get().is_none() && !slot.claimed.load(Ordering::Relaxed)
            })
    }

    /// Whether the caller, serving the page again to a reader who takes `accepted`, is the one
    /// to make its thorough form in their best encoding (true once per encoding, once the page
    /// has been sent compressed and while that form is not made).
    pub fn claim_thorough(&self, accepted: Accepted) -> bool {
        self.wants_thorough(accepted)
            && self
                .compressed(accepted.best())
                .is_some_and(|(_, slot)| !slot.claimed.swap(true, Ordering::Relaxed))
    }

    /// Whether `tag` (without its weakness mark) names one of the page's forms: a reader holding
    /// any of them holds the page.
    pub fn is_named_by(&self, tag: &[u8]) -> bool {
        let Some(inner) = tag.strip_prefix(b"\"").and_then(|tag| tag.strip_suffix(b"\"")) else {
            return false;
        };
        let Some((hex, suffix)) = inner.split_at_checked(16) else {
            return false;
        };
        let hash = format!("{:016x}", self.hash);
        hex == hash.as_bytes()
            && [Encoding::Identity, Encoding::Gzip, Encoding::Brotli]
                .iter()
                .any(|encoding| suffix == encoding.etag_suffix().as_bytes())
    }

    /// Makes the thorough form in `wanted` (slow: called off the request's path). How many
    /// bytes the page grew.
    pub fn make_thorough(&self, wanted: Encoding) -> usize {
        let Some((encoding, slot)) = self.compressed(wanted) else {
            return 0;
        };
        let mut grown = 0;
        slot.thorough.get_or_init(|| {
            let variant = self.compress(encoding, Effort::Thorough);
            grown = variant.body.len();
            variant
        });
        self.size.fetch_add(grown, Ordering::Relaxed);
        grown
    }

    fn compressed(&self, wanted: Encoding) -> Option<(Encoding, &Compressed)> {
        match wanted {
            Encoding::Brotli if self.compressible => Some((Encoding::Brotli, &self.brotli)),
            Encoding::Gzip if self.compressible => Some((Encoding::Gzip, &self.gzip)),
            _ => None,
        }
    }

    fn compress(&self, encoding: Encoding, effort: Effort) -> Variant {
        make_variant(
            self.hash,
            encoding,
            compress(&self.identity.body, encoding, effort),
        )
    }

    /// Whether the page has other forms, so that caches must keep them apart.
    pub fn is_compressed(&self) -> bool {
        self.compressible
    }

    fn size(&self) -> usize {
        self.size.load(Ordering::Relaxed)
    }
}

/// `body` in `encoding`, brotli or gzip.
fn compress(body: &[u8], encoding: Encoding, effort: Effort) -> Bytes {
    match encoding {
        Encoding::Brotli => encoding::brotli(body, effort),
        _ => encoding::gzip(body, effort),
    }
}

/// The seconds since 1970 of an HTTP date such as `Wed, 25 Nov 2026 21:00:00 GMT`.
pub(crate) fn http_date_seconds(value: &HeaderValue) -> Option<i64> {
    let text = value.to_str().ok()?;
    Some(chrono::DateTime::parse_from_rfc2822(text).ok()?.timestamp())
}

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
    /// The turn to make a page's thorough form: one at a time. Each brotli encoder holds a
    /// megabyte or two of tables while it works, and under a burst of misses each page read a
    /// second time was given a blocking thread of its own (17 of them were seen at once): the
    /// server's anonymous memory right after the burst was 64 MiB with one at a time against
    /// 69-70 (bench/RESULTS.md).
    thorough: Arc<tokio::sync::Semaphore>,
    /// Lookups answered and not, and pages pushed out by the budget, for operators.
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
}

/// The pages, and for each tag the pages held with it (by key and serial), changed together
/// under one lock: a page leaves its tags when it leaves the cache, so what the cache keeps
/// besides its pages is bounded by its pages (an index that pointed at pages gone by kept a
/// little of each of them, and grew with the archive).
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
            thorough: Arc::new(tokio::sync::Semaphore::new(1)),
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
        for page in held.pages.values() {
            page.stale.store(true, Ordering::Relaxed);
        }
        held.pages.clear();
        held.tagged.clear();
        self.bytes.store(0, Ordering::Relaxed);
    }

    /// Forgets the pages that carry any of `tags`.
    pub(crate) fn invalidate(&self, tags: &[PageTag]) {
        let mut held = self.write();
        self.generation.fetch_add(1, Ordering::SeqCst);
        for tag in tags {
            let Some(listed) = held.tagged.remove(tag) else {
                continue;
            };
            for (key, serial) in listed {
                if let Some(page) = held.forget(&key, serial) {
                    self.bytes.fetch_sub(page.size(), Ordering::Relaxed);
                }
            }
        }
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

    /// The turn to make a thorough form, if no other is being made.
    pub(crate) fn thorough_turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.thorough.clone().try_acquire_owned().ok()
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
        if let Some(old) = held.pages.insert(page.key.clone(), page.clone()) {
            old.stale.store(true, Ordering::Relaxed);
            held.unlist(&old);
            self.bytes.fetch_sub(old.size(), Ordering::Relaxed);
        }
        for tag in &page.tags {
            held.tagged
                .entry(*tag)
                .or_default()
                .insert(page.key.clone(), page.serial);
        }
        let size = page.size();
        if self.bytes.fetch_add(size, Ordering::Relaxed) + size > self.budget {
            self.evict_least_recently_used(&mut held);
        }
        page
    }

    /// Forgets the pages served longest ago until a tenth of the budget is free.
    fn evict_least_recently_used(&self, held: &mut Held) {
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
    use axum::http::{HeaderMap, header};

    /// What a reader sending `Accept-Encoding: {value}` takes.
    fn accepting(value: &str) -> Accepted {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        Accepted::of(&headers)
    }

    fn tide_page(first_reader: &str) -> CachedPage {
        let body = Bytes::from("<p>The tide tables for the week ahead.</p>\n".repeat(40));
        let content_type = HeaderValue::from_static("text/html");
        CachedPage::new(
            "/tides",
            body,
            content_type,
            None,
            &PageTags::default(),
            accepting(first_reader),
        )
    }

    #[test]
    fn a_page_is_compressed_only_into_the_encodings_asked_for() {
        let page = tide_page("identity");
        let plain = page.size();
        assert!(
            page.gzip.quick.get().is_none() && page.brotli.quick.get().is_none(),
            "nothing made up front"
        );
        let (encoding, variant, grown) = page.variant(accepting("br"));
        assert_eq!(encoding, Encoding::Brotli);
        assert!(grown > 0 && grown < plain, "{grown} of {plain}");
        assert_eq!(page.size(), plain + grown);
        assert_eq!(
            variant.etag.to_str().unwrap(),
            format!("W/\"{:016x}-br\"", page.hash)
        );
        assert_eq!(page.variant(accepting("br")).2, 0, "made once");
        assert!(page.gzip.quick.get().is_none(), "gzip still not made");
        let first = tide_page("gzip");
        assert!(
            first.gzip.quick.get().is_some(),
            "the first reader's form is made with the page"
        );
        assert!(first.brotli.quick.get().is_none());
        let both = tide_page("gzip, deflate, br");
        assert!(
            both.gzip.quick.get().is_some() && both.brotli.quick.get().is_none(),
            "a first reader taking either gets the quicker to make"
        );
    }

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
            accepting("identity"),
        )
    }

    #[test]
    fn thorough_forms_are_made_one_at_a_time() {
        let cache = PageCache::with_mib(1);
        let turn = cache.thorough_turn().expect("no form is being made");
        assert!(cache.thorough_turn().is_none(), "one is being made");
        drop(turn);
        assert!(cache.thorough_turn().is_some(), "the turn is free again");
    }

    #[test]
    fn a_large_page_is_kept_whole_and_counted_in_the_pages_it_takes() {
        let body = Bytes::from("<p>Ferry timetables for the winter months.</p>\n".repeat(800));
        let page = CachedPage::new(
            "/ferries",
            body.clone(),
            HeaderValue::from_static("text/html"),
            None,
            &PageTags::default(),
            accepting("gzip, br"),
        );
        assert_eq!(page.identity.body, body);
        let (encoding, gzip, _) = page.variant(accepting("gzip, br"));
        assert_eq!(encoding, Encoding::Gzip);
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip.body[..]), &mut unzipped).unwrap();
        assert_eq!(unzipped, body);
        let held = body.len() + gzip.body.len();
        assert!(
            page.size() >= held && page.size() < held + 4096 + "/ferries".len() + 512 + 1,
            "{} for {held} bytes",
            page.size()
        );
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

    #[test]
    fn a_page_read_again_is_made_smaller_once_and_served_so() {
        let both = accepting("gzip, deflate, br");
        let unsent = tide_page("identity");
        assert!(
            !unsent.claim_thorough(both),
            "never sent compressed: nothing to improve yet"
        );
        let page = tide_page("gzip, deflate, br");
        let (encoding, quick, _) = page.variant(both);
        assert_eq!(encoding, Encoding::Gzip, "read once: the quick gzip form");
        let (quick, quick_tag) = (quick.body.clone(), quick.etag.clone());
        assert!(page.claim_thorough(both));
        assert!(!page.claim_thorough(both), "claimed once");
        let before = page.size();
        let grown = page.make_thorough(both.best());
        assert_eq!(page.size(), before + grown);
        let (encoding, thorough, grown) = page.variant(both);
        assert_eq!((encoding, grown), (Encoding::Brotli, 0));
        assert!(
            thorough.body.len() < quick.len(),
            "{} >= {}",
            thorough.body.len(),
            quick.len()
        );
        assert!(!page.claim_thorough(both), "nothing left to improve");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &thorough.body[..], &mut decoded).unwrap();
        assert_eq!(decoded, page.identity.body);
        for tag in [&quick_tag, &thorough.etag, &page.identity.etag] {
            let tag = tag.as_bytes();
            assert!(
                page.is_named_by(tag.strip_prefix(b"W/").unwrap_or(tag)),
                "a reader holding any form holds the page"
            );
        }
        assert!(!page.is_named_by(b"\"0000000000000000-br\""));
        assert!(!page.is_named_by(format!("\"{:016x}-zz\"", page.hash).as_bytes()));
    }
}
