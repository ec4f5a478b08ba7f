//! A short memory of the two database checks every profile request makes: "is this access
//! token's session live, and what is the account's role" and "does this account own that
//! profile".
//!
//! Without it each request pays two blocking-pool hops before any work; with it a hot token
//! pays one read per `session_check_ttl` (default 1 s). Correctness rests on an epoch rather
//! than on expiry alone:
//!
//! - Every entry records the epoch current **before** its database read; it is only used while
//!   the epoch is unchanged.
//! - Every write in this process that can take access away (logout, ending sessions, a replayed
//!   refresh token, a password change, deleting a profile) calls [`Checks::forget_all`] after it
//!   commits, which moves the epoch on. A read that raced with the write carries the old epoch,
//!   so it is never used: this server's own revocations apply to the very next request.
//! - A revocation written by another process (a second `marqueed`, `marqueectl`) is seen when
//!   the entry expires, so within the TTL; with Redis (issue 10) the writer's invalidation is
//!   published and applied here at once. `--session-check-ttl-ms 0` turns the memory off and
//!   reads on every request.
//!
//! Only positive answers are remembered: a refused token or a missing profile is read again
//! each time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use marquee_db::queries::sessions::SessionPrincipal;

/// How many tokens and (account, profile) pairs are remembered at most.
const CAPACITY: u64 = 200_000;

#[derive(Clone)]
struct Remembered<T> {
    epoch: u64,
    value: T,
}

pub struct Checks {
    epoch: AtomicU64,
    /// Keyed by the access token's `jti`: its session's principal, read when the token was not
    /// on the denylist.
    sessions: Option<moka::sync::Cache<String, Remembered<SessionPrincipal>>>,
    owners: Option<moka::sync::Cache<(i64, i64), Remembered<()>>>,
}

impl std::fmt::Debug for Checks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checks")
            .field("epoch", &self.epoch)
            .field("enabled", &self.sessions.is_some())
            .finish()
    }
}

impl Checks {
    /// Remembers checks for `ttl`; a zero `ttl` remembers nothing.
    pub fn new(ttl: Duration) -> Checks {
        let enabled = !ttl.is_zero();
        Checks {
            epoch: AtomicU64::new(0),
            sessions: enabled.then(|| {
                moka::sync::Cache::builder()
                    .max_capacity(CAPACITY)
                    .time_to_live(ttl)
                    .build()
            }),
            owners: enabled.then(|| {
                moka::sync::Cache::builder()
                    .max_capacity(CAPACITY)
                    .time_to_live(ttl)
                    .build()
            }),
        }
    }

    /// The epoch to pass to `remember_*`: read it before the database read it vouches for.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    /// Forgets every remembered check (the epoch moves on). Call after a write that can take
    /// access away has committed.
    pub fn forget_all(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
    }

    pub fn session(&self, jti: &str) -> Option<SessionPrincipal> {
        let hit = self.sessions.as_ref()?.get(jti)?;
        (hit.epoch == self.epoch()).then_some(hit.value)
    }

    pub fn remember_session(&self, jti: &str, epoch: u64, principal: &SessionPrincipal) {
        if let Some(cache) = &self.sessions {
            cache.insert(
                jti.to_owned(),
                Remembered {
                    epoch,
                    value: principal.clone(),
                },
            );
        }
    }

    pub fn owns(&self, user_id: i64, profile_id: i64) -> bool {
        self.owners
            .as_ref()
            .and_then(|cache| cache.get(&(user_id, profile_id)))
            .is_some_and(|hit| hit.epoch == self.epoch())
    }

    pub fn remember_owner(&self, user_id: i64, profile_id: i64, epoch: u64) {
        if let Some(cache) = &self.owners {
            cache.insert((user_id, profile_id), Remembered { epoch, value: () });
        }
    }
}
