//! `arenas serve` end to end with the real OpenSSH client: the built binary serves on a
//! port the system picks (read from its first log line), and `ssh` runs in a
//! pseudo-terminal as a student's would. The student types the class code at ssh's password
//! prompt, starts a campaign, commits a turn (its autosave appears in their folder), quits,
//! and ssh exits with status 0 on a restored terminal that says goodbye. A SIGHUP to the
//! server (its terminal closed) ends the class as SIGTERM does: the student's screen says
//! so, their terminal is restored and ssh exits with status 0. Nothing sleeps:
//! every wait is for a screen state, a log line or an exit, with a deadline that fails the
//! test with what it saw.
//!
//! It needs OpenSSH's `ssh` (Debian's openssh-client; `.ci/run` installs it). Without one
//! it says loudly that it skipped, so that `cargo test` passes on a machine without ssh;
//! with `ARENAS_REQUIRE_SSH=1` (which `.ci/run` sets) it fails instead.
#![cfg(feature = "server")]

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::TempDir;
use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize};

const CODE: &str = "tulip-42";
const STUDENT: &str = "pair-07";
/// The pseudo-terminal ssh runs in.
const COLS: u16 = 100;
const ROWS: u16 = 30;
/// How long any one expected thing may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(20);

#[test]
fn a_student_plays_a_turn_over_openssh_and_quits() {
    let Some(ssh) = ssh() else { return };
    let class = TempDir::new("serve-openssh");
    let mut server = Server::start(class.dir(), &[]);

    let mut student = Ssh::connect(&ssh, server.port, STUDENT);
    student.wait_for_text("password:");
    student.send(&format!("{CODE}\r"));
    student.wait_for_text("New campaign");
    server.wait_for_log(&format!("{STUDENT} joined from 127.0.0.1"));

    student.send("\r");
    student.wait_for_text("Choose a scenario");
    student.send("\r");
    student.wait_for_text("commit turn");
    assert!(
        autosaves(class.dir()).is_empty(),
        "an autosave before any turn"
    );
    student.send("c");
    student.wait_for_text("Week 1 resolved");
    let saves = autosaves(class.dir());
    assert_eq!(
        saves.len(),
        1,
        "the student's folder after a turn: {saves:?}"
    );

    student.send("q");
    student.wait_for_text("Quit Arenas?");
    student.send("y");
    student.wait_for_text("Goodbye.");
    let status = student.wait_exit();
    assert!(
        status.success(),
        "ssh exited with {status}; the screen:\n{}",
        student.text()
    );
    assert!(
        student
            .text()
            .contains("Your campaign is saved after every turn. Goodbye."),
        "no goodbye line; the screen:\n{}",
        student.text()
    );
    assert_restored(&student);
    server.wait_for_log(&format!("{STUDENT} left"));
    server.stop(libc::SIGTERM);
}

#[test]
fn sighup_ends_the_class_with_a_closing_screen_for_every_student() {
    let Some(ssh) = ssh() else { return };
    let class = TempDir::new("serve-openssh-hup");
    let mut server = Server::start(class.dir(), &[]);
    let mut student = Ssh::connect(&ssh, server.port, STUDENT);
    student.wait_for_text("password:");
    student.send(&format!("{CODE}\r"));
    student.wait_for_text("New campaign");
    server.wait_for_log(&format!("{STUDENT} joined from 127.0.0.1"));

    server.stop(libc::SIGHUP);
    student.wait_for_text("The class has ended.");
    let status = student.wait_exit();
    assert!(
        status.success(),
        "ssh exited with {status}; the screen:\n{}",
        student.text()
    );
    assert_restored(&student);
}

/// The student's terminal is as it was before the game: main screen, cursor shown, no
/// mouse reports.
#[track_caller]
#[test]
fn two_students_in_one_room_commit_a_week_over_openssh() {
    let Some(ssh) = ssh() else { return };
    let class = TempDir::new("serve-openssh-room");
    let mut server = Server::start(class.dir(), &["--rooms", "1"]);
    // Each takes the first free seat of room-1: the operations room, then the first member.
    let mut seated = Vec::new();
    for name in ["olga", "hana"] {
        let mut student = Ssh::connect(&ssh, server.port, name);
        student.wait_for_text("password:");
        student.send(&format!("{CODE}\r"));
        student.wait_for_text("Play on your own");
        student.send("\x1b[B");
        student.send("\r");
        student.wait_for_text("free (the model");
        student.send("\r");
        student.wait_for_text("leave seat");
        server.wait_for_log(&format!("{name} took "));
        seated.push(student);
    }
    for student in &mut seated {
        student.send("c");
    }
    server.wait_for_log("room-1: week 1 resolved");
    for student in &mut seated {
        student.wait_for_text("Week 2/12");
    }
    assert!(class.dir().join("rooms").join("room-1.toml").is_file());
    // Leaving the seat goes back to the lobby; q there leaves the server, and ssh exits
    // cleanly on a restored terminal.
    for mut student in seated {
        student.send("q");
        student.wait_for_text("Play on your own");
        student.send("q");
        student.wait_for_text("Goodbye.");
        let status = student.wait_exit();
        assert!(
            status.success(),
            "ssh exited with {status}:\n{}",
            student.text()
        );
        assert_restored(&student);
    }
}

fn assert_restored(student: &Ssh) {
    let screen = student.parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is still on"
    );
}

/// OpenSSH's client, `None` (after a loud message) when it is missing, unless
/// `ARENAS_REQUIRE_SSH=1` makes that a failure.
fn ssh() -> Option<String> {
    let name = "ssh".to_owned();
    // `ssh -V` prints its version on stderr and exits 0.
    match Command::new(&name).arg("-V").output() {
        Ok(out) if out.status.success() => Some(name),
        found => {
            let why = match found {
                Ok(out) => format!("`ssh -V` failed: {}", String::from_utf8_lossy(&out.stderr)),
                Err(e) => format!("cannot run `ssh`: {e}"),
            };
            if std::env::var_os("ARENAS_REQUIRE_SSH").is_some_and(|v| v == "1") {
                panic!(
                    "the OpenSSH test of `arenas serve` needs `ssh`: {why}. Install Debian's \
                     openssh-client (apt-get install openssh-client; .ci/run does)"
                )
            } else {
                eprintln!(
                    "\n*** SKIPPED the OpenSSH test of `arenas serve`: {why}. Install \
                     openssh-client to run it; ARENAS_REQUIRE_SSH=1 makes this a failure ***\n"
                );
                None
            }
        }
    }
}

/// `arenas serve` with stdout piped, so that it writes log lines instead of the dashboard.
/// Dropping it kills the server.
struct Server {
    child: Child,
    port: u16,
    /// The server's log lines, as it writes them; closed when it exits.
    log: Receiver<String>,
    seen: Vec<String>,
}

impl Server {
    /// Starts the server on a port the system picks and waits until it listens.
    fn start(class_dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_arenas"))
            .args(["serve", "--listen", "127.0.0.1:0", "--class-dir"])
            .arg(class_dir)
            .args(["--password", CODE])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .env_remove("RUST_BACKTRACE")
            .spawn()
            .expect("start arenas serve");
        let stdout = child.stdout.take().expect("the server's stdout");
        let (tx, log) = mpsc::channel();
        std::thread::spawn(move || read_lines(stdout, &tx));
        let mut server = Server {
            child,
            port: 0,
            log,
            seen: Vec::new(),
        };
        // "listening on 127.0.0.1:PORT; host key SHA256:…"
        let line = server.wait_for_log("listening on ");
        let address = line
            .split_once("listening on ")
            .and_then(|(_, rest)| rest.split(';').next())
            .unwrap_or_default();
        let address: std::net::SocketAddr = address
            .parse()
            .unwrap_or_else(|e| panic!("no address in the log line {line:?}: {e}"));
        server.port = address.port();
        assert_ne!(server.port, 0, "{line:?}");
        server
    }

    /// Reads the log until a line contains `needle`; returns that line.
    #[track_caller]
    fn wait_for_log(&mut self, needle: &str) -> String {
        if let Some(line) = self.seen.iter().find(|l| l.contains(needle)) {
            return line.clone();
        }
        let end = Instant::now() + DEADLINE;
        loop {
            match self
                .log
                .recv_timeout(end.saturating_duration_since(Instant::now()))
            {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(e) => panic!(
                    "the server never logged {needle:?} ({e}); its log:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Ends the class with `signal` (SIGTERM, as a service manager would; SIGHUP, as a
    /// closed terminal would), and checks that the server says so and exits with success.
    #[track_caller]
    fn stop(mut self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill(2) touches no memory; the pid is our child, alive until reaped.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill({pid})");
        self.wait_for_log("The class has ended; every campaign is saved.");
        // The log closes when the server exits.
        let end = Instant::now() + DEADLINE;
        loop {
            match self
                .log
                .recv_timeout(end.saturating_duration_since(Instant::now()))
            {
                Ok(line) => self.seen.push(line),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!(
                    "the server still runs {DEADLINE:?} after signal {signal}; its log:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
        let status = self.child.wait().expect("wait for the server");
        assert!(
            status.success(),
            "the server exited with {status}; its log:\n{}",
            self.seen.join("\n")
        );
    }
}

impl Drop for Server {
    /// A failed test leaves no server behind.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_lines(stdout: ChildStdout, tx: &mpsc::Sender<String>) {
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { return };
        if tx.send(line).is_err() {
            return;
        }
    }
}

/// `ssh` in a pseudo-terminal, and the screen it shows. Dropping it kills ssh.
struct Ssh {
    /// Kept open: closing the terminal's side would hang ssh up.
    _master: Box<dyn MasterPty + Send>,
    input: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    exit: Receiver<ExitStatus>,
    pid: u32,
    parser: vt100::Parser,
    exited: bool,
}

impl Ssh {
    /// Starts `ssh` to the server at `port` as `student`, in a `COLS`x`ROWS` terminal,
    /// with no configuration, known hosts, keys or agent of the user running the test.
    fn connect(ssh: &str, port: u16, student: &str) -> Ssh {
        let pty = portable_pty::native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(ssh);
        cmd.args(["-F", "/dev/null", "-p"]);
        cmd.arg(port.to_string());
        for option in [
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "PubkeyAuthentication=no",
            "PreferredAuthentications=password",
            "NumberOfPasswordPrompts=3",
        ] {
            cmd.args(["-o", option]);
        }
        cmd.args(["-tt", &format!("{student}@127.0.0.1")]);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // The password comes from the terminal, never from a helper program or an agent.
        for var in [
            "SSH_ASKPASS",
            "SSH_ASKPASS_REQUIRE",
            "DISPLAY",
            "SSH_AUTH_SOCK",
        ] {
            cmd.env_remove(var);
        }
        let mut child = pty.slave.spawn_command(cmd).expect("spawn ssh");
        let pid = child.process_id().expect("ssh's pid");
        let (exit_tx, exit) = mpsc::channel();
        std::thread::spawn(move || {
            if let Ok(status) = child.wait() {
                let _ = exit_tx.send(status);
            }
        });
        // Only ssh keeps the slave side open, so the output ends when it exits.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(n @ 1..) if tx.send(buf[..n].to_vec()).is_ok() => {}
                    _ => return,
                }
            }
        });
        let input = pty.master.take_writer().expect("pty writer");
        Ssh {
            _master: pty.master,
            input,
            output,
            exit,
            pid,
            parser: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0),
            exited: false,
        }
    }

    fn text(&self) -> String {
        self.parser.screen().contents()
    }

    /// Feeds ssh's output to the screen until it shows `needle`; fails after `DEADLINE`
    /// with the screen as it is.
    #[track_caller]
    fn wait_for_text(&mut self, needle: &str) {
        let end = Instant::now() + DEADLINE;
        while !self.text().contains(needle) {
            match self
                .output
                .recv_timeout(end.saturating_duration_since(Instant::now()))
            {
                Ok(bytes) => self.parser.process(&bytes),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "the screen never showed {needle:?} in {DEADLINE:?}; it shows:\n{}",
                    self.text()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "ssh closed the terminal before the screen showed {needle:?}; it shows:\n{}",
                    self.text()
                ),
            }
        }
    }

    /// Types `keys` as a terminal sends them.
    fn send(&mut self, keys: &str) {
        self.input
            .write_all(keys.as_bytes())
            .expect("write to the pty");
        self.input.flush().expect("flush the pty");
    }

    /// Waits for ssh to exit, then reads the rest of what it wrote.
    #[track_caller]
    fn wait_exit(&mut self) -> ExitStatus {
        let Ok(status) = self.exit.recv_timeout(DEADLINE) else {
            panic!(
                "ssh still runs after {DEADLINE:?}; the screen:\n{}",
                self.text()
            )
        };
        self.exited = true;
        let end = Instant::now() + DEADLINE;
        loop {
            match self
                .output
                .recv_timeout(end.saturating_duration_since(Instant::now()))
            {
                Ok(bytes) => self.parser.process(&bytes),
                Err(RecvTimeoutError::Disconnected) => return status,
                Err(RecvTimeoutError::Timeout) => panic!("ssh's output went on after it exited"),
            }
        }
    }
}

impl Drop for Ssh {
    /// A failed test leaves no ssh behind.
    fn drop(&mut self) {
        if !self.exited {
            let pid = libc::pid_t::try_from(self.pid).expect("pid");
            // SAFETY: kill(2) touches no memory; the result is ignored as ssh may be gone.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

/// The autosaves in the student's folder.
fn autosaves(class_dir: &Path) -> Vec<String> {
    let folder = class_dir.join("students").join(STUDENT);
    std::fs::read_dir(folder)
        .map(|read| {
            read.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("autosave-") && n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default()
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal dimension is not zero")
}
