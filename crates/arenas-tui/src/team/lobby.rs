//! The lobby: after logging in, a student chooses between their own campaign and a seat
//! in one of the class's rooms (a free seat, or their own seat back).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use arenas_core::team::{Room, Seat};
use arenas_files::text::clean;

use super::draw::{bottom_lines, help_overlay, too_small};
use super::keys::{Command, Context, command};
use crate::input::Key;
use crate::keys::is_interrupt;
use crate::layout;
use crate::theme::Theme;
use crate::views::{fit, panel, wrap};

/// A seat of a room as the lobby lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatSummary {
    pub seat: Seat,
    /// The seat's name ("Operations room", "Hizballah").
    pub label: String,
    /// The student who holds it.
    pub holder: Option<String>,
}

/// A room as the lobby lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct RoomSummary {
    pub name: String,
    /// The scenario's title.
    pub scenario: String,
    /// Where the campaign is ("Week 3 of 12", "finished").
    pub week: String,
    pub seats: Vec<SeatSummary>,
    pub paused: bool,
    /// Whether the campaign has ended.
    pub over: bool,
}

impl RoomSummary {
    /// The summary of a room called `name`.
    pub fn of(name: &str, room: &Room) -> RoomSummary {
        let sc = room.scenario();
        let state = room.game.state();
        let week = if state.is_over() {
            "finished".to_owned()
        } else {
            format!(
                "{} of {}",
                sc.calendar.unit().title(state.turn),
                sc.calendar.turns
            )
        };
        RoomSummary {
            name: name.to_owned(),
            scenario: sc.meta.title.clone(),
            week,
            seats: Seat::all(sc)
                .map(|seat| SeatSummary {
                    seat,
                    label: seat.name(sc),
                    holder: room.roster.holder(seat).map(str::to_owned),
                })
                .collect(),
            paused: room.paused,
            over: state.is_over(),
        }
    }

    /// How many seats no one holds.
    pub fn free(&self) -> usize {
        self.seats.iter().filter(|s| s.holder.is_none()).count()
    }
}

/// What the student chose in the lobby.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LobbyChoice {
    /// Their own campaign.
    Solo,
    /// A seat of a room (by its index in the rooms listed).
    Take { room: usize, seat: Seat },
    /// Leave the server.
    Quit,
}

/// The lobby's state: the entry chosen (their own campaign first, then the rooms) and,
/// once a room is open, the seat chosen in it.
#[derive(Clone, Debug)]
pub struct Lobby {
    /// The student's name, as the rosters write it.
    pub student: String,
    pub theme: Theme,
    entry: usize,
    seat: Option<usize>,
    help: Option<u16>,
    note: Option<String>,
}

impl Lobby {
    /// The lobby of `student`.
    pub fn new(student: &str, theme: Theme) -> Lobby {
        Lobby {
            student: student.to_owned(),
            theme,
            entry: 0,
            seat: None,
            help: None,
            note: None,
        }
    }

    /// Where the keys are read now.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            Context::Help
        } else {
            Context::Lobby
        }
    }

    /// The room chosen, if the entry chosen is a room of `rooms`.
    fn room<'r>(&self, rooms: &'r [RoomSummary]) -> Option<(usize, &'r RoomSummary)> {
        let i = self.entry.checked_sub(1)?;
        rooms.get(i).map(|r| (i, r))
    }

    /// Reads a key against the rooms listed now.
    pub fn handle(&mut self, key: Key, rooms: &[RoomSummary]) -> Option<LobbyChoice> {
        if is_interrupt(key) {
            return Some(LobbyChoice::Quit);
        }
        self.note = None;
        self.entry = self.entry.min(rooms.len());
        if let Some(scroll) = &mut self.help {
            match command(Context::Help, key)? {
                Command::Back => self.help = None,
                Command::Up => *scroll = scroll.saturating_sub(1),
                Command::Down => *scroll = scroll.saturating_add(1),
                _ => {}
            }
            return None;
        }
        let room = self.room(rooms);
        let seats = room.map_or(0, |(_, r)| r.seats.len());
        match (command(Context::Lobby, key)?, self.seat) {
            (Command::Help, _) => self.help = Some(0),
            (Command::Leave, _) => return Some(LobbyChoice::Quit),
            (Command::Up, None) => self.entry = self.entry.saturating_sub(1),
            (Command::Down, None) => self.entry = (self.entry + 1).min(rooms.len()),
            (Command::Up, Some(s)) => self.seat = Some(s.saturating_sub(1)),
            (Command::Down, Some(s)) => self.seat = Some((s + 1).min(seats.saturating_sub(1))),
            (Command::Back | Command::Left, Some(_)) => self.seat = None,
            (Command::Activate | Command::Right, None) => match room {
                None if self.entry == 0 => return Some(LobbyChoice::Solo),
                None => {}
                Some((_, r)) if r.over => {
                    self.note = Some("This room's campaign has ended.".to_owned());
                }
                Some((_, r)) => {
                    // The student's own seat first, else the first free one.
                    let mine = r
                        .seats
                        .iter()
                        .position(|s| s.holder.as_deref() == Some(&self.student));
                    let free = r.seats.iter().position(|s| s.holder.is_none());
                    self.seat = Some(mine.or(free).unwrap_or(0));
                }
            },
            (Command::Activate, Some(s)) => {
                let (i, r) = room?;
                let Some(seat) = r.seats.get(s) else {
                    self.seat = None;
                    return None;
                };
                match &seat.holder {
                    Some(h) if *h != self.student => {
                        self.note = Some(format!("{} is held by {}.", seat.label, clean(h)));
                    }
                    _ => {
                        return Some(LobbyChoice::Take {
                            room: i,
                            seat: seat.seat,
                        });
                    }
                }
            }
            _ => {}
        }
        None
    }
}

/// Width of the lobby's list of entries.
const LIST_WIDTH: u16 = 34;

/// Draws the lobby over the rooms listed now; `status` is the server's last word (a seat
/// taken meanwhile, say).
pub fn draw_lobby(frame: &mut Frame, lobby: &Lobby, rooms: &[RoomSummary], status: Option<&str>) {
    let area = frame.area();
    let t = lobby.theme;
    if layout::too_small(area) {
        too_small(frame, area, t);
        return;
    }
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let who = format!("  signed in as {}", clean(&lobby.student));
    let header = Line::from(vec![
        Span::styled(" ARENAS ", t.key()),
        Span::styled("  Class server", t.title()),
        Span::styled(
            fit(&who, usize::from(area.width).saturating_sub(22)),
            t.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(header), head);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(LIST_WIDTH), Constraint::Fill(1)]).areas(body);
    let entry = lobby.entry.min(rooms.len());
    draw_list(frame, list, lobby, rooms, entry);
    match entry.checked_sub(1).and_then(|i| rooms.get(i)) {
        Some(room) => draw_room(frame, detail, lobby, room),
        None => draw_solo(frame, detail, t),
    }
    let note = status.map(str::to_owned).or_else(|| lobby.note.clone());
    bottom_lines(frame, foot, t, lobby.context(), note.as_deref(), |_| true);
    if let Some(scroll) = lobby.help {
        let rect = Rect {
            height: area.height.saturating_sub(1),
            ..area
        };
        let text = [
            "Choose your own campaign, or a seat in a room of the class. In a room, each member \
             of the axis is a seat held by one student, and the operations room divides the \
             points and proposes orders. A seat no one holds is played by the model.",
            "A seat held by someone else cannot be taken. If you left a seat, it is still yours: \
             the room shows your name on it.",
        ];
        help_overlay(frame, rect, t, (&text, Context::Lobby), Vec::new(), scroll);
    }
}

fn draw_list(frame: &mut Frame, area: Rect, lobby: &Lobby, rooms: &[RoomSummary], entry: usize) {
    let t = lobby.theme;
    let block = panel(t, "Play", lobby.seat.is_none());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut items = vec![("Play on your own".to_owned(), String::new())];
    items.extend(rooms.iter().map(|r| {
        let mine = r
            .seats
            .iter()
            .any(|s| s.holder.as_deref() == Some(&lobby.student));
        let state = match (r.over, mine, r.paused, r.free()) {
            (true, _, _, _) => "finished".to_owned(),
            (_, true, _, _) => "your seat".to_owned(),
            (_, _, true, _) => "paused".to_owned(),
            (_, _, _, 0) => "full".to_owned(),
            (_, _, _, n) => format!("{n} free"),
        };
        (clean(&r.name), state)
    }));
    // Two rows an entry: the name, then what it is.
    let shown = usize::from(inner.height / 2).max(1);
    let first = layout::first_shown(entry, items.len(), shown);
    let mut lines = Vec::new();
    for (i, (name, state)) in items.iter().enumerate().skip(first).take(shown) {
        let detail = if i == 0 {
            "your own campaign".to_owned()
        } else {
            let r = &rooms[i - 1];
            format!("{} · {}", r.week, state)
        };
        let style = if i == entry {
            t.selected_cell()
        } else {
            t.text()
        };
        lines.push(Line::styled(fit(&format!(" {name}"), width), style));
        lines.push(Line::styled(fit(&format!("   {detail}"), width), t.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_solo(frame: &mut Frame, area: Rect, t: Theme) {
    let block = panel(t, "Your own campaign", false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text = "You run the joint operations room alone: every member's order is yours to \
                give, and the model decides how far each member carries it out. The campaign \
                is saved in your folder on the server.";
    let lines = wrap(&Line::raw(text), usize::from(inner.width), 0);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_room(frame: &mut Frame, area: Rect, lobby: &Lobby, room: &RoomSummary) {
    let t = lobby.theme;
    let block = panel(t, &clean(&room.name), lobby.seat.is_some());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines = wrap(&Line::styled(clean(&room.scenario), t.title()), width, 2);
    let mut state = room.week.clone();
    if room.paused {
        state.push_str(" · paused by the instructor");
    }
    lines.push(Line::styled(fit(&state, width), t.dim()));
    lines.push(Line::raw(""));
    let label_w = (width / 2).clamp(10, 24);
    let holder_w = width.saturating_sub(label_w + 3);
    let top = lines.len();
    let shown = usize::from(inner.height).saturating_sub(top + 1).max(1);
    let selected = lobby.seat.unwrap_or(0);
    let first = layout::first_shown(selected, room.seats.len(), shown);
    for (i, s) in room.seats.iter().enumerate().skip(first).take(shown) {
        let (who, style) = match &s.holder {
            Some(h) if *h == lobby.student => ("you".to_owned(), t.good()),
            Some(h) => (clean(h), t.text()),
            None => ("free (the model plays it)".to_owned(), t.dim()),
        };
        let label_style = if lobby.seat == Some(i) {
            t.selected_cell()
        } else {
            t.text()
        };
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(fit(&clean(&s.label), label_w), label_style),
            Span::raw("  "),
            Span::styled(fit(&who, holder_w), style),
        ]));
    }
    if lobby.seat.is_none() {
        lines.push(Line::styled(
            fit(" Enter opens the seats of this room.", width),
            t.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
