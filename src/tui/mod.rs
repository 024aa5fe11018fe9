//! The terminal interface: a synchronous loop that draws the app, then handles one event.
//! It knows nothing of formulas; the engine knows nothing of terminals.

pub mod app;
pub mod keys;
pub mod layout;
pub mod map;
pub mod theme;
mod views;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::{DefaultTerminal, Frame};

pub use app::App;

/// Draws the app into a frame (also used by tests and benches on a `TestBackend`).
pub fn draw(frame: &mut Frame, app: &App) {
    views::draw(frame, app);
}

/// How long the loop waits for input before checking for a termination signal.
const TICK: Duration = Duration::from_millis(200);
/// How often the screen follows background work (a forecast) as it progresses.
const BUSY_TICK: Duration = Duration::from_millis(40);

/// How long a hang-up gives the loop to leave on its own before the process ends.
const HANG_UP_GRACE: Duration = Duration::from_millis(500);

/// Runs the interface until the player quits; the terminal is restored on every exit path:
/// quit, error, panic, Ctrl-C, SIGTERM and SIGHUP. Committed turns are already saved.
pub fn run(mut app: App) -> io::Result<()> {
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
    let result = event_loop(&mut terminal, &mut app, &terminated);
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

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    terminated: &AtomicBool,
) -> io::Result<()> {
    let size = terminal.size()?;
    app.size = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    while app.running && !terminated.load(Ordering::Relaxed) {
        terminal.draw(|frame| draw(frame, app))?;
        // While work runs in the background, redraw often enough to follow it.
        let tick = if app.busy() { BUSY_TICK } else { TICK };
        if event::poll(tick)? {
            let event = event::read()?;
            app.handle_event(&event);
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
