//! The class a server holds: its settings, each student's row as the dashboard shows it,
//! what the instructor sends to everyone, the server's log, and the limits that keep a
//! class running (sessions, authentication attempts per address).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak, mpsc};
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
    /// Where log lines also go: stdout, when it is not the dashboard's terminal.
    echo: Option<Echo>,
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
        let stdout = log_to_stdout.then(|| Box::new(std::io::stdout()) as Box<dyn Write + Send>);
        Class::echoing(settings, pool, stdout)
    }

    /// A class whose log lines also go to `out`.
    fn echoing(settings: Settings, pool: Pool, out: Option<Box<dyn Write + Send>>) -> Arc<Class> {
        let (broadcasts, _) = broadcast::channel(16);
        let scenarios = match &settings.scenario {
            Some(loaded) => vec![scenario::Entry::bundled(loaded.clone())].into(),
            None => scenario::bundled_entries().collect(),
        };
        let mut unstarted = None;
        let class = Arc::new_cyclic(|class| Class {
            echo: out.and_then(|out| {
                Echo::start(out, Weak::clone(class))
                    .map_err(|e| unstarted = Some(e))
                    .ok()
            }),
            settings,
            pool,
            scenarios,
            rows: Mutex::new(BTreeMap::new()),
            broadcasts,
            log: Mutex::new(VecDeque::new()),
            addresses: Mutex::new(HashMap::new()),
            sessions: AtomicUsize::new(0),
            connections: AtomicUsize::new(0),
        });
        if let Some(e) = unstarted {
            class.keep(format!("log lines cannot be written to stdout: {e}"));
        }
        class
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
            access: Access::Open,
            max_sessions: 4,
            idle: Duration::from_secs(60),
            login: Duration::from_secs(60),
            forecast_threads: 1,
            panic_name: None,
        }
    }

    fn echoing(out: impl Write + Send + 'static) -> Arc<Class> {
        let pool = Pool::new(std::num::NonZeroUsize::MIN, 1).expect("a pool");
        Class::echoing(settings(&std::env::temp_dir()), pool, Some(Box::new(out)))
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
}
