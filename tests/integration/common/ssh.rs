//! The SSH client of the server's tests: it trusts any host key (the servers are the
//! tests' own, on loopback), connects from a loopback address of its own, logs in with a
//! password and opens a terminal with a shell; or, behind a relay, stops reading and
//! loses its connection.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU16;
use std::sync::Arc;

use russh::client::{self, Handle};
use russh::keys::PublicKeyOrCertificate;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// Connects to `server` from `from` (any address of 127.0.0.0/8 is this machine's, so
/// that a test can be a class of many machines, as the server counts connections by
/// address), with `config`.
pub async fn connect_from(
    server: SocketAddr,
    from: IpAddr,
    config: client::Config,
) -> Result<Handle<Client>, String> {
    let stream = connect_tcp(server, from).await?;
    client::connect_stream(Arc::new(config), stream, Client)
        .await
        .map_err(|e| format!("ssh: {e}"))
}

/// A TCP connection to `server` from `from`.
async fn connect_tcp(server: SocketAddr, from: IpAddr) -> Result<TcpStream, String> {
    let socket = match from {
        IpAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
        IpAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
    }
    .map_err(|e| format!("socket: {e}"))?;
    socket
        .bind(SocketAddr::new(from, 0))
        .map_err(|e| format!("bind: {e}"))?;
    let stream = socket
        .connect(server)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream
        .set_nodelay(true)
        .map_err(|e| format!("nodelay: {e}"))?;
    Ok(stream)
}

/// A screen side for `vt100`.
pub fn side(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a screen side is never 0")
}

/// Logs in on `handle` as `user` with `code`, then opens a session with a terminal of
/// `w` × `h` and a shell: what a student's `ssh` does.
pub async fn open_terminal(
    handle: &mut Handle<Client>,
    user: &str,
    code: &str,
    (w, h): (u16, u16),
) -> Result<russh::Channel<client::Msg>, String> {
    let channel = open_pty(handle, user, code, (w, h)).await?;
    channel
        .request_shell(true)
        .await
        .map_err(|e| format!("shell: {e}"))?;
    Ok(channel)
}

/// [`open_terminal`] up to the shell, which the caller asks for when it chooses.
pub async fn open_pty(
    handle: &mut Handle<Client>,
    user: &str,
    code: &str,
    (w, h): (u16, u16),
) -> Result<russh::Channel<client::Msg>, String> {
    let auth = handle
        .authenticate_password(user, code)
        .await
        .map_err(|e| format!("auth: {e}"))?;
    if !auth.success() {
        return Err("the class code was refused".into());
    }
    let channel = handle
        .channel_open_session()
        .await
        .map_err(|e| format!("session: {e}"))?;
    channel
        .request_pty(
            true,
            "xterm-256color",
            u32::from(w),
            u32::from(h),
            0,
            0,
            &[],
        )
        .await
        .map_err(|e| format!("pty: {e}"))?;
    Ok(channel)
}

/// A TCP relay standing for the network between one client and the server: it can stop
/// passing the server's bytes on (the client reads nothing more) and cut both connections
/// at once (the client's network is gone).
pub struct Relay {
    address: SocketAddr,
    frozen: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    /// A relay to `server` whose connection to it comes from `from`.
    pub async fn start(server: SocketAddr, from: IpAddr) -> Result<Relay, String> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("relay: {e}"))?;
        let address = listener.local_addr().map_err(|e| format!("relay: {e}"))?;
        let (frozen, mut freeze) = watch::channel(false);
        let task = tokio::spawn(async move {
            let Ok((client, _)) = listener.accept().await else {
                return;
            };
            let Ok(upstream) = connect_tcp(server, from).await else {
                return;
            };
            let (mut from_client, mut to_client) = client.into_split();
            let (mut from_server, mut to_server) = upstream.into_split();
            let up = tokio::io::copy(&mut from_client, &mut to_server);
            let down = async {
                let mut buf = vec![0; 16 * 1024];
                loop {
                    if *freeze.borrow_and_update() {
                        // Nothing more is read from the server.
                        std::future::pending::<()>().await;
                    }
                    tokio::select! {
                        n = from_server.read(&mut buf) => match n {
                            Ok(n @ 1..) if to_client.write_all(&buf[..n]).await.is_ok() => {}
                            _ => return,
                        },
                        _ = freeze.changed() => {}
                    }
                }
            };
            tokio::select! {
                _ = up => {}
                () = down => {}
            }
        });
        Ok(Relay {
            address,
            frozen,
            task,
        })
    }

    /// The client reads nothing more from here on.
    pub fn freeze(&self) {
        let _ = self.frozen.send(true);
    }

    /// Both connections close, without a word to either side.
    pub async fn cut(mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for Relay {
    /// A relay dropped cuts its connections.
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A client with a 1 KiB window, behind a relay, logged in on `server` from `from` as
/// `user` with `code` and a terminal of 200 × 60; then it reads nothing more, and sends
/// keys and window changes (each one a whole screen more than its window takes).
pub async fn stuck_client(
    server: SocketAddr,
    from: IpAddr,
    user: &str,
    code: &str,
) -> Result<(Relay, Handle<Client>, russh::Channel<client::Msg>), String> {
    let relay = Relay::start(server, from).await?;
    let config = client::Config {
        window_size: 1024,
        ..client::Config::default()
    };
    let mut handle = client::connect(Arc::new(config), relay.address, Client)
        .await
        .map_err(|e| format!("ssh: {e}"))?;
    let channel = open_terminal(&mut handle, user, code, (200, 60)).await?;
    relay.freeze();
    // Typed a few milliseconds apart, as a student would, rather than in one burst the
    // server would draw as one frame: the server is left with a frame on its way and one
    // waiting.
    for i in 0..20u32 {
        let _ = channel.data(&b"jk"[..]).await;
        let _ = channel.window_change(150 + i, 50, 0, 0).await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    Ok((relay, handle, channel))
}
