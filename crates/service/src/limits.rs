//! How often one address (or email) may act: votes, comments, logins.

use crate::throttle::Throttle;
use std::net::IpAddr;
use std::time::Duration;

pub struct Limits {
    pub votes: Throttle<IpAddr>,
    pub reports: Throttle<IpAddr>,
    pub comments_burst_by_address: Throttle<IpAddr>,
    pub comments_hourly_by_address: Throttle<IpAddr>,
    pub comments_burst_by_email: Throttle<String>,
    pub comments_hourly_by_email: Throttle<String>,
    pub logins_by_address: Throttle<IpAddr>,
    pub logins_by_account: Throttle<String>,
}

const MINUTE: Duration = Duration::from_secs(60);

impl Limits {
    /// What a newsroom runs with: one comment per 15 s and ten an hour, per address and per email.
    pub fn standard() -> Self {
        Self::with_comment_burst(1)
    }

    /// The standard limits but for bursts of comments, for tests that post many from one address.
    pub fn with_comment_burst(burst: u32) -> Self {
        Self {
            votes: Throttle::new(20, 10 * MINUTE),
            reports: Throttle::new(10, 60 * MINUTE),
            comments_burst_by_address: Throttle::new(burst, Duration::from_secs(15)),
            comments_hourly_by_address: Throttle::new(10 * burst, 60 * MINUTE),
            comments_burst_by_email: Throttle::new(burst, Duration::from_secs(15)),
            comments_hourly_by_email: Throttle::new(10 * burst, 60 * MINUTE),
            logins_by_address: Throttle::new(10, 15 * MINUTE),
            logins_by_account: Throttle::new(5, 15 * MINUTE),
        }
    }
}
