//! The dashboard's rooms of team play: one row per room (its week, its clock, its seats and
//! who holds them, who has committed), and keys to open a room, pause or resume one, set
//! its deadline, place a student at a seat (or move them there), free a seat and start a
//! room over from a handout.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row as TableRow, Table, Wrap};

use super::rows::centred;
use crate::class::{Class, Handout};
use crate::rooms::Hosted;
use arenas_core::team::Seat;
use arenas_files::text::clean;
use arenas_tui::input::{Key, KeyCode};

/// What a deadline key adds or takes away.
const DEADLINE_STEP: Duration = Duration::from_secs(30);
/// The shortest and longest week of a room.
const DEADLINE_RANGE: (Duration, Duration) = (Duration::from_secs(30), Duration::from_secs(3600));

/// What the room desk is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ask {
    /// Which seat of the selected room, to free it or to place a student there.
    Seat { place: bool, at: usize },
    /// Which student to place at `seat`.
    Student {
        seat: Seat,
        names: Vec<String>,
        at: usize,
    },
    /// Which handout the selected room starts over from.
    Handout { files: Vec<PathBuf>, at: usize },
}

/// The room desk's state.
#[derive(Debug, Default)]
pub struct Desk {
    /// The room selected, by position.
    at: usize,
    ask: Option<Ask>,
}

impl Desk {
    /// Handles a key; returns a line about what was done, if anything was.
    pub fn key(&mut self, class: &Class, key: Key, handouts: Vec<PathBuf>) -> Option<String> {
        let rooms = class.rooms.list();
        let room = rooms.get(self.at).cloned();
        if let Some(ask) = self.ask.take() {
            return self.answer(class, room.as_ref(), ask, key);
        }
        match key.code {
            KeyCode::Up => self.at = self.at.saturating_sub(1),
            KeyCode::Down => self.at = (self.at + 1).min(rooms.len().saturating_sub(1)),
            KeyCode::Char('n') => {
                return Some(match class.open_room() {
                    Some(r) => {
                        self.at = rooms.len();
                        format!("{} opened.", r.name)
                    }
                    None => "The class has as many rooms as it may.".into(),
                });
            }
            KeyCode::Char('p') => {
                let room = room?;
                let paused = !room.read(|t| t.room.paused);
                room.pause(paused);
                let what = if paused { "paused" } else { "resumed" };
                class.log(format!("{} {what}", room.name));
                return Some(format!("{} {what}.", room.name));
            }
            KeyCode::Char('+') | KeyCode::Char('-') => {
                let room = room?;
                let now = room.read(|t| t.deadline);
                let next = if key.code == KeyCode::Char('+') {
                    now + DEADLINE_STEP
                } else {
                    now.saturating_sub(DEADLINE_STEP)
                }
                .clamp(DEADLINE_RANGE.0, DEADLINE_RANGE.1);
                room.set_deadline(next);
                return Some(format!(
                    "{}: weeks of {} from now on.",
                    room.name,
                    clock(next)
                ));
            }
            KeyCode::Char('a') if room.is_some() => {
                self.ask = Some(Ask::Seat { place: true, at: 0 });
            }
            KeyCode::Char('f') if room.is_some() => {
                self.ask = Some(Ask::Seat {
                    place: false,
                    at: 0,
                });
            }
            KeyCode::Char('h') if room.is_some() => {
                if handouts.is_empty() {
                    return Some("No handout in the class folder's handouts/.".into());
                }
                self.ask = Some(Ask::Handout {
                    files: handouts,
                    at: 0,
                });
            }
            _ => {}
        }
        None
    }

    fn answer(
        &mut self,
        class: &Class,
        room: Option<&Arc<Hosted>>,
        ask: Ask,
        key: Key,
    ) -> Option<String> {
        let room = room?;
        let seats: Vec<Seat> = Seat::all(&room.scenario.scenario).collect();
        let moved = |at: usize, len: usize| match key.code {
            KeyCode::Up => Some(at.saturating_sub(1)),
            KeyCode::Down => Some((at + 1).min(len.saturating_sub(1))),
            _ => None,
        };
        match ask {
            Ask::Seat { place, at } => {
                if let Some(at) = moved(at, seats.len()) {
                    self.ask = Some(Ask::Seat { place, at });
                    return None;
                }
                if key.code != KeyCode::Enter {
                    return None;
                }
                let seat = *seats.get(at)?;
                if place {
                    let names: Vec<String> = class
                        .rows()
                        .into_iter()
                        .filter(|r| r.connected)
                        .map(|r| r.name)
                        .collect();
                    if names.is_empty() {
                        return Some("No student is connected.".into());
                    }
                    self.ask = Some(Ask::Student { seat, names, at: 0 });
                    return None;
                }
                let name = seat.name(&room.scenario.scenario);
                Some(match room.free(seat) {
                    Some(who) => {
                        class.rooms.touch();
                        class.log(format!("{}: {who} freed from {name}", room.name));
                        format!("{}: {name} is free; the model plays it.", room.name)
                    }
                    None => format!("{}: {name} was free already.", room.name),
                })
            }
            Ask::Student { seat, names, at } => {
                if let Some(at) = moved(at, names.len()) {
                    self.ask = Some(Ask::Student { seat, names, at });
                    return None;
                }
                if key.code != KeyCode::Enter {
                    return None;
                }
                let name = names.get(at)?;
                Some(place(class, room, seat, name))
            }
            Ask::Handout { files, at } => {
                if let Some(at) = moved(at, files.len()) {
                    self.ask = Some(Ask::Handout { files, at });
                    return None;
                }
                if key.code != KeyCode::Enter {
                    return None;
                }
                let file = files.get(at)?;
                Some(match Handout::read(file) {
                    Ok(h) => match room.start_over(h.saved.game.clone()) {
                        Ok(()) => {
                            class.log(format!(
                                "{} starts over from the handout {}",
                                room.name,
                                clean(&h.file)
                            ));
                            format!("{} starts over from {}.", room.name, clean(&h.file))
                        }
                        Err(why) => format!("{}: {why}", room.name),
                    },
                    Err(d) => format!(
                        "That handout cannot be read: {}",
                        d.0.first().map_or_else(String::new, |p| clean(&p.message))
                    ),
                })
            }
        }
    }

    /// Draws the rooms in `area`, and the desk's question over it.
    pub fn draw(&self, frame: &mut Frame, class: &Class, area: Rect) {
        let rooms = class.rooms.list();
        if rooms.is_empty() {
            frame.render_widget(
                Paragraph::new(
                    "No room yet. n opens one: a shared campaign whose seats students take \
                     from the lobby.",
                )
                .wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let rows: Vec<TableRow> = rooms
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let style = if i == self.at {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                TableRow::new(summary(r).map(Cell::from)).style(style)
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(8),
                Constraint::Length(12),
                Constraint::Length(14),
                Constraint::Min(20),
            ],
        )
        .header(TableRow::new([
            "Room",
            "Week",
            "Clock",
            "Seats (* committed)",
        ]));
        frame.render_widget(table, area);
        if let (Some(ask), Some(room)) = (&self.ask, rooms.get(self.at)) {
            draw_ask(frame, area, room, ask);
        }
    }
}

/// Seats `name` at `seat` of `room`, freeing any seat they held in another room.
fn place(class: &Class, room: &Hosted, seat: Seat, name: &str) -> String {
    if let Some((other, old)) = class.rooms.seat_of(name)
        && !std::ptr::eq(Arc::as_ptr(&other), room)
    {
        other.free(old);
    }
    let seat_name = seat.name(&room.scenario.scenario);
    let held = room.read(|t| t.room.roster.holder(seat).map(str::to_owned));
    if let Some(holder) = held.filter(|h| h != name) {
        room.free(seat);
        class.log(format!("{}: {holder} freed from {seat_name}", room.name));
    }
    let done = room.act(|r| r.take(seat, name));
    class.rooms.touch();
    match done {
        Ok(_) => {
            class.log(format!("{}: {name} placed at {seat_name}", room.name));
            format!("{}: {name} now holds {seat_name}.", room.name)
        }
        Err(e) => format!("{}: {e}", room.name),
    }
}

/// A room's row: name, week, clock, seats.
fn summary(r: &Hosted) -> [String; 4] {
    r.read(|t| {
        let sc = t.room.scenario();
        let state = t.room.game.state();
        let week = if state.is_over() {
            "over".to_owned()
        } else {
            format!("{} of {}", state.turn, sc.calendar.turns)
        };
        let clock_text = match (t.room.paused, t.left()) {
            (true, Some(left)) => format!("paused, {}", clock(left)),
            (true, None) => "paused".to_owned(),
            (false, Some(left)) => format!("{} left", clock(left)),
            (false, None) => format!("{} a week", clock(t.deadline)),
        };
        let seats: Vec<String> = Seat::all(sc)
            .map(|s| {
                let who = t
                    .room
                    .roster
                    .holder(s)
                    .map_or_else(|| "model".to_owned(), clean);
                let mark = if t.room.week.has_committed(s) {
                    "*"
                } else {
                    ""
                };
                format!("{} {who}{mark}", short(sc, s))
            })
            .collect();
        [r.name.clone(), week, clock_text, seats.join(" · ")]
    })
}

/// A seat's short label.
fn short(sc: &arenas_core::engine::Scenario, seat: Seat) -> String {
    match seat {
        Seat::Operations => "Ops".to_owned(),
        Seat::Member(i) => clean(&sc.factions[i].short),
    }
}

/// A duration as a clock: `2:30`.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

fn draw_ask(frame: &mut Frame, area: Rect, room: &Hosted, ask: &Ask) {
    let sc = &room.scenario.scenario;
    let (title, items, at): (String, Vec<String>, usize) = match ask {
        Ask::Seat { place, at } => (
            if *place {
                format!("Place a student in {}: which seat?", room.name)
            } else {
                format!("Free which seat of {}?", room.name)
            },
            Seat::all(sc)
                .map(|s| {
                    let who = room.read(|t| t.room.roster.holder(s).map(clean));
                    format!(
                        "{} ({})",
                        s.name(sc),
                        who.unwrap_or_else(|| "free".to_owned())
                    )
                })
                .collect(),
            *at,
        ),
        Ask::Student { seat, names, at } => (
            format!("Who takes {}?", seat.name(sc)),
            names.iter().map(|n| clean(n)).collect(),
            *at,
        ),
        Ask::Handout { files, at } => (
            format!("Start {} over from which handout?", room.name),
            files
                .iter()
                .map(|p| {
                    clean(
                        &p.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    )
                })
                .collect(),
            *at,
        ),
    };
    let room_rows = usize::from(area.height.saturating_sub(4)).max(1);
    let first = (at + 1).saturating_sub(room_rows);
    let mut lines = vec![Line::raw(title)];
    lines.extend(
        items
            .iter()
            .enumerate()
            .skip(first)
            .take(room_rows)
            .map(|(i, s)| {
                let style = if i == at {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                Line::styled(format!(" {s} "), style)
            }),
    );
    lines.push(Line::raw("↑↓ choose · Enter · Esc cancel"));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centred(area, 60, height.min(area.height));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), rect);
}
