//! The allocator's share of the server's memory. glibc keeps memory a program has freed for
//! reuse, and keeps it resident when the free space sits between pages still in use: under a
//! soak the server's live heap stayed near 60 MiB (heaptrack) while its RSS rose past 150 MiB;
//! handing the free pages back (`malloc_trim`) took a 157 MiB server to 111 MiB at once.

use std::time::Duration;

/// How often freed memory is handed back: often enough that RSS follows the live heap, seldom
/// enough that the few milliseconds a trim holds the allocator cost nothing measurable.
const TRIM_EVERY: Duration = Duration::from_secs(10);

/// glibc gives each thread that allocates its own heap (arena), up to eight per core; with the
/// database's and the runtime's threads that holds far more memory than the server uses.
/// Two arenas serve its two-worker runtime as fast and keep its memory small.
pub fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning value of glibc's allocator; called before any thread
    // is started.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

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
