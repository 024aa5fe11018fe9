//! The class a server holds: its settings, each student's row as the dashboard shows it,
//! what the instructor sends to everyone, the server's log, the names being played under,
//! and the limits that keep a class running (sessions, connections per address, failed
//! logins per address and name).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use tokio::sync::{broadcast, watch};

use arenas_files::scenario;
use arenas_sim::forecast::Pool;

use super::rooms::{Hosted, Rooms};

mod names;
pub use names::{code_matches, mixed_scripts, student_name};

mod limits;
pub use limits::{
    ADDRESS_CONNECTIONS, ADDRESS_FREE_FAILURES, ADDRESS_WINDOW, AUTH_ATTEMPTS, FAILURE_MEMORY,
    FIRST_DELAY, MAX_DELAY, NAME_FREE_FAILURES,
};
use limits::{AddressCount, Failed, backoff, count_failure};

mod echo;
use echo::Echo;

mod admission;
pub use admission::{Admitted, Claim, Place, Unclaimed};
use admission::{Opened, Waiting};

mod settings;
pub use settings::{Access, Faults, Handout, ReadHook, Settings};

/// Lines of the log the dashboard keeps.
const LOG_LINES: usize = 200;

/// What the instructor sends to every session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broadcast {
    /// A message shown on every student's status line.
    Message(String),
    /// A message shown on one student's status line.
    MessageTo { to: String, text: String },
    /// Everyone continues from the class handout.
    Handout,
    /// The class is over: every session saves, shows a closing screen and ends.
    End(String),
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
    /// Ambiguity, US entry (percent) and the focus member's capacity, when in a campaign.
    pub meters: Option<[f64; 3]>,
    /// The outcome so far: its name once the campaign ended, else empty.
    pub outcome: String,
    /// The last key, or none since the server started (a student listed from their
    /// folder).
    pub last_activity: Option<Instant>,
    /// The essentials of the student's screen, line by line, for the dashboard's view of
    /// one student: empty at the menu.
    pub detail: Vec<String>,
}

impl Row {
    /// The row of a student known from their folder, not connected since the server
    /// started.
    pub fn offline(name: &str) -> Row {
        Row {
            name: name.to_owned(),
            connected: false,
            scenario: String::new(),
            turn: "not seen yet".to_owned(),
            progress: 0,
            meters: None,
            outcome: String::new(),
            last_activity: None,
            detail: Vec::new(),
        }
    }
}

/// The students with a folder in the class folder `dir` (`students/NAME/`, a folder of
/// its own under a name the server would give): the class so far, after a restart.
pub(crate) fn students_with_folders(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir.join("students")) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|name| student_name(name).as_deref() == Some(name.as_str()))
        .collect()
}

/// Who plays under one name: the newest claim's number, and the lock the playing session
/// holds.
struct Seat {
    newest: watch::Sender<u64>,
    live: Arc<tokio::sync::Mutex<()>>,
}

/// The class: settings, rows, broadcasts and limits, shared by every connection.
pub struct Class {
    pub settings: Settings,
    pub pool: Pool,
    /// The scenarios students choose among, read once for the whole class.
    scenarios: Arc<[scenario::Entry]>,
    rows: Mutex<BTreeMap<String, Row>>,
    /// The handout students are moved to, and find among their saves.
    handout: Mutex<Option<Arc<Handout>>>,
    broadcasts: broadcast::Sender<Broadcast>,
    log: Mutex<VecDeque<String>>,
    /// Where log lines also go: stdout, when it is not the dashboard's terminal.
    echo: Option<Echo>,
    addresses: Mutex<HashMap<IpAddr, AddressCount>>,
    /// Connections not logged in yet, by address.
    waiting: Mutex<HashMap<IpAddr, usize>>,
    failed: Mutex<Failed>,
    /// The names being played under, or claimed.
    seats: Mutex<HashMap<String, Arc<Seat>>>,
    sessions: AtomicUsize,
    /// The rooms of team play.
    pub rooms: Rooms,
    /// The class itself, for the rooms' log lines.
    me: Weak<Class>,
    /// Connections open, logged in or not.
    connections: AtomicUsize,
    faults: Faults,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Class {
    /// A class with no student yet; `log_to_stdout` when no dashboard shows the log.
    pub fn new(settings: Settings, pool: Pool, log_to_stdout: bool) -> Arc<Class> {
        Class::with_faults(settings, pool, log_to_stdout, Faults::default())
    }

    /// A class with faults injected, for tests.
    #[doc(hidden)]
    pub fn with_faults(
        settings: Settings,
        pool: Pool,
        log_to_stdout: bool,
        faults: Faults,
    ) -> Arc<Class> {
        let stdout = log_to_stdout.then(|| Box::new(std::io::stdout()) as Box<dyn Write + Send>);
        Class::echoing(settings, pool, stdout, faults)
    }

    /// A class whose log lines also go to `out`.
    fn echoing(
        settings: Settings,
        pool: Pool,
        out: Option<Box<dyn Write + Send>>,
        faults: Faults,
    ) -> Arc<Class> {
        let (broadcasts, _) = broadcast::channel(16);
        let scenarios = match &settings.scenario {
            Some(loaded) => vec![scenario::Entry::bundled(loaded.clone())].into(),
            None => scenario::bundled_entries().collect(),
        };
        let mut unstarted = None;
        let rows = students_with_folders(&settings.dir)
            .into_iter()
            .map(|name| (name.clone(), Row::offline(&name)))
            .collect();
        let handout = Mutex::new(settings.handout.clone().map(Arc::new));
        let class = Arc::new_cyclic(|class| Class {
            echo: out.and_then(|out| {
                Echo::start(out, Weak::clone(class))
                    .map_err(|e| unstarted = Some(e))
                    .ok()
            }),
            settings,
            pool,
            scenarios,
            rows: Mutex::new(rows),
            handout,
            broadcasts,
            log: Mutex::new(VecDeque::new()),
            addresses: Mutex::new(HashMap::new()),
            waiting: Mutex::new(HashMap::new()),
            failed: Mutex::new(Failed::default()),
            seats: Mutex::new(HashMap::new()),
            sessions: AtomicUsize::new(0),
            rooms: Rooms::default(),
            me: Weak::clone(class),
            connections: AtomicUsize::new(0),
            faults,
        });
        if let Some(e) = unstarted {
            class.keep(format!("log lines cannot be written to stdout: {e}"));
        }
        class
    }

    /// The faults a test injected (none outside tests).
    pub(crate) fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Opens a room of the class's scenario (the bundled default when the class has
    /// none); `None` when the class has as many rooms as it may.
    pub fn open_room(&self) -> Option<Arc<Hosted>> {
        let scenario = match &self.settings.scenario {
            Some(loaded) => loaded.clone(),
            None => scenario::bundled(scenario::DEFAULT_ID)?.ok()?,
        };
        let seed = u64::from(rand::random::<u32>());
        let dir = self.settings.dir.join("rooms");
        let me = Weak::clone(&self.me);
        let log = Arc::new(move |line: String| {
            if let Some(class) = me.upgrade() {
                class.log(line);
            }
        });
        let room = self
            .rooms
            .open(scenario, seed, &dir, self.settings.deadline, log)?;
        self.log(format!("{} opened", room.name));
        Some(room)
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
    /// cleaned by the caller. Never waits on stdout: see [`Echo`].
    pub fn log(&self, line: impl Into<String>) {
        let line = line.into();
        if let Some(echo) = &self.echo {
            echo.send(&line);
        }
        self.keep(line);
    }

    /// Waits until the log lines so far are on stdout (when they go there), for at most
    /// `patience`: the last lines of a class are not lost as the process ends.
    pub fn flush_log(&self, patience: Duration) {
        if let Some(echo) = &self.echo {
            echo.flush(patience);
        }
    }

    /// Keeps a line among the last [`LOG_LINES`].
    fn keep(&self, line: String) {
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
            row.last_activity = Some(Instant::now());
        }
    }

    /// The handout students are moved to, if any.
    pub fn handout(&self) -> Option<Arc<Handout>> {
        lock(&self.handout).clone()
    }

    /// Makes `handout` the class's and moves every student to it.
    pub fn push_handout(&self, handout: Handout) {
        *lock(&self.handout) = Some(Arc::new(handout));
        self.broadcast(Broadcast::Handout);
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

    /// Sessions playing now.
    pub fn sessions(&self) -> usize {
        self.sessions.load(Ordering::Acquire)
    }

    /// Connections open, logged in or not.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::Acquire)
    }

    /// Connections not logged in yet that the class keeps at most: one per session, and a
    /// few more.
    pub fn waiting_slots(&self) -> usize {
        self.settings.max_sessions + 8
    }

    /// Connections not logged in yet that one address may hold: a quarter of them (at
    /// least two), so that one address cannot keep the others from the password prompt.
    pub fn address_share(&self) -> usize {
        (self.waiting_slots() / 4).max(2)
    }

    /// Admits a new connection from `ip`, before a byte of SSH, or refuses it: when as many
    /// connections are open as the class can need (every session, and as many again
    /// logging in), when the address holds its share of the connections not logged in yet,
    /// or has opened [`ADDRESS_CONNECTIONS`] within a minute. An address's first refusal
    /// within the minute is logged.
    pub fn admit(self: &Arc<Class>, ip: IpAddr) -> Option<Admitted> {
        let admitted = if self.count_connection(ip) {
            self.hold(ip)
        } else {
            Err("too many connections within a minute")
        };
        match admitted {
            Ok(a) => Some(a),
            Err(why) => {
                if self.count_refusal(ip) == 1 {
                    self.log(format!(
                        "refused a connection from {ip}: {why} (more from it within the \
                         minute are refused without a line)"
                    ));
                }
                None
            }
        }
    }

    /// Counts a new connection from `ip` in its window; false when over the limit.
    fn count_connection(&self, ip: IpAddr) -> bool {
        let mut all = lock(&self.addresses);
        let now = Instant::now();
        // Forget windows that have passed, so the map stays as small as the live traffic.
        all.retain(|_, c| now.duration_since(c.since) < ADDRESS_WINDOW);
        let c = all.entry(ip).or_insert(AddressCount {
            since: now,
            connections: 0,
            refused: 0,
        });
        c.connections = c.connections.saturating_add(1);
        c.connections <= ADDRESS_CONNECTIONS
    }

    /// Counts a refused connection from `ip` in its window; the count now.
    fn count_refusal(&self, ip: IpAddr) -> u32 {
        let mut all = lock(&self.addresses);
        let c = all.entry(ip).or_insert(AddressCount {
            since: Instant::now(),
            connections: 0,
            refused: 0,
        });
        c.refused = c.refused.saturating_add(1);
        c.refused
    }

    /// Takes an open connection's place and a place among those logging in for `ip`.
    fn hold(self: &Arc<Class>, ip: IpAddr) -> Result<Admitted, &'static str> {
        let max = self.settings.max_sessions * 2 + 8;
        self.connections
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .map_err(|_| "too many connections open")?;
        let opened = Opened(Arc::clone(self));
        let mut waiting = lock(&self.waiting);
        if waiting.values().sum::<usize>() >= self.waiting_slots() {
            return Err("too many connections logging in");
        }
        let mine = waiting.entry(ip).or_insert(0);
        if *mine >= self.address_share() {
            return Err("the address holds its share of the connections logging in");
        }
        *mine += 1;
        Ok(Admitted {
            _opened: opened,
            waiting: Some(Waiting(Arc::clone(self), ip)),
        })
    }

    /// Counts a failed login as `name` from `ip`; how long to wait before answering it.
    pub fn failed(&self, ip: IpAddr, name: &str) -> Duration {
        self.failed_at(ip, name, Instant::now())
    }

    fn failed_at(&self, ip: IpAddr, name: &str, now: Instant) -> Duration {
        let mut failed = lock(&self.failed);
        let by_name = count_failure(&mut failed.by_name, &(ip, name.to_owned()), now);
        let by_address = count_failure(&mut failed.by_address, &ip, now);
        backoff(by_name, NAME_FREE_FAILURES).max(backoff(by_address, ADDRESS_FREE_FAILURES))
    }

    /// Forgets the failed logins as `name` from `ip`: their student got in.
    pub fn logged_in(&self, ip: IpAddr, name: &str) {
        lock(&self.failed).by_name.remove(&(ip, name.to_owned()));
    }

    /// Claims `name` for a new session. A session already playing under it is told to give
    /// way (a student who connects again takes over from their older connection), and the
    /// claim waits, at most `wait`, until it has: so at most one session plays under a
    /// name, whatever the timing. Fails when a newer claim came meanwhile (that one plays),
    /// or when the older session did not end in time.
    pub async fn claim(self: &Arc<Class>, name: &str, wait: Duration) -> Result<Claim, Unclaimed> {
        let (seat, number) = {
            let mut seats = lock(&self.seats);
            let seat = Arc::clone(seats.entry(name.to_owned()).or_insert_with(|| {
                Arc::new(Seat {
                    newest: watch::channel(0).0,
                    live: Arc::new(tokio::sync::Mutex::new(())),
                })
            }));
            let mut number = 0;
            seat.newest.send_modify(|n| {
                *n += 1;
                number = *n;
            });
            (seat, number)
        };
        let live = match tokio::time::timeout(wait, Arc::clone(&seat.live).lock_owned()).await {
            Ok(guard) if *seat.newest.borrow() == number => Some(guard),
            _ => None,
        };
        let Some(live) = live else {
            let why = if *seat.newest.borrow() == number {
                Unclaimed::Busy
            } else {
                Unclaimed::Newer
            };
            self.leave_seat(name, &seat);
            return Err(why);
        };
        Ok(Claim {
            class: Arc::clone(self),
            name: name.to_owned(),
            replaced: seat.newest.subscribe(),
            seat,
            number,
            live: Some(live),
        })
    }

    /// Forgets the seat of `name` when no claim holds or waits for it.
    fn leave_seat(&self, name: &str, seat: &Arc<Seat>) {
        let mut seats = lock(&self.seats);
        // The map's and the caller's.
        if Arc::strong_count(seat) == 2 {
            seats.remove(name);
        }
    }
}

#[cfg(test)]
mod tests;
