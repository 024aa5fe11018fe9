//! A session's team play: the lobby of rooms, and a seat in one. A seat's screen is drawn
//! from its room's view for that seat, under the room's lock; its keys become the room's
//! actions, and a refusal shows on its status line. A student who comes back finds their
//! seat held for them.

use std::sync::Arc;
use std::time::Duration;

use ratatui::Frame;
use tokio::sync::watch;

use super::super::class::{Class, Row};
use super::super::rooms::Hosted;
use arenas_core::team::Seat;
use arenas_files::text::clean;
use arenas_tui::input::Key;
use arenas_tui::team::{Lobby, LobbyChoice, RoomSummary, SeatScreen, TeamAction, draw, draw_lobby};
use arenas_tui::theme::Theme;

/// Log lines a seat's screen shows at most.
const LOG_LINES: usize = 60;

/// Where a session of team play is.
pub enum Team {
    /// The lobby, with the seat the student held when it opened (a seat kept for them, or
    /// none): a seat the instructor gives them afterwards takes them to it.
    Lobby {
        lobby: Lobby,
        kept: Option<(String, Seat)>,
    },
    Seat(Box<Place>),
}

/// A seat taken in a room.
pub struct Place {
    pub room: Arc<Hosted>,
    pub seat: Seat,
    screen: SeatScreen,
    /// The campaign and week the screen last showed (seed, turns played), to show the
    /// results when a week resolves or the room starts over.
    week: (u64, usize),
    /// The last lines of the room's log as of that week (the log changes only when a week
    /// resolves, so it is not written out again for every frame).
    log: Vec<String>,
}

/// What a key in team play asks the session to do.
pub enum Next {
    /// Stay where it is.
    Stay,
    /// Play their own campaign.
    Solo,
    /// Leave the server.
    Quit,
}

impl Place {
    fn new(room: Arc<Hosted>, seat: Seat, theme: Theme) -> Place {
        let screen = SeatScreen::new(seat, &room.name, theme);
        let (week, log) = room.read(|t| (progress(&t.room), log_lines(&t.room)));
        Place {
            room,
            seat,
            screen,
            week,
            log,
        }
    }
}

impl Team {
    /// The session's team play as it starts: the student's seat if they hold one (they
    /// come back to it), else the lobby when the class has rooms; `None` for a class
    /// without rooms.
    pub fn start(class: &Class, name: &str, theme: Theme) -> Option<Team> {
        if let Some((room, seat)) = class.rooms.seat_of(name) {
            class.log(format!(
                "{name} is back at {} of {}",
                seat.name(&room.scenario.scenario),
                room.name
            ));
            return Some(Team::Seat(Box::new(Place::new(room, seat, theme))));
        }
        class.rooms.any().then(|| Team::lobby(class, name, theme))
    }

    /// The lobby.
    pub fn lobby(class: &Class, name: &str, theme: Theme) -> Team {
        Team::Lobby {
            lobby: Lobby::new(name, theme),
            kept: seat_held(class, name),
        }
    }

    /// Handles a key; `status` is the session's last word, replaced by a refusal.
    pub fn key(
        &mut self,
        class: &Class,
        name: &str,
        key: Key,
        status: &mut Option<String>,
    ) -> Next {
        match self {
            Team::Lobby { lobby, .. } => {
                let rooms = class.rooms.list();
                let summaries = summaries(&rooms);
                match lobby.handle(key, &summaries) {
                    None => Next::Stay,
                    Some(LobbyChoice::Solo) => Next::Solo,
                    Some(LobbyChoice::Quit) => Next::Quit,
                    Some(LobbyChoice::Take { room, seat }) => {
                        let Some(room) = rooms.get(room) else {
                            return Next::Stay;
                        };
                        // A student holds one seat in the class.
                        if let Some((other, old)) = class.rooms.seat_of(name)
                            && !Arc::ptr_eq(&other, room)
                        {
                            other.free(old);
                        }
                        match room.act(|r| r.take(seat, name)) {
                            Ok(_) => {
                                class.rooms.touch();
                                class.log(format!(
                                    "{name} took {} in {}",
                                    seat.name(&room.scenario.scenario),
                                    room.name
                                ));
                                *status = None;
                                let theme = lobby.theme;
                                *self =
                                    Team::Seat(Box::new(Place::new(Arc::clone(room), seat, theme)));
                            }
                            Err(e) => *status = Some(e.to_string()),
                        }
                        Next::Stay
                    }
                }
            }
            Team::Seat(place) => {
                let action = place.room.read(|t| {
                    let view = t.room.view(place.seat);
                    place.screen.handle(key, &view, t.room.scenario())
                });
                match action {
                    None => Next::Stay,
                    Some(TeamAction::Quit) => Next::Quit,
                    Some(TeamAction::Leave) => {
                        let theme = place.screen_theme();
                        *self = Team::lobby(class, name, theme);
                        Next::Stay
                    }
                    Some(action) => {
                        let action = cleaned(action);
                        let seat = place.seat;
                        match place.room.act(|r| action.apply(r, seat)) {
                            Ok(_) => *status = None,
                            Err(e) => *status = Some(e.to_string()),
                        }
                        place.follow();
                        Next::Stay
                    }
                }
            }
        }
    }

    /// Follows a change of the class's rooms: a seat freed or moved by the instructor, a
    /// week resolved. Returns what to tell the student, if anything.
    pub fn follow(&mut self, class: &Class, name: &str) -> Option<String> {
        let place = match self {
            Team::Seat(place) => place,
            Team::Lobby { lobby, kept } => {
                let now = seat_held(class, name);
                if now.is_none() || now == *kept {
                    *kept = now;
                    return None;
                }
                let (room, seat) = class.rooms.seat_of(name)?;
                let told = format!(
                    "Your instructor placed you at {} in {}.",
                    seat.name(&room.scenario.scenario),
                    room.name
                );
                *self = Team::Seat(Box::new(Place::new(room, seat, lobby.theme)));
                return Some(told);
            }
        };
        let held = place
            .room
            .read(|t| t.room.roster.holder(place.seat) == Some(name));
        if held {
            place.follow();
            return None;
        }
        let theme = place.screen_theme();
        match class.rooms.seat_of(name) {
            Some((room, seat)) => {
                let told = format!(
                    "Your instructor moved you to {} in {}.",
                    seat.name(&room.scenario.scenario),
                    room.name
                );
                *self = Team::Seat(Box::new(Place::new(room, seat, theme)));
                Some(told)
            }
            None => {
                *self = Team::lobby(class, name, theme);
                Some("Your instructor freed your seat; the model plays it now.".into())
            }
        }
    }

    /// Draws the lobby or the seat.
    pub fn draw(&self, frame: &mut Frame, class: &Class, status: Option<&str>) {
        match self {
            Team::Lobby { lobby, .. } => {
                let summaries = summaries(&class.rooms.list());
                draw_lobby(frame, lobby, &summaries, status);
            }
            Team::Seat(place) => place.room.read(|t| {
                let view = t.room.view(place.seat);
                draw(
                    frame,
                    &place.screen,
                    &view,
                    t.room.scenario(),
                    &place.log,
                    t.left(),
                    status,
                );
            }),
        }
    }

    /// A receiver told of every change of the session's room (`idle` when it is in none).
    pub fn watch(&self, idle: &watch::Sender<u64>) -> watch::Receiver<u64> {
        match self {
            Team::Seat(place) => place.room.watch(),
            Team::Lobby { .. } => idle.subscribe(),
        }
    }

    /// How often the screen must be drawn again without a key: every second while a
    /// seat's clock runs.
    pub fn tick(&self) -> Option<Duration> {
        match self {
            Team::Seat(place) if place.room.due().is_some() => Some(Duration::from_secs(1)),
            _ => None,
        }
    }

    /// The session's row on the dashboard.
    pub fn row(&self, name: &str) -> Row {
        let mut row = Row::offline(name);
        row.connected = true;
        row.last_activity = Some(std::time::Instant::now());
        match self {
            Team::Lobby { .. } => row.turn = "in the lobby".into(),
            Team::Seat(place) => place.room.read(|t| {
                let sc = t.room.scenario();
                let state = t.room.game.state();
                row.scenario = format!("{} · {}", place.room.name, clean(&place.seat.name(sc)));
                row.turn = format!(
                    "{} of {}",
                    state.turn.min(sc.calendar.turns),
                    sc.calendar.turns
                );
                row.progress = state.turn;
                row.meters = Some([
                    state.meter(arenas_core::engine::Meter::Ambiguity),
                    state.meter(arenas_core::engine::Meter::UsEntry),
                    state.meter(arenas_core::engine::Meter::HamasCapacity),
                ]);
                row.outcome = state.outcome.map_or(String::new(), |o| sc.outcome_name(o));
            }),
        }
        row
    }
}

impl Place {
    fn screen_theme(&self) -> Theme {
        self.screen.theme
    }

    /// Shows the results when the room's week has resolved since the screen last looked
    /// (or the instructor started the room over).
    fn follow(&mut self) {
        let (week, log) = self.room.read(|t| {
            let week = progress(&t.room);
            (week, (week != self.week).then(|| log_lines(&t.room)))
        });
        if let Some(log) = log {
            self.week = week;
            self.log = log;
            self.screen.show_results();
        }
    }
}

/// Where a room's campaign is: its seed and the turns played.
fn progress(room: &arenas_core::team::Room) -> (u64, usize) {
    (room.game.seed, room.game.turns.len())
}

/// The last lines of a room's log, cleaned.
fn log_lines(room: &arenas_core::team::Room) -> Vec<String> {
    let log = room.game.log();
    let skip = log.len().saturating_sub(LOG_LINES);
    log[skip..]
        .iter()
        .map(|e| clean(&format!("{} — {}: {}", e.date, e.title, e.text)))
        .collect()
}

/// An action with the text a student typed (a message, a proposal's note) stripped of
/// control characters and invisible formatting before the room keeps it.
fn cleaned(action: TeamAction) -> TeamAction {
    match action {
        TeamAction::Say(line, text) => TeamAction::Say(line, clean(&text)),
        TeamAction::Propose {
            member,
            proposal: Some((order, note)),
        } => TeamAction::Propose {
            member,
            proposal: Some((order, clean(&note))),
        },
        other => other,
    }
}

/// The room and seat a student holds, by the room's name.
fn seat_held(class: &Class, name: &str) -> Option<(String, Seat)> {
    class.rooms.seat_of(name).map(|(r, s)| (r.name.clone(), s))
}

/// The lobby's summaries of the rooms.
fn summaries(rooms: &[Arc<Hosted>]) -> Vec<RoomSummary> {
    rooms
        .iter()
        .map(|r| r.read(|t| RoomSummary::of(&r.name, &t.room)))
        .collect()
}
