//! The state of one seat's screen and its key handler: which pane has the keys, the
//! selected row and field, the talk line, the text being typed. It holds nothing of the
//! room: every key is read against the seat's [`SeatView`].

use arenas_core::engine::{FactionIdx, Order, Scenario};
use arenas_core::team::{Line, MAX_MESSAGE_CHARS, MAX_NOTE_CHARS, Seat, SeatView, is_member};

use super::TeamAction;
use super::keys::{Command, Context, command};
use crate::input::{Key, KeyCode};
use crate::keys::is_interrupt;
use crate::layout::Column;
use crate::order_field::{lowest_intensity, next_value};
use crate::theme::Theme;

/// The part of a seat's screen that takes the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// A member's own order, or the operations room's table of members.
    Orders,
    Talk,
    /// What happened: the recent entries of the campaign's log.
    Log,
}

/// A field of a row of orders: a member's share of the points (the operations room's
/// table), or a field of an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Share,
    Order(Column),
}

/// What is being typed, and where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// The note of the proposal to a member.
    Note(FactionIdx),
    Message(Line),
}

/// The screen of one seat of a room.
#[derive(Clone, Debug)]
pub struct SeatScreen {
    pub seat: Seat,
    /// The room's name, for the header.
    pub room: String,
    pub theme: Theme,
    pub(super) pane: Pane,
    /// The pane shown under the orders where talk and log share a place.
    pub(super) lower: Pane,
    /// The selected faction (the operations room's table; a member's is its own).
    pub(super) row: FactionIdx,
    pub(super) field: Field,
    /// Whether messages go on the private line rather than to the whole room.
    pub(super) private: bool,
    pub(super) typing: Option<(Target, String)>,
    /// Rows scrolled back from the newest, in the talk and in the log.
    pub(super) talk_scroll: u16,
    pub(super) log_scroll: u16,
    /// The help, open at this scroll.
    pub(super) help: Option<u16>,
    /// The last thing this screen itself had to say (a key that cannot act here).
    pub(super) note: Option<String>,
}

/// Rows a page key scrolls.
const PAGE: u16 = 5;

impl SeatScreen {
    /// The screen of `seat` in the room called `room`.
    pub fn new(seat: Seat, room: &str, theme: Theme) -> SeatScreen {
        let (row, field) = match seat {
            Seat::Member(i) => (i, Field::Order(Column::Task)),
            Seat::Operations => (0, Field::Share),
        };
        SeatScreen {
            seat,
            room: room.to_owned(),
            theme,
            pane: Pane::Orders,
            lower: Pane::Talk,
            row,
            field,
            private: false,
            typing: None,
            talk_scroll: 0,
            log_scroll: 0,
            help: None,
            note: None,
        }
    }

    /// The pane that takes the keys.
    pub fn pane(&self) -> Pane {
        self.pane
    }

    /// Shows the log: the server calls this when a week resolves, so that everyone reads
    /// what happened.
    pub fn show_results(&mut self) {
        // The keys stay with the orders, so that the next week's first key changes an
        // order rather than scrolling the log.
        self.pane = Pane::Orders;
        self.lower = Pane::Log;
        self.log_scroll = 0;
    }

    /// Where the keys are read now.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            Context::Help
        } else if self.typing.is_some() {
            Context::Typing
        } else if self.seat == Seat::Operations {
            Context::Operations
        } else {
            Context::Member
        }
    }

    /// The selected faction of the operations room's table, kept within `view`.
    pub(super) fn selected(&self, view: &SeatView<'_>) -> FactionIdx {
        self.row.min(view.members.len().saturating_sub(1))
    }

    /// The line a message goes on now: the room, or the private line of this member (of the
    /// selected member, for the operations room).
    pub(super) fn talk_line(&self, view: &SeatView<'_>, sc: &Scenario) -> Line {
        if !self.private {
            return Line::Room;
        }
        match self.seat {
            Seat::Member(i) => Line::Private(i),
            Seat::Operations => {
                let row = self.selected(view);
                if is_member(sc, row) {
                    Line::Private(row)
                } else {
                    Line::Room
                }
            }
        }
    }

    /// Reads a key against what the seat may know; returns what it asks of the room.
    pub fn handle(&mut self, key: Key, view: &SeatView<'_>, sc: &Scenario) -> Option<TeamAction> {
        if is_interrupt(key) {
            return Some(TeamAction::Quit);
        }
        self.note = None;
        if let Some(scroll) = &mut self.help {
            match command(Context::Help, key)? {
                Command::Back => self.help = None,
                Command::Up => *scroll = scroll.saturating_sub(1),
                Command::Down => *scroll = scroll.saturating_add(1),
                Command::PageUp => *scroll = scroll.saturating_sub(PAGE),
                Command::PageDown => *scroll = scroll.saturating_add(PAGE),
                _ => {}
            }
            return None;
        }
        if self.typing.is_some() {
            return self.type_key(key, view);
        }
        let command = command(self.context(), key)?;
        match command {
            Command::Help => self.help = Some(0),
            Command::Leave => return Some(TeamAction::Leave),
            Command::Commit => return Some(TeamAction::Commit),
            Command::Reopen => return Some(TeamAction::Reopen),
            Command::NextPane => {
                self.pane = match self.pane {
                    Pane::Orders => Pane::Talk,
                    Pane::Talk => Pane::Log,
                    Pane::Log => Pane::Orders,
                };
                if self.pane != Pane::Orders {
                    self.lower = self.pane;
                }
            }
            Command::Talk => self.start_message(view, sc),
            Command::Adopt => return self.adopt(view),
            Command::Note => self.start_note(view, sc),
            Command::Withdraw => return self.withdraw(view, sc),
            Command::More | Command::Fewer => return self.share(view, sc, command),
            Command::Activate => match self.pane {
                Pane::Orders => return self.change(view, sc),
                Pane::Talk => self.start_message(view, sc),
                Pane::Log => {}
            },
            Command::Up | Command::Down | Command::PageUp | Command::PageDown => {
                self.scroll_or_move(view, command)
            }
            Command::Left | Command::Right => self.sideways(command),
            Command::Back | Command::Send => {}
        }
        None
    }

    fn type_key(&mut self, key: Key, view: &SeatView<'_>) -> Option<TeamAction> {
        let (target, text) = self.typing.as_mut()?;
        let target = *target;
        match command(Context::Typing, key) {
            Some(Command::Send) => {
                let text = std::mem::take(text);
                self.typing = None;
                return match target {
                    Target::Message(_) if text.trim().is_empty() => None,
                    Target::Message(line) => Some(TeamAction::Say(line, text)),
                    Target::Note(member) => {
                        let order = proposal(view, member).map_or(Order::HOLD, |p| p.0);
                        Some(TeamAction::Propose {
                            member,
                            proposal: Some((order, text)),
                        })
                    }
                };
            }
            Some(Command::Back) => self.typing = None,
            _ => {
                let max = match target {
                    Target::Note(_) => MAX_NOTE_CHARS,
                    Target::Message(_) => MAX_MESSAGE_CHARS,
                };
                edit(text, key, max);
            }
        }
        None
    }

    fn start_message(&mut self, view: &SeatView<'_>, sc: &Scenario) {
        let line = self.talk_line(view, sc);
        self.typing = Some((Target::Message(line), String::new()));
        self.pane = Pane::Talk;
        self.lower = Pane::Talk;
        self.talk_scroll = 0;
    }

    fn start_note(&mut self, view: &SeatView<'_>, sc: &Scenario) {
        let row = self.selected(view);
        if !is_member(sc, row) {
            self.note = Some("The operations room proposes to members only.".to_owned());
            return;
        }
        let text = proposal(view, row).map_or_else(String::new, |p| p.1.to_owned());
        self.typing = Some((Target::Note(row), text));
        self.pane = Pane::Orders;
    }

    fn adopt(&mut self, view: &SeatView<'_>) -> Option<TeamAction> {
        let Seat::Member(me) = self.seat else {
            return None;
        };
        match proposal(view, me) {
            Some((order, _)) => Some(TeamAction::Order { faction: me, order }),
            None => {
                self.note = Some("The operations room has made no proposal this week.".into());
                None
            }
        }
    }

    fn withdraw(&mut self, view: &SeatView<'_>, sc: &Scenario) -> Option<TeamAction> {
        let row = self.selected(view);
        if !is_member(sc, row) || proposal(view, row).is_none() {
            self.note = Some("No proposal to withdraw for this row.".to_owned());
            return None;
        }
        Some(TeamAction::Propose {
            member: row,
            proposal: None,
        })
    }

    fn share(
        &mut self,
        view: &SeatView<'_>,
        sc: &Scenario,
        command: Command,
    ) -> Option<TeamAction> {
        let row = self.selected(view);
        if !is_member(sc, row) {
            self.note = Some("The operations room keeps what it does not give out.".into());
            return None;
        }
        let now = view.members.get(row)?.private.as_ref()?.points;
        let points = match command {
            Command::More => now.checked_add(1)?,
            _ => now.checked_sub(1)?,
        };
        Some(TeamAction::Share {
            member: row,
            points,
        })
    }

    /// Enter on the selected field: its next value, as an order of the seat's own or as
    /// the operations room's proposal to a member.
    fn change(&mut self, view: &SeatView<'_>, sc: &Scenario) -> Option<TeamAction> {
        let row = self.selected(view);
        let Field::Order(column) = self.field else {
            self.note = Some("+ and - change the member's share of the points.".to_owned());
            return None;
        };
        let proposing = self.seat == Seat::Operations && is_member(sc, row);
        let current = if proposing {
            proposal(view, row).map_or(Order::HOLD, |p| p.0)
        } else {
            view.members.get(row)?.private.as_ref()?.order
        };
        let mut next = match next_value(sc, row, current, column) {
            Ok(next) => next,
            Err(why) => {
                self.note = Some(arenas_core::engine::sentence(&why));
                return None;
            }
        };
        if proposing {
            let note = proposal(view, row).map_or_else(String::new, |p| p.1.to_owned());
            return Some(TeamAction::Propose {
                member: row,
                proposal: Some((next, note)),
            });
        }
        // Intensity wraps to its lowest level rather than stopping at the seat's points.
        let others = view.spent.saturating_sub(sc.order_cost(row, &current));
        if column == Column::Intensity && others + sc.order_cost(row, &next) > view.points {
            next.intensity = lowest_intensity();
        }
        Some(TeamAction::Order {
            faction: row,
            order: next,
        })
    }

    fn scroll_or_move(&mut self, view: &SeatView<'_>, command: Command) {
        let step = match command {
            Command::PageUp | Command::PageDown => PAGE,
            _ => 1,
        };
        let back = matches!(command, Command::Up | Command::PageUp);
        let scroll = match self.pane {
            Pane::Talk => &mut self.talk_scroll,
            Pane::Log => &mut self.log_scroll,
            Pane::Orders => {
                if self.seat == Seat::Operations {
                    let last = view.members.len().saturating_sub(1);
                    let row = self.selected(view);
                    self.row = if back {
                        row.saturating_sub(1)
                    } else {
                        (row + 1).min(last)
                    };
                }
                return;
            }
        };
        *scroll = if back {
            scroll.saturating_add(step)
        } else {
            scroll.saturating_sub(step)
        };
    }

    fn sideways(&mut self, command: Command) {
        let right = command == Command::Right;
        match self.pane {
            Pane::Talk => self.private = !self.private,
            Pane::Log => {}
            Pane::Orders => {
                let fields = fields(self.seat);
                let i = fields.iter().position(|f| *f == self.field).unwrap_or(0);
                let n = fields.len();
                self.field = fields[if right { (i + 1) % n } else { (i + n - 1) % n }];
            }
        }
    }
}

/// The fields a seat moves over: a member's order, or the operations room's share and
/// proposal (its own orders on the patron's row).
pub(super) fn fields(seat: Seat) -> &'static [Field] {
    const MEMBER: [Field; 4] = [
        Field::Order(Column::Front),
        Field::Order(Column::Task),
        Field::Order(Column::Intensity),
        Field::Order(Column::Claim),
    ];
    const OPERATIONS: [Field; 5] = [
        Field::Share,
        Field::Order(Column::Front),
        Field::Order(Column::Task),
        Field::Order(Column::Intensity),
        Field::Order(Column::Claim),
    ];
    match seat {
        Seat::Member(_) => &MEMBER,
        Seat::Operations => &OPERATIONS,
    }
}

/// The operations room's proposal to a member as the view holds it: its order and note.
pub(super) fn proposal<'v>(view: &'v SeatView<'_>, member: FactionIdx) -> Option<(Order, &'v str)> {
    let p = view
        .members
        .get(member)?
        .private
        .as_ref()?
        .proposal
        .as_ref()?;
    Some((p.order, p.note.as_str()))
}

/// Edits text being typed with a key: a printable character is added (up to `max`
/// characters), Backspace takes the last one away, Ctrl-U clears it all.
fn edit(text: &mut String, key: Key, max: usize) {
    let plain = !key.modifiers.control && !key.modifiers.alt;
    match key.code {
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char('u' | 'U') if key.modifiers.control => text.clear(),
        KeyCode::Char(c) if plain && !c.is_control() && text.chars().count() < max => text.push(c),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
