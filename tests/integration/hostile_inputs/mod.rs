//! Hostile input files: every loader opens only regular files, without waiting on them;
//! files with tens of thousands of entries are refused in linear time with a bounded
//! report; no decimal number that is not finite, or out of its documented range, passes;
//! bundled ids are reserved; names must show something; and the menu lists the player's
//! scenarios from a quick look, checking only the one picked.

use crate::common;

use std::ops::Range;

use std::process::{Command, Output, Stdio};

use std::sync::mpsc;

use std::sync::{Mutex, MutexGuard};

use std::time::{Duration, Instant};

use arenas::diag::MAX_SHOWN;

use arenas::scenario::{self, Origin};

use arenas::tui::app::{App, Msg, Screen};

use arenas::tui::input::{Input, Key, KeyCode};

use arenas::tui::runner::Runner;

use arenas::tui::store::{FsStore, Store};

use arenas::tui::theme::Theme;

use common::{TempDir, assert_exit, stderr};

use ratatui::Terminal;

use ratatui::backend::TestBackend;

use toml::Spanned;

use toml::de::{DeTable, DeValue};

/// How long refusing a hostile file may take, in processor time: a second for optimised
/// code, six for a debug build (which parses 40,000 entries in most of a second alone, and
/// shares the machine's caches with the other integration tests of its binary: 3.5 s seen
/// under load). A check quadratic in [`MANY`] entries would take minutes either way.
const DEADLINE: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(6)
} else {
    Duration::from_secs(1)
};

/// Entries in the files that were quadratic to check.
const MANY: usize = 40_000;

/// The tests of this file run one at a time, so that none slows down what another times.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static ONE: Mutex<()> = Mutex::new(());
    ONE.lock().unwrap_or_else(|e| e.into_inner())
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = work();
    (out, start.elapsed())
}

/// Processor time (user and system) used so far: by this thread, or by the children of
/// this process that have ended. Work is timed by it, so that a busy machine (tests run
/// beside builds) does not count against the code; waiting, which uses none, is timed by
/// the clock.
#[cfg(unix)]
fn cpu(children: bool) -> Duration {
    if children {
        // SAFETY: getrusage fills the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
        let time = |t: libc::timeval| {
            Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
        };
        time(usage.ru_utime) + time(usage.ru_stime)
    } else {
        // SAFETY: clock_gettime fills the struct it is given.
        let mut t: libc::timespec = unsafe { std::mem::zeroed() };
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }
}

#[cfg(not(unix))]
fn cpu(_children: bool) -> Duration {
    Instant::now().elapsed()
}

/// Runs `work` and gives the processor time this thread spent on it.
fn worked<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = cpu(false);
    let out = work();
    (out, cpu(false).saturating_sub(start))
}

/// Runs the binary as [`run_timed`] does, and gives the processor time it used (the tests
/// of this file run one at a time, so no other child ends meanwhile).
fn run_worked<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (Output, Duration) {
    let start = cpu(true);
    let (output, _) = run_timed(args);
    (output, cpu(true).saturating_sub(start))
}

/// Runs the binary from the crate root, as `common::run` does, and times it. A run that
/// has not ended after ten times the deadline is killed and fails the test, so a hang
/// cannot stall the suite.
fn run_timed<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (Output, Duration) {
    timed(|| {
        let child = Command::new(env!("CARGO_BIN_EXE_arenas"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the arenas binary runs");
        let pid = child.id();
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || done.send(child.wait_with_output()));
        match finished.recv_timeout(DEADLINE * 10) {
            Ok(output) => output.expect("the run ends"),
            Err(_) => {
                kill(pid);
                panic!("arenas {:?} did not end", shown(args));
            }
        }
    })
}

fn shown<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Vec<String> {
    args.iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect()
}

#[cfg(unix)]
fn kill(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: signalling a child of this process by its id.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
}

#[cfg(not(unix))]
fn kill(_pid: u32) {}

fn bundled_text() -> &'static str {
    scenario::BUNDLED[0].text
}

/// Asserts a refusal: exit 2 within the deadline, with a report of bounded length.
fn assert_refused_in_time(args: &[&std::ffi::OsStr], output: &Output, took: Duration) {
    assert_exit(output, 2);
    assert!(took < DEADLINE, "arenas {:?} took {took:?}", shown(args));
    let lines = stderr(output).lines().count();
    assert!(
        lines <= 2 * (MAX_SHOWN + 1),
        "arenas {:?}: {lines} lines of report",
        shown(args)
    );
}

// ---------------------------------------------------------------- not regular files

/// Makes a FIFO at `path`; whoever opens it to read waits for a writer, unless it opens
/// it without blocking.
#[cfg(unix)]
fn make_fifo(path: &std::path::Path) {
    let name = std::ffi::CString::new(path.to_str().expect("UTF-8 path")).expect("no NUL");
    // SAFETY: a valid C string naming a path in a fresh folder.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "mkfifo");
}

#[cfg(unix)]
#[test]
fn a_fifo_given_as_any_input_is_refused_within_a_second() {
    let _one = one_at_a_time();
    let dir = TempDir::new("fifo");
    let fifo = dir.path("input.toml");
    make_fifo(&fifo);
    let f = fifo.as_os_str();
    let plan = "tests/plans/calibrated.toml".as_ref();
    let cases: [Vec<&std::ffi::OsStr>; 7] = [
        vec!["scenario".as_ref(), "check".as_ref(), f],
        vec!["scenario".as_ref(), "upgrade".as_ref(), f],
        vec!["replay".as_ref(), f],
        vec!["report".as_ref(), f],
        vec![
            "sim".as_ref(),
            "--scenario".as_ref(),
            f,
            "--plan".as_ref(),
            plan,
        ],
        vec!["sim".as_ref(), "--plan".as_ref(), f],
        vec!["play".as_ref(), "--load".as_ref(), f],
    ];
    for args in cases {
        let (output, took) = run_timed(&args);
        assert_refused_in_time(&args, &output, took);
        let err = stderr(&output);
        assert!(
            err.starts_with(&format!("{}:1:1: error: ", fifo.display()))
                && err.contains("is not a regular file (a FIFO)")
                && err.contains("hint: give the path of a .toml file"),
            "{:?}: {err}",
            shown(&args)
        );
    }
}

#[cfg(unix)]
#[test]
fn devices_are_refused_at_once_without_being_read() {
    let _one = one_at_a_time();
    for device in ["/dev/zero", "/dev/null"] {
        for command in [
            &["scenario", "check"][..],
            &["replay"][..],
            &["sim", "--plan"][..],
        ] {
            let args: Vec<&std::ffi::OsStr> = command
                .iter()
                .chain([&device])
                .map(|a| a.as_ref())
                .collect();
            let (output, took) = run_timed(&args);
            assert_refused_in_time(&args, &output, took);
            assert!(
                stderr(&output).contains("is not a regular file (a device)"),
                "{:?}: {}",
                shown(&args),
                stderr(&output)
            );
        }
    }
}

// ---------------------------------------------------------------- many entries

/// The bundled scenario with `MANY` more copies of `entry` at the end.
fn with_many(entry: &str) -> String {
    let mut text = bundled_text().to_owned();
    text.reserve(entry.len() * MANY);
    for _ in 0..MANY {
        text.push_str(entry);
    }
    text
}

// ---------------------------------------------------------------- numbers

/// Every decimal number written in a TOML table, as the nearest key above it and the span
/// of its text.
fn floats(table: &DeTable<'_>, out: &mut Vec<(String, Range<usize>)>) {
    for (key, value) in table {
        float_values(value, key.get_ref(), out);
    }
}

fn float_values(value: &Spanned<DeValue<'_>>, key: &str, out: &mut Vec<(String, Range<usize>)>) {
    match value.get_ref() {
        DeValue::Float(_) => out.push((key.to_owned(), value.span())),
        DeValue::Table(table) => floats(table, out),
        DeValue::Array(items) => {
            for item in items.iter() {
                float_values(item, key, out);
            }
        }
        _ => {}
    }
}

/// Whether `line` holds `word` with no letter right before or after it.
fn has_word(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Every `BINARY_EVERY`-th variant also goes through `arenas scenario check`; the others
/// through the loader it calls, which is much faster than a process each.
const BINARY_EVERY: usize = 10;

// ---------------------------------------------------------------- the menu

fn template_with_id(id: &str) -> String {
    scenario::TEMPLATE.replacen("id = \"northern-straits\"", &format!("id = \"{id}\""), 1)
}

fn key(code: KeyCode) -> Msg {
    Msg::Input(Input::Key(Key::from(code)))
}

mod names;
mod numbers;
mod sizes;
