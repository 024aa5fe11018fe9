//! Team play: one campaign shared by a room of players. Each member of the scenario is a
//! seat; the patron's seat is the operations room, which divides the week's coordination
//! points among the members and may propose each an order. Members choose their own
//! orders within their points and commit; the week resolves when every held seat has
//! committed, or when the room's deadline passes (the server keeps the clock: the core
//! only hears "resolve now"). Seats no one holds are played by the model, with the
//! member's autonomy; seats people hold are carried out as their players decided.
//!
//! What each seat may know is built here too ([`view`]), so that no front-end can show a
//! member another member's private figures by mistake.

mod room;
mod talk;
mod view;
mod week;

pub use room::{Room, Roster};
pub use talk::{Line, MAX_MESSAGE_CHARS, MAX_MESSAGES_PER_WEEK, Message};
pub use view::{MemberView, Private, PublicView, SeatLine, SeatView};
pub use week::{Held, MAX_NOTE_CHARS, Proposal, Week, WeekRecord};

use crate::engine::{FactionIdx, OrderProblem, Scenario};
use crate::game::OrderError;

/// A place at the table of a room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seat {
    /// The operations room: the patron's seat, which divides the points and proposes.
    Operations,
    /// A member of the axis, by faction index.
    Member(FactionIdx),
}

impl Seat {
    /// The seat's name as the room reads it.
    pub fn name(self, scenario: &Scenario) -> String {
        match self {
            Seat::Operations => "Operations room".to_owned(),
            Seat::Member(i) => scenario
                .factions
                .get(i)
                .map_or_else(|| format!("member {i}"), |f| f.name.clone()),
        }
    }

    /// The seat's id as files and command lines write it: the member's id, or
    /// `operations`.
    pub fn id(self, scenario: &Scenario) -> String {
        match self {
            Seat::Operations => OPERATIONS_ID.to_owned(),
            Seat::Member(i) => scenario
                .factions
                .get(i)
                .map_or_else(|| format!("member-{i}"), |f| f.id.clone()),
        }
    }

    /// The seat an id names in a scenario.
    pub fn from_id(scenario: &Scenario, id: &str) -> Option<Seat> {
        if id == OPERATIONS_ID {
            return Some(Seat::Operations);
        }
        let i = scenario.faction_index(id)?;
        is_member(scenario, i).then_some(Seat::Member(i))
    }

    /// Every seat of a scenario: the operations room, then its members in scenario order.
    pub fn all(scenario: &Scenario) -> impl Iterator<Item = Seat> + '_ {
        std::iter::once(Seat::Operations).chain(members(scenario).map(Seat::Member))
    }
}

/// The id of the operations room's seat.
pub const OPERATIONS_ID: &str = "operations";

/// Whether a faction is a member (a seat of its own) rather than the patron, whose orders
/// the operations room gives.
pub fn is_member(scenario: &Scenario, faction: FactionIdx) -> bool {
    scenario
        .factions
        .get(faction)
        .is_some_and(|f| f.tier.is_some())
}

/// The members of a scenario, by faction index.
pub fn members(scenario: &Scenario) -> impl Iterator<Item = FactionIdx> + '_ {
    (0..scenario.factions.len()).filter(|&i| is_member(scenario, i))
}

/// The seat that gives a faction's orders.
pub fn seat_of(scenario: &Scenario, faction: FactionIdx) -> Seat {
    if is_member(scenario, faction) {
        Seat::Member(faction)
    } else {
        Seat::Operations
    }
}

/// Why a room refused something a seat asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TeamError {
    #[error("only the operations room may do that")]
    NotOperations,
    #[error("that order is not this seat's to give")]
    NotYours,
    #[error("this seat has committed its orders for the week; take them back first")]
    Committed,
    #[error("the order costs {cost} points; this seat has {points} this week")]
    OverPoints { cost: u32, points: u32 },
    #[error("the members' shares add up to {given} points; the week has {budget}")]
    OverBudget { given: u32, budget: u32 },
    #[error("the member has committed an order costing {cost} points; it cannot have fewer")]
    BelowCommitted { cost: u32 },
    #[error(transparent)]
    Order(#[from] OrderProblem),
    #[error("the campaign is over")]
    Over,
    #[error("the text is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the room has said {max} things this week already")]
    TooMany { max: usize },
    #[error("the text is empty")]
    Empty,
    #[error("{seat} is held by {holder}")]
    Taken { seat: String, holder: String },
    #[error("no such seat in this scenario")]
    NoSuchSeat,
    #[error("the room is paused by the instructor")]
    Paused,
}

impl From<OrderError> for TeamError {
    fn from(e: OrderError) -> TeamError {
        match e {
            OrderError::NotAllowed(p) => TeamError::Order(p),
            OrderError::Over => TeamError::Over,
        }
    }
}
