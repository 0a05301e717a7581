//! How often one address (or email, or account) may act: votes, reports, comments, sign-ins.
//! Each limit is a fixed window in which a key may act so many times. One node keeps its
//! counts in memory; several nodes on PostgreSQL share them there, so that a flood spread over
//! the nodes is held to the same limits.

use crate::Service;
use crate::throttle::Throttle;
use chrono::Utc;
use dateline_store::{Store, StoreError};
use std::time::{Duration, Instant};

/// So many actions per window, per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Names the limit in the counts (and keeps the keys of different limits apart).
    pub name: &'static str,
    pub count: u32,
    pub window: Duration,
}

/// Every limit the newsroom runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub votes: Limit,
    pub reports: Limit,
    pub comments_burst: Limit,
    pub comments_hourly: Limit,
    /// Failed sign-ins from one address, whatever the accounts.
    pub logins_by_address: Limit,
    /// Failed sign-ins to one account from one address: a stranger's guesses stop there, and
    /// the owner elsewhere signs in.
    pub logins_by_address_and_account: Limit,
    /// Failed sign-ins to one account from anywhere: a slower back-off against guesses spread
    /// over many addresses, which the owner passes from a device they signed in on before.
    pub logins_by_account: Limit,
    /// Memory, in MiB, that the pictures being processed may take at once: an upload waits for
    /// its share, and one needing more than all of it is refused.
    pub picture_memory_mib: u32,
}

const MINUTE: Duration = Duration::from_secs(60);

impl Limits {
    /// What a newsroom runs with: one comment per 15 s and ten an hour, per address and per email.
    pub fn standard() -> Self {
        Self::with_comment_burst(1)
    }

    /// The standard limits but for bursts of comments, for tests and load tests that post
    /// many from one address.
    pub fn with_comment_burst(burst: u32) -> Self {
        let limit = |name, count, window| Limit { name, count, window };
        Self {
            votes: limit("votes", 20, 10 * MINUTE),
            reports: limit("reports", 10, 60 * MINUTE),
            comments_burst: limit("comments-burst", burst, Duration::from_secs(15)),
            comments_hourly: limit("comments-hourly", 10 * burst, 60 * MINUTE),
            logins_by_address: limit("logins-address", 10, 15 * MINUTE),
            logins_by_address_and_account: limit("logins-pair", 5, 15 * MINUTE),
            logins_by_account: limit("logins-account", 50, 60 * MINUTE),
            picture_memory_mib: crate::DEFAULT_PICTURE_MEMORY_MIB,
        }
    }

    /// The longest window of any limit: counts older than this are forgotten.
    fn longest_window(&self) -> Duration {
        [
            self.votes,
            self.reports,
            self.comments_burst,
            self.comments_hourly,
            self.logins_by_address,
            self.logins_by_address_and_account,
            self.logins_by_account,
        ]
        .iter()
        .map(|limit| limit.window)
        .max()
        .unwrap_or(MINUTE)
    }
}

/// Where the counts are kept.
pub(crate) enum Counts {
    /// In this process: one node. Keyed by the first 128 bits of each key's digest, a
    /// quarter of the memory of the digest's text: a flood of actions from many addresses
    /// keeps 33 bytes per address and limit until its window ends.
    Local(Throttle<u128>),
    /// In the store, shared by every node.
    Shared,
}

impl Counts {
    pub fn for_store(store: &Store) -> Self {
        if store.is_shared() {
            Counts::Shared
        } else {
            Counts::Local(Throttle::default())
        }
    }
}

/// A digest's first 128 bits, as the local counts key it.
fn local_key(digest: &str) -> u128 {
    digest
        .get(..32)
        .and_then(|hex| u128::from_str_radix(hex, 16).ok())
        .unwrap_or_default()
}

impl Service {
    /// Each check's key as kept: a digest, never the address or account itself.
    fn keyed(&self, checks: &[(Limit, &str)]) -> Vec<(String, Limit)> {
        checks
            .iter()
            .map(|(limit, key)| (self.digest(&format!("limit:{}:{key}", limit.name)), *limit))
            .collect()
    }

    /// Counts one action against each `(limit, key)`; false when any of them is used up.
    /// Keys are kept only as digests.
    pub(crate) async fn within_limits(&self, checks: &[(Limit, &str)]) -> Result<bool, StoreError> {
        let keyed = self.keyed(checks);
        match &self.0.counts {
            Counts::Local(throttle) => {
                let now = Instant::now();
                // Every limit is counted, as on the shared store: no short cut.
                let allowed: Vec<bool> = keyed
                    .iter()
                    .map(|(key, limit)| throttle.allow(&local_key(key), limit.count, limit.window, now))
                    .collect();
                Ok(allowed.into_iter().all(|allowed| allowed))
            }
            Counts::Shared => {
                let attempts: Vec<(&str, Duration)> = keyed
                    .iter()
                    .map(|(key, limit)| (key.as_str(), limit.window))
                    .collect();
                let counts = self.store().count_attempts(&attempts, Utc::now()).await?;
                Ok(keyed
                    .iter()
                    .zip(counts)
                    .all(|((_, limit), count)| count <= i64::from(limit.count)))
            }
        }
    }

    /// Whether any of `checks` is used up, counting nothing (for failures counted only once
    /// they have happened, with [`Service::count_against`]).
    pub(crate) async fn used_up(&self, checks: &[(Limit, &str)]) -> Result<bool, StoreError> {
        let keyed = self.keyed(checks);
        match &self.0.counts {
            Counts::Local(throttle) => {
                let now = Instant::now();
                Ok(keyed
                    .iter()
                    .any(|(key, limit)| throttle.used_up(&local_key(key), limit.count, now)))
            }
            Counts::Shared => {
                let keys: Vec<(&str, Duration)> = keyed
                    .iter()
                    .map(|(key, limit)| (key.as_str(), limit.window))
                    .collect();
                let counts = self.store().attempts(&keys, Utc::now()).await?;
                Ok(keyed
                    .iter()
                    .zip(counts)
                    .any(|((_, limit), count)| count >= i64::from(limit.count)))
            }
        }
    }

    /// Counts one action against each of `checks`, whatever their state.
    pub(crate) async fn count_against(&self, checks: &[(Limit, &str)]) -> Result<(), StoreError> {
        self.within_limits(checks).await.map(|_| ())
    }

    /// Forgets counts whose windows have all ended (the shared store's; memory sweeps itself).
    pub async fn forget_old_counts(&self) -> Result<(), StoreError> {
        if let Counts::Shared = self.0.counts {
            let longest = chrono::Duration::from_std(self.limits().longest_window())
                .unwrap_or(chrono::Duration::hours(1));
            self.store().forget_attempts_before(Utc::now() - longest).await?;
        }
        Ok(())
    }
}
