//! The class a server holds: its settings, each student's row as the dashboard shows it,
//! what the instructor sends to everyone, the server's log, the names being played under,
//! and the limits that keep a class running (sessions, connections per address, failed
//! logins per address and name).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak, mpsc};
use std::time::{Duration, Instant};

use tokio::sync::{broadcast, watch};

use crate::classwork::ClassSettings;
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

/// The most names a handout's copy tries among a student's saves before it gives up.
pub const HANDOUT_COPY_NAMES: usize = 20;

/// A class handout: a save as read from its file.
#[derive(Clone, Debug)]
pub struct Handout {
    /// The file's name, as students see it.
    pub file: String,
    /// The file's text, copied as it is (so it stays sealed).
    pub text: String,
    pub saved: Saved,
}

impl Handout {
    /// Reads the handout at `path`: its save, and its text as it is.
    ///
    /// # Errors
    /// The problems of a file that is no readable save.
    pub fn read(path: &std::path::Path) -> Result<Handout, crate::diag::Diagnostics> {
        let saved = crate::save::load_file(path)?;
        let text = crate::files::read_text(path, crate::save::MAX_SAVE_BYTES)?;
        let file = path.file_stem().map_or_else(
            || "handout".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        Ok(Handout { file, text, saved })
    }

    /// The name of its copy among a student's saves: `handout-` and its own name, which
    /// keeps its name when it starts with `handout` already.
    pub fn copy_name(&self) -> String {
        let own = crate::save::file_name(&self.file);
        if own.starts_with("handout") {
            own
        } else {
            crate::save::file_name(&format!("handout {}", self.file))
        }
    }

    /// The names its copy may take, in order: [`Handout::copy_name`], then the same with
    /// `-2`, `-3`, … up to [`HANDOUT_COPY_NAMES`] names, for when a student's own save
    /// holds the first.
    pub fn copy_names(&self) -> impl Iterator<Item = String> {
        let first = self.copy_name();
        let ext = format!(".{}", crate::save::EXTENSION);
        let stem = first.strip_suffix(&ext).unwrap_or(&first).to_owned();
        std::iter::once(first)
            .chain((2..=HANDOUT_COPY_NAMES).map(move |n| format!("{stem}-{n}{ext}")))
    }
}

/// What an instructor decides when starting a class.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The class folder: the host key, and each student's saves under `students/NAME/`.
    pub dir: PathBuf,
    /// The one scenario new campaigns start from; all bundled ones when none.
    pub scenario: Option<Loaded>,
    /// A save every student may resume, copied into each student's folder; the dashboard
    /// may push another from the class folder's `handouts/` during class.
    pub handout: Option<Handout>,
    /// How much the forecast tells and whether students predict, in place of the
    /// scenario's settings.
    pub class: ClassSettings,
    pub access: Access,
    /// Students playing at once; one more is refused with a message.
    pub max_sessions: usize,
    /// A session without a key for this long is closed (its campaign is saved).
    pub idle: Duration,
    /// A connection not logged in this long after it opened is closed.
    pub login: Duration,
    /// A session whose client has not taken a screen for this long is closed: a client
    /// that stopped reading, or whose network went away without a word.
    pub stall: Duration,
    /// Threads of the forecast pool all sessions share.
    pub forecast_threads: usize,
}

/// A test's hook on reads of a student's folder, called with the student's name.
#[doc(hidden)]
pub type ReadHook = Arc<dyn Fn(&str) + Send + Sync>;

/// Faults a test injects into a class, kept apart from its [`Settings`]: a class the
/// command line starts has none.
#[doc(hidden)]
#[derive(Clone, Default)]
pub struct Faults {
    /// A student of this name makes their session panic with the key `!`.
    pub panic_name: Option<String>,
    /// Called with the student's name on the thread that reads their folder, before each
    /// read (to hold a read up, as a slow disk would).
    pub before_read: Option<ReadHook>,
}

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
const FAILURES_KEPT: usize = 4096;
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

/// Connections from one address within the current window.
#[derive(Clone, Copy, Debug)]
struct AddressCount {
    since: Instant,
    connections: u32,
    /// Connections refused in the window: only the first is logged.
    refused: u32,
}

/// Failed logins remembered for a name at an address, or for an address.
#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failed logins by name and address, and by address.
#[derive(Default)]
struct Failed {
    by_name: HashMap<(IpAddr, String), Failures>,
    by_address: HashMap<IpAddr, Failures>,
}

/// The delay of the failure that brings a count to `count`, `free` of them undelayed.
fn backoff(count: u32, free: u32) -> Duration {
    match count.checked_sub(free + 1) {
        None => Duration::ZERO,
        Some(doublings) => FIRST_DELAY
            .saturating_mul(1 << doublings.min(16))
            .min(MAX_DELAY),
    }
}

/// Counts one more failure under `key`, forgetting what is old and, when too many are
/// remembered, the oldest; the count now.
fn count_failure<K: std::hash::Hash + Eq + Clone>(
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

/// A connection admitted: counted among those open, and among those logging in until it
/// has.
pub struct Admitted {
    _opened: Opened,
    waiting: Option<Waiting>,
}

impl Admitted {
    /// The connection has logged in: it no longer counts against its address's share.
    pub fn logged_in(&mut self) {
        self.waiting = None;
    }
}

/// Log lines queued for stdout at most; more are counted and left out.
const ECHO_QUEUE: usize = 1024;

/// The log's copy on stdout, written by a thread of its own, so that a stdout that blocks
/// (a pager nobody scrolls) or fails (a pipe whose reader has gone, a full disk, a closed
/// terminal) holds up and stops no session: a line that finds the queue full is left out
/// and counted, a failed write is lost, and the first failure in a row is noted in the
/// log the dashboard keeps.
struct Echo {
    lines: mpsc::SyncSender<String>,
    /// Lines left out since the last one written.
    left_out: Arc<AtomicUsize>,
    /// Lines queued so far.
    queued: AtomicU64,
    /// Lines the thread has written (or failed to) so far, and a wake-up for each.
    done: Arc<(Mutex<u64>, Condvar)>,
}

impl Echo {
    /// Starts the thread writing to `out`, which notes its failures in `class`'s log.
    fn start(mut out: Box<dyn Write + Send>, class: Weak<Class>) -> std::io::Result<Echo> {
        let (lines, queued) = mpsc::sync_channel::<String>(ECHO_QUEUE);
        let left_out = Arc::new(AtomicUsize::new(0));
        let missed = Arc::clone(&left_out);
        let done = Arc::new((Mutex::new(0), Condvar::new()));
        let counted = Arc::clone(&done);
        std::thread::Builder::new()
            .name("arenas-log".into())
            .spawn(move || {
                let mut failing = false;
                // Ends when the class, and with it the sender, is gone.
                for line in queued {
                    let mut text = match missed.swap(0, Ordering::Relaxed) {
                        0 => String::new(),
                        n => format!("({n} log lines left out here: this output fell behind)\n"),
                    };
                    text.push_str(&line);
                    text.push('\n');
                    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                        Ok(()) => failing = false,
                        Err(e) if !failing => {
                            failing = true;
                            if let Some(class) = class.upgrade() {
                                class.keep(format!("log lines cannot be written to stdout: {e}"));
                            }
                        }
                        Err(_) => {}
                    }
                    *lock(&counted.0) += 1;
                    counted.1.notify_all();
                }
            })?;
        Ok(Echo {
            lines,
            left_out,
            queued: AtomicU64::new(0),
            done,
        })
    }

    /// Queues a line, or counts it when the queue is full.
    fn send(&self, line: &str) {
        match self.lines.try_send(line.to_owned()) {
            Ok(()) => {
                self.queued.fetch_add(1, Ordering::AcqRel);
            }
            Err(_) => {
                self.left_out.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Waits until the lines queued so far are written, for at most `patience`.
    fn flush(&self, patience: Duration) {
        let queued = self.queued.load(Ordering::Acquire);
        let (done, written) = &*self.done;
        let _ = written.wait_timeout_while(lock(done), patience, |d| *d < queued);
    }
}

/// An open connection, counted until dropped.
struct Opened(Arc<Class>);

impl Drop for Opened {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A connection from an address that has not logged in yet, counted until dropped.
struct Waiting(Arc<Class>, IpAddr);

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
pub struct Place(Arc<Class>);

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
    class: Arc<Class>,
    name: String,
    seat: Arc<Seat>,
    number: u64,
    replaced: watch::Receiver<u64>,
    live: Option<tokio::sync::OwnedMutexGuard<()>>,
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

/// The student's name from an SSH user name: its [`slug`](crate::save::slug) of at most 32
/// characters, in Unicode's composed form (NFC), so that a name typed with a letter
/// composed (`é`) or as a letter and an accent is one student; none when nothing is left.
pub fn student_name(user: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let composed: String = user.nfc().collect();
    // Lowercasing can decompose (`İ` becomes `i` and a dot above): composed again.
    let name: String = crate::save::slug(&composed, 32).nfc().collect();
    (!name.is_empty()).then_some(name)
}

/// The scripts a name mixes (`Cyrillic and Latin`) when it mixes letters of several that
/// are not written together (as Latin and Cyrillic, unlike Japanese kanji and kana):
/// such a name may imitate another student's (a Cyrillic `а` in `аlice`).
pub fn mixed_scripts(name: &str) -> Option<String> {
    use unicode_script::{Script, UnicodeScript};
    use unicode_security::MixedScript;
    if name.is_single_script() {
        return None;
    }
    let mut scripts: Vec<&str> = name
        .chars()
        .map(|c| c.script())
        .filter(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .map(|s| s.full_name())
        .collect();
    scripts.sort_unstable();
    scripts.dedup();
    Some(match scripts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => scripts.concat(),
    })
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
        // Composed or as a letter and an accent: one name, composed.
        assert_eq!(
            student_name("E\u{301}le\u{300}ve").as_deref(),
            Some("\u{e9}l\u{e8}ve")
        );
        assert_eq!(
            student_name("\u{c9}l\u{e8}ve"),
            student_name("E\u{301}le\u{300}ve")
        );
        assert!(code_matches("tulip-42", "tulip-42"));
        assert!(!code_matches("tulip-42", "tulip-4"));
        assert!(!code_matches("tulip-42", "tulip-420"));
        assert!(!code_matches("tulip-42", ""));
    }

    #[test]
    fn a_name_that_mixes_scripts_is_named() {
        // A Cyrillic а for the Latin a.
        assert_eq!(
            mixed_scripts("\u{430}lice").as_deref(),
            Some("Cyrillic and Latin")
        );
        assert_eq!(
            mixed_scripts("\u{3b1}\u{430}b").as_deref(),
            Some("Cyrillic, Greek and Latin")
        );
        for name in [
            "alice",
            "pair-07",
            "\u{e9}l\u{e8}ve",
            "\u{430}\u{43d}\u{44f}",
            "田中さん",
            "42",
        ] {
            assert_eq!(mixed_scripts(name), None, "{name}");
        }
    }

    fn settings(dir: &std::path::Path) -> Settings {
        Settings {
            dir: dir.to_path_buf(),
            scenario: None,
            handout: None,
            class: Default::default(),
            access: Access::Open,
            max_sessions: 4,
            idle: Duration::from_secs(60),
            login: Duration::from_secs(60),
            stall: Duration::from_secs(30),
            forecast_threads: 1,
        }
    }

    fn echoing(out: impl Write + Send + 'static) -> Arc<Class> {
        let pool = Pool::new(std::num::NonZeroUsize::MIN, 1).expect("a pool");
        Class::echoing(
            settings(&std::env::temp_dir()),
            pool,
            Some(Box::new(out)),
            Faults::default(),
        )
    }

    /// A stdout that fails every write, as a pipe whose reader has gone; tells `calls`
    /// of each try.
    struct Failing(mpsc::Sender<()>);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            let _ = self.0.send(());
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    const PATIENCE: Duration = Duration::from_secs(20);

    #[test]
    fn a_stdout_that_fails_loses_its_lines_not_the_class() {
        let (tried, tries) = mpsc::channel();
        let class = echoing(Failing(tried));
        for i in 0..3 {
            class.log(format!("line {i}"));
        }
        for _ in 0..3 {
            tries.recv_timeout(PATIENCE).expect("the writer tried");
        }
        let log = class.last_log(10);
        let notes = log
            .iter()
            .filter(|l| l.contains("cannot be written to stdout"));
        assert_eq!(notes.count(), 1, "{log:?}");
        assert!(log.contains(&"line 2".to_owned()), "{log:?}");
    }

    /// A stdout that keeps what it is given.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl Write for Kept {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            lock(&self.0).extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_logged_is_on_stdout_once_flushed() {
        let kept = Kept::default();
        let class = echoing(kept.clone());
        for i in 0..500 {
            class.log(format!("line {i}"));
        }
        class.flush_log(PATIENCE);
        let text = String::from_utf8(lock(&kept.0).clone()).expect("UTF-8");
        let expected: String = (0..500).map(|i| format!("line {i}\n")).collect();
        assert_eq!(text, expected);
    }

    /// A stdout that takes nothing until `gate` opens (a pager nobody scrolls), then
    /// hands on what it is given.
    struct Gated {
        gate: mpsc::Receiver<()>,
        written: mpsc::Sender<String>,
    }

    impl Write for Gated {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            let _ = self.gate.recv();
            let _ = self.written.send(String::from_utf8_lossy(b).into_owned());
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stdout_that_blocks_holds_up_no_one_and_is_told_what_it_missed() {
        let (open, gate) = mpsc::channel();
        let (written, writes) = mpsc::channel();
        let class = echoing(Gated { gate, written });
        let (done, finished) = mpsc::channel();
        let logging = Arc::clone(&class);
        std::thread::spawn(move || {
            for i in 0..3 * ECHO_QUEUE {
                logging.log(format!("line {i}"));
            }
            let _ = done.send(());
        });
        finished
            .recv_timeout(PATIENCE)
            .expect("logging went on while stdout took nothing");
        assert_eq!(class.last_log(1), ["line 3071"]);
        drop(open);
        let note = loop {
            let text = writes.recv_timeout(PATIENCE).expect("the writer went on");
            if text.contains("left out") {
                break text;
            }
        };
        assert!(
            note.starts_with('(') && note.contains("log lines left out here"),
            "{note}"
        );
    }

    fn class(max_sessions: usize) -> Arc<Class> {
        let settings = Settings {
            dir: std::env::temp_dir().join("arenas-class-test"),
            scenario: None,
            handout: None,
            class: Default::default(),
            access: Access::Open,
            max_sessions,
            idle: Duration::from_secs(60),
            login: Duration::from_secs(20),
            stall: Duration::from_secs(30),
            forecast_threads: 1,
        };
        let pool = Pool::new(std::num::NonZeroUsize::MIN, 1).expect("a pool");
        Class::new(settings, pool, false)
    }

    #[test]
    fn failures_slow_down_one_name_at_one_address_not_its_classmates() {
        let class = class(8);
        let (nat, home): (IpAddr, IpAddr) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let delays: Vec<u64> = (0..9)
            .map(|i| class.failed_at(nat, "ana", at(i)).as_secs())
            .collect();
        assert_eq!(delays, [0, 0, 0, 1, 2, 4, 8, 16, 30]);
        assert_eq!(class.failed_at(nat, "ana", at(10)), MAX_DELAY);
        // Another name at the address, and the name from another address, are not slowed.
        assert_eq!(class.failed_at(nat, "bo", at(10)), Duration::ZERO);
        assert_eq!(class.failed_at(home, "ana", at(10)), Duration::ZERO);
        // A login forgets the name's failures; so does a long enough quiet.
        class.logged_in(nat, "ana");
        assert_eq!(class.failed_at(nat, "ana", at(11)), Duration::ZERO);
        for i in 0..4 {
            class.failed_at(nat, "cy", at(12 + i));
        }
        let later = at(15) + FAILURE_MEMORY;
        assert_eq!(class.failed_at(nat, "cy", later), Duration::ZERO);
    }

    #[test]
    fn many_names_failing_at_one_address_slow_it_down_without_locking_it() {
        let class = class(8);
        let nat: IpAddr = [10, 0, 0, 1].into();
        let now = Instant::now();
        for i in 0..ADDRESS_FREE_FAILURES {
            let delay = class.failed_at(nat, &format!("student-{i}"), now);
            assert_eq!(delay, Duration::ZERO, "failure {i}");
        }
        assert_eq!(class.failed_at(nat, "one-more", now), FIRST_DELAY);
        // What is remembered stays bounded, whatever the names.
        for i in 0..FAILURES_KEPT * 2 {
            class.failed_at(nat, &format!("n{i}"), now);
        }
        assert!(lock(&class.failed).by_name.len() <= FAILURES_KEPT);
    }

    #[test]
    fn one_address_holds_at_most_its_share_of_the_connections_logging_in() {
        let class = class(8);
        let (flood, student): (IpAddr, IpAddr) = ([127, 0, 0, 1].into(), [127, 0, 0, 2].into());
        let share = class.address_share();
        assert_eq!(share, 4);
        let mut held: Vec<Admitted> = (0..share)
            .map(|_| class.admit(flood).expect("within the share"))
            .collect();
        assert!(class.admit(flood).is_none());
        let mut other = class.admit(student).expect("another address gets in");
        // A connection that logged in gives its place among those logging in back.
        held[0].logged_in();
        assert!(class.admit(flood).is_some());
        other.logged_in();
        drop(held);
        assert!(lock(&class.waiting).is_empty());
        let refusals = class
            .last_log(10)
            .iter()
            .filter(|l| l.contains("refused a connection from 127.0.0.1"))
            .count();
        assert_eq!(refusals, 1, "{:?}", class.last_log(10));
    }

    #[tokio::test]
    async fn the_newest_claim_on_a_name_plays_and_an_older_one_gives_way() {
        let class = class(8);
        let mut first = class
            .claim("ana", Duration::from_secs(5))
            .await
            .expect("a free name");
        let second = {
            let class = Arc::clone(&class);
            tokio::spawn(async move { class.claim("ana", Duration::from_secs(5)).await })
        };
        // The first is asked to give way, and does.
        first.replaced().await;
        drop(first);
        let mut second = second.await.expect("joined").expect("the newer claim");
        // A claim that cannot wait long enough for the playing one is refused.
        let third = class.claim("ana", Duration::from_millis(10)).await.err();
        assert_eq!(third, Some(Unclaimed::Busy));
        // The third's claim asked the second to give way all the same.
        tokio::time::timeout(Duration::from_secs(5), second.replaced())
            .await
            .expect("asked to give way");
        drop(second);
        assert!(lock(&class.seats).is_empty());
    }
}
