//! The allocator's share of the server's memory. glibc keeps memory a program has freed for
//! reuse, and keeps it resident when the free space sits between pages still in use: under a
//! soak the server's live heap stayed near 60 MiB (heaptrack) while its RSS rose past 150 MiB;
//! handing the free pages back (`malloc_trim`) took a 157 MiB server to 111 MiB at once.

use std::time::Duration;

/// How often freed memory is handed back: often enough that RSS follows the live heap, seldom
/// enough that the few milliseconds a trim holds the allocator cost nothing measurable.
const TRIM_EVERY: Duration = Duration::from_secs(10);

/// Three settings of glibc's allocator, made before any thread starts:
///
/// - glibc gives each thread that allocates its own heap (arena), up to eight per core; with
///   the database's and the runtime's threads that holds far more memory than the server uses.
///   Two arenas serve its two-worker runtime as fast and keep its memory small.
/// - A block of at least [`OWN_MAPPING_FROM`] gets a mapping of its own, given back to the
///   system the moment it is freed. glibc raises that threshold each time it frees such a
///   block (up to 32 MiB), after which a decoded picture's 16 MB of pixels came from a heap
///   and stayed resident after the upload, beside the next upload's. Setting the threshold
///   keeps it where it is: four 2,000 px uploads at once (process test `big_pictures`) peaked
///   74-103 MiB over the node's start before, 56-57 after, and the node starts 20 MiB smaller.
///   It is 1 MiB, not glibc's starting 128 KiB: at 128 KiB every page compressed for the
///   cache mapped, faulted in, zeroed and unmapped brotli's window and hash tables (a few
///   hundred KiB each for a first reader's quick form), and each unmapping stopped the other
///   core to flush its TLB (about a fifth of a miss's CPU was the kernel's); from the heap
///   they are reused. Random stories (`bench/misses.sh`): 1.46x the pages a second; an 8-minute
///   soak beside a 128 KiB node ends at the same RSS, and the upload peak is unchanged. (At
///   4 MiB misses were faster still, but the soak's RSS grew twice as fast: a picture's
///   smaller copies then came from the heap.)
/// - Free memory at the top of a heap is handed back to the system only past
///   [`KEEP_AT_TOP`]. Setting the mmap threshold fixes glibc's trim threshold at its starting
///   128 KiB, so a page's compressor tables (a few hundred KiB), freed at the top of a heap,
///   were handed back after every page, and the next page faulted them in again: each fault
///   on memory read before written replaced the zero page and flushed the other core's TLB
///   (`ptep_clear_flush` under brotli's match finder, about 17 % of a miss's CPU with the
///   faults). Random stories (`bench/misses.sh`, same run): 933-1,051 pages a second before,
///   1,291-1,469 at 16 MiB, 1,266-1,294 at 2 MiB, the same as 16 at 8 MiB. What stays at the
///   top is given back by [`return_freed_memory`] every [`TRIM_EVERY`].
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets tuning values of glibc's allocator; called before any thread
    // is started.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_FROM);
        libc::mallopt(libc::M_TRIM_THRESHOLD, KEEP_AT_TOP);
    }
}

/// Above the compressor's tables, below a picture's pixels; kept from growing.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const OWN_MAPPING_FROM: libc::c_int = 1024 * 1024;

/// Free memory a heap keeps at its top between [`return_freed_memory`]'s trims: room for
/// the compressor's tables of the pages in flight.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const KEEP_AT_TOP: libc::c_int = 8 * 1024 * 1024;

/// Starts a thread that hands the allocator's free pages back to the system every
/// [`TRIM_EVERY`], for as long as the process lives.
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let started = std::thread::Builder::new().name("memory-trim".into()).spawn(|| {
            loop {
                std::thread::sleep(TRIM_EVERY);
                // SAFETY: malloc_trim only releases free memory of glibc's own heaps.
                unsafe {
                    libc::malloc_trim(0);
                }
            }
        });
        if let Err(error) = started {
            tracing::warn!(%error, "freed memory will not be handed back: no thread for it");
        }
    }
}
