//! The local terminal runner: the only code that owns process-wide things — signal
//! handlers, the panic hook, the hang-up watch — and the terminal itself (raw mode, the
//! alternate screen, mouse capture). It draws, reads crossterm events, converts them and
//! hands them to a [`Session`].

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use super::{Session, convert};
use crate::tui::input::Input;
use crate::tui::store::Store;
use crate::tui::theme::Theme;

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

/// How long a hang-up gives the loop to leave on its own before the process ends.
const HANG_UP_GRACE: Duration = Duration::from_millis(500);

/// Runs a session in this process's terminal until the player quits; the terminal is
/// restored on every exit path: quit, error, panic, Ctrl-C, SIGTERM and SIGHUP. Committed
/// turns are already saved.
pub fn run<S: Store>(mut session: Session<S>) -> io::Result<()> {
    let terminated = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&terminated))?;
    }
    let (running, finished) = mpsc::channel::<()>();
    watch_hang_up(finished)?;
    // The default hook, taken before `ratatui::init` installs its own, prints the message.
    let default_hook = std::panic::take_hook();
    let mut terminal = ratatui::init();
    install_panic_hook(default_hook);
    // Mouse capture is best effort: without it the keyboard still does everything.
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut session, &terminated);
    restore();
    // Dropping the terminal would show the cursor again and report a failure on stderr,
    // which panics when the terminal is gone; `restore` has shown it already.
    std::mem::forget(terminal);
    drop(running);
    result
}

/// When the terminal hangs up, the loop may be stuck reading it (crossterm spins on a
/// closed terminal); after a grace period the process leaves without touching it.
fn watch_hang_up(finished: mpsc::Receiver<()>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGHUP])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some()
            && matches!(
                finished.recv_timeout(HANG_UP_GRACE),
                Err(mpsc::RecvTimeoutError::Timeout)
            )
        {
            std::process::exit(0);
        }
    });
    Ok(())
}

fn event_loop<S: Store>(
    terminal: &mut DefaultTerminal,
    session: &mut Session<S>,
    terminated: &AtomicBool,
) -> io::Result<()> {
    let size = terminal.size()?;
    session.input(Input::Resize(size.width, size.height));
    while session.running() && !terminated.load(Ordering::Relaxed) {
        session.poll();
        terminal.draw(|frame| crate::tui::draw(frame, &session.app))?;
        // While work runs in the background, redraw often enough to follow it.
        let tick = if session.app.busy() { BUSY_TICK } else { TICK };
        if event::poll(tick)?
            && let Some(input) = convert(&event::read()?)
        {
            session.input(input);
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
