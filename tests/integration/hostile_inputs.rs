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
/// code, three for a debug build (which parses 40,000 entries in most of a second alone).
/// A check quadratic in [`MANY`] entries would take minutes either way.
const DEADLINE: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(3)
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

#[test]
fn scenarios_with_40000_duplicate_entries_are_refused_within_a_second() {
    let _one = one_at_a_time();
    let dir = TempDir::new("many");
    let kinds = [
        (
            "event",
            "\n[[event]]\nid = \"dup\"\ntitle = \"t\"\ntext = \"x\"\nturn = 1\n",
            "duplicate id `dup`",
        ),
        (
            "ladder",
            "\n[[ladder]]\nname = \"rung\"\nfrom = 50.0\n",
            "the escalation ladder needs 1–10 rungs",
        ),
        (
            "week",
            "\n[[week]]\nturn = 1\nnote = \"n\"\n",
            "turn 1 has two entries",
        ),
    ];
    for (kind, entry, says) in kinds {
        let text = with_many(entry);
        let (result, took) = worked(|| scenario::parse("many.toml", &text));
        let d = result.expect_err("refused");
        assert!(took < DEADLINE, "{kind}: checking took {took:?}");
        assert!(
            d.0.iter().any(|d| d.message.contains(says)),
            "{kind}: no {says:?} in\n{d}"
        );
        assert!(
            d.0.len() <= MAX_SHOWN + 1,
            "{kind}: {} diagnostics",
            d.0.len()
        );

        let file = dir.write(&format!("{kind}.toml"), &text);
        let args = ["scenario".as_ref(), "check".as_ref(), file.as_os_str()];
        let (output, took) = run_worked(&args);
        assert_refused_in_time(&args, &output, took);
        assert!(stderr(&output).contains(says), "{kind}");
    }

    // The report names the first problems, then counts the rest.
    let text = with_many(kinds[0].1);
    let d = scenario::parse("many.toml", &text).expect_err("refused");
    let last = d.0.last().expect("diagnostics");
    assert!(
        last.message.starts_with("and ") && last.message.contains("more problems"),
        "{last}"
    );
}

#[test]
fn a_plan_with_40000_entries_is_refused_within_a_second() {
    let _one = one_at_a_time();
    let dir = TempDir::new("plan");
    let text = "[[turn]]\nfrom = 1\norders = []\n".repeat(MANY);
    let loaded = scenario::default_scenario();
    let (result, took) = worked(|| arenas::plan::parse("plan.toml", &text, &loaded.scenario));
    let d = result.expect_err("refused");
    assert!(took < DEADLINE, "checking took {took:?}");
    assert!(d.0[0].message.contains("40000 entries for 12 turns"), "{d}");
    assert!(d.0.len() <= MAX_SHOWN + 1, "{} diagnostics", d.0.len());

    let file = dir.write("plan.toml", &text);
    let args = ["sim".as_ref(), "--plan".as_ref(), file.as_os_str()];
    let (output, took) = run_worked(&args);
    assert_refused_in_time(&args, &output, took);
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

#[test]
fn every_decimal_number_of_the_bundled_scenario_is_refused_when_not_finite() {
    let _one = one_at_a_time();
    let dir = TempDir::new("nan");
    let text = bundled_text();
    let root = DeTable::parse(text).expect("TOML");
    let mut found = Vec::new();
    floats(root.get_ref(), &mut found);
    let words = ["nan", "inf", "-inf"];
    let mut by_binary = 0;
    for (i, (key, span)) in found.iter().enumerate() {
        let word = words[i % words.len()];
        let text = format!("{}{word}{}", &text[..span.start], &text[span.end..]);
        let file = dir.write(&format!("variant-{i}.toml"), &text);
        // FILE:LINE:COL: error: NAME = nan is not a finite number
        let first = if i % BINARY_EVERY == 0 {
            by_binary += 1;
            let output = common::run(["scenario".as_ref(), "check".as_ref(), file.as_os_str()]);
            assert_exit(&output, 2);
            stderr(&output)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned()
        } else {
            let d = scenario::load_file(&file).expect_err("refused");
            d.0[0].to_string()
        };
        let line: usize = first
            .strip_prefix(&format!("{}:", file.display()))
            .and_then(|rest| rest.split(':').next()?.parse().ok())
            .unwrap_or_else(|| panic!("variant {i} ({key}): no line in {first}"));
        assert!(
            first.contains(&format!("= {word} is not a finite number"))
                && first.contains(key.as_str()),
            "variant {i} ({key} = {word}): {first}"
        );
        let at = text.lines().nth(line - 1).unwrap_or_default();
        assert!(
            has_word(at, word.trim_start_matches('-')),
            "variant {i} ({key} = {word}): line {line} is {at:?}"
        );
    }
    assert!(
        found.len() > 600 && by_binary >= 50,
        "{} decimal numbers, {by_binary} through the binary",
        found.len()
    );
}

#[test]
fn numbers_out_of_their_documented_range_are_refused_where_they_stand() {
    let _one = one_at_a_time();
    for (from, to, says) in [
        (
            "us_presence = 0.05",
            "us_presence = 1.5",
            "us_presence = 1.5 is out of range",
        ),
        (
            "chance = 0.5",
            "chance = 1.01",
            "chance = 1.01 is out of range",
        ),
        (
            "position = [31.4",
            "position = [131.4",
            "position[0] = 131.4",
        ),
        (
            "effects = { ambiguity = 5.0 }",
            "effects = { ambiguity = 500.0 }",
            "ambiguity = 500 is out of range",
        ),
        (
            "regional_war = 85.0",
            "regional_war = -1.0",
            "regional_war = -1 is out of range",
        ),
    ] {
        assert!(bundled_text().contains(from), "{from}");
        let text = bundled_text().replacen(from, to, 1);
        let d = scenario::parse("range.toml", &text).expect_err(to);
        let first = &d.0[0];
        assert!(first.message.contains(says), "{to}: {d}");
        let line = text.lines().nth(first.line - 1).unwrap_or_default();
        assert!(line.contains(to), "{to}: line {} is {line:?}", first.line);
        assert!(
            first
                .hint
                .as_deref()
                .is_some_and(|h| h.starts_with("use a number"))
        );
    }
}

// ---------------------------------------------------------------- ids and names

#[test]
fn a_bundled_id_is_refused_in_a_file_that_is_not_the_bundled_scenario() {
    let _one = one_at_a_time();
    let dir = TempDir::new("reserved");
    let copy = dir.write("copy.toml", bundled_text());
    let output = common::run(["scenario".as_ref(), "check".as_ref(), copy.as_os_str()]);
    assert_exit(&output, 0);

    let edited = bundled_text().replacen("allow_undo = true", "allow_undo = false", 1);
    let file = dir.write("edited.toml", &edited);
    for command in [
        &["scenario", "check"][..],
        &["sim", "--runs", "1", "--history", "--scenario"][..],
    ] {
        let mut args: Vec<&std::ffi::OsStr> = command.iter().map(|a| a.as_ref()).collect();
        args.push(file.as_os_str());
        let output = common::run(&args);
        assert_exit(&output, 2);
        let line = edited
            .lines()
            .position(|l| l.starts_with("id = \"gaza-2023\""))
            .expect("the id line")
            + 1;
        let err = stderr(&output);
        assert!(
            err.starts_with(&format!(
                "{}:{line}:6: error: the id `gaza-2023` is taken by a scenario bundled with Arenas",
                file.display()
            )) && err.contains("hint: give your scenario an id of its own"),
            "{:?}: {err}",
            shown(&args)
        );
    }
}

#[test]
fn names_made_only_of_invisible_characters_are_refused() {
    let _one = one_at_a_time();
    for (field, from) in [
        ("meta title", "title = \"Unification"),
        ("front name", "name = \"Gaza Strip\""),
        ("faction name", "name = \"Hamas\""),
    ] {
        for hidden in [
            "\\u200B\\u2060\\uFEFF",
            "\\u202E\\u2066",
            "\\u0007\\u0085",
            " \\t ",
        ] {
            let at = bundled_text()
                .find(from)
                .unwrap_or_else(|| panic!("{from}"));
            let end = at + bundled_text()[at..].find('\n').expect("line end");
            let key = from.split(" = ").next().expect("key");
            let mut text = bundled_text().to_owned();
            text.replace_range(at..end, &format!("{key} = \"{hidden}\""));
            let d = scenario::parse("names.toml", &text).expect_err(field);
            let problem =
                d.0.iter()
                    .find(|d| {
                        d.message.contains("no visible characters") || d.message == "text is empty"
                    })
                    .unwrap_or_else(|| panic!("{field} {hidden}: {d}"));
            let line = text.lines().nth(problem.line - 1).unwrap_or_default();
            assert!(line.contains(hidden), "{field}: line {line:?}");
        }
    }
}

// ---------------------------------------------------------------- the menu

fn template_with_id(id: &str) -> String {
    scenario::TEMPLATE.replacen("id = \"northern-straits\"", &format!("id = \"{id}\""), 1)
}

fn key(code: KeyCode) -> Msg {
    Msg::Input(Input::Key(Key::from(code)))
}

#[test]
fn the_menu_lists_user_scenarios_at_a_glance_and_checks_the_one_picked() {
    let _one = one_at_a_time();
    let saves = TempDir::new("menu-saves");
    let mine = TempDir::new("menu-scenarios");
    let mut many = template_with_id("straits");
    for _ in 0..MANY {
        many.push_str("\n[[event]]\nid = \"dup\"\ntitle = \"t\"\ntext = \"x\"\nturn = 1\n");
    }
    mine.write("a-many.toml", &many);
    mine.write("b-straits.toml", template_with_id("straits"));
    mine.write("c-straits.toml", template_with_id("straits"));
    mine.write("d-gaza.toml", bundled_text());
    mine.write("e-broken.toml", "not = [ TOML");
    #[cfg(unix)]
    make_fifo(&mine.path("f-fifo.toml"));
    let store = FsStore::new(saves.dir().to_owned(), mine.dir().to_owned());

    let (listed, took) = timed(|| store.list_scenarios());
    assert!(took < DEADLINE, "listing took {took:?}");
    let files: Vec<Option<String>> = listed.iter().map(scenario::Entry::file_name).collect();
    assert_eq!(
        files[..6],
        [
            None,
            Some("a-many.toml".into()),
            Some("b-straits.toml".into()),
            Some("c-straits.toml".into()),
            Some("d-gaza.toml".into()),
            Some("e-broken.toml".into()),
        ]
    );
    #[cfg(unix)]
    assert!(
        listed[6]
            .refused
            .as_deref()
            .is_some_and(|r| r.contains("is not a regular file (a FIFO)")),
        "{:?}",
        listed[6].refused
    );
    assert!(matches!(listed[0].origin, Origin::Bundled(_)));
    assert!(
        listed[1..4]
            .iter()
            .all(|e| e.id == "straits" && e.refused.is_none())
    );
    assert!(
        listed[4]
            .refused
            .as_deref()
            .is_some_and(|r| r.contains("the id `gaza-2023` is taken")),
        "{:?}",
        listed[4].refused
    );
    assert!(
        listed[5]
            .refused
            .as_deref()
            .is_some_and(|r| r.contains("cannot be read"))
    );

    // The menu tells the two files of one id apart by their names.
    let mut app = App::new(Theme::MONO, store.location());
    app.seed = Some(3);
    let mut session = Runner::new(app, store);
    session.send(key(KeyCode::Enter));
    assert!(matches!(
        session.app.screen,
        Screen::Scenarios { start: true, .. }
    ));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    session.app.size = ratatui::layout::Rect::new(0, 0, 100, 30);
    terminal
        .draw(|f| arenas::tui::draw(f, &session.app))
        .expect("draw");
    let screen = terminal.backend().to_string();
    for label in [
        "straits · b-straits.toml",
        "straits · c-straits.toml",
        "d-gaza.toml",
    ] {
        assert!(screen.contains(label), "no {label:?} in\n{screen}");
    }

    // The file with 40,000 entries is checked when picked, and refused with a warning.
    session.send(key(KeyCode::Down));
    let (_, took) = timed(|| session.send(key(KeyCode::Enter)));
    assert!(took < DEADLINE, "checking the picked file took {took:?}");
    let status = session.app.status.clone().expect("a warning");
    assert!(
        status.warning
            && status.text.contains("a-many.toml")
            && status.text.contains("at most 128 events"),
        "{status:?}"
    );
    assert!(session.app.play().is_none());

    // A refused entry says why at once; the valid file plays.
    session.send(key(KeyCode::Down));
    session.send(key(KeyCode::Down));
    session.send(key(KeyCode::Down));
    session.send(key(KeyCode::Enter));
    let status = session.app.status.clone().expect("a warning");
    assert!(
        status.text.contains("is taken by a scenario bundled"),
        "{status:?}"
    );
    session.send(key(KeyCode::Up));
    session.send(key(KeyCode::Enter));
    let play = session.app.play().expect("the valid file plays");
    assert_eq!(play.game.scenario.meta.id, "straits");
    assert_eq!(play.game.seed, 3);
}
