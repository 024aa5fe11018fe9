//! `arenas serve` with an SSH client in the test process: the class code, a student
//! playing a turn, window changes, what is refused, the session limit, a stalled client, a
//! stuck one, a panicking session, coming back after a disconnect, many logins under one
//! name, a flood of connections, failed logins, and a slow disk. Every server listens on
//! 127.0.0.1, on a port the system picks; clients connect from addresses of 127.0.0.0/8.
#![cfg(feature = "server")]

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arenas::serve::dashboard::Dashboard;
use arenas::serve::{Access, Faults, Running, Settings};
use arenas::tui::input::{Key, KeyCode};
use russh::ChannelMsg;
use russh::client::{self, Handle};
use tempfile::TempDir;
use tokio::io::AsyncReadExt;
use tokio::sync::oneshot;

#[path = "common/ssh.rs"]
mod ssh;
use ssh::{Client, Relay, connect_from, open_terminal, side};

const CODE: &str = "tulip-42";
/// The most any wait for the server takes before a test fails.
const PATIENCE: Duration = Duration::from_secs(20);

fn settings(dir: &TempDir) -> Settings {
    Settings {
        dir: dir.path().to_path_buf(),
        scenario: None,
        handout: None,
        class: Default::default(),
        access: Access::Code(CODE.into()),
        max_sessions: 8,
        idle: Duration::from_secs(600),
        forecast_threads: 1,
        login: Duration::from_secs(60),
        stall: Duration::from_secs(30),
    }
}

async fn serve(settings: Settings) -> Running {
    serve_with(settings, Faults::default()).await
}

async fn serve_with(settings: Settings, faults: Faults) -> Running {
    arenas::serve::start_with_faults(
        settings,
        faults,
        "127.0.0.1:0".parse().expect("address"),
        false,
    )
    .await
    .expect("the server starts")
}

/// Waits until the server's log has a line with `needle`; the log as the panic message
/// when it has none in time.
async fn until_logged(server: &Running, needle: &str) {
    until(&format!("a log line with {needle:?}"), server, |s| {
        s.class.last_log(200).iter().any(|l| l.contains(needle))
    })
    .await;
}

/// Waits until `test` holds of the server, looking every few milliseconds.
async fn until(what: &str, server: &Running, test: impl Fn(&Running) -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !test(server) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never saw {what}; the log:\n{}",
            server.class.last_log(200).join("\n")
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The loopback address of machine `n` of a class: 127.0.0.n (127.0.0.1 is the flood's).
fn machine(n: u8) -> IpAddr {
    [127, 0, 0, n].into()
}

async fn connect(server: &Running) -> Handle<Client> {
    let config = Arc::new(client::Config::default());
    client::connect(config, server.address, Client)
        .await
        .expect("connects")
}

/// A student's terminal: the channel, and a screen that follows what the server sends.
struct Term {
    channel: russh::Channel<client::Msg>,
    screen: vt100::Parser,
    _handle: Handle<Client>,
}

impl Term {
    /// Logs in as `user` with the class code and opens a terminal of `w` × `h`.
    async fn open(server: &Running, user: &str, size: (u16, u16)) -> Term {
        Term::open_from(server, machine(1), user, size).await
    }

    /// [`Term::open`] from the machine at `from`.
    async fn open_from(server: &Running, from: IpAddr, user: &str, size: (u16, u16)) -> Term {
        Term::at(server.address, from, user, size).await
    }

    /// [`Term::open`] on the server at `address`, from the machine at `from`.
    async fn at(address: SocketAddr, from: IpAddr, user: &str, (w, h): (u16, u16)) -> Term {
        let mut handle = connect_from(address, from, client::Config::default())
            .await
            .unwrap_or_else(|e| panic!("{user} cannot connect: {e}"));
        let channel = open_terminal(&mut handle, user, CODE, (w, h))
            .await
            .unwrap_or_else(|e| panic!("{user} cannot play: {e}"));
        Term {
            channel,
            screen: vt100::Parser::new(side(h), side(w), 0),
            _handle: handle,
        }
    }

    fn text(&self) -> String {
        self.screen.screen().contents()
    }

    /// Reads what the server sends until the screen shows `what`; the text seen as the
    /// panic message when it does not in time.
    async fn until(&mut self, what: &str) -> String {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if self.text().contains(what) {
                return self.text();
            }
            match tokio::time::timeout_at(deadline, self.channel.wait()).await {
                Ok(Some(ChannelMsg::Data { data })) => self.screen.process(&data),
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => panic!(
                    "the screen never showed {what:?}; it shows:\n{}",
                    self.text()
                ),
            }
        }
    }

    /// Reads until the channel closes; the bytes that came as text.
    async fn until_closed(&mut self) -> String {
        match tokio::time::timeout(PATIENCE, self.closed()).await {
            Ok(said) => said,
            Err(_) => panic!("the channel did not close; screen:\n{}", self.text()),
        }
    }

    /// Reads until the channel closes, however long that takes: for a session the test
    /// may stop waiting on, whose caller bounds the wait itself.
    async fn closed(&mut self) -> String {
        let mut raw = Vec::new();
        loop {
            match self.channel.wait().await {
                Some(ChannelMsg::Data { data }) => {
                    self.screen.process(&data);
                    raw.extend_from_slice(&data);
                }
                Some(ChannelMsg::Close | ChannelMsg::Eof) | None => {
                    return String::from_utf8_lossy(&raw).into_owned();
                }
                Some(_) => {}
            }
        }
    }

    async fn keys(&self, keys: &str) {
        // A channel already closed by the server is no failure here; what the screen
        // shows is checked by the caller.
        let _ = self.channel.data(keys.as_bytes()).await;
    }
}

/// From the menu, New campaign and the first scenario: the campaign screen.
async fn new_campaign(t: &mut Term) {
    t.until("New campaign").await;
    t.keys("\r").await;
    t.until("Choose a scenario").await;
    t.keys("\r").await;
    t.until("commit turn").await;
}

fn autosaves(dir: &TempDir, student: &str) -> Vec<String> {
    let folder = dir.path().join("students").join(student);
    std::fs::read_dir(folder)
        .map(|read| {
            read.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("autosave-"))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_code_is_refused_and_the_third_drops_the_connection() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut handle = connect(&server).await;
    for attempt in 1..=2 {
        let auth = handle
            .authenticate_password("pair 1", "guess")
            .await
            .unwrap_or_else(|e| panic!("no answer: {e}; log: {:?}", server.class.last_log(10)));
        assert!(!auth.success(), "attempt {attempt} was let in");
    }
    // The third failure ends the connection: no answer, or a refusal and then nothing.
    let third = handle.authenticate_password("pair 1", "guess").await;
    assert!(!third.is_ok_and(|a| a.success()));
    let after = handle.authenticate_password("pair 1", CODE).await;
    assert!(
        !after.is_ok_and(|a| a.success()),
        "the right code was still taken after three failures"
    );
    assert!(
        server
            .class
            .last_log(10)
            .iter()
            .any(|l| l.contains("3 of 3")),
        "{:?}",
        server.class.last_log(10)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_plays_a_turn_and_its_autosave_is_in_their_folder() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut t = Term::open(&server, "Pair 07", (100, 30)).await;
    new_campaign(&mut t).await;
    assert!(autosaves(&dir, "pair-07").is_empty());
    t.keys("c").await;
    t.until("resolved").await;
    let saves = autosaves(&dir, "pair-07");
    assert_eq!(saves.len(), 1, "{saves:?}");
    let row = server
        .class
        .rows()
        .into_iter()
        .find(|r| r.name == "pair-07")
        .expect("a dashboard row");
    assert!(row.connected);
    assert_eq!(row.scenario, "gaza-2023");
    assert!(row.turn.starts_with("week 2 of 12"), "{}", row.turn);
    // q leaves the game and gives the terminal back.
    t.keys("q").await;
    t.until("Quit").await;
    t.keys("y").await;
    let last = t.until_closed().await;
    assert!(
        last.contains("\x1b[?1049l"),
        "the main screen was not restored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_change_redraws_at_the_new_size() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut t = Term::open(&server, "resizer", (120, 40)).await;
    t.until("New campaign").await;
    // Too small to play: the game says so.
    t.channel.window_change(60, 20, 0, 0).await.expect("resize");
    t.screen.set_size(side(20), side(60));
    t.until("80").await;
    t.channel.window_change(80, 24, 0, 0).await.expect("resize");
    t.screen.set_size(side(24), side(80));
    let text = t.until("New campaign").await;
    let last_row = text.lines().last().unwrap_or_default().to_owned();
    assert!(last_row.contains("quit"), "no key bar on row 24: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_and_sftp_are_refused() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    for request in ["exec", "sftp"] {
        let mut handle = connect(&server).await;
        assert!(
            handle
                .authenticate_password("prober", CODE)
                .await
                .expect("auth")
                .success()
        );
        let mut channel = handle.channel_open_session().await.expect("a session");
        match request {
            "exec" => channel.exec(true, "cat /etc/passwd").await.expect("sent"),
            _ => channel.request_subsystem(true, "sftp").await.expect("sent"),
        }
        let mut refused = false;
        let mut output = Vec::new();
        while let Ok(Some(msg)) = tokio::time::timeout(PATIENCE, channel.wait()).await {
            match msg {
                ChannelMsg::Failure => refused = true,
                ChannelMsg::Success => panic!("{request} was accepted"),
                ChannelMsg::Data { data } => output.extend_from_slice(&data),
                ChannelMsg::Close => break,
                _ => {}
            }
        }
        assert!(refused, "{request} was not refused");
        assert!(
            !String::from_utf8_lossy(&output).contains("root:"),
            "{request} ran"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_over_the_limit_is_refused_with_a_message() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 1;
    let server = serve(s).await;
    let mut first = Term::open(&server, "first", (100, 30)).await;
    first.until("New campaign").await;
    let mut second = Term::open(&server, "second", (100, 30)).await;
    let said = second.until_closed().await;
    assert!(said.contains("The class is full"), "{said}");
    // The first plays on.
    first.keys("\r").await;
    first.until("Choose a scenario").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_does_not_stall_another() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    // The stalled client: its terminal is opened, then never read again while it sends
    // key after key, each one a new frame for it.
    let stalled = Term::open(&server, "stalled", (200, 60)).await;
    let flood = tokio::spawn(async move {
        for _ in 0..400 {
            stalled.keys("jkjkjkjkjk").await;
        }
        stalled
    });
    let mut other = Term::open(&server, "other", (100, 30)).await;
    new_campaign(&mut other).await;
    other.keys("c").await;
    other.until("resolved").await;
    let stalled = flood.await.expect("the flood ran");
    drop(stalled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_one_session_leaves_the_others_playing() {
    let dir = TempDir::new().expect("temp dir");
    let faults = Faults {
        panic_name: Some("crash".into()),
        ..Faults::default()
    };
    let server = serve_with(settings(&dir), faults).await;
    let mut calm = Term::open(&server, "calm", (100, 30)).await;
    calm.until("New campaign").await;
    let mut crash = Term::open(&server, "crash", (100, 30)).await;
    crash.until("New campaign").await;
    crash.keys("!").await;
    let said = crash.until_closed().await;
    assert!(said.contains("stopped on an error"), "{said}");
    new_campaign(&mut calm).await;
    calm.keys("c").await;
    calm.until("resolved").await;
    assert!(
        server
            .class
            .last_log(20)
            .iter()
            .any(|l| l.contains("crash: the session stopped on an error"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_who_comes_back_resumes_their_campaign() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    {
        let mut t = Term::open(&server, "returning", (100, 30)).await;
        new_campaign(&mut t).await;
        t.keys("c").await;
        t.until("resolved").await;
        // The connection drops without a word.
    }
    let mut t = Term::open(&server, "returning", (100, 30)).await;
    t.until("New campaign").await;
    // Load, then the newest save: the campaign at week 2.
    t.keys("j\r").await;
    t.until("Load a campaign").await;
    t.keys("\r").await;
    t.until("Week 2/12").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_class_plays_on_when_the_reader_of_its_log_goes_away() {
    use std::io::BufRead;
    let dir = TempDir::new().expect("temp dir");
    // `arenas serve … | tee serve.log`, and then tee is gone.
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_arenas"))
        .args(["serve", "--listen", "127.0.0.1:0", "--open", "--class-dir"])
        .arg(dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server starts");
    let stdout = server.stdout.take().expect("stdout is a pipe");
    let address = tokio::task::spawn_blocking(move || {
        std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|l| {
                let rest = l.strip_prefix("Arenas class server on ")?;
                rest.split(' ').next()?.parse::<SocketAddr>().ok()
            })
        // The reader goes here: the pipe's last reader is closed.
    });
    let address = tokio::time::timeout(PATIENCE, address)
        .await
        .expect("the server says where it listens")
        .expect("the reader ran")
        .expect("the server says where it listens");
    // Every session's coming and going is a log line that finds the pipe closed.
    for student in ["first", "second"] {
        let mut t = Term::at(address, machine(1), student, (100, 30)).await;
        t.until("New campaign").await;
    }
    let mut last = Term::at(address, machine(1), "third", (100, 30)).await;
    new_campaign(&mut last).await;
    assert!(
        server.try_wait().expect("the server's state").is_none(),
        "the server stopped"
    );
    // SIGTERM ends the class as usual.
    let pid = libc::pid_t::try_from(server.id()).expect("a pid");
    // SAFETY: kill(2) on the child this test started and has not reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let said = last.until_closed().await;
    assert!(said.contains("The class has ended"), "{said}");
    let ended = tokio::task::spawn_blocking(move || server.wait_with_output());
    let out = tokio::time::timeout(PATIENCE, ended)
        .await
        .expect("the server ends")
        .expect("the waiter ran")
        .expect("the server's exit");
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_typed_two_ways_is_one_student_and_a_mixed_one_is_flagged() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    {
        // `élève` as letters and combining accents.
        let mut t = Term::open(&server, "e\u{301}le\u{300}ve", (100, 30)).await;
        new_campaign(&mut t).await;
        t.keys("c").await;
        t.until("resolved").await;
    }
    assert!(!autosaves(&dir, "\u{e9}l\u{e8}ve").is_empty());
    // Typed with composed letters, it is the same student, with the same saves.
    let mut t = Term::open(&server, "\u{e9}l\u{e8}ve", (100, 30)).await;
    t.until("New campaign").await;
    t.keys("j\r").await;
    t.until("Load a campaign").await;
    t.keys("\r").await;
    t.until("Week 2/12").await;
    let folders: Vec<_> = std::fs::read_dir(dir.path().join("students"))
        .expect("the students' folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(folders, ["\u{e9}l\u{e8}ve"]);
    // A Cyrillic а in `alice`.
    let mut t = Term::open(&server, "\u{430}lice", (100, 30)).await;
    t.until("New campaign").await;
    let log = server.class.last_log(20);
    assert!(
        log.iter()
            .any(|l| l.starts_with("\u{430}lice: the name mixes Cyrillic and Latin letters")),
        "{log:?}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_folder_that_is_a_link_is_refused_and_nothing_is_written_through_it() {
    let dir = TempDir::new().expect("temp dir");
    let alice = dir.path().join("students").join("alice");
    std::fs::create_dir_all(&alice).expect("alice's folder");
    std::fs::write(alice.join("mine.toml"), "alice's").expect("alice's file");
    std::os::unix::fs::symlink(&alice, dir.path().join("students").join("bob"))
        .expect("a link to alice's folder");
    let server = serve(settings(&dir)).await;
    let mut bob = Term::open(&server, "bob", (100, 30)).await;
    let said = bob.until_closed().await;
    assert!(said.contains("cannot open your folder"), "{said}");
    let log = server.class.last_log(10);
    assert!(
        log.iter()
            .any(|l| l.starts_with("bob: cannot open the student's folder")
                && l.contains("symbolic link")),
        "{log:?}"
    );
    let files: Vec<_> = std::fs::read_dir(&alice)
        .expect("alice's folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(files, ["mine.toml"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_split_over_two_packets_is_one_key_and_a_lone_esc_is_esc() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut t = Term::open(&server, "split", (100, 30)).await;
    t.until("New campaign").await;
    // The down arrow, ESC in one packet and `[B` in the next, then Enter: Load.
    t.keys("\x1b").await;
    t.keys("[B").await;
    t.keys("\r").await;
    t.until("Load a campaign").await;
    // ESC alone, nothing after it: Esc, back to the menu.
    t.keys("\x1b").await;
    t.until("New campaign").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_is_closed_with_a_word() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.idle = Duration::from_secs(1);
    let server = serve(s).await;
    let mut t = Term::open(&server, "sleepy", (100, 30)).await;
    t.until("New campaign").await;
    let said = t.until_closed().await;
    assert!(
        said.contains("Closed after 1 second without a key"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_instructor_moves_everyone_to_the_handout_and_ends_the_class() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    let path = std::path::Path::new("saves/after-nasrallah-speech.toml");
    let saved = arenas::save::load_file(path).expect("the shipped save loads");
    let week = saved.game.state().turn;
    s.handout = Some(arenas::serve::Handout {
        file: "after-nasrallah-speech".into(),
        text: std::fs::read_to_string(path).expect("read"),
        saved,
    });
    let server = serve(s).await;
    let mut t = Term::open(&server, "pair 3", (100, 30)).await;
    t.until("New campaign").await;
    // The handout waits among the student's saves, as written.
    let copy = dir
        .path()
        .join("students/pair-3/handout-after-nasrallah-speech.toml");
    assert!(copy.is_file(), "no handout copy at {}", copy.display());
    server.class.broadcast(arenas::serve::Broadcast::Message(
        "five minutes left".into(),
    ));
    t.until("From your instructor: five minutes left").await;
    server.class.broadcast(arenas::serve::Broadcast::Handout);
    t.until(&format!("Week {week}/12")).await;
    let ending = tokio::spawn(async move {
        server
            .end("The class has ended.", Duration::from_secs(10))
            .await;
    });
    let said = t.until_closed().await;
    assert!(said.contains("The class has ended."), "{said}");
    ending.await.expect("the server ended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_does_not_log_in_in_time_is_closed_and_one_that_did_plays_on() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.login = Duration::from_secs(1);
    let server = serve(s).await;
    let mut t = Term::open(&server, "prompt", (100, 30)).await;
    t.until("New campaign").await;
    let mut idle = connect(&server).await;
    // The time under test is the deadline itself: let it pass.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let late = idle.authenticate_password("late", CODE).await;
    assert!(
        !late.is_ok_and(|a| a.success()),
        "logged in after the deadline"
    );
    // The student who logged in in time is not touched by it.
    t.keys("\r").await;
    t.until("Choose a scenario").await;
}

/// [`ssh::stuck_client`] on the test's server, with the class code.
async fn stuck_client(
    server: &Running,
    user: &str,
) -> (Relay, Handle<Client>, russh::Channel<client::Msg>) {
    ssh::stuck_client(server.address, machine(1), user, CODE)
        .await
        .unwrap_or_else(|e| panic!("{user} cannot play: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stuck_client_whose_connection_drops_leaves_and_frees_its_place() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 1;
    // Only the connection's end may end the session here.
    s.stall = Duration::from_secs(600);
    let server = serve(s).await;
    let (relay, handle, channel) = stuck_client(&server, "stuck").await;
    until_logged(&server, "stuck joined").await;
    relay.cut().await;
    drop((channel, handle));
    until_logged(&server, "stuck left").await;
    let row = server.class.rows().into_iter().find(|r| r.name == "stuck");
    assert!(
        row.is_some_and(|r| !r.connected),
        "the row still shows stuck"
    );
    assert_eq!(server.class.sessions(), 0);
    // The one place of the class is free again.
    let mut next = Term::open(&server, "next", (100, 30)).await;
    next.until("New campaign").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_takes_no_screen_in_time_is_closed() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 1;
    s.stall = Duration::from_secs(2);
    let server = serve(s).await;
    // Connected all along, sending keys, reading nothing.
    let (_relay, _handle, _channel) = stuck_client(&server, "stuck").await;
    until_logged(&server, "stuck: the terminal took no screen for 2 seconds").await;
    until_logged(&server, "stuck left").await;
    let mut next = Term::open(&server, "next", (100, 30)).await;
    next.until("New campaign").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_idle_close_ends_a_session_whose_client_takes_no_screen() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 1;
    s.idle = Duration::from_secs(1);
    s.stall = Duration::from_secs(10);
    let server = serve(s).await;
    let (_relay, _handle, _channel) = stuck_client(&server, "stuck").await;
    until_logged(&server, "stuck idle: session closed").await;
    until_logged(&server, "stuck left").await;
    assert!(
        !server
            .class
            .last_log(200)
            .iter()
            .any(|l| l.contains("took no screen")),
        "the stall, not the idle close, ended it: {:?}",
        server.class.last_log(200)
    );
    assert_eq!(server.class.sessions(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_address_leaves_the_prompt_to_the_others() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    // Idle connections from one address, far more than the class has places for, held
    // open for as long as the login deadline allows (a minute here).
    const FLOOD: usize = 60;
    let mut flood = Vec::new();
    for _ in 0..FLOOD {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.bind(SocketAddr::new(machine(1), 0)).expect("bind");
        flood.push(socket.connect(server.address).await.expect("connects"));
    }
    until_logged(
        &server,
        "refused a connection from 127.0.0.1: the address holds its share",
    )
    .await;
    // A student on another machine logs in and plays.
    let mut t = Term::open_from(&server, machine(2), "pair 5", (100, 30)).await;
    t.until("New campaign").await;
    // The flood's connections beyond its share were closed at once.
    let (closed_tx, mut closed) = tokio::sync::mpsc::unbounded_channel();
    for mut c in flood {
        let closed_tx = closed_tx.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 256];
            loop {
                match c.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
            let _ = closed_tx.send(());
        });
    }
    let share = server.class.address_share();
    for n in 0..FLOOD - share {
        tokio::time::timeout(PATIENCE, closed.recv())
            .await
            .unwrap_or_else(|_| panic!("only {n} of the flood's connections were closed"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_slow_one_name_down_and_lock_no_one_out() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    // Three students behind one address mistype the code, three times each.
    for name in ["ana", "bo", "cy"] {
        let mut handle = connect(&server).await;
        for _ in 0..3 {
            let auth = handle.authenticate_password(name, "tulip-24").await;
            if !auth.is_ok_and(|a| !a.success()) {
                break;
            }
        }
    }
    // Ana's fourth failure is slowed down.
    let mut handle = connect(&server).await;
    let started = Instant::now();
    let auth = handle
        .authenticate_password("ana", "tulip-4")
        .await
        .expect("an answer");
    assert!(!auth.success());
    assert!(started.elapsed() >= Duration::from_secs(1));
    until_logged(
        &server,
        "failed login as \"ana\" from 127.0.0.1 (1 of 3; answered after 1 s)",
    )
    .await;
    // A classmate behind the same address logs in and plays, and so does Ana.
    let mut dan = Term::open(&server, "dan", (100, 30)).await;
    dan.until("New campaign").await;
    let mut ana = Term::open(&server, "ana", (100, 30)).await;
    ana.until("New campaign").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_who_connects_again_takes_over_from_a_stuck_session_at_once() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    // The laptop that lost the network: its session waits for a client that reads nothing.
    let (_relay, _handle, _channel) = stuck_client(&server, "laptop").await;
    until_logged(&server, "laptop joined").await;
    let mut again = Term::open(&server, "laptop", (100, 30)).await;
    again.until("New campaign").await;
    // The older session gave way before this one started, whatever its client reads.
    assert_eq!(server.class.sessions(), 1);
    until_logged(&server, "laptop connected again: the older session closed").await;
    let row = server.class.rows().into_iter().find(|r| r.name == "laptop");
    assert!(
        row.is_some_and(|r| r.connected),
        "the row shows laptop gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_two_logins_under_one_name_at_once_one_plays_for_each_of_ten_names() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 32;
    let server = Arc::new(serve(s).await);
    let (closed_tx, mut closed) = tokio::sync::mpsc::unbounded_channel();
    let together = Arc::new(tokio::sync::Barrier::new(20));
    let mut terms = Vec::new();
    for i in 0..20u8 {
        let (server, closed_tx) = (Arc::clone(&server), closed_tx.clone());
        let together = Arc::clone(&together);
        terms.push(tokio::spawn(async move {
            let mut handle =
                connect_from(server.address, machine(10 + i), client::Config::default())
                    .await
                    .unwrap_or_else(|e| panic!("login {i} cannot connect: {e}"));
            let name = format!("pair {}", i / 2);
            let channel = ssh::open_pty(&mut handle, &name, CODE, (100, 30))
                .await
                .unwrap_or_else(|e| panic!("login {i}: {e}"));
            together.wait().await;
            channel
                .request_shell(true)
                .await
                .unwrap_or_else(|e| panic!("login {i}: shell: {e}"));
            let mut t = Term {
                channel,
                screen: vt100::Parser::new(side(30), side(100), 0),
                _handle: handle,
            };
            // The survivors are never closed: the loop below bounds the wait.
            let said = t.closed().await;
            let _ = closed_tx.send((i, said));
        }));
    }
    for n in 0..10 {
        let (i, said) = tokio::time::timeout(PATIENCE, closed.recv())
            .await
            .unwrap_or_else(|_| panic!("only {n} of 10 closed"))
            .expect("a login");
        assert!(said.contains("You connected again"), "login {i}: {said}");
    }
    until("ten sessions", &server, |s| s.class.sessions() == 10).await;
    let playing: Vec<String> = server
        .class
        .rows()
        .into_iter()
        .filter(|r| r.connected)
        .map(|r| r.name)
        .collect();
    assert_eq!(playing.len(), 10, "{playing:?}");
    for t in terms {
        t.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_twenty_logins_under_one_name_at_once_one_plays_and_no_save_is_lost() {
    let dir = TempDir::new().expect("temp dir");
    let mut s = settings(&dir);
    s.max_sessions = 32;
    let server = Arc::new(serve(s).await);
    // The student plays a turn, and is still playing when the twenty logins come.
    let mut first = Term::open(&server, "twin", (100, 30)).await;
    new_campaign(&mut first).await;
    first.keys("c").await;
    first.until("resolved").await;
    let saves = autosaves(&dir, "twin");
    assert_eq!(saves.len(), 1, "{saves:?}");
    let (closed_tx, mut closed) = tokio::sync::mpsc::unbounded_channel();
    {
        let closed_tx = closed_tx.clone();
        tokio::spawn(async move {
            let said = first.closed().await;
            let _ = closed_tx.send((20, said));
        });
    }
    let mut stops = Vec::new();
    let mut twins = Vec::new();
    // Twenty logins, their shells asked for at the same moment.
    let together = Arc::new(tokio::sync::Barrier::new(20));
    for i in 0..20u8 {
        let (stop, stopped) = oneshot::channel::<()>();
        stops.push(stop);
        let (server, closed_tx) = (Arc::clone(&server), closed_tx.clone());
        let together = Arc::clone(&together);
        twins.push(tokio::spawn(async move {
            // From 20 machines, as the class's own limits would have it.
            let mut handle =
                connect_from(server.address, machine(10 + i), client::Config::default())
                    .await
                    .unwrap_or_else(|e| panic!("twin {i} cannot connect: {e}"));
            let channel = ssh::open_pty(&mut handle, "twin", CODE, (100, 30))
                .await
                .unwrap_or_else(|e| panic!("twin {i}: {e}"));
            together.wait().await;
            channel
                .request_shell(true)
                .await
                .unwrap_or_else(|e| panic!("twin {i}: shell: {e}"));
            let mut t = Term {
                channel,
                screen: vt100::Parser::new(side(30), side(100), 0),
                _handle: handle,
            };
            let said = tokio::select! {
                said = t.closed() => Some(said),
                _ = stopped => None,
            };
            match said {
                Some(said) => {
                    let _ = closed_tx.send((i, said));
                    None
                }
                None => Some(t),
            }
        }));
    }
    // The first session and nineteen of the twenty are closed.
    let mut gone = Vec::new();
    while gone.len() < 20 {
        let (i, said) = tokio::time::timeout(PATIENCE, closed.recv())
            .await
            .unwrap_or_else(|_| panic!("only {} of 20 closed: {gone:?}", gone.len()))
            .expect("a twin");
        assert!(said.contains("You connected again"), "twin {i}: {said}");
        gone.push(i);
    }
    until("one session", &server, |s| s.class.sessions() == 1).await;
    assert!(gone.contains(&20), "the first session still plays");
    let survivor = (0..20u8).find(|i| !gone.contains(i)).expect("a survivor");
    for (i, stop) in stops.into_iter().enumerate() {
        if i == usize::from(survivor) {
            let _ = stop.send(());
        }
    }
    let mut t = twins
        .remove(usize::from(survivor))
        .await
        .expect("joined")
        .expect("the survivor's terminal");
    // The campaign so far is there, as saved.
    assert_eq!(autosaves(&dir, "twin"), saves);
    t.until("New campaign").await;
    t.keys("j\r").await;
    t.until("Load a campaign").await;
    t.keys("\r").await;
    t.until("Week 2/12").await;
    assert_eq!(server.class.sessions(), 1);
}

#[test]
fn a_slow_disk_holds_up_only_its_own_student() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, mpsc};
    let dir = TempDir::new().expect("temp dir");
    // The server on a runtime of one worker: what blocks that worker blocks every session.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let armed = Arc::new(AtomicBool::new(false));
    let (entered, mut reading) = tokio::sync::mpsc::unbounded_channel();
    let (release, released) = mpsc::channel::<()>();
    let released = Mutex::new(released);
    let hook = {
        let armed = Arc::clone(&armed);
        move |name: &str| {
            if name == "slow" && armed.load(Ordering::Acquire) {
                let _ = entered.send(());
                let held = released.lock().expect("the release");
                let _ = held.recv_timeout(Duration::from_secs(60));
            }
        }
    };
    let faults = Faults {
        before_read: Some(Arc::new(hook)),
        ..Faults::default()
    };
    let server = server_runtime.block_on(serve_with(settings(&dir), faults));
    clients.block_on(async {
        let mut slow = Term::open(&server, "slow", (100, 30)).await;
        slow.until("New campaign").await;
        let mut other = Term::open(&server, "other", (100, 30)).await;
        other.until("New campaign").await;
        armed.store(true, Ordering::Release);
        // Load: the slow student's folder is read, and the read is held up.
        slow.keys("j\r").await;
        tokio::time::timeout(PATIENCE, reading.recv())
            .await
            .expect("the slow read began");
        // Meanwhile the other student plays.
        other.keys("\r").await;
        let shown = tokio::time::timeout(PATIENCE, other.until("Choose a scenario")).await;
        let _ = release.send(());
        shown.expect("the other student's key was answered while the slow disk read");
        slow.until("Load a campaign").await;
    });
    drop(server);
    server_runtime.shutdown_timeout(Duration::from_secs(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_class_settings_of_the_forecast_and_predictions_reach_every_student() {
    let dir = TempDir::new().expect("temp dir");
    let mut class = settings(&dir);
    class.class = arenas::classwork::ClassSettings {
        forecast: Some(arenas::engine::ForecastMode::Limited),
        forecast_limit: Some(1),
        predict: Some(true),
    };
    let server = serve(class).await;
    let mut t = Term::open(&server, "pair 3", (100, 30)).await;
    new_campaign(&mut t).await;
    t.until("Forecast 1 left").await;
    // The commit waits for the answer to the week's question.
    t.keys("c").await;
    t.until("this week?").await;
    t.keys("y").await;
    t.until("Your prediction").await;
    let saves = autosaves(&dir, "pair-3");
    let text = std::fs::read_to_string(dir.path().join("students/pair-3").join(&saves[0]))
        .expect("the autosave");
    assert!(text.contains("[[prediction]]\nturn = 1\n"), "{text}");
    assert!(
        text.contains("[class]\nforecast = \"limited\"\nforecast_limit = 1\npredict = true\n"),
        "{text}"
    );
}

/// Presses `keys` on the dashboard: characters, `\n` for Enter, `↑ ↓ →` for the arrows.
fn desk(board: &mut Dashboard, server: &Running, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '↑' => KeyCode::Up,
            '↓' => KeyCode::Down,
            '→' => KeyCode::Right,
            c => KeyCode::Char(c),
        };
        board.key(&server.class, Key::from(code));
    }
}

/// The dashboard as drawn on a 120 × 40 terminal.
fn desk_screen(board: &Dashboard, server: &Running) -> String {
    let mut t =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    t.draw(|f| board.draw(f, &server.class, &["Arenas class server".to_owned()]))
        .expect("draw");
    t.backend().to_string()
}

fn row(server: &Running, name: &str) -> Option<arenas::serve::class::Row> {
    server.class.rows().into_iter().find(|r| r.name == name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handout_made_during_class_is_pushed_and_every_row_moves_at_once() {
    let dir = TempDir::new().expect("temp dir");
    let handouts = dir.path().join("handouts");
    std::fs::create_dir_all(&handouts).expect("handouts/");
    let source = std::path::Path::new("saves/mid-november-us-pressure.toml");
    std::fs::copy(source, handouts.join("handout-w5.toml")).expect("a handout");
    std::fs::copy(
        "saves/after-nasrallah-speech.toml",
        handouts.join("after-nasrallah-speech.toml"),
    )
    .expect("another handout");
    std::fs::write(handouts.join("notes.txt"), "not a save").expect("a stray file");
    let week = arenas::save::load_file(source)
        .expect("the shipped save loads")
        .game
        .state()
        .turn;
    let server = serve(settings(&dir)).await;
    let mut playing = Term::open(&server, "pair 1", (100, 30)).await;
    new_campaign(&mut playing).await;
    let mut menu = Term::open_from(&server, machine(2), "pair 2", (100, 30)).await;
    menu.until("New campaign").await;
    let mut board = Dashboard::default();
    desk(&mut board, &server, "h");
    let text = desk_screen(&board, &server);
    assert!(text.contains("after-nasrallah-speech.toml"), "{text}");
    assert!(text.contains("handout-w5.toml"), "{text}");
    assert!(!text.contains("notes.txt"), "{text}");
    desk(&mut board, &server, "↓\n");
    assert!(desk_screen(&board, &server).contains("handout handout-w5?"));
    desk(&mut board, &server, "→\n");
    assert!(board.note.contains("handout handout-w5"), "{}", board.note);
    // Without a key from either student, both rows and both screens are at the handout.
    let at_handout = format!("week {week} of 12");
    until("both rows at the handout", &server, |s| {
        ["pair-1", "pair-2"]
            .iter()
            .all(|n| row(s, n).is_some_and(|r| r.turn.starts_with(&at_handout)))
    })
    .await;
    playing.until(&format!("Week {week}/12")).await;
    menu.until(&format!("Week {week}/12")).await;
    // The copy keeps the handout's name, once.
    for student in ["pair-1", "pair-2"] {
        let folder = dir.path().join("students").join(student);
        assert!(folder.join("handout-w5.toml").is_file(), "{student}");
        assert!(
            !folder.join("handout-handout-w5.toml").exists(),
            "{student}"
        );
    }
    until_logged(&server, "everyone moved to the handout handout-w5").await;
    // A student who joins later finds it among their saves.
    let mut late = Term::open_from(&server, machine(3), "pair 3", (100, 30)).await;
    late.until("New campaign").await;
    let copy = dir.path().join("students/pair-3/handout-w5.toml");
    assert!(copy.is_file());
}

/// A pushed handout's copy never replaces a save a student played under its name: it takes
/// the name with `-2`; it replaces a handout copy no one played, and is written once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_handout_never_replaces_a_students_own_save_of_its_name() {
    let dir = TempDir::new().expect("temp dir");
    let handouts = dir.path().join("handouts");
    std::fs::create_dir_all(&handouts).expect("handouts/");
    let pushed = handouts.join("handout-w5.toml");
    std::fs::copy("saves/mid-november-us-pressure.toml", &pushed).expect("a handout");
    let handout = std::fs::read_to_string(&pushed).expect("read");
    let folder = |student: &str| dir.path().join("students").join(student);
    // pair 1 played a campaign and saved it as "handout w5"; pair 2 holds an older handout
    // of that name that no one played; pair 3 has this very handout already.
    let played = std::fs::read_to_string("saves/late-november-truce.toml").expect("read");
    let older = folder("pair-2").join("handout-w5.toml");
    for student in ["pair-1", "pair-2", "pair-3"] {
        std::fs::create_dir_all(folder(student)).expect("a student's folder");
    }
    std::fs::write(folder("pair-1").join("handout-w5.toml"), &played).expect("write");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_arenas"))
        .args(["handout", "--history", "--until", "3", "--seed", "5"])
        .arg(&older)
        .output()
        .expect("arenas runs");
    assert!(made.status.success(), "{made:?}");
    std::fs::write(folder("pair-3").join("handout-w5.toml"), &handout).expect("write");

    let server = serve(settings(&dir)).await;
    let mut one = Term::open(&server, "pair 1", (100, 30)).await;
    one.until("New campaign").await;
    let mut two = Term::open_from(&server, machine(2), "pair 2", (100, 30)).await;
    two.until("New campaign").await;
    let mut board = Dashboard::default();
    desk(&mut board, &server, "h");
    desk(&mut board, &server, "\n");
    assert!(desk_screen(&board, &server).contains("handout handout-w5?"));
    desk(&mut board, &server, "→\n");
    until_logged(
        &server,
        "pair-1: the handout is copied as handout-w5-2.toml",
    )
    .await;
    let week = arenas::save::load_file(&pushed)
        .expect("the shipped save loads")
        .game
        .state()
        .turn;
    let week = format!("week {week} of 12");
    until("both rows at the handout", &server, |s| {
        ["pair-1", "pair-2"]
            .iter()
            .all(|n| row(s, n).is_some_and(|r| r.turn.starts_with(&week)))
    })
    .await;
    let mut three = Term::open_from(&server, machine(3), "pair 3", (100, 30)).await;
    three.until("New campaign").await;

    let read = |student: &str, file: &str| std::fs::read_to_string(folder(student).join(file));
    assert_eq!(read("pair-1", "handout-w5.toml").ok(), Some(played));
    assert_eq!(
        read("pair-1", "handout-w5-2.toml").ok().as_ref(),
        Some(&handout)
    );
    assert_eq!(
        read("pair-2", "handout-w5.toml").ok().as_ref(),
        Some(&handout)
    );
    for student in ["pair-2", "pair-3"] {
        assert_eq!(
            read(student, "handout-w5.toml").ok().as_ref(),
            Some(&handout)
        );
        assert!(
            !folder(student).join("handout-w5-2.toml").exists(),
            "{student}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_the_students_with_folders_are_listed_offline() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut t = Term::open(&server, "pair 07", (100, 30)).await;
    new_campaign(&mut t).await;
    t.keys("c").await;
    t.until("resolved").await;
    server.end("The class has ended.", PATIENCE).await;
    let students = dir.path().join("students");
    std::fs::create_dir_all(students.join("ana")).expect("a folder");
    std::fs::create_dir_all(students.join("Not A Name")).expect("a stray folder");
    std::fs::write(students.join("bo"), "a file, not a folder").expect("a stray file");
    let server = serve(settings(&dir)).await;
    let rows = server.class.rows();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["ana", "pair-07"]);
    assert!(
        rows.iter()
            .all(|r| !r.connected && r.last_activity.is_none())
    );
    let board = Dashboard::default();
    let text = desk_screen(&board, &server);
    assert!(text.contains("0 playing, 2 students in all"), "{text}");
    assert!(text.contains("pair-07"), "{text}");
    // The student who comes back takes their row.
    let mut back = Term::open(&server, "pair 07", (100, 30)).await;
    back.until("New campaign").await;
    until("pair-07 online", &server, |s| {
        row(s, "pair-07").is_some_and(|r| r.connected)
    })
    .await;
    assert_eq!(server.class.rows().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_writes_the_class_report_into_the_class_folder() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut board = Dashboard::default();
    // With no save yet, it says so.
    desk(&mut board, &server, "r");
    board.tick(&server.class, PATIENCE);
    assert!(
        board.note.contains("no student has a save yet"),
        "{}",
        board.note
    );
    for (n, name) in [(2, "pair 1"), (3, "pair 2")] {
        let mut t = Term::open_from(&server, machine(n), name, (100, 30)).await;
        new_campaign(&mut t).await;
        t.keys("c").await;
        t.until("resolved").await;
    }
    desk(&mut board, &server, "r");
    assert!(
        board.note.contains("Writing the class report"),
        "{}",
        board.note
    );
    // The dashboard keeps answering keys meanwhile.
    desk(&mut board, &server, "s");
    assert_eq!(board.sort, arenas::serve::dashboard::Sort::Turn);
    board.tick(&server.class, PATIENCE);
    let html = dir.path().join("class-report.html");
    let csv = dir.path().join("class-report.csv");
    assert!(
        board.note.contains("class report of 2 saves written to")
            && board.note.contains(&html.display().to_string())
            && board.note.contains(&csv.display().to_string()),
        "{}",
        board.note
    );
    until_logged(&server, "class report of 2 saves written").await;
    let table = std::fs::read_to_string(&csv).expect("the CSV");
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.contains("students/pair-1/autosave-"), "{table}");
    assert!(table.contains("students/pair-2/autosave-"), "{table}");
    let page = std::fs::read_to_string(&html).expect("the HTML");
    assert!(page.contains("students/pair-1/autosave-"));
    assert!(page.starts_with("<!DOCTYPE html>") || page.starts_with("<!doctype html>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_a_students_orders_aims_meters_and_last_why() {
    let dir = TempDir::new().expect("temp dir");
    let server = serve(settings(&dir)).await;
    let mut t = Term::open(&server, "pair 5", (100, 30)).await;
    new_campaign(&mut t).await;
    t.keys("c").await;
    t.until("resolved").await;
    until("pair-5 at week 2", &server, |s| {
        row(s, "pair-5").is_some_and(|r| r.turn.starts_with("week 2"))
    })
    .await;
    let mut board = Dashboard::default();
    desk(&mut board, &server, "↓\n");
    let text = desk_screen(&board, &server);
    for needle in [
        "pair-5 · online · gaza-2023 · week 2 of 12",
        "Orders for week 2:",
        "Hizballah",
        "Aims: ",
        "Meters: ",
        "Why, week 1:",
    ] {
        assert!(text.contains(needle), "{needle:?} in\n{text}");
    }
    desk(&mut board, &server, "mlook at the US track\n");
    t.until("From your instructor: look at the US track").await;
}
