//! The screens of team play, apart from the solo [`App`](crate::App): the [`Lobby`] a
//! student sees after logging in to the class server (their own campaign and the rooms,
//! with their seats), and the [`SeatScreen`] of one seat of a room.
//!
//! A seat's screen is drawn from the room's [`SeatView`] alone — what that seat may know —
//! so a member's screen cannot show another member's private figures or orders. Keys give
//! [`TeamAction`]s; the server applies them to the room ([`TeamAction::apply`]) and shows
//! a refusal on the status line.

mod draw;
pub mod keys;
mod lobby;
mod seat;

pub use draw::draw;
pub use lobby::{Lobby, LobbyChoice, RoomSummary, SeatSummary, draw_lobby};
pub use seat::{Pane, SeatScreen};

use arenas_core::engine::{FactionIdx, Order};
use arenas_core::team::{Line, Room, Seat, TeamError};

/// What a seat asks of its room (or of its session: `Leave`, `Quit`).
#[derive(Clone, Debug, PartialEq)]
pub enum TeamAction {
    /// The operations room gives a member this many points for the week.
    Share {
        member: FactionIdx,
        points: u32,
    },
    /// The operations room proposes an order with a note to a member, or withdraws its
    /// proposal (`None`).
    Propose {
        member: FactionIdx,
        proposal: Option<(Order, String)>,
    },
    /// The seat sets one of its factions' orders.
    Order {
        faction: FactionIdx,
        order: Order,
    },
    Commit,
    /// Takes back a commit, to change the orders before the week resolves.
    Reopen,
    /// Says something on a line.
    Say(Line, String),
    /// Back to the lobby.
    Leave,
    /// Ends the session (the seat stays the student's for their return).
    Quit,
}

impl TeamAction {
    /// Applies the action to `room` as seat `by` asks it. `Leave` and `Quit` change
    /// nothing in the room: the session carries them out.
    pub fn apply(&self, room: &mut Room, by: Seat) -> Result<(), TeamError> {
        match self {
            TeamAction::Share { member, points } => room.share(by, *member, *points),
            TeamAction::Propose { member, proposal } => room.propose(
                by,
                *member,
                proposal.as_ref().map(|(o, note)| (*o, note.as_str())),
            ),
            TeamAction::Order { faction, order } => room.order(by, *faction, *order),
            TeamAction::Commit => room.commit(by),
            TeamAction::Reopen => room.reopen(by),
            TeamAction::Say(line, text) => room.say(by, *line, text),
            TeamAction::Leave | TeamAction::Quit => Ok(()),
        }
    }
}
