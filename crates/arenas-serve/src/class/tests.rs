use super::*;
use std::sync::mpsc;

use super::echo::ECHO_QUEUE;
use super::limits::FAILURES_KEPT;

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
        rooms: 0,
        deadline: crate::rooms::DEFAULT_DEADLINE,
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
        rooms: 0,
        deadline: crate::rooms::DEFAULT_DEADLINE,
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
