//! A week of a room: the shares of the points, the proposals and the orders being prepared,
//! and, once resolved, the record of it.

use super::{Seat, TeamError, is_member, members, seat_of};
use crate::engine::{FactionIdx, Members, Order, Scenario};

/// The longest note the operations room may add to a proposal, in characters.
pub const MAX_NOTE_CHARS: usize = 120;

/// An order the operations room proposes to a member, with a line of text.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub order: Order,
    pub note: String,
}

/// The week being prepared.
#[derive(Clone, Debug, PartialEq)]
pub struct Week {
    /// Points given to each faction (by index); the patron's entries stay 0, since the
    /// operations room keeps what it does not give out.
    pub shares: Vec<u32>,
    /// The operations room's proposal to each member (by faction index).
    pub proposals: Vec<Option<Proposal>>,
    /// Each faction's order as its seat has it now.
    pub orders: Vec<Order>,
    /// The seats that have committed (members by faction index).
    pub committed: Members,
    /// Whether the operations room has committed.
    pub operations_committed: bool,
}

impl Week {
    /// The first week: the points split evenly among the members and the operations room
    /// (the room keeps what does not divide evenly), no proposals, every order holding.
    pub fn first(scenario: &Scenario) -> Week {
        let n = scenario.factions.len();
        let seats = members(scenario).count() as u32 + 1;
        let each = scenario.model.budget / seats;
        let shares = (0..n)
            .map(|i| if is_member(scenario, i) { each } else { 0 })
            .collect();
        Week::new(scenario, shares)
    }

    /// A week with these shares (by faction index), no proposals, every order holding.
    pub fn new(scenario: &Scenario, shares: Vec<u32>) -> Week {
        let n = scenario.factions.len();
        Week {
            shares,
            proposals: vec![None; n],
            orders: scenario.all_hold(),
            committed: 0,
            operations_committed: false,
        }
    }

    /// The points the members were given in all.
    pub fn given(&self) -> u32 {
        self.shares.iter().sum()
    }

    /// The points a seat may spend this week.
    pub fn points(&self, scenario: &Scenario, seat: Seat) -> u32 {
        match seat {
            Seat::Operations => scenario.model.budget.saturating_sub(self.given()),
            Seat::Member(i) => self.shares.get(i).copied().unwrap_or(0),
        }
    }

    /// The points a seat's orders cost now.
    pub fn spent(&self, scenario: &Scenario, seat: Seat) -> u32 {
        self.orders
            .iter()
            .enumerate()
            .filter(|(i, _)| seat_of(scenario, *i) == seat)
            .map(|(i, o)| scenario.order_cost(i, o))
            .sum()
    }

    /// Whether a seat has committed.
    pub fn has_committed(&self, seat: Seat) -> bool {
        match seat {
            Seat::Operations => self.operations_committed,
            Seat::Member(i) => self.committed & (1 << i) != 0,
        }
    }

    pub(super) fn set_committed(&mut self, seat: Seat, yes: bool) {
        match seat {
            Seat::Operations => self.operations_committed = yes,
            Seat::Member(i) => {
                if yes {
                    self.committed |= 1 << i;
                } else {
                    self.committed &= !(1 << i);
                }
            }
        }
    }

    /// Gives a member `points` (the operations room's decision).
    pub(super) fn share(
        &mut self,
        scenario: &Scenario,
        member: FactionIdx,
        points: u32,
    ) -> Result<(), TeamError> {
        if !is_member(scenario, member) {
            return Err(TeamError::NoSuchSeat);
        }
        let others = self.given() - self.shares[member];
        let budget = scenario.model.budget;
        if others + points > budget {
            return Err(TeamError::OverBudget {
                given: others + points,
                budget,
            });
        }
        let cost = self.spent(scenario, Seat::Member(member));
        if self.has_committed(Seat::Member(member)) && cost > points {
            return Err(TeamError::BelowCommitted { cost });
        }
        self.shares[member] = points;
        Ok(())
    }

    /// Sets a faction's order, given by `seat`: legal, and within the seat's points.
    pub(super) fn order(
        &mut self,
        scenario: &Scenario,
        seat: Seat,
        faction: FactionIdx,
        order: Order,
    ) -> Result<(), TeamError> {
        if faction >= scenario.factions.len() || seat_of(scenario, faction) != seat {
            return Err(TeamError::NotYours);
        }
        if self.has_committed(seat) {
            return Err(TeamError::Committed);
        }
        scenario.check_order(faction, &order)?;
        let before = self.orders[faction];
        self.orders[faction] = order;
        let (cost, points) = (self.spent(scenario, seat), self.points(scenario, seat));
        if cost > points {
            self.orders[faction] = before;
            return Err(TeamError::OverPoints { cost, points });
        }
        Ok(())
    }

    /// The orders the week resolves with: a held seat's own (holding if it did not commit
    /// in time), an empty member seat's proposal if it fits its points (else hold), and an
    /// empty operations room's patron holding.
    pub fn orders_to_resolve(&self, scenario: &Scenario, held: &Held) -> Vec<Order> {
        let mut orders = scenario.all_hold();
        for (i, slot) in orders.iter_mut().enumerate() {
            let seat = seat_of(scenario, i);
            if held.holds(seat) {
                if self.has_committed(seat) {
                    *slot = self.orders[i];
                }
            } else if let Some(p) = &self.proposals[i]
                && scenario.order_is_legal(i, &p.order)
                && scenario.order_cost(i, &p.order) <= self.points(scenario, seat)
            {
                *slot = p.order;
            }
        }
        orders
    }
}

/// Which seats people hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Held {
    pub members: Members,
    pub operations: bool,
}

impl Held {
    /// Whether a person holds `seat`.
    pub fn holds(&self, seat: Seat) -> bool {
        match seat {
            Seat::Operations => self.operations,
            Seat::Member(i) => self.members & (1 << i) != 0,
        }
    }

    /// The factions whose orders people gave: the held members, and the patron when the
    /// operations room is held.
    pub fn factions(&self, scenario: &Scenario) -> Members {
        (0..scenario.factions.len())
            .filter(|&i| self.holds(seat_of(scenario, i)))
            .fold(0, |m, i| m | (1 << i))
    }
}

/// A week as it resolved: who held which seat and what the room decided. The orders and
/// what they did are the game's turn of the same number.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekRecord {
    pub turn: u16,
    /// The shares of the points, by faction index.
    pub shares: Vec<u32>,
    /// The operations room's proposals, by faction index.
    pub proposals: Vec<Option<Proposal>>,
    /// The seats people held when the week resolved.
    pub held: Held,
    /// The held seats that committed in time (the others held).
    pub committed: Held,
}

impl WeekRecord {
    /// Whether a held seat let the deadline pass without committing.
    pub fn missed(&self, seat: Seat) -> bool {
        self.held.holds(seat) && !self.committed.holds(seat)
    }
}
