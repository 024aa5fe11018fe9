//! What each seat of a room may know. A member sees the public meters, the roster and who
//! has committed, its own figures, its proposal, and what is said to it; the operations
//! room sees every member's figures and every line. Orders of other seats stay unknown
//! until the week resolves, when the game's log tells everyone what was done.
//!
//! Front-ends draw a seat's screen from its [`SeatView`] alone, so a member's screen cannot
//! show what its member would not know.

use super::room::Room;
use super::talk::Message;
use super::week::Proposal;
use super::{Seat, seat_of};
use crate::engine::{Compliance, FactionIdx, FrontIdx, Meters, Order, State, compliance};

/// What every seat sees.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicView {
    /// The turn awaiting orders.
    pub turn: u16,
    pub over: bool,
    /// Every meter of the axis and the world (ambiguity, the US, pressure, the protected
    /// member's capacity, …).
    pub meters: Meters,
    /// Rungs climbed on each US track.
    pub us_rungs: [u8; 2],
    /// The week's coordination points.
    pub budget: u32,
    /// Whether the instructor paused the room.
    pub paused: bool,
}

/// A seat of the room as everyone sees it: who holds it and whether it has committed.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatLine {
    pub seat: Seat,
    pub holder: Option<String>,
    pub committed: bool,
}

/// A faction as a seat sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberView {
    pub faction: FactionIdx,
    /// The seat that gives its orders.
    pub seat: Seat,
    /// Who holds that seat (the roster is public).
    pub holder: Option<String>,
    /// Whether that seat has committed this week (public: the room waits on it).
    pub committed: bool,
    /// What only the member itself and the operations room know.
    pub private: Option<Private>,
}

/// A member's own figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Private {
    pub capacity: f64,
    pub exposure: f64,
    pub home: Option<FrontIdx>,
    /// Its points this week (a patron's: what the operations room kept).
    pub points: u32,
    /// Its order as its seat has it now.
    pub order: Order,
    /// The operations room's proposal.
    pub proposal: Option<Proposal>,
    /// How likely the model is to carry out the proposal, when no one holds the seat and
    /// the model plays it.
    pub compliance: Option<Compliance>,
    /// How the member has answered the operations room so far: weeks it followed a
    /// proposal, and weeks it had one.
    pub followed: (u16, u16),
}

/// Everything one seat may know.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatView<'a> {
    pub seat: Seat,
    pub public: PublicView,
    /// The seat's points this week, and what its orders cost.
    pub points: u32,
    pub spent: u32,
    pub committed: bool,
    /// Every faction, in scenario order.
    pub members: Vec<MemberView>,
    /// Every seat, the operations room first (a scenario without a patron has an operations
    /// room too, with no faction of its own).
    pub seats: Vec<SeatLine>,
    /// What was said on the lines this seat reads, in order.
    pub talk: Vec<&'a Message>,
}

impl Room {
    /// What `seat` may know now.
    pub fn view(&self, seat: Seat) -> SeatView<'_> {
        let sc = self.scenario();
        let state = self.game.state();
        let held = self.roster.held();
        let members = (0..sc.factions.len())
            .map(|i| {
                let owner = seat_of(sc, i);
                let sees = seat == Seat::Operations || seat == owner;
                MemberView {
                    faction: i,
                    seat: owner,
                    holder: self.roster.holder(owner).map(str::to_owned),
                    committed: self.week.has_committed(owner),
                    private: sees.then(|| self.private(state, i, held.holds(owner))),
                }
            })
            .collect();
        SeatView {
            seat,
            public: PublicView {
                turn: state.turn,
                over: state.is_over(),
                meters: state.meters,
                us_rungs: state.us_rungs,
                budget: sc.model.budget,
                paused: self.paused,
            },
            points: self.week.points(sc, seat),
            spent: self.week.spent(sc, seat),
            committed: self.week.has_committed(seat),
            members,
            seats: Seat::all(sc)
                .map(|s| SeatLine {
                    seat: s,
                    holder: self.roster.holder(s).map(str::to_owned),
                    committed: self.week.has_committed(s),
                })
                .collect(),
            talk: self.talk.iter().filter(|m| m.line.reaches(seat)).collect(),
        }
    }

    fn private(&self, state: &State, i: FactionIdx, held: bool) -> Private {
        let sc = self.scenario();
        let proposal = self.week.proposals.get(i).cloned().flatten();
        let compliance = match &proposal {
            Some(p) if !held => Some(compliance(sc, state, i, &p.order)),
            _ => None,
        };
        Private {
            capacity: state.capacity[i],
            exposure: state.exposure[i],
            home: sc.factions[i].home,
            points: self.week.points(sc, seat_of(sc, i)),
            order: self.week.orders[i],
            proposal,
            compliance,
            followed: self.followed(i),
        }
    }

    /// Weeks in which member `i` carried out the operations room's proposal as proposed,
    /// and weeks it had one.
    pub fn followed(&self, i: FactionIdx) -> (u16, u16) {
        let mut n = (0, 0);
        for (w, t) in self.weeks.iter().zip(&self.game.turns) {
            if let Some(p) = w.proposals.get(i).and_then(Option::as_ref) {
                n.1 += 1;
                if t.orders.get(i) == Some(&p.order) {
                    n.0 += 1;
                }
            }
        }
        n
    }
}
