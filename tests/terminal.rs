//! End-to-end runs of the real `arenas` binary in a pseudo-terminal: what a player sees
//! (parsed by `vt100`) and what the terminal is left in on every way out — quit, Ctrl-C,
//! SIGTERM, SIGHUP. Nothing sleeps: every wait is for a screen state, an exit or the end
//! of the output, with a deadline that fails the test with the screen it saw.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use portable_pty::{ChildKiller, CommandBuilder, ExitStatus, MasterPty, PtySize};

/// How long any one expected thing may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(10);
/// How long the game may take to leave after Ctrl-C or a signal.
const PROMPTLY: Duration = Duration::from_secs(2);

/// What crossterm 0.29 writes for `LeaveAlternateScreen`.
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
/// What crossterm 0.29 writes for `DisableMouseCapture` (src/event.rs).
const DISABLE_MOUSE_CAPTURE: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";

/// The game running in a pseudo-terminal.
struct Session {
    master: Box<dyn MasterPty + Send>,
    input: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    exit: Receiver<ExitStatus>,
    killer: Box<dyn ChildKiller + Send + Sync>,
    pid: u32,
    parser: vt100::Parser,
    /// Every byte the game wrote, in order.
    raw: Vec<u8>,
    /// Whether the output has ended (the game closed the terminal).
    closed: bool,
    exited: bool,
}

/// Starts `arenas ARGS` in a `cols`x`rows` terminal; `no_color` sets `NO_COLOR=1`,
/// otherwise `NO_COLOR` is removed from the environment.
fn spawn(args: &[&str], (cols, rows): (u16, u16), no_color: bool) -> Session {
    let pty = portable_pty::native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_arenas"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let mut child = pty.slave.spawn_command(cmd).expect("spawn arenas");
    // Only the child keeps the terminal's slave side open, so its exit ends the output.
    drop(pty.slave);
    let pid = child.process_id().expect("child pid");
    let killer = child.clone_killer();
    let (exit_tx, exit) = mpsc::channel();
    std::thread::spawn(move || {
        if let Ok(status) = child.wait() {
            let _ = exit_tx.send(status);
        }
    });
    let mut reader = pty.master.try_clone_reader().expect("pty reader");
    let (tx, output) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        // Ends at EOF or EIO: every slave descriptor is closed.
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let input = pty.master.take_writer().expect("pty writer");
    Session {
        master: pty.master,
        input,
        output,
        exit,
        killer,
        pid,
        parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
        raw: Vec::new(),
        closed: false,
        exited: false,
    }
}

/// Starts a campaign with seed 3 at 80x24, in colour.
fn campaign() -> Session {
    let mut s = spawn(&["play", "--seed", "3"], (80, 24), false);
    s.wait_for_text("Turn 1/12");
    s
}

impl Session {
    fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    fn text(&self) -> String {
        self.screen().contents()
    }

    fn take(&mut self, bytes: Vec<u8>) {
        self.parser.process(&bytes);
        self.raw.extend_from_slice(&bytes);
    }

    /// Feeds output to the screen until `holds(screen text)`; fails after `deadline` with
    /// the screen as it is.
    fn wait_for(&mut self, what: &str, holds: impl Fn(&str) -> bool, deadline: Duration) {
        let end = Instant::now() + deadline;
        while !holds(&self.text()) {
            let left = end.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.take(bytes),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out waiting for {what}; the screen:\n{}", self.text())
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the game closed the terminal before {what}; the screen:\n{}",
                        self.text()
                    )
                }
            }
        }
    }

    fn wait_for_text(&mut self, needle: &str) {
        self.wait_for(&format!("{needle:?}"), |t| t.contains(needle), DEADLINE);
    }

    fn wait_for_no_text(&mut self, needle: &str) {
        self.wait_for(
            &format!("{needle:?} to go"),
            |t| !t.contains(needle),
            DEADLINE,
        );
    }

    /// Types `keys` as a terminal would send them.
    fn send(&mut self, keys: &str) {
        self.input
            .write_all(keys.as_bytes())
            .expect("write to the pty");
        self.input.flush().expect("flush the pty");
    }

    fn resize(&mut self, (cols, rows): (u16, u16)) {
        self.parser.set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.pid).expect("pid");
        // SAFETY: kill(2) has no memory effects; the pid is our own child, not yet reaped.
        assert_eq!(
            unsafe { libc::kill(pid, signal) },
            0,
            "kill({pid}, {signal})"
        );
    }

    /// Waits for the game to exit within `deadline`, then reads the rest of its output.
    fn wait_exit(&mut self, deadline: Duration) -> ExitStatus {
        let status = match self.exit.recv_timeout(deadline) {
            Ok(status) => status,
            Err(_) => panic!(
                "the game did not exit within {deadline:?}; the screen:\n{}",
                self.text()
            ),
        };
        self.exited = true;
        let end = Instant::now() + DEADLINE;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.take(bytes),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!("the output did not end after exit"),
            }
        }
        self.closed = true;
        status
    }

    /// Asserts the game left the terminal as it found it: main screen, cursor shown, no
    /// mouse reporting, and the leaving sequences really written.
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

impl Drop for Session {
    fn drop(&mut self) {
        if !self.exited {
            let _ = self.killer.kill();
        }
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal dimension is not zero")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The colour parameters of every SGR sequence (`ESC [ … m`) in `bytes`: foreground,
/// background and underline colours, basic, bright, 256-colour or RGB. Resets to the
/// default colour (39, 49, 59) are not colours.
fn sgr_colours(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(start) = bytes[i..].windows(2).position(|w| w == b"\x1b[") {
        let params_start = i + start + 2;
        let len = bytes[params_start..]
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';' || *b == b':'))
            .unwrap_or(bytes.len() - params_start);
        let end = params_start + len;
        if bytes.get(end) == Some(&b'm') {
            let params = String::from_utf8_lossy(&bytes[params_start..end]).into_owned();
            let first: u32 = params
                .split([';', ':'])
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            let colour = matches!(first, 30..=38 | 40..=48 | 58 | 90..=97 | 100..=107)
                || params.split(';').any(|p| matches!(p, "38" | "48" | "58"));
            if colour {
                found.push(params);
            }
        }
        i = end;
    }
    found
}

#[test]
fn play_commit_help_and_quit_restore_the_terminal() {
    let mut s = campaign();
    assert!(
        s.screen().alternate_screen(),
        "the game is not on the alternate screen"
    );
    assert!(s.screen().hide_cursor(), "the cursor is shown during play");
    assert_ne!(
        s.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture is off during play"
    );
    assert!(
        !sgr_colours(&s.raw).is_empty(),
        "no colour without NO_COLOR"
    );
    s.send("c");
    s.wait_for_text("Turn 2/12");
    s.wait_for_text("Week 1 resolved");
    s.send("?");
    s.wait_for_text("Help — Esc closes");
    s.send(ESC);
    s.wait_for_no_text("Help — Esc closes");
    s.send("q");
    s.wait_for_text("Quit Arenas?");
    s.send("y");
    let status = s.wait_exit(DEADLINE);
    assert!(status.success(), "exit status {status}");
    s.assert_restored();
}

#[test]
fn quit_can_be_declined() {
    let mut s = campaign();
    s.send("q");
    s.wait_for_text("Quit Arenas?");
    s.send("n");
    s.wait_for_no_text("Quit Arenas?");
    s.send("c");
    s.wait_for_text("Turn 2/12");
    s.send("qy");
    assert!(s.wait_exit(DEADLINE).success());
    s.assert_restored();
}

#[test]
fn ctrl_c_leaves_at_once_and_restores_the_terminal() {
    let mut s = campaign();
    s.send("c");
    s.wait_for_text("Turn 2/12");
    let sent = Instant::now();
    s.send(CTRL_C);
    let status = s.wait_exit(PROMPTLY);
    assert!(status.success(), "exit status {status}");
    assert!(sent.elapsed() < PROMPTLY, "left after {:?}", sent.elapsed());
    s.assert_restored();
}

/// Sends `signal` mid-campaign: the game leaves within the tick, restores the terminal
/// and exits 0.
fn signal_restores(signal: libc::c_int) {
    let mut s = campaign();
    s.send("c");
    s.wait_for_text("Turn 2/12");
    s.signal(signal);
    let status = s.wait_exit(PROMPTLY);
    assert!(status.success(), "exit status {status}");
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores(libc::SIGHUP);
}

#[test]
fn a_small_terminal_asks_to_be_enlarged_and_redraws_when_it_is() {
    let mut s = spawn(&["play", "--seed", "3"], (60, 20), false);
    s.wait_for_text("Enlarge");
    s.wait_for_text("(now 60×20)");
    s.resize((80, 24));
    s.wait_for_text("Turn 1/12");
    s.wait_for_no_text("Enlarge");
    s.send("qy");
    assert!(s.wait_exit(DEADLINE).success());
    s.assert_restored();
}

#[test]
fn no_color_draws_without_colour_but_shows_the_selection() {
    let mut s = spawn(&["play", "--seed", "3"], (80, 24), true);
    s.wait_for_text("Turn 1/12");
    // Exercise more styles: a resolved week (new log entries, changes), why, help.
    s.send("c");
    s.wait_for_text("Turn 2/12");
    s.send("w");
    s.wait_for_text("Why the meters moved");
    s.send(ESC);
    s.wait_for_no_text("Why the meters moved");
    s.send("?");
    s.wait_for_text("Help — Esc closes");
    s.send(ESC);
    s.wait_for_no_text("Help — Esc closes");
    let colours = sgr_colours(&s.raw);
    assert!(
        colours.is_empty(),
        "colour codes with NO_COLOR=1: {colours:?}"
    );
    assert!(contains(&s.raw, b"\x1b[7m"), "no reverse video");
    let screen = s.screen();
    let (rows, cols) = (screen.size().0.get(), screen.size().1.get());
    let cells = || (0..rows).flat_map(move |r| (0..cols).filter_map(move |c| screen.cell(r, c)));
    assert!(
        cells()
            .all(|c| c.fgcolor() == vt100::Color::Default && c.bgcolor() == vt100::Color::Default),
        "a coloured cell with NO_COLOR=1"
    );
    assert!(
        cells().any(|c| c.inverse() && c.contents() != " "),
        "no selected cell in reverse video:\n{}",
        s.text()
    );
    s.send("qy");
    assert!(s.wait_exit(DEADLINE).success());
    s.assert_restored();
}

#[test]
fn main_menu_starts_a_campaign() {
    let mut s = spawn(&[], (80, 24), false);
    s.wait_for_text("New campaign");
    s.send("\r");
    s.wait_for_text("Choose a scenario");
    s.send("\r");
    s.wait_for_text("Turn 1/12");
    s.send("qy");
    assert!(s.wait_exit(DEADLINE).success());
    s.assert_restored();
}

#[test]
fn a_large_terminal_shows_the_roomy_layout() {
    let mut s = spawn(&["play", "--seed", "3"], (120, 40), false);
    s.wait_for_text("Turn 1/12");
    s.wait_for_text("points left");
    s.send("c");
    s.wait_for_text("Turn 2/12");
    s.send("qy");
    assert!(s.wait_exit(DEADLINE).success());
    s.assert_restored();
}
