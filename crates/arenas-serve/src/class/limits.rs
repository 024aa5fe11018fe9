//! The per-address limits of the class: connections per address in a window, and failed
//! logins remembered by name and address and answered ever more slowly.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// New connections from one address within [`ADDRESS_WINDOW`] that block it.
pub const ADDRESS_CONNECTIONS: u32 = 200;
/// The window of the per-address connection limit.
pub const ADDRESS_WINDOW: Duration = Duration::from_secs(60);
/// Password attempts on one connection before it is dropped.
pub const AUTH_ATTEMPTS: u32 = 3;
/// Failed logins under one name from one address that are answered without delay; each
/// further one waits twice as long as the one before, from [`FIRST_DELAY`] up to
/// [`MAX_DELAY`].
pub const NAME_FREE_FAILURES: u32 = 3;
/// Failed logins from one address, whatever the names, answered without delay; each
/// further one is slowed as a name's are.
pub const ADDRESS_FREE_FAILURES: u32 = 30;
/// The delay of the first slowed failure.
pub const FIRST_DELAY: Duration = Duration::from_secs(1);
/// The longest delay of a failed login.
pub const MAX_DELAY: Duration = Duration::from_secs(30);
/// Failures are forgotten when none came for this long (and a name's at its login).
pub const FAILURE_MEMORY: Duration = Duration::from_secs(600);
/// Names and addresses whose failures are remembered at most; the oldest go first.
pub(super) const FAILURES_KEPT: usize = 4096;
/// Connections from one address within the current window.
#[derive(Clone, Copy, Debug)]
pub(super) struct AddressCount {
    pub(super) since: Instant,
    pub(super) connections: u32,
    /// Connections refused in the window: only the first is logged.
    pub(super) refused: u32,
}

/// Failed logins remembered for a name at an address, or for an address.
#[derive(Clone, Copy, Debug)]
pub(super) struct Failures {
    pub(super) count: u32,
    pub(super) last: Instant,
}

/// Failed logins by name and address, and by address.
#[derive(Default)]
pub(super) struct Failed {
    pub(super) by_name: HashMap<(IpAddr, String), Failures>,
    pub(super) by_address: HashMap<IpAddr, Failures>,
}

/// The delay of the failure that brings a count to `count`, `free` of them undelayed.
pub(super) fn backoff(count: u32, free: u32) -> Duration {
    match count.checked_sub(free + 1) {
        None => Duration::ZERO,
        Some(doublings) => FIRST_DELAY
            .saturating_mul(1 << doublings.min(16))
            .min(MAX_DELAY),
    }
}

/// Counts one more failure under `key`, forgetting what is old and, when too many are
/// remembered, the oldest; the count now.
pub(super) fn count_failure<K: std::hash::Hash + Eq + Clone>(
    map: &mut HashMap<K, Failures>,
    key: &K,
    now: Instant,
) -> u32 {
    map.retain(|_, f| now.duration_since(f.last) < FAILURE_MEMORY);
    if map.len() >= FAILURES_KEPT && !map.contains_key(key) {
        let oldest = map
            .iter()
            .min_by_key(|(_, f)| f.last)
            .map(|(k, _)| k.clone());
        if let Some(oldest) = oldest {
            map.remove(&oldest);
        }
    }
    let f = map.entry(key.clone()).or_insert(Failures {
        count: 0,
        last: now,
    });
    f.count = f.count.saturating_add(1);
    f.last = now;
    f.count
}
