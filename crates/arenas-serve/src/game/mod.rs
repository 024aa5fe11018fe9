//! One student's game on the server: the whole interface (a [`Runner`] over the
//! student's own folder), fed with the bytes and window changes their SSH client sends and
//! drawn back as bytes for their terminal. Frames go out one at a time: while the client
//! is still taking one, newer ones are not queued but coalesce into one whole redraw, so a
//! client that stops reading costs the server one screen, not a growing buffer; a client
//! that takes no screen for the settings' `stall` time, or whose connection is gone, ends
//! its session.

use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::ChannelWriteHalf;
use russh::server::Msg as ServerMsg;
use tokio::sync::{broadcast, mpsc};

mod frames;
mod progress;
mod team;

use super::class::{Broadcast, Claim, Class, Place, mixed_scripts};
use super::disk::may_wait_on_disk;
use super::remote_terminal::{self, RemoteTerminal};
use super::store::ClassStore;
use arenas_files::text::clean;
use arenas_sim::forecast::Executor;
use arenas_tui::App;
use arenas_tui::app::Status;
use arenas_tui::input::{Input, Key, KeyCode};
use arenas_tui::runner::{Runner, bytes};
use arenas_tui::theme::Theme;
use frames::Frames;
use progress::report;
use team::{Next, Team};

/// What the connection hands a game.
#[derive(Debug)]
pub enum Event {
    /// Bytes the client's terminal sent.
    Bytes(Vec<u8>),
    /// The client's window has this many columns and rows.
    Resize(u16, u16),
    /// The client has gone.
    Closed,
}

/// Events a game holds before the connection must wait: a bound on what a client can
/// queue.
pub const EVENT_QUEUE: usize = 64;

/// How often the screen follows a forecast while one runs.
const BUSY_TICK: Duration = Duration::from_millis(100);

/// How long the start of a key's sequence (an ESC, say) waits for the rest, which may come
/// in the client's next packet; with nothing more it is a key of its own (Esc).
const KEY_WAIT: Duration = Duration::from_millis(100);

/// Who is playing, on what terminal.
pub struct Player {
    pub name: String,
    pub width: u16,
    pub height: u16,
    pub theme: Theme,
}

/// What a session holds while it plays: its place among the sessions and its student's
/// name. The place is given back first, so that a session taking over the name finds it
/// free.
pub struct Seat {
    _place: Place,
    claim: Claim,
}

impl Seat {
    /// The seat of a session holding `place` and `claim`.
    pub fn new(place: Place, claim: Claim) -> Seat {
        Seat {
            _place: place,
            claim,
        }
    }
}

/// How a session ended, as its connection needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Its client left, or was told why the session ended.
    Done,
    /// Its client took no screen for the settings' `stall` time: the connection is to be
    /// dropped.
    Stalled,
}

/// What a session's older connection is told when the student connects again.
pub const REPLACED: &str = "You connected again from another terminal, which goes on from \
                            here; this one is closed.";

/// Why the loop of a session stopped.
enum Exit {
    /// Say this on the restored terminal, then close.
    Farewell(String),
    /// The client closed its side of the channel: close ours.
    ChannelClosed,
    /// The connection is gone: nothing can reach the client.
    Gone,
    /// The client took no screen in time.
    Stalled,
    /// The student connected again: this session gives way.
    Replaced,
}

/// Plays one student's session until they quit, go, idle out, stop taking screens, connect
/// again or the class ends. The session place and the name are held until then.
pub async fn play(
    class: Arc<Class>,
    player: Player,
    out: ChannelWriteHalf<ServerMsg>,
    mut events: mpsc::Receiver<Event>,
    mut seat: Seat,
) -> Ended {
    let name = player.name.clone();
    let mut broadcasts = class.listen();
    let store = match may_wait_on_disk(|| ClassStore::open(&class, &name)) {
        Ok(store) => store,
        Err(e) => {
            class.log(format!("{name}: cannot open the student's folder: {e}"));
            let goodbye = async {
                let _ = out
                    .data_bytes(
                        &b"The server cannot open your folder; tell your instructor.\r\n"[..],
                    )
                    .await;
                let _ = out.exit_status(1).await;
                let _ = out.close().await;
            };
            let _ = tokio::time::timeout(class.settings.stall, goodbye).await;
            return Ended::Done;
        }
    };
    if let Some(scripts) = mixed_scripts(&name) {
        class.log(format!(
            "{name}: the name mixes {scripts} letters, so it may imitate another student's"
        ));
    }
    let app = App::new(player.theme, store.location_text()).with_class(class.settings.class);
    let mut runner = Runner::new(app, store);
    runner.executor = Executor::Pool(class.pool.clone());
    let Ok(mut terminal) = RemoteTerminal::new(player.width, player.height) else {
        return Ended::Done;
    };
    let drawn = remote_terminal::area(player.width, player.height);
    runner.input(Input::Resize(drawn.width, drawn.height));
    let frames = Frames::start(out, class.settings.stall);
    let mut last_key = Instant::now();
    let mut decoder = bytes::Decoder::default();
    // Team play: the student's seat if they hold one, else the lobby when the class has
    // rooms; their own campaign otherwise.
    let mut team = Team::start(&class, &name, player.theme);
    let mut status: Option<String> = None;
    let mut rooms_changed = class.rooms.watch();
    let no_room = tokio::sync::watch::Sender::new(0);
    let mut room_changed = team
        .as_ref()
        .map_or_else(|| no_room.subscribe(), |t| t.watch(&no_room));
    tell(&class, &name, &runner, team.as_ref());
    let exit = loop {
        match &team {
            Some(t) => frames.send(&mut terminal, |f| t.draw(f, &class, status.as_deref())),
            None => frames.send(&mut terminal, |f| arenas_tui::draw(f, &runner.app)),
        }
        if team.is_none() && !runner.running() {
            if !class.rooms.any() {
                break Exit::Farewell(
                    "Your campaign is saved after every turn. Goodbye.".to_owned(),
                );
            }
            // Back to the lobby, with the menu ready for another campaign of their own.
            let app = App::new(player.theme, runner.app.saves_location.clone())
                .with_class(class.settings.class);
            let size = runner.app.size;
            runner.app = app;
            runner.input(Input::Resize(size.width, size.height));
            team = Some(Team::lobby(&class, &name, player.theme));
            tell(&class, &name, &runner, team.as_ref());
            continue;
        }
        let idle_left = class.settings.idle.saturating_sub(last_key.elapsed());
        let tick = match &team {
            None if runner.app.busy() => BUSY_TICK,
            Some(t) => t.tick().unwrap_or(idle_left).min(idle_left),
            None => idle_left,
        };
        tokio::select! {
            event = events.recv() => match event {
                Some(Event::Bytes(b)) => {
                    last_key = Instant::now();
                    let inputs = decoder.feed(&b);
                    match play_team(&class, &name, &mut team, &mut runner, &mut status, inputs) {
                        Some(farewell) => break Exit::Farewell(farewell),
                        None => {
                            room_changed = team.as_ref().map_or_else(|| no_room.subscribe(), |t| t.watch(&no_room));
                        }
                    }
                }
                Some(Event::Resize(w, h)) => {
                    if terminal.resize(w, h).is_ok() {
                        let drawn = remote_terminal::area(w, h);
                        runner.input(Input::Resize(drawn.width, drawn.height));
                    }
                }
                Some(Event::Closed) => break Exit::ChannelClosed,
                None => break Exit::Gone,
            },
            changed = room_changed.changed() => {
                if changed.is_ok()
                    && let Some(t) = &mut team
                    && let Some(told) = t.follow(&class, &name)
                {
                    status = Some(told);
                    room_changed = t.watch(&no_room);
                }
                tell(&class, &name, &runner, team.as_ref());
            }
            _ = rooms_changed.changed(), if matches!(team, Some(Team::Lobby { .. })) => {
                if let Some(t) = &mut team
                    && let Some(told) = t.follow(&class, &name)
                {
                    status = Some(told);
                    room_changed = t.watch(&no_room);
                    tell(&class, &name, &runner, team.as_ref());
                }
            }
            heard = broadcasts.recv() => match heard {
                Ok(Broadcast::Message(text)) => {
                    status = Some(format!("From your instructor: {text}"));
                    told(&mut runner, &text);
                }
                Ok(Broadcast::MessageTo { to, text }) if to == name => {
                    status = Some(format!("From your instructor: {text}"));
                    told(&mut runner, &text);
                }
                Ok(Broadcast::MessageTo { .. }) => {}
                Ok(Broadcast::Handout) => {
                    handout(&class, &mut runner);
                    tell(&class, &name, &runner, team.as_ref());
                }
                Ok(Broadcast::End(text)) => {
                    break Exit::Farewell(format!(
                        "{text}\nYour campaign is saved after every turn."
                    ));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => {
                    break Exit::Farewell(
                        "Your campaign is saved after every turn. Goodbye.".to_owned(),
                    );
                }
            },
            () = seat.claim.replaced() => break Exit::Replaced,
            () = tokio::time::sleep(tick) => {
                runner.poll();
                if last_key.elapsed() >= class.settings.idle {
                    class.log(format!("{name} idle: session closed"));
                    break Exit::Farewell(format!(
                        "Closed after {} without a key. Your campaign is saved after every \
                         turn; connect again to go on.",
                        duration_text(class.settings.idle)
                    ));
                }
            }
            () = tokio::time::sleep_until((last_key + KEY_WAIT).into()), if decoder.holding() => {
                let inputs = decoder.flush();
                if let Some(farewell) = play_team(&class, &name, &mut team, &mut runner, &mut status, inputs) {
                    break Exit::Farewell(farewell);
                }
                room_changed = team.as_ref().map_or_else(|| no_room.subscribe(), |t| t.watch(&no_room));
            }
            () = frames.lost() => break Exit::Stalled,
            () = frames.ready(), if frames.behind() => {}
        }
    };
    // The game is over before its last words go out: the row is marked (unless a session
    // taking over reports it), nothing more is written to the student's folder, and the
    // name and the place are free at once, however long the client takes to read.
    let replaced = matches!(exit, Exit::Replaced);
    if !replaced {
        class.disconnected(&name);
    }
    drop(runner);
    drop(seat);
    let ended = match exit {
        Exit::Farewell(farewell) => {
            frames
                .last(terminal.restore(&farewell).unwrap_or_default())
                .await;
            Ended::Done
        }
        // The client closed its side: ours is closed, with nothing more to show.
        Exit::ChannelClosed => {
            frames.last(Vec::new()).await;
            Ended::Done
        }
        Exit::Gone => Ended::Done,
        Exit::Stalled => {
            class.log(format!(
                "{name}: the terminal took no screen for {}: session closed",
                duration_text(class.settings.stall)
            ));
            Ended::Stalled
        }
        Exit::Replaced => {
            class.log(format!("{name} connected again: the older session closed"));
            frames
                .last(terminal.restore(REPLACED).unwrap_or_default())
                .await;
            Ended::Done
        }
    };
    if !replaced {
        class.log(format!("{name} left"));
    }
    ended
}

/// A duration as a student reads it: `1 second`, `30 minutes`.
fn duration_text(d: Duration) -> String {
    let secs = d.as_secs();
    let (n, unit) = if secs >= 60 && secs.is_multiple_of(60) {
        (secs / 60, "minute")
    } else {
        (secs, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Hands a student's inputs to their team play or their own campaign, and tells the class
/// where they stand; returns a farewell when they leave the server.
fn play_team(
    class: &Class,
    name: &str,
    team: &mut Option<Team>,
    runner: &mut Runner<ClassStore>,
    status: &mut Option<String>,
    inputs: Vec<Input>,
) -> Option<String> {
    let Some(t) = team else {
        give(class, name, runner, inputs);
        return None;
    };
    for input in inputs {
        match input {
            Input::Key(key) => match t.key(class, name, key, status) {
                Next::Stay => {}
                Next::Solo => {
                    *team = None;
                    *status = None;
                    report(class, name, runner, true);
                    return None;
                }
                Next::Quit => {
                    return Some(match class.rooms.seat_of(name) {
                        Some(_) => "Your seat is kept for you: connect again to take it back. \
                                    Goodbye."
                            .to_owned(),
                        None => "Your campaign is saved after every turn. Goodbye.".to_owned(),
                    });
                }
            },
            // The screens of team play take their size from each frame.
            Input::Resize(..) => {
                runner.input(input);
            }
            _ => {}
        }
    }
    tell(class, name, runner, team.as_ref());
    None
}

/// Tells the class where a student stands: in team play, or in their own campaign.
fn tell(class: &Class, name: &str, runner: &Runner<ClassStore>, team: Option<&Team>) {
    match team {
        Some(t) => class.report(t.row(name)),
        None => report(class, name, runner, true),
    }
}

/// Hands a student's inputs to their session, and tells the class where they stand.
fn give(class: &Class, name: &str, runner: &mut Runner<ClassStore>, inputs: Vec<Input>) {
    for input in inputs {
        if class.faults().panic_name.as_deref() == Some(name)
            && input == Input::Key(Key::from(KeyCode::Char('!')))
        {
            panic!("fault injected for {name}");
        }
        runner.input(input);
    }
    report(class, name, runner, true);
}

/// Shows the instructor's message on the student's status line.
fn told(runner: &mut Runner<ClassStore>, text: &str) {
    runner.app.status = Some(Status {
        text: format!("From your instructor: {text}"),
        warning: false,
    });
}

/// Switches a session to the class handout, as the instructor asked, with a copy of it
/// among the student's saves.
fn handout(class: &Class, runner: &mut Runner<ClassStore>) {
    let Some(handout) = class.handout() else {
        return;
    };
    runner.store.copy_handout(&handout);
    let theme = runner.app.theme;
    let location = runner.app.saves_location.clone();
    let size = runner.app.size;
    runner.app =
        App::resuming(theme, location, handout.saved.clone()).with_class(class.settings.class);
    runner.input(Input::Resize(size.width, size.height));
    runner.app.status = Some(Status {
        text: format!(
            "Your instructor moved the class to the handout {}: your earlier campaigns are \
             saved under Load.",
            clean(&handout.file)
        ),
        warning: false,
    });
}
