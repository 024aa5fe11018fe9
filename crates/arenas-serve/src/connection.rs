//! One SSH connection: authentication by class code, one session channel with a terminal,
//! and nothing else. Shell access, commands, subsystems (SFTP), port, agent and X11
//! forwarding are refused.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session};
use russh::{Channel, ChannelId, Pty};
use tokio::sync::mpsc;

use super::class::{AUTH_ATTEMPTS, Access, Admitted, Class, Unclaimed, code_matches, student_name};
use super::game::{self, EVENT_QUEUE, Ended, Event, Player, REPLACED};
use arenas_files::text::clean;
use arenas_tui::theme::Theme;

/// Why a connection was dropped.
#[derive(Debug, thiserror::Error)]
pub enum Dropped {
    #[error("ssh: {0}")]
    Ssh(#[from] russh::Error),
    #[error("too many failed attempts")]
    Attempts,
}

/// The terminal a client asked for.
#[derive(Clone, Copy, Debug)]
struct Terminal {
    width: u16,
    height: u16,
    colour: bool,
}

/// A connection's state.
pub struct Connection {
    class: Arc<Class>,
    peer: SocketAddr,
    /// This connection's count among those open, and those logging in until it has.
    admitted: Admitted,
    failures: u32,
    /// The student's cleaned name, once authenticated.
    name: Option<String>,
    /// Set once authenticated, for the watch on the login deadline.
    logged_in: Arc<AtomicBool>,
    /// The session channel, until its shell starts.
    channel: Option<Channel<Msg>>,
    terminal: Option<Terminal>,
    /// Where the game hears this client, once it plays.
    game: Option<mpsc::Sender<Event>>,
}

impl Connection {
    /// A new connection from `peer`, admitted by the class.
    pub fn new(class: Arc<Class>, peer: SocketAddr, admitted: Admitted) -> Connection {
        Connection {
            class,
            peer,
            admitted,
            failures: 0,
            name: None,
            logged_in: Arc::new(AtomicBool::new(false)),
            channel: None,
            terminal: None,
            game: None,
        }
    }

    /// Whether the connection has logged in, as it stands when read.
    pub fn logged_in(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.logged_in)
    }

    fn from(&self) -> String {
        self.peer.ip().to_string()
    }

    /// Passes an event to the game; a client faster than the game loses the excess.
    fn tell(&self, event: Event) {
        if let Some(game) = &self.game {
            let _ = game.try_send(event);
        }
    }

    /// Starts the game on the session channel, or tells the client why not.
    async fn start(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Dropped> {
        let (Some(name), Some(ch)) = (self.name.clone(), self.channel.take()) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        let Some(term) = self.terminal else {
            session.channel_failure(channel)?;
            refuse(
                &ch,
                "Arenas needs a terminal: connect with `ssh -t`, from a terminal window.",
                self.class.settings.stall,
            )
            .await;
            return Ok(());
        };
        session.channel_success(channel)?;
        let (tx, rx) = mpsc::channel(EVENT_QUEUE);
        self.game = Some(tx);
        let player = Player {
            name,
            width: term.width,
            height: term.height,
            theme: if term.colour {
                Theme::COLOUR
            } else {
                Theme::MONO
            },
        };
        let class = Arc::clone(&self.class);
        let handle = session.handle();
        let from = self.from();
        // The name is claimed off the connection's own task: an older session under it may
        // take a while to give way.
        tokio::spawn(async move {
            if let Some(seat) = seat(&class, &player.name, &ch).await {
                class.log(format!("{} joined from {from}", player.name));
                watch(class, player, ch, rx, seat, handle, channel).await;
            }
        });
        Ok(())
    }
}

/// The name and a session place for `name`, or a word to the client on why not.
async fn seat(class: &Arc<Class>, name: &str, ch: &Channel<Msg>) -> Option<game::Seat> {
    // An older session under the name gives way at once (its last words go out after);
    // the wait is only a bound.
    let wait = class.settings.stall + Duration::from_secs(5);
    let claim = match class.claim(name, wait).await {
        Ok(claim) => claim,
        Err(why) => {
            let text = match why {
                Unclaimed::Newer => REPLACED,
                Unclaimed::Busy => {
                    "Your earlier session under this name is still closing; connect again in a \
                     minute."
                }
            };
            refuse(ch, text, class.settings.stall).await;
            return None;
        }
    };
    let Some(place) = class.take_place() else {
        let max = class.settings.max_sessions;
        class.log(format!(
            "{name} refused: the class is full ({max} sessions)"
        ));
        refuse(
            ch,
            &format!(
                "The class is full: {max} students are playing. Ask your instructor, or try \
                 again when someone leaves."
            ),
            class.settings.stall,
        )
        .await;
        return None;
    };
    Some(game::Seat::new(place, claim))
}

/// Plays the game on the channel and watches it: a game that panics is logged and its
/// client told; a game whose client stopped taking screens ends the connection.
async fn watch(
    class: Arc<Class>,
    player: Player,
    ch: Channel<Msg>,
    events: mpsc::Receiver<Event>,
    seat: game::Seat,
    handle: russh::server::Handle,
    channel: ChannelId,
) {
    let name = player.name.clone();
    let (_read, write) = ch.split();
    let run = tokio::spawn(game::play(Arc::clone(&class), player, write, events, seat));
    let ended = run.await;
    // The game and its screens are gone.
    super::give_back_memory();
    match ended {
        Ok(Ended::Stalled) => {
            // Within a bound: the connection's own queue may be as stuck as its client.
            let _ = tokio::time::timeout(
                class.settings.stall,
                handle.disconnect(
                    russh::Disconnect::ByApplication,
                    "the terminal took no screen".to_owned(),
                    String::new(),
                ),
            )
            .await;
        }
        Ok(Ended::Done) => {}
        Err(e) if e.is_panic() => {
            let why = e
                .into_panic()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "a panic".to_owned());
            class.log(format!(
                "{name}: the session stopped on an error: {}",
                clean(&why)
            ));
            class.disconnected(&name);
            let goodbye = async {
                let _ = handle
                    .data(
                        channel,
                        &b"\x1b[?1000l\x1b[?1006l\x1b[?25h\x1b[?1049l\r\nThe game stopped on an \
                           error and this session ended; your campaign is saved as of your last \
                           turn. Connect again to go on.\r\n"[..],
                    )
                    .await;
                let _ = handle.exit_status_request(channel, 1).await;
                let _ = handle.close(channel).await;
            };
            let _ = tokio::time::timeout(class.settings.stall, goodbye).await;
        }
        Err(_) => {}
    }
}

/// Tells the client why it cannot play, ends its `ssh` with status 1 and closes, within
/// `stall`: a client that reads nothing is not waited for longer.
async fn refuse(ch: &Channel<Msg>, why: &str, stall: Duration) {
    let words = async {
        let _ = ch.data_bytes(format!("{why}\r\n").into_bytes()).await;
        let _ = ch.exit_status(1).await;
        let _ = ch.eof().await;
        let _ = ch.close().await;
    };
    let _ = tokio::time::timeout(stall, words).await;
}

impl Handler for Connection {
    type Error = Dropped;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Dropped> {
        Ok(Auth::reject())
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Dropped> {
        let name = student_name(user);
        let accepted = name.is_some()
            && match &self.class.settings.access {
                Access::Code(code) => code_matches(code, password),
                Access::Open => true,
            };
        let ip = self.peer.ip();
        if let (true, Some(name)) = (accepted, &name) {
            self.class.logged_in(ip, name);
            self.admitted.logged_in();
            self.name = Some(name.clone());
            self.logged_in.store(true, Ordering::Release);
            return Ok(Auth::Accept);
        }
        self.failures += 1;
        // Failures are counted under the name they were for, and slowed down from the
        // fourth under one name (or the many from one address), never locked out.
        let delay = self.class.failed(ip, name.as_deref().unwrap_or_default());
        let slowed = if delay.is_zero() {
            String::new()
        } else {
            format!("; answered after {} s", delay.as_secs())
        };
        self.class.log(format!(
            "failed login as {:?} from {} ({} of {AUTH_ATTEMPTS}{slowed})",
            clean(user),
            self.from(),
            self.failures
        ));
        tokio::time::sleep(delay).await;
        if self.failures >= AUTH_ATTEMPTS {
            return Err(Dropped::Attempts);
        }
        // The password may be tried again (russh would otherwise withdraw the method).
        Ok(Auth::Reject {
            proceed_with_methods: Some(russh::MethodSet::from(&[russh::MethodKind::Password][..])),
            partial_success: false,
        })
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        _offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Dropped> {
        Ok(Auth::reject())
    }

    async fn authentication_banner(&mut self) -> Result<Option<String>, Dropped> {
        Ok(Some(
            "Arenas classroom server.\r\nYour user name is your name (or your pair's);\r\nthe \
             password is the class code.\r\n"
                .to_owned(),
        ))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Dropped> {
        // One game per connection.
        if self.name.is_some() && self.channel.is_none() && self.game.is_none() {
            self.channel = Some(channel);
            reply.accept().await;
        } else {
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
        }
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Dropped> {
        let side = |n: u32| u16::try_from(n).unwrap_or(u16::MAX);
        self.terminal = Some(Terminal {
            width: side(col_width),
            height: side(row_height),
            colour: !matches!(term, "" | "dumb" | "vt100" | "vt102"),
        });
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Dropped> {
        self.start(channel, session).await
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Dropped> {
        self.class
            .log(format!("refused a command from {}", self.from()));
        session.channel_failure(channel)?;
        let _ = session.extended_data(
            channel,
            1,
            &b"This server runs only the game: connect without a command.\r\n"[..],
        );
        session.close(channel)?;
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Dropped> {
        self.class.log(format!(
            "refused subsystem {:?} from {}",
            clean(name),
            self.from()
        ));
        session.channel_failure(channel)?;
        session.close(channel)?;
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Dropped> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _variable_name: &str,
        _variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Dropped> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn data(
        &mut self,
        _channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Dropped> {
        self.tell(Event::Bytes(data.to_vec()));
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Dropped> {
        let side = |n: u32| u16::try_from(n).unwrap_or(u16::MAX);
        self.tell(Event::Resize(side(col_width), side(row_height)));
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Dropped> {
        self.tell(Event::Closed);
        Ok(())
    }

    async fn channel_close(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Dropped> {
        self.tell(Event::Closed);
        Ok(())
    }
}
