//! `arenas serve`: a whole class plays from one machine over SSH. Each connection gets the
//! whole game in the student's own terminal, with saves in the student's folder of the
//! class folder; the instructor's terminal shows the class as it plays (the dashboard), or
//! log lines when it is not a terminal.
//!
//! The parts: [`class`] holds what every connection shares (settings, rows, broadcasts,
//! limits), [`connection`] speaks SSH for one client, [`game`] runs one student's
//! interface, [`screen`] draws it as bytes, [`store`] keeps the student's files, and
//! [`dashboard`] shows the class.

pub mod class;
mod connection;
pub mod dashboard;
mod game;
mod host_key;
mod screen;
mod store;

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use russh::server::{Config, Server};
use tokio::net::TcpListener;

pub use class::{Access, Broadcast, Class, Handout, Settings};
use connection::Connection;
pub use host_key::load_or_create as host_key;

use crate::forecast::Pool;

/// The SSH side of the server: a connection per client.
#[derive(Clone)]
struct Listener {
    class: Arc<Class>,
}

impl Server for Listener {
    type Handler = Connection;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection {
        Connection::new(Arc::clone(&self.class), peer)
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
    stop: russh::server::RunningServerHandle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Ends the class: every session saves and shows `message`, then the server stops
    /// accepting; returns when the sessions have had `grace` to leave.
    pub async fn end(self, message: &str, grace: Duration) {
        self.class.broadcast(Broadcast::End(message.to_owned()));
        let deadline = tokio::time::Instant::now() + grace;
        while self.class.sessions() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.stop.shutdown(message.to_owned());
        let _ = self.task.await;
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
    let key = host_key::load_or_create(&settings.dir)?;
    let fingerprint = key
        .public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string();
    let pool = pool(&settings)?;
    let idle = settings.idle;
    let class = Class::new(settings, pool, log_to_stdout);
    let config = Config {
        keys: vec![key],
        methods: russh::MethodSet::from(&[russh::MethodKind::Password][..]),
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: class::AUTH_ATTEMPTS as usize + 1,
        // A connection that says nothing is dropped, well after the game's own idle close.
        inactivity_timeout: Some(idle + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        nodelay: true,
        ..Config::default()
    };
    let socket = TcpListener::bind(listen).await?;
    let address = socket.local_addr()?;
    let listener = Listener {
        class: Arc::clone(&class),
    };
    let (handle_tx, handle_rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let mut listener = listener;
        let running = listener.run_on_socket(Arc::new(config), &socket);
        let _ = handle_tx.send(running.handle());
        running.await
    });
    let stop = handle_rx
        .await
        .map_err(|_| std::io::Error::other("the server did not start"))?;
    class.log(format!("listening on {address}; host key {fingerprint}"));
    Ok(Running {
        class,
        address,
        fingerprint,
        stop,
        task,
    })
}
