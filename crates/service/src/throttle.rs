//! Limits counted in this process's memory: for each key, a fixed window of time in which it
//! may act so many times.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Past this many tracked keys, windows that have ended are swept away.
const FIRST_SWEEP_AT: usize = 10_000;
/// The most keys tracked at once (about 4 MiB of `u128` keys and their windows). A flood from more addresses than
/// this within a window makes the keys that acted only once be forgotten first: they lose
/// the least, and memory stays bounded whatever the traffic.
const MAX_TRACKED: usize = 100_000;

pub struct Throttle<K> {
    /// What windows' times are counted from.
    epoch: Instant,
    seen: Mutex<Seen<K>>,
}

/// A key's window, in 16 bytes (a flood from many addresses keeps one per address): when it
/// began, in milliseconds since the throttle's epoch, how long it lasts, in milliseconds (up to
/// 49 days), and the actions counted in it.
#[derive(Clone, Copy)]
struct Window {
    start: u64,
    length: u32,
    count: u32,
}

impl Window {
    fn is_open_at(&self, now: u64) -> bool {
        now.saturating_sub(self.start) < u64::from(self.length)
    }
}

struct Seen<K> {
    /// Each key's window.
    windows: HashMap<K, Window>,
    /// The size at which to sweep next: twice what a sweep left, so that sweeping costs a
    /// constant per action however many keys are still in their window.
    sweep_at: usize,
}

impl<K> Default for Throttle<K> {
    fn default() -> Self {
        Self {
            epoch: Instant::now(),
            seen: Mutex::new(Seen {
                windows: HashMap::new(),
                sweep_at: FIRST_SWEEP_AT,
            }),
        }
    }
}

impl<K: Eq + Hash + Clone> Throttle<K> {
    /// `now` in milliseconds since the epoch (an instant before it counts as the epoch).
    fn millis(&self, now: Instant) -> u64 {
        u64::try_from(now.saturating_duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX)
    }

    /// Whether `key` has used up `limit` actions in its window at `now` (nothing counted).
    pub fn used_up(&self, key: &K, limit: u32, now: Instant) -> bool {
        let now = self.millis(now);
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.windows
            .get(key)
            .is_some_and(|window| window.is_open_at(now) && window.count >= limit)
    }

    /// Counts an action by `key` at `now` against `limit` actions per `window`; false when the
    /// key has used up its window.
    pub fn allow(&self, key: &K, limit: u32, window: Duration, now: Instant) -> bool {
        let now = self.millis(now);
        let length = u32::try_from(window.as_millis()).unwrap_or(u32::MAX);
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.windows.len() >= seen.sweep_at {
            seen.windows.retain(|_, window| window.is_open_at(now));
            if seen.windows.len() >= MAX_TRACKED / 2 {
                seen.windows.retain(|_, window| window.count > 1);
            }
            if seen.windows.len() >= MAX_TRACKED / 2 {
                // Every key acted more than once: forget the windows that started longest ago.
                let mut starts: Vec<u64> = seen.windows.values().map(|window| window.start).collect();
                let middle = starts.len() / 2;
                let (_, cut, _) = starts.select_nth_unstable(middle);
                let cut = *cut;
                seen.windows.retain(|_, window| window.start >= cut);
            }
            seen.windows.shrink_to(MAX_TRACKED);
            seen.sweep_at = (seen.windows.len() * 2).clamp(FIRST_SWEEP_AT, MAX_TRACKED);
        }
        let fresh = Window {
            start: now,
            length,
            count: 0,
        };
        let entry = seen.windows.entry(key.clone()).or_insert(fresh);
        if !entry.is_open_at(now) {
            *entry = fresh;
        }
        if entry.count >= limit {
            return false;
        }
        entry.count += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_key_gets_its_limit_per_window_and_then_a_new_window() {
        let throttle = Throttle::default();
        let start = Instant::now();
        assert!(throttle.allow(&"a", 2, MINUTE, start));
        assert!(throttle.allow(&"a", 2, MINUTE, start + Duration::from_secs(1)));
        assert!(!throttle.allow(&"a", 2, MINUTE, start + Duration::from_secs(2)));
        assert!(
            throttle.allow(&"b", 2, MINUTE, start + Duration::from_secs(2)),
            "other keys are not affected"
        );
        assert!(
            throttle.allow(&"a", 2, MINUTE, start + Duration::from_secs(61)),
            "a new window"
        );
    }

    #[test]
    fn asking_whether_a_key_is_used_up_counts_nothing() {
        let throttle = Throttle::default();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(!throttle.used_up(&"a", 1, start));
        }
        assert!(throttle.allow(&"a", 1, MINUTE, start));
        assert!(throttle.used_up(&"a", 1, start));
        assert!(!throttle.used_up(&"a", 1, start + MINUTE), "its window ended");
    }

    #[test]
    fn a_tracked_key_takes_32_bytes_beside_the_table_s_own_byte() {
        assert_eq!(std::mem::size_of::<(u128, Window)>(), 32);
    }

    #[test]
    fn a_window_past_49_days_ends_at_49_days() {
        let throttle = Throttle::default();
        let start = Instant::now();
        let year = Duration::from_secs(365 * 24 * 3600);
        assert!(throttle.allow(&"a", 1, year, start));
        assert!(!throttle.allow(&"a", 1, year, start + Duration::from_secs(40 * 24 * 3600)));
        assert!(throttle.allow(&"a", 1, year, start + Duration::from_secs(50 * 24 * 3600)));
    }

    #[test]
    fn a_flood_of_keys_is_held_to_the_bound_forgetting_single_actions_first() {
        let throttle = Throttle::default();
        let start = Instant::now();
        // A key that acted twice, then more keys than are tracked, each acting once.
        assert!(throttle.allow(&u128::MAX, 5, MINUTE, start));
        assert!(throttle.allow(&u128::MAX, 5, MINUTE, start));
        for key in 0..(3 * MAX_TRACKED as u128) {
            throttle.allow(&key, 1, MINUTE, start);
            let tracked = throttle.seen.lock().unwrap().windows.len();
            assert!(tracked <= MAX_TRACKED, "{tracked} keys tracked");
        }
        let seen = throttle.seen.lock().unwrap();
        assert_eq!(
            seen.windows.get(&u128::MAX).map(|window| window.count),
            Some(2),
            "the key that acted twice is still counted"
        );
    }

    #[test]
    fn many_keys_in_their_window_are_kept_and_ended_windows_are_swept() {
        let throttle = Throttle::default();
        let start = Instant::now();
        for key in 0..25_000 {
            assert!(throttle.allow(&key, 1, MINUTE, start));
        }
        assert!(
            !throttle.allow(&7, 1, MINUTE, start),
            "a sweep forgets no key still in its window"
        );
        let later = start + Duration::from_secs(61);
        for key in 25_000..50_000 {
            assert!(throttle.allow(&key, 1, MINUTE, later));
        }
        let tracked = throttle.seen.lock().unwrap().windows.len();
        assert!(tracked < 40_000, "the ended windows were swept ({tracked} kept)");
    }
}
