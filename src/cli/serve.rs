//! `arenas serve`: starts the class server, prints how students connect and the host key's
//! fingerprint, then shows the dashboard until the instructor ends the class (or writes
//! log lines when stdout is not a terminal); SIGTERM and SIGHUP (and SIGINT without the
//! dashboard) end the class the same way.

use std::io::{self, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event;

use super::console::{Console, errln, outln};
use super::{INVALID, print_diagnostics, shown};
use arenas_files::scenario;
use arenas_serve::dashboard::{Command, Dashboard};
use arenas_serve::{Access, Handout, Running, Settings};
use arenas_tui::runner::convert;

/// Arguments of `arenas serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on. A LAN address must be given explicitly; the
    /// default reaches this machine only.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: SocketAddr,
    /// The class folder: the host key, and each student's saves in `students/NAME/`.
    #[arg(long, value_name = "DIR")]
    pub class_dir: PathBuf,
    /// The scenario every new campaign starts from (default: students choose among the
    /// bundled ones).
    #[arg(long, value_name = "ID|FILE")]
    pub scenario: Option<String>,
    /// A save every student finds among their saves, and that `h` on the dashboard moves
    /// everyone to (with the saves in the class folder's `handouts/`).
    #[arg(long, value_name = "SAVE")]
    pub handout: Option<PathBuf>,
    /// The class code: students give it as the SSH password.
    #[arg(
        long,
        value_name = "CODE",
        required_unless_present = "open",
        conflicts_with = "open"
    )]
    pub password: Option<String>,
    /// Admit anyone, with any password (a trusted lab network only).
    #[arg(long)]
    pub open: bool,
    /// Students playing at once.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub max_sessions: u16,
    /// Minutes without a key after which a session is closed (its campaign is saved).
    #[arg(long, value_name = "MINUTES", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=1440))]
    pub idle_minutes: u16,
    /// Rooms for team play to open at the start (students take a member's seat in one;
    /// the dashboard opens more).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=64))]
    pub rooms: u8,
    /// Seconds each week of a room lasts before seats that have not committed hold.
    #[arg(long, value_name = "SECONDS", default_value_t = 180, value_parser = clap::value_parser!(u16).range(20..=3600))]
    pub deadline_seconds: u16,
    #[command(flatten)]
    pub teaching: super::TeachingArgs,
}

/// The shortest class code accepted.
const MIN_CODE: usize = 6;

/// Runs `arenas serve`.
pub fn run(con: &mut Console, args: &ServeArgs, folders: &super::Folders) -> ExitCode {
    let settings = match settings(con, args, folders) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let interactive = io::stdout().is_terminal() && io::stdin().is_terminal();
    arenas_serve::tune_allocator();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("arenas-serve")
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            errln!(con, "error: cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let running = match runtime.block_on(arenas_serve::start(settings, args.listen, !interactive)) {
        Ok(r) => r,
        Err(e) => {
            errln!(
                con,
                "error: cannot start the server on {}: {e}",
                args.listen
            );
            return ExitCode::FAILURE;
        }
    };
    let header = [
        format!(
            "Arenas class server on {} · students type: ssh -p {} NAME@{}",
            running.address,
            running.address.port(),
            if running.address.ip().is_unspecified() {
                "THIS-MACHINE".to_owned()
            } else {
                running.address.ip().to_string()
            },
        ),
        format!(
            "Host key {} (students compare it when ssh asks)",
            running.fingerprint
        ),
    ];
    for line in &header {
        outln!(con, "{line}");
    }
    outln!(
        con,
        "Saves go to {}.",
        shown(&args.class_dir.join("students"))
    );
    log_panics(&running, interactive);
    let ended = if interactive {
        dashboard(&running, &header)
    } else {
        wait_for_signal().map(|()| Terminal::Here)
    };
    let terminal = match ended {
        Ok(terminal) => terminal,
        Err(e) => {
            errln!(con, "error: the dashboard failed: {e}; ending the class");
            Terminal::Here
        }
    };
    runtime.block_on(running.end("The class has ended.", Duration::from_secs(5)));
    // A terminal that hung up hears nothing more.
    match terminal {
        Terminal::Here => outln!(con, "The class has ended; every campaign is saved."),
        Terminal::Gone => con.terminal_gone(),
    }
    ExitCode::SUCCESS
}

/// The class's settings from the arguments, or the exit code of what is wrong.
fn settings(
    con: &mut Console,
    args: &ServeArgs,
    folders: &super::Folders,
) -> Result<Settings, ExitCode> {
    let class = args.teaching.settings().map_err(|e| {
        errln!(con, "error: {e}");
        ExitCode::from(INVALID)
    })?;
    let access = match (&args.password, args.open) {
        (Some(code), _) if code.chars().count() < MIN_CODE => {
            errln!(
                con,
                "error: the class code is {} characters; use at least {MIN_CODE}, not a word \
                 anyone would guess",
                code.chars().count()
            );
            return Err(ExitCode::from(INVALID));
        }
        (Some(code), _) => Access::Code(code.clone()),
        (None, _) => Access::Open,
    };
    let scenario = match &args.scenario {
        Some(id) => Some(
            scenario::resolve(id, &folders.scenarios).map_err(|d| print_diagnostics(con, &d))?,
        ),
        None => None,
    };
    let handout = match &args.handout {
        Some(path) => Some(Handout::read(path).map_err(|d| print_diagnostics(con, &d))?),
        None => None,
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    Ok(Settings {
        dir: args.class_dir.clone(),
        scenario,
        handout,
        class,
        access,
        max_sessions: usize::from(args.max_sessions),
        idle: Duration::from_secs(u64::from(args.idle_minutes) * 60),
        // One core is left to the students' keys.
        forecast_threads: cores.saturating_sub(1).max(1),
        rooms: usize::from(args.rooms),
        deadline: Duration::from_secs(u64::from(args.deadline_seconds)),
        login: arenas_serve::LOGIN_DEADLINE,
        stall: arenas_serve::STALL_DEADLINE,
    })
}

/// A panic in a student's session goes to the class log (the session ends, the others play
/// on); one on the main thread restores the dashboard's terminal first and is printed as
/// usual, on stderr. Nothing here can fail in turn: the log never waits on or fails with
/// stdout, and the terminal's restoring and the default message ignore write errors.
fn log_panics(running: &Running, dashboard: bool) {
    let class = Arc::clone(&running.class);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            if dashboard {
                // Not `ratatui::restore`, which reports its own failure with `eprintln!`.
                let _ = ratatui::try_restore();
            }
            default_hook(info);
        } else {
            class.log(format!(
                "a session failed: {}",
                arenas_files::text::clean(&info.to_string())
            ));
        }
    }));
}

/// Waits for SIGTERM, SIGHUP (the terminal or session that started the server went away)
/// or SIGINT.
fn wait_for_signal() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let _ = signals.forever().next();
    Ok(())
}

/// Whether the server's terminal is still there when the dashboard ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Terminal {
    Here,
    /// It hung up.
    Gone,
}

/// How often the dashboard is drawn again without a key.
const DASHBOARD_TICK: Duration = Duration::from_millis(250);

/// Shows the dashboard until the instructor ends the class, SIGTERM or SIGHUP comes, or
/// the terminal hangs up; the terminal is restored on every exit path.
///
/// Keys are read on a thread of their own: on a terminal that has hung up, crossterm spins
/// inside its read (crossterm issue #793), and the class must still end, its students told
/// and their campaigns saved, rather than the server spinning on without a terminal.
fn dashboard(running: &Running, header: &[String]) -> io::Result<Terminal> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let terminated = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&terminated))?;
    }
    let gone = Arc::new(AtomicBool::new(false));
    {
        let (terminated, gone) = (Arc::clone(&terminated), Arc::clone(&gone));
        std::thread::Builder::new()
            .name("arenas-hang-up".into())
            .spawn(move || {
                if crate::terminal::wait_for_hang_up() {
                    gone.store(true, Ordering::Relaxed);
                    terminated.store(true, Ordering::Relaxed);
                }
            })?;
    }
    let mut terminal = ratatui::try_init()?;
    let (keys, inputs) = std::sync::mpsc::sync_channel(64);
    std::thread::Builder::new()
        .name("arenas-keys".into())
        .spawn(move || {
            while let Ok(ev) = event::read() {
                if let Some(input) = convert(&ev)
                    && keys.send(input).is_err()
                {
                    return;
                }
            }
        })?;
    let class = &running.class;
    let mut board = Dashboard::default();
    let result = (|| -> io::Result<()> {
        while !terminated.load(Ordering::Relaxed) {
            board.tick(class, Duration::ZERO);
            terminal.draw(|f| board.draw(f, class, header))?;
            match inputs.recv_timeout(DASHBOARD_TICK) {
                Ok(input) if board.input(class, input) == Command::End => return Ok(()),
                Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                // The terminal gave no more keys: it is gone.
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    gone.store(true, Ordering::Relaxed);
                    return Ok(());
                }
            }
        }
        Ok(())
    })();
    // A terminal that is gone is no reason to fail here (and `ratatui::restore` would
    // panic reporting it on a stderr that is gone too); dropping the terminal would show
    // the cursor again and report a failure on stderr, which panics when the terminal is
    // gone, so it is forgotten once restored.
    let _ = ratatui::crossterm::execute!(io::stdout(), ratatui::crossterm::cursor::Show);
    let _ = ratatui::try_restore();
    std::mem::forget(terminal);
    if gone.load(Ordering::Relaxed) {
        return Ok(Terminal::Gone);
    }
    result.map(|()| Terminal::Here)
}
