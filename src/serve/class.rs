//! The class a server holds: its settings, each student's row as the dashboard shows it,
//! what the instructor sends to everyone, the server's log, and the limits that keep a
//! class running (sessions, authentication attempts per address).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::forecast::Pool;
use crate::save::Saved;
use crate::scenario::{self, Loaded};

/// How students get in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Any name with this class code as the password.
    Code(String),
    /// Any name, any password (a trusted lab network).
    Open,
}

/// The class handout: a save as read from its file.
#[derive(Clone, Debug)]
pub struct Handout {
    /// The file's name, as students see it.
    pub file: String,
    /// The file's text, copied as it is (so it stays sealed).
    pub text: String,
    pub saved: Saved,
}

/// What an instructor decides when starting a class.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The class folder: the host key, and each student's saves under `students/NAME/`.
    pub dir: PathBuf,
    /// The one scenario new campaigns start from; all bundled ones when none.
    pub scenario: Option<Loaded>,
    /// A save every student may resume, copied into each student's folder.
    pub handout: Option<Handout>,
    pub access: Access,
    /// Students playing at once; one more is refused with a message.
    pub max_sessions: usize,
    /// A session without a key for this long is closed (its campaign is saved).
    pub idle: Duration,
    /// A connection not logged in this long after it opened is closed.
    pub login: Duration,
    /// Threads of the forecast pool all sessions share.
    pub forecast_threads: usize,
    /// Fault injection for tests: a student of this name makes their session panic with
    /// the key `!`. Never set from the command line.
    pub panic_name: Option<String>,
}

/// Failed authentications from one address within [`ADDRESS_WINDOW`] that block it.
pub const ADDRESS_FAILURES: u32 = 10;
/// New connections from one address within [`ADDRESS_WINDOW`] that block it.
pub const ADDRESS_CONNECTIONS: u32 = 200;
/// The window of the per-address limits.
pub const ADDRESS_WINDOW: Duration = Duration::from_secs(60);
/// Password attempts on one connection before it is dropped.
pub const AUTH_ATTEMPTS: u32 = 3;
/// Lines of the log the dashboard keeps.
const LOG_LINES: usize = 200;

/// What the instructor sends to every session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broadcast {
    /// A message shown on every student's status line.
    Message(String),
    /// Everyone continues from the class handout.
    Handout,
    /// The class is over: every session saves, shows a closing screen and ends.
    End(String),
    /// The student of this name connected again: their older session ends.
    Replaced(String),
}

/// One student's row, as their session last reported it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    pub connected: bool,
    /// The scenario's id, or empty at the menu.
    pub scenario: String,
    /// `week 5 of 12`, or what the student is doing.
    pub turn: String,
    /// The turn as a number, for sorting: 0 at the menu.
    pub progress: u16,
    /// Ambiguity, US intervention (percent) and Hamas capacity, when in a campaign.
    pub meters: Option<[f64; 3]>,
    /// The outcome so far: its name once the campaign ended, else empty.
    pub outcome: String,
    pub last_activity: Instant,
}

/// Counts for one address within the current window.
#[derive(Clone, Copy, Debug)]
struct AddressCount {
    since: Instant,
    connections: u32,
    failures: u32,
}

/// The class: settings, rows, broadcasts and limits, shared by every connection.
pub struct Class {
    pub settings: Settings,
    pub pool: Pool,
    /// The scenarios students choose among, read once for the whole class.
    scenarios: Arc<[scenario::Entry]>,
    rows: Mutex<BTreeMap<String, Row>>,
    broadcasts: broadcast::Sender<Broadcast>,
    log: Mutex<VecDeque<String>>,
    /// Whether log lines also go to stdout (when it is not the dashboard's terminal).
    log_to_stdout: bool,
    addresses: Mutex<HashMap<IpAddr, AddressCount>>,
    sessions: AtomicUsize,
    /// Connections open, logged in or not.
    connections: AtomicUsize,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Class {
    /// A class with no student yet; `log_to_stdout` when no dashboard shows the log.
    pub fn new(settings: Settings, pool: Pool, log_to_stdout: bool) -> Arc<Class> {
        let (broadcasts, _) = broadcast::channel(16);
        let scenarios = match &settings.scenario {
            Some(loaded) => vec![scenario::Entry::bundled(loaded.clone())].into(),
            None => scenario::bundled_entries().collect(),
        };
        Arc::new(Class {
            settings,
            pool,
            scenarios,
            rows: Mutex::new(BTreeMap::new()),
            broadcasts,
            log: Mutex::new(VecDeque::new()),
            log_to_stdout,
            addresses: Mutex::new(HashMap::new()),
            sessions: AtomicUsize::new(0),
            connections: AtomicUsize::new(0),
        })
    }

    /// The scenarios a new campaign starts from (the class's, or the bundled ones).
    pub fn scenarios(&self) -> Arc<[scenario::Entry]> {
        Arc::clone(&self.scenarios)
    }

    /// The folder of a student's saves.
    pub fn student_dir(&self, name: &str) -> PathBuf {
        self.settings.dir.join("students").join(name)
    }

    /// Writes a line to the log (and to stdout without a dashboard). Text from students is
    /// cleaned by the caller.
    pub fn log(&self, line: impl Into<String>) {
        let line = line.into();
        if self.log_to_stdout {
            println!("{line}");
        }
        let mut log = lock(&self.log);
        if log.len() == LOG_LINES {
            log.pop_front();
        }
        log.push_back(line);
    }

    /// The last `n` lines of the log, oldest first.
    pub fn last_log(&self, n: usize) -> Vec<String> {
        let log = lock(&self.log);
        log.iter()
            .skip(log.len().saturating_sub(n))
            .cloned()
            .collect()
    }

    /// Every student's row, by name.
    pub fn rows(&self) -> Vec<Row> {
        lock(&self.rows).values().cloned().collect()
    }

    /// Replaces a student's row.
    pub fn report(&self, row: Row) {
        lock(&self.rows).insert(row.name.clone(), row);
    }

    /// Marks a student as gone.
    pub fn disconnected(&self, name: &str) {
        if let Some(row) = lock(&self.rows).get_mut(name) {
            row.connected = false;
            row.last_activity = Instant::now();
        }
    }

    /// Whether a student of this name is playing now.
    pub fn is_connected(&self, name: &str) -> bool {
        lock(&self.rows).get(name).is_some_and(|r| r.connected)
    }

    /// Sends something to every session.
    pub fn broadcast(&self, b: Broadcast) {
        // No session listening is no error.
        let _ = self.broadcasts.send(b);
    }

    /// What every session hears from the instructor.
    pub fn listen(&self) -> broadcast::Receiver<Broadcast> {
        self.broadcasts.subscribe()
    }

    /// Takes a session place if one is free; the place is given back when the returned
    /// guard drops.
    pub fn take_place(self: &Arc<Class>) -> Option<Place> {
        let max = self.settings.max_sessions;
        self.sessions
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Place(Arc::clone(self)))
    }

    /// Counts a new connection, unless as many are open as the class can need: every
    /// session, and as many again logging in. Given back when the returned guard drops.
    pub fn open_connection(self: &Arc<Class>) -> Option<Opened> {
        let max = self.settings.max_sessions * 2 + 8;
        self.connections
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Opened(Arc::clone(self)))
    }

    /// Sessions playing now.
    pub fn sessions(&self) -> usize {
        self.sessions.load(Ordering::Acquire)
    }

    /// Counts a new connection from `ip`; false when the address is over its limits.
    pub fn admit(&self, ip: IpAddr) -> bool {
        let mut all = lock(&self.addresses);
        let now = Instant::now();
        // Forget windows that have passed, so the map stays as small as the live traffic.
        all.retain(|_, c| now.duration_since(c.since) < ADDRESS_WINDOW);
        let c = all.entry(ip).or_insert(AddressCount {
            since: now,
            connections: 0,
            failures: 0,
        });
        c.connections += 1;
        c.connections <= ADDRESS_CONNECTIONS && c.failures < ADDRESS_FAILURES
    }

    /// Counts a failed authentication from `ip`; false when the address is now blocked.
    pub fn failed(&self, ip: IpAddr) -> bool {
        let mut all = lock(&self.addresses);
        let c = all.entry(ip).or_insert(AddressCount {
            since: Instant::now(),
            connections: 0,
            failures: 0,
        });
        c.failures += 1;
        c.failures < ADDRESS_FAILURES
    }
}

/// An open connection, counted until dropped.
pub struct Opened(Arc<Class>);

impl Drop for Opened {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A session place, given back when dropped.
pub struct Place(Arc<Class>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.sessions.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The student's name from an SSH user name: its [`slug`](crate::save::slug) of at most 32
/// characters; none when nothing is left.
pub fn student_name(user: &str) -> Option<String> {
    let name = crate::save::slug(user, 32);
    (!name.is_empty()).then_some(name)
}

/// Whether a password is the class code, compared in time that does not depend on where
/// they differ.
pub fn code_matches(code: &str, password: &str) -> bool {
    let (a, b) = (code.as_bytes(), password.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_codes_compared_whole() {
        assert_eq!(student_name("Pair 07").as_deref(), Some("pair-07"));
        assert_eq!(student_name("../../etc").as_deref(), Some("etc"));
        assert_eq!(student_name("élève").as_deref(), Some("élève"));
        assert_eq!(student_name("..."), None);
        assert!(code_matches("tulip-42", "tulip-42"));
        assert!(!code_matches("tulip-42", "tulip-4"));
        assert!(!code_matches("tulip-42", "tulip-420"));
        assert!(!code_matches("tulip-42", ""));
    }
}
