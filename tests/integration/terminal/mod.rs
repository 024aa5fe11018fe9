//! End-to-end runs of the real `arenas` binary in a pseudo-terminal: what a player sees
//! (parsed by `vt100`) and what the terminal is left in on every way out — quit, Ctrl-C,
//! SIGTERM, SIGHUP — and that closing the terminal ends the game, also when it is not the
//! game's controlling terminal. Nothing sleeps: every wait
//! is for a screen state, an exit or the end of the output, with a deadline that fails the
//! test with the screen it saw.
//!
//! Start-up time and peak memory: `cargo test --release --test terminal -- --ignored
//! --nocapture`.

use std::fs::File;

use std::io::{ErrorKind, PipeReader, PipeWriter, Read, Write};

use std::num::NonZeroU16;

use std::os::fd::{AsRawFd, BorrowedFd};

use std::os::unix::fs::OpenOptionsExt;

use std::os::unix::process::{CommandExt, ExitStatusExt};

use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};

use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize};

use vt100::Screen;

use crate::common::saves;

/// How long any one expected thing may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(10);

/// How long the game may take to leave after Ctrl-C or a signal (its tick is 200 ms).
const PROMPTLY: Duration = Duration::from_secs(2);

/// What crossterm 0.29 writes for `LeaveAlternateScreen`.
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";

/// What crossterm 0.29 writes for `DisableMouseCapture` (its src/event.rs).
const DISABLE_MOUSE_CAPTURE: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

/// What ratatui writes last in every draw that shows no cursor: `cursor::Hide`.
const FRAME_END: &[u8] = b"\x1b[?25l";

const ESC: &str = "\x1b";

const CTRL_C: &str = "\x03";

/// The game running in a pseudo-terminal.
struct Runner {
    /// The terminal's side (None once hung up).
    master: Option<Box<dyn MasterPty + Send>>,
    input: Option<Box<dyn Write + Send>>,
    /// Dropping it stops the reader, which holds the last descriptor of the terminal.
    wake: Option<PipeWriter>,
    output: Receiver<Vec<u8>>,
    exit: Receiver<ExitStatus>,
    pid: u32,
    saves: PathBuf,
    parser: vt100::Parser,
    /// Every byte the game wrote, in order.
    raw: Vec<u8>,
    exited: bool,
}

/// Starts `arenas ARGS` in a `cols`x`rows` terminal with `TERM=xterm-256color`;
/// `no_color` sets `NO_COLOR=1`, otherwise `NO_COLOR` is left out of the environment. The
/// terminal is the game's controlling terminal.
fn spawn(args: &[&str], size: (u16, u16), no_color: bool) -> Runner {
    start(args, size, no_color, true)
}

/// Starts `arenas ARGS` at 80x24 in a session of its own with no controlling terminal, the
/// terminal given only as stdin, stdout and stderr (as `arenas play </dev/pts/N >/dev/pts/N`
/// from elsewhere does): no SIGHUP comes when that terminal closes.
fn spawn_detached(args: &[&str]) -> Runner {
    start(args, (80, 24), false, false)
}

fn start(args: &[&str], (cols, rows): (u16, u16), no_color: bool, controlling: bool) -> Runner {
    let pty = portable_pty::native_pty_system()
        .openpty(pty_size(cols, rows))
        .expect("open a pseudo-terminal");
    // Saves (the game autosaves every week) go to a folder of this session's own.
    static SESSIONS: AtomicUsize = AtomicUsize::new(0);
    let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
    let saves = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("terminal-saves-{}-{n}", std::process::id()));
    let (exit_tx, exit) = mpsc::channel();
    let pid = if controlling {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_arenas"));
        cmd.arg("--save-dir");
        cmd.arg(&saves);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let mut child = pty.slave.spawn_command(cmd).expect("spawn arenas");
        let pid = child.process_id().expect("child pid");
        std::thread::spawn(move || {
            if let Ok(status) = child.wait() {
                let _ = exit_tx.send(status);
            }
        });
        pid
    } else {
        let slave = pty.master.tty_name().expect("the terminal's name");
        // O_NOCTTY: opening it does not make it this process's controlling terminal.
        let open = || {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .custom_flags(libc::O_NOCTTY)
                .open(&slave)
                .expect("open the terminal")
        };
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_arenas"));
        cmd.arg("--save-dir")
            .arg(&saves)
            .args(args)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(open())
            .stdout(open())
            .stderr(open());
        // SAFETY: setsid(2) is async-signal-safe and touches no memory of the parent.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = cmd.spawn().expect("spawn arenas");
        // The terminal's descriptors the command held are closed with it.
        drop(cmd);
        let pid = child.id();
        std::thread::spawn(move || {
            if let Ok(status) = child.wait() {
                let status = match (status.code(), status.signal()) {
                    (Some(code), _) => ExitStatus::with_exit_code(code as u32),
                    (None, signal) => ExitStatus::with_signal(&format!("{signal:?}")),
                };
                let _ = exit_tx.send(status);
            }
        });
        pid
    };
    // Only the child keeps the slave side open, so the output ends when it exits.
    drop(pty.slave);
    let master_fd = pty.master.as_raw_fd().expect("a unix pty");
    // SAFETY: the master's descriptor is open while `pty.master` lives, as it does here.
    let reader = unsafe { BorrowedFd::borrow_raw(master_fd) }.try_clone_to_owned();
    let (woken, wake) = std::io::pipe().expect("a pipe");
    let (tx, output) = mpsc::channel();
    let reader = File::from(reader.expect("a copy of the pty's descriptor"));
    std::thread::spawn(move || pump(reader, &woken, &tx));
    let input = pty.master.take_writer().expect("pty writer");
    Runner {
        master: Some(pty.master),
        input: Some(input),
        wake: Some(wake),
        output,
        exit,
        pid,
        saves,
        parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
        raw: Vec::new(),
        exited: false,
    }
}

/// A campaign with seed 3 at 80x24, in colour, at its first frame.
fn campaign() -> Runner {
    let mut s = spawn(&["play", "--seed", "3"], (80, 24), false);
    s.wait_for_text("Week 1/12");
    s
}

impl Runner {
    fn screen(&self) -> &Screen {
        self.parser.screen()
    }

    fn text(&self) -> String {
        self.screen().contents()
    }

    /// Feeds output to the screen until `holds` at the end of a frame (never on a
    /// half-drawn one: the game redraws at least every 200 ms); fails after `deadline` with
    /// the screen as it is.
    #[track_caller]
    fn wait_for(&mut self, what: &str, holds: impl Fn(&Screen) -> bool, deadline: Duration) {
        let end = Instant::now() + deadline;
        while !(self.raw.ends_with(FRAME_END) && holds(self.screen())) {
            let left = end.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no {what} after {deadline:?} (at a frame end: {}); the screen:\n{}",
                    self.raw.ends_with(FRAME_END),
                    self.text()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the game closed the terminal before {what}; the screen:\n{}",
                    self.text()
                ),
            }
        }
    }

    #[track_caller]
    fn wait_for_text(&mut self, needle: &str) {
        self.wait_for(
            &format!("{needle:?}"),
            |s| s.contents().contains(needle),
            DEADLINE,
        );
    }

    #[track_caller]
    fn wait_for_no_text(&mut self, needle: &str) {
        let what = format!("{needle:?} gone");
        self.wait_for(&what, |s| !s.contents().contains(needle), DEADLINE);
    }

    /// Types `keys` as a terminal sends them.
    fn send(&mut self, keys: &str) {
        let input = self.input.as_mut().expect("a terminal");
        input.write_all(keys.as_bytes()).expect("write to the pty");
        input.flush().expect("flush the pty");
    }

    fn resize(&mut self, (cols, rows): (u16, u16)) {
        self.parser.set_size(nonzero(rows), nonzero(cols));
        let master = self.master.as_ref().expect("a terminal");
        master.resize(pty_size(cols, rows)).expect("resize the pty");
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.pid).expect("pid");
        // SAFETY: kill(2) touches no memory; the pid is our child, alive until reaped.
        assert_eq!(
            unsafe { libc::kill(pid, signal) },
            0,
            "kill({pid}, {signal})"
        );
    }

    /// Closes the terminal, as a window closing or a dropped connection does: the
    /// kernel hangs up the game's terminal (SIGHUP, then EOF on reads).
    fn hang_up(&mut self) {
        (self.input, self.master, self.wake) = (None, None, None);
    }

    /// Waits until the game's main thread sleeps: between frames, waiting for input.
    #[track_caller]
    fn wait_idle(&self) {
        let stat = format!("/proc/{0}/task/{0}/stat", self.pid);
        let sleeping = || {
            let stat = std::fs::read_to_string(&stat).unwrap_or_default();
            // "pid (name) state …"
            stat.rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('S'))
        };
        let end = Instant::now() + DEADLINE;
        while !sleeping() {
            assert!(Instant::now() < end, "the game never waits for input");
            std::thread::yield_now();
        }
    }

    /// Waits for the game to exit within `deadline`, then reads the rest of its output.
    #[track_caller]
    fn wait_exit(&mut self, deadline: Duration) -> ExitStatus {
        let Ok(status) = self.exit.recv_timeout(deadline) else {
            panic!(
                "still running after {deadline:?}; the screen:\n{}",
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
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                Err(RecvTimeoutError::Disconnected) => return status,
                Err(RecvTimeoutError::Timeout) => panic!("the output went on after the exit"),
            }
        }
    }

    /// Quits with `q` then `y` and checks the exit status and the terminal.
    #[track_caller]
    fn quit(&mut self) {
        self.send("q");
        self.wait_for_text("Quit Arenas?");
        self.send("y");
        let status = self.wait_exit(DEADLINE);
        assert!(status.success(), "exit status {status}");
        self.assert_restored();
    }

    /// Asserts the game left the terminal as it found it: main screen, cursor shown, no
    /// mouse reporting, and the sequences that undo them written.
    #[track_caller]
    fn assert_restored(&self) {
        let screen = self.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting is still on"
        );
        assert!(
            contains(&self.raw, LEAVE_ALTERNATE_SCREEN),
            "no LeaveAlternateScreen in the output"
        );
        assert!(
            contains(&self.raw, DISABLE_MOUSE_CAPTURE),
            "no DisableMouseCapture in the output"
        );
    }
}

impl Drop for Runner {
    /// A failed test leaves no game behind: SIGKILL, which nothing can handle.
    fn drop(&mut self) {
        if !self.exited {
            let pid = libc::pid_t::try_from(self.pid).expect("pid");
            // SAFETY: as in `signal`; the result is ignored as the game may be gone.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        let _ = std::fs::remove_dir_all(&self.saves);
    }
}

/// Sends the game's output to `tx` until the slave side closes (the game has exited) or
/// `woken` says the test hung up (its writer was dropped).
fn pump(mut reader: File, woken: &PipeReader, tx: &Sender<Vec<u8>>) {
    let mut buf = [0u8; 8192];
    loop {
        let mut fds = [reader.as_raw_fd(), woken.as_raw_fd()].map(|fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        });
        // SAFETY: `fds` is an array of two pollfd, each with an open descriptor.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) };
        if ready < 0 && std::io::Error::last_os_error().kind() == ErrorKind::Interrupted {
            continue;
        }
        if ready < 0 || fds[1].revents != 0 {
            return;
        }
        match reader.read(&mut buf) {
            Ok(n @ 1..) if tx.send(buf[..n].to_vec()).is_ok() => {}
            _ => return,
        }
    }
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal dimension is not zero")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Where `word` starts in the first row that contains `row` (both on the screen).
fn find(screen: &Screen, row: &str, word: &str) -> Option<(u16, u16)> {
    let (rows, cols) = (screen.size().0.get(), screen.size().1.get());
    (0..rows).find_map(|r| {
        // (column, text) of every cell that starts a character.
        let cells: Vec<(u16, &str)> = (0..cols)
            .filter_map(|c| screen.cell(r, c).map(|cell| (c, cell.contents())))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let line: String = cells.iter().map(|(_, t)| *t).collect();
        let start = line.find(row)?;
        let at = start + line[start..].find(word)?;
        let index = line[..at].chars().count();
        Some((r, cells[index].0))
    })
}

/// Whether `word`, in the row that contains `row`, is drawn in reverse video.
fn reversed(screen: &Screen, row: &str, word: &str) -> bool {
    let (r, c) = find(screen, row, word).unwrap_or_else(|| panic!("no {row:?} … {word:?}"));
    screen.cell(r, c).is_some_and(|cell| cell.inverse())
}

/// The colour parameters of every SGR sequence (`ESC [ … m`) in `bytes`: foreground,
/// background and underline colours, basic, bright, 256-colour or RGB. Resets to the
/// default colours (39, 49, 59) are not colours.
fn sgr_colours(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(start) = bytes[i..].windows(2).position(|w| w == b"\x1b[") {
        let from = i + start + 2;
        let len = bytes[from..]
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';' || *b == b':'))
            .unwrap_or(bytes.len() - from);
        i = from + len;
        if bytes.get(i) == Some(&b'm') {
            let params = String::from_utf8_lossy(&bytes[from..i]).into_owned();
            let colour = params
                .split([';', ':'])
                .any(|p| matches!(p.parse(), Ok(30..=38 | 40..=48 | 58 | 90..=97 | 100..=107)));
            if colour {
                found.push(params);
            }
        }
    }
    found
}

/// What ratatui writes at the end of every frame with crossterm's colours disabled: the
/// foreground, background and underline colour resets (each `ESC[m`), then `ESC[0m`.
const FRAME_RESET_WITHOUT_COLOUR: &[u8] = b"\x1b[m\x1b[m\x1b[m\x1b[0m";

/// How many colours the game asked for while crossterm had colours disabled (by
/// `NO_COLOR`): crossterm writes each as `ESC[m` (`ESC[;m` for a pair).
fn requested_colours(bytes: &[u8]) -> usize {
    let mut rest = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(FRAME_RESET_WITHOUT_COLOUR) {
            i += FRAME_RESET_WITHOUT_COLOUR.len();
        } else {
            rest.push(bytes[i]);
            i += 1;
        }
    }
    let count = |needle: &[u8]| rest.windows(needle.len()).filter(|w| *w == needle).count();
    count(b"\x1b[m") + count(b"\x1b[;m")
}

/// Sends `signal` mid-campaign: the game leaves within its tick, restores the terminal
/// and exits 0.
fn signal_restores(signal: libc::c_int) {
    let mut s = campaign();
    s.send("c");
    s.wait_for_text("Week 2/12");
    s.signal(signal);
    let status = s.wait_exit(PROMPTLY);
    assert!(status.success(), "exit status {status}");
    s.assert_restored();
}

mod drawing;
mod hangups;
mod quitting;
mod start_up;
