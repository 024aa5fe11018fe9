//! What a connection holds while it is admitted: counts given back when dropped, the
//! session's place and the claim on a student's name.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::sync::watch;

use super::{Class, Seat, lock};

/// A connection admitted: counted among those open, and among those logging in until it
/// has.
pub struct Admitted {
    pub(super) _opened: Opened,
    pub(super) waiting: Option<Waiting>,
}

impl Admitted {
    /// The connection has logged in: it no longer counts against its address's share.
    pub fn logged_in(&mut self) {
        self.waiting = None;
    }
}

/// An open connection, counted until dropped.
pub(super) struct Opened(pub(super) Arc<Class>);

impl Drop for Opened {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A connection from an address that has not logged in yet, counted until dropped.
pub(super) struct Waiting(pub(super) Arc<Class>, pub(super) IpAddr);

impl Drop for Waiting {
    fn drop(&mut self) {
        let mut waiting = lock(&self.0.waiting);
        if let Some(n) = waiting.get_mut(&self.1) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                waiting.remove(&self.1);
            }
        }
    }
}

/// A session place, given back when dropped.
pub struct Place(pub(super) Arc<Class>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.sessions.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Why a session cannot have its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unclaimed {
    /// The student connected once more meanwhile: the newest connection plays.
    Newer,
    /// The session playing under the name did not end in time.
    Busy,
}

/// A name held by the session playing under it, until dropped.
pub struct Claim {
    pub(super) class: Arc<Class>,
    pub(super) name: String,
    pub(super) seat: Arc<Seat>,
    pub(super) number: u64,
    pub(super) replaced: watch::Receiver<u64>,
    pub(super) live: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Claim {
    /// Resolves when a newer claim on the name asks this session to give way.
    pub async fn replaced(&mut self) {
        let number = self.number;
        // The seat's sender lives as long as this claim: an error cannot come.
        if self.replaced.wait_for(|n| *n != number).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        // Given up first, so that a waiting claim may go on.
        self.live = None;
        self.class.leave_seat(&self.name, &self.seat);
    }
}
