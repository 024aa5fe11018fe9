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

use crate::common::ssh;

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
        rooms: 0,
        deadline: arenas_serve::rooms::DEFAULT_DEADLINE,
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

/// [`ssh::stuck_client`] on the test's server, with the class code.
async fn stuck_client(
    server: &Running,
    user: &str,
) -> (Relay, Handle<Client>, russh::Channel<client::Msg>) {
    ssh::stuck_client(server.address, machine(1), user, CODE)
        .await
        .unwrap_or_else(|e| panic!("{user} cannot play: {e}"))
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

mod instructor;
mod sessions;
mod under_strain;
