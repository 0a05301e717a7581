//! Where a kept page's bytes live: a large page (with its first reader's compressed form) in a
//! mapping of its own, given back to the system whole when the page is forgotten, so that the
//! cache's comings and goings leave no holes in the allocator's heaps. Kept in the heaps, a page
//! the cache pushed out left its space between pages still kept, which the next page (of
//! another size) seldom fitted: right after a burst of long-tail misses the server's anonymous
//! memory was 62-63 MiB this way against 69-70 (bench/RESULTS.md).

use axum::body::Bytes;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes of a page are counted in the system's pages of this size.
const SYSTEM_PAGE: usize = 4096;
/// A page smaller than this stays in the heap: a mapping's unused end would cost more than the
/// hole such a page can leave, and the number of mappings a process may hold is limited.
const MAPPED_FROM: usize = 16 * 1024;
/// At most this many pages are mapped at once, a quarter of the mappings Linux allows a process
/// by default (`vm.max_map_count`, 65,530), so that a large cache leaves the search index, the
/// threads and the allocator the mappings they need; pages past it stay in the heap.
const MOST_MAPPED: usize = 16 * 1024;
/// How many pages are mapped now.
static MAPPED: AtomicUsize = AtomicUsize::new(0);

/// A mapping holding one page's bytes, counted in [`MAPPED`] while it lives.
struct Mapped(memmap2::MmapMut);

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        MAPPED.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A mapping of `len` bytes, if the system gives one and fewer than [`MOST_MAPPED`] are held.
fn map(len: usize) -> Option<Mapped> {
    if MAPPED.fetch_add(1, Ordering::Relaxed) >= MOST_MAPPED {
        MAPPED.fetch_sub(1, Ordering::Relaxed);
        return None;
    }
    // Populated as it is made: every byte of it is written at once, and taking its pages one
    // fault at a time cost a miss 2.5 % of its samples (bench/RESULTS.md).
    match memmap2::MmapOptions::new().len(len).populate().map_anon() {
        Ok(mapping) => Some(Mapped(mapping)),
        Err(_) => {
            MAPPED.fetch_sub(1, Ordering::Relaxed);
            None
        }
    }
}

/// `parts` copied to one place for as long as any of them is kept, and the bytes that place
/// takes (rounded up to the system's pages when the parts were given a mapping).
pub(crate) fn keep<const N: usize>(parts: [&[u8]; N]) -> ([Bytes; N], usize) {
    let total: usize = parts.iter().map(|part| part.len()).sum();
    if total >= MAPPED_FROM
        && let Some(mut mapping) = map(total)
    {
        let mut at = 0;
        let ranges = parts.map(|part| {
            mapping.0[at..at + part.len()].copy_from_slice(part);
            at += part.len();
            at - part.len()..at
        });
        let whole = Bytes::from_owner(mapping);
        return (
            ranges.map(|range| whole.slice(range)),
            total.div_ceil(SYSTEM_PAGE) * SYSTEM_PAGE,
        );
    }
    // No mapping (small, or the system refused one): each part in a buffer of its own length.
    (parts.map(Bytes::copy_from_slice), total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_kept_as_given_small_or_large() {
        for size in [0, 10, MAPPED_FROM - 1, MAPPED_FROM, 3 * MAPPED_FROM + 5] {
            let page: Vec<u8> = (0..size).map(|n| (n % 251) as u8).collect();
            let squeezed = b"smaller".repeat(size / 50);
            let ([kept_page, kept_squeezed], taken) = keep([&page, &squeezed]);
            assert_eq!(kept_page, page);
            assert_eq!(kept_squeezed, squeezed);
            let total = page.len() + squeezed.len();
            assert!(
                taken >= total && taken < total + SYSTEM_PAGE,
                "{taken} for {total}"
            );
            drop(kept_page);
            assert_eq!(kept_squeezed, squeezed, "one part outlives the other");
        }
    }
}
