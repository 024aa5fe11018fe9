//! `arenas serve`: a whole class plays from one machine over SSH. Each connection gets the
//! whole game in the student's own terminal, with saves in the student's folder of the
//! class folder; the instructor's terminal shows the class as it plays (the dashboard), or
//! log lines when it is not a terminal.
//!
//! The parts: [`class`] holds what every connection shares (settings, rows, broadcasts,
//! limits), [`connection`] speaks SSH for one client, [`game`] runs one student's
//! interface (or their seat in a room of team play), [`rooms`] hosts the rooms,
//! [`remote_terminal`] draws it as bytes, [`store`] keeps the student's files, [`disk`]
//! keeps disk waits off other students' keys, `report` writes the class report, and
//! [`dashboard`] shows the class.
//!
//! Depends on the interface, the file formats, the simulation layer and the reports; the
//! binary depends on it only with the `server` feature, and nothing else does.

pub mod class;
mod connection;
pub mod dashboard;
mod disk;
mod game;
mod host_key;
mod remote_terminal;
mod report;
pub mod rooms;
mod store;

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use russh::server::Config;
use tokio::net::TcpListener;

#[doc(hidden)]
pub use class::Faults;
pub use class::{Access, Broadcast, Class, Handout, Settings};
use connection::Connection;
pub use host_key::load_or_create as host_key;

use arenas_sim::forecast::Pool;

/// How long a connection may take from its first byte to a successful login, unless the
/// settings say otherwise: long enough to answer ssh's question about the host key and type
/// the class code, short enough that connections that never log in do not pile up.
pub const LOGIN_DEADLINE: Duration = Duration::from_secs(20);

/// How long a session waits for its client to take a screen, unless the settings say
/// otherwise.
pub const STALL_DEADLINE: Duration = Duration::from_secs(30);

/// Accepts connections until `stop` says the class is over, each on a task of its own: an
/// address over its limits is refused before a byte of SSH, the SSH handshake and the
/// login must be done within the settings' `login` time, and every connection is closed
/// with the stop's message.
async fn accept(
    class: Arc<Class>,
    config: Arc<Config>,
    socket: TcpListener,
    stop: tokio::sync::watch::Receiver<Option<String>>,
) {
    let mut stopped = stop.clone();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = socket.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors, say: the listener stays, and tries again soon.
                    class.log(format!("cannot accept a connection: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = stopped.changed() => return,
        };
        let Some(admitted) = class.admit(peer.ip()) else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let connection = Connection::new(Arc::clone(&class), peer, admitted);
        let logged_in = connection.logged_in();
        let (config, mut stop) = (Arc::clone(&config), stop.clone());
        let login = class.settings.login;
        tokio::spawn(async move {
            let deadline = tokio::time::Instant::now() + login;
            let started = tokio::time::timeout_at(
                deadline,
                russh::server::run_stream(config, stream, connection),
            );
            let Ok(Ok(session)) = started.await else {
                return;
            };
            let handle = session.handle();
            let late = async {
                tokio::time::sleep_until(deadline).await;
                if logged_in.load(std::sync::atomic::Ordering::Acquire) {
                    std::future::pending::<()>().await;
                }
            };
            let reason = tokio::select! {
                _ = session => {
                    // The connection's buffers are gone too.
                    give_back_memory();
                    return;
                }
                () = late => "no login in time".to_owned(),
                _ = stop.changed() => stop.borrow().clone().unwrap_or_default(),
            };
            let _ = handle
                .disconnect(russh::Disconnect::ByApplication, reason, String::new())
                .await;
        });
    }
}

/// Sets the C library's allocator up for a server whose sessions come and go: at most one
/// arena per core (rather than eight), so that what a session frees is not kept, scattered
/// over many arenas, for reuse; with [`give_back_memory`] it goes back to the system. Call
/// it before the runtime starts its threads.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let arenas = libc::c_int::try_from(cores.max(2)).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt takes no pointer; it only changes the allocator's parameters,
        // and is called before the server's threads start.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

/// Gives memory freed by a session or a connection back to the system.
pub(crate) fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only returns the allocator's free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Forecasts queued at once on the shared pool: one per session is the most there can be.
fn pool(settings: &Settings) -> std::io::Result<Pool> {
    let threads = NonZeroUsize::new(settings.forecast_threads).unwrap_or(NonZeroUsize::MIN);
    Pool::new(threads, settings.max_sessions.max(1))
}

/// A server listening, with its class.
pub struct Running {
    pub class: Arc<Class>,
    /// Where it listens (with the port the system chose for port 0).
    pub address: SocketAddr,
    /// The host key's SHA-256 fingerprint, as `ssh` shows it.
    pub fingerprint: String,
    stop: tokio::sync::watch::Sender<Option<String>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Ends the class: every session saves and shows `message`, then the server stops
    /// accepting; returns when every client has left (having had its closing screen and
    /// exit status) or has had `grace` to.
    pub async fn end(self, message: &str, grace: Duration) {
        self.class.broadcast(Broadcast::End(message.to_owned()));
        let deadline = tokio::time::Instant::now() + grace;
        while self.class.connections() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = self.stop.send(Some(message.to_owned()));
        let _ = self.task.await;
        // The last lines of the log (who left) are written out before the process ends.
        let class = self.class;
        let _ = tokio::task::spawn_blocking(move || class.flush_log(Duration::from_secs(2))).await;
    }
}

/// Starts a class server on `listen` (port 0 picks a free port), on the current tokio
/// runtime; `log_to_stdout` when no dashboard shows the log.
///
/// # Errors
/// When the host key cannot be read or written, the forecast pool cannot start, or the
/// address cannot be bound.
pub async fn start(
    settings: Settings,
    listen: SocketAddr,
    log_to_stdout: bool,
) -> std::io::Result<Running> {
    start_with_faults(settings, Faults::default(), listen, log_to_stdout).await
}

/// [`start`] with faults injected, for tests.
///
/// # Errors
/// As [`start`].
#[doc(hidden)]
pub async fn start_with_faults(
    settings: Settings,
    faults: Faults,
    listen: SocketAddr,
    log_to_stdout: bool,
) -> std::io::Result<Running> {
    let dir = settings.dir.clone();
    let key = disk::may_wait_on_disk(|| host_key::load_or_create(&dir))?;
    let fingerprint = key
        .public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string();
    let pool = pool(&settings)?;
    let idle = settings.idle;
    let class = Class::with_faults(settings, pool, log_to_stdout, faults);
    let config = Config {
        keys: vec![key],
        methods: russh::MethodSet::from(&[russh::MethodKind::Password][..]),
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: class::AUTH_ATTEMPTS as usize + 1,
        // A connection that says nothing is dropped, well after the game's own idle close.
        inactivity_timeout: Some(idle + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        ..Config::default()
    };
    let socket = TcpListener::bind(listen).await?;
    let address = socket.local_addr()?;
    let (stop, stopped) = tokio::sync::watch::channel(None);
    let task = tokio::spawn(accept(
        Arc::clone(&class),
        Arc::new(config),
        socket,
        stopped,
    ));
    class.log(format!("listening on {address}; host key {fingerprint}"));
    class.rooms.keep_time_on(tokio::runtime::Handle::current());
    for _ in 0..class.settings.rooms.min(rooms::MAX_ROOMS) {
        class.open_room();
    }
    Ok(Running {
        class,
        address,
        fingerprint,
        stop,
        task,
    })
}
