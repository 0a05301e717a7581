//! One kept page: its bytes, the forms it is compressed into as its readers ask for them, the
//! tags a write forgets it by, and when it was kept and last served.

use super::encoding::{self, Accepted, Effort, Encoding};
use super::storage;
use super::tags::{PageTag, PageTags};
use axum::body::Bytes;
use axum::http::HeaderValue;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

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
    pub(super) key: Arc<str>,
    /// Which page this is among all pages ever kept under its key.
    pub(super) serial: u64,
    /// What the page shows, that a write may change (`Site` when the handler named nothing).
    pub(super) tags: Box<[PageTag]>,
    pub(super) stored_at: Instant,
    /// Seconds since the cache began, when the page was last served: the least recent go first.
    pub(super) last_used: AtomicU32,
    /// Set when a write touches one of the page's tags; a stale page is never served.
    pub(super) stale: AtomicBool,
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

    pub(super) fn size(&self) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::encoding::accepting;

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
