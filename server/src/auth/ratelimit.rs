//! In-memory request budgets (GCRA, via `governor`): login attempts per client address, and the
//! general API budget per address and per session token. A refused check says how long to wait,
//! which becomes `Retry-After`.
//!
//! These are per server process. The per-account failed-login lock lives in the database
//! (`users.failed_login_count`, `locked_until`) because it must hold across servers.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// `count` requests per `period`, all of which may come at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub count: u32,
    pub period: Duration,
}

impl Budget {
    fn quota(self) -> Quota {
        let count = NonZeroU32::new(self.count.max(1)).unwrap_or(NonZeroU32::MIN);
        let interval = self.period / count.get();
        Quota::with_period(interval.max(Duration::from_nanos(1)))
            .unwrap_or_else(|| Quota::per_second(count))
            .allow_burst(count)
    }
}

pub struct Limiter<K: std::hash::Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    clock: DefaultClock,
}

impl<K: std::hash::Hash + Eq + Clone> Limiter<K> {
    pub fn new(budget: Budget) -> Self {
        Limiter {
            limiter: DefaultKeyedRateLimiter::keyed(budget.quota()),
            clock: DefaultClock::default(),
        }
    }

    /// Takes one unit of `key`'s budget, or says how long until one is available.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        self.limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// Forgets keys whose budget is full again (called by the housekeeping task).
    pub fn shrink(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Every budget the server enforces in memory.
pub struct Limiters {
    pub login_per_addr: Limiter<IpAddr>,
    pub api_per_addr: Limiter<IpAddr>,
    pub api_per_session: Limiter<String>,
}

impl Limiters {
    pub fn new(login_per_addr: Budget, api_per_addr: Budget, api_per_session: Budget) -> Self {
        Limiters {
            login_per_addr: Limiter::new(login_per_addr),
            api_per_addr: Limiter::new(api_per_addr),
            api_per_session: Limiter::new(api_per_session),
        }
    }

    pub fn shrink(&self) {
        self.login_per_addr.shrink();
        self.api_per_addr.shrink();
        self.api_per_session.shrink();
    }
}

/// Whole seconds for `Retry-After`, rounded up and at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}
