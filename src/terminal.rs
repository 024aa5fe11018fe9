//! The local terminal runner: the only code that owns process-wide things — signal
//! handlers, the panic hook, the watch for signals and hang-ups — and the terminal itself
//! (raw mode, the alternate screen, mouse capture). It draws, reads crossterm events,
//! converts them and hands them to a [`Runner`].

use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::{DefaultTerminal, Terminal};
use rustix::event::{PollFd, PollFlags};

use arenas_tui::input::Input;
use arenas_tui::runner::{Runner, convert};
use arenas_tui::store::Store;
use arenas_tui::theme::Theme;

/// Which standard stream the interface needs as a terminal is not one: `"stdout"` or
/// `"stdin"`; `None` when both are terminals.
pub fn not_a_terminal() -> Option<&'static str> {
    if !io::stdout().is_terminal() {
        Some("stdout")
    } else if !io::stdin().is_terminal() {
        Some("stdin")
    } else {
        None
    }
}

/// The theme the process environment asks for: colour unless the `NO_COLOR` convention
/// asks for none.
pub fn theme_from_env() -> Theme {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color { Theme::MONO } else { Theme::COLOUR }
}

/// How long the loop waits for input before checking for a termination signal.
const TICK: Duration = Duration::from_millis(200);
/// How often the screen follows background work (a forecast) as it progresses.
const BUSY_TICK: Duration = Duration::from_millis(40);

/// How long a signal or a hang-up gives the loop to leave on its own before the process
/// ends.
const HANG_UP_GRACE: Duration = Duration::from_millis(500);

/// Runs `runner` in this process's terminal (stdin and stdout, see [`not_a_terminal`])
/// until the player quits; the terminal is restored on every exit path: quit, error, panic,
/// Ctrl-C, SIGTERM, SIGINT and SIGHUP. Committed turns are already saved (the game saves
/// after every week), so leaving on a signal or a hang-up loses only the orders not yet
/// committed.
///
/// # Errors
/// When the terminal cannot be set up (what was set up is undone) or fails while the
/// player is there; after a signal or a hang-up, a terminal that fails is no error.
pub fn run<S: Store>(mut runner: Runner<S>) -> io::Result<()> {
    let terminated = Arc::new(AtomicBool::new(false));
    let watch = watch(Arc::clone(&terminated))?;
    // The hook taken here, the default one, prints the message after the terminal is
    // restored.
    install_panic_hook(std::panic::take_hook());
    let mut terminal = set_up()?;
    // Mouse capture is best effort: without it the keyboard still does everything.
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut runner, &terminated);
    restore();
    // Dropping the terminal would show the cursor again and report a failure on stderr,
    // which panics when the terminal is gone; `restore` has shown it already.
    std::mem::forget(terminal);
    drop(watch);
    if terminated.load(Ordering::Relaxed) {
        return Ok(());
    }
    result
}

/// Raw mode and the alternate screen; if either fails, what was set up is undone.
fn set_up() -> io::Result<DefaultTerminal> {
    let terminal = enable_raw_mode()
        .and_then(|()| execute!(io::stdout(), EnterAlternateScreen))
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
    if terminal.is_err() {
        restore();
    }
    terminal
}

/// What the watch hears.
enum Watched {
    /// A termination signal, or the terminal hung up: the runner should end.
    End,
    /// The loop has ended.
    Finished,
}

/// Held while the loop runs; dropping it tells the watch the loop has ended.
struct Watch(mpsc::Sender<Watched>);

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.0.send(Watched::Finished);
    }
}

/// Watches, on threads of its own, for SIGTERM, SIGINT and SIGHUP, and for the terminal
/// hanging up — seen on stdin and stdout themselves, so also when the terminal is not this
/// process's controlling terminal and no SIGHUP comes. Either sets `terminated`, and the
/// loop leaves at its next tick. The loop can be stuck, though: crossterm 0.29 spins
/// inside `event::poll` on a hung-up terminal (crossterm issue #793). So if it has not
/// ended after [`HANG_UP_GRACE`], the process exits (code 0) without touching the
/// terminal.
fn watch(terminated: Arc<AtomicBool>) -> io::Result<Watch> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let (tx, heard) = mpsc::channel();
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    let signalled = tx.clone();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = signalled.send(Watched::End);
        }
    });
    let hung_up = tx.clone();
    std::thread::spawn(move || {
        if wait_for_hang_up() {
            let _ = hung_up.send(Watched::End);
        }
    });
    std::thread::spawn(move || {
        if !matches!(heard.recv(), Ok(Watched::End)) {
            return;
        }
        terminated.store(true, Ordering::Relaxed);
        let deadline = Instant::now() + HANG_UP_GRACE;
        loop {
            match heard.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(Watched::End) => {}
                Ok(Watched::Finished) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
                Err(mpsc::RecvTimeoutError::Timeout) => std::process::exit(0),
            }
        }
    });
    Ok(Watch(tx))
}

/// Blocks until the terminal on stdin or stdout hangs up (or fails); `false` when they
/// cannot be watched.
pub(crate) fn wait_for_hang_up() -> bool {
    let (stdin, stdout) = (io::stdin(), io::stdout());
    // With no events asked for, poll(2) returns only for a hang-up, an error or a
    // descriptor that is not open.
    let mut fds = [
        PollFd::new(&stdin, PollFlags::empty()),
        PollFd::new(&stdout, PollFlags::empty()),
    ];
    loop {
        match rustix::event::poll(&mut fds, None) {
            Ok(_) => {
                let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
                return fds.iter().any(|fd| fd.revents().intersects(gone));
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return false,
        }
    }
}

fn event_loop<S: Store>(
    terminal: &mut DefaultTerminal,
    runner: &mut Runner<S>,
    terminated: &AtomicBool,
) -> io::Result<()> {
    while runner.running() && !terminated.load(Ordering::Relaxed) {
        // The size is read before every draw, so that a key never meets a size the app has
        // not heard of (a resize event may come after a key pressed on the new screen).
        let size = terminal.size()?;
        if (size.width, size.height) != (runner.app.size.width, runner.app.size.height) {
            runner.input(Input::Resize(size.width, size.height));
        }
        runner.poll();
        terminal.draw(|frame| arenas_tui::draw(frame, &runner.app))?;
        // While work runs in the background, redraw often enough to follow it.
        let tick = if runner.app.busy() { BUSY_TICK } else { TICK };
        if event::poll(tick)?
            && let Some(input) = convert(&event::read()?)
        {
            runner.input(input);
        }
    }
    Ok(())
}

/// Leaves raw mode, the alternate screen and mouse capture; a terminal that is gone is no
/// error.
fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture, Show);
    let _ = ratatui::try_restore();
}

/// Restores the terminal (mouse capture included), then prints the panic message.
fn install_panic_hook(default_hook: Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send>) {
    std::panic::set_hook(Box::new(move |info| {
        restore();
        default_hook(info);
    }));
}
