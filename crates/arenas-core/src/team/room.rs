//! A room: the shared campaign, who holds which seat, the week being prepared, the weeks
//! resolved and what was said.

use std::sync::Arc;

use super::talk::{self, Line, MAX_MESSAGES_PER_WEEK, Message};
use super::week::{Held, MAX_NOTE_CHARS, Proposal, Week, WeekRecord};
use super::{Seat, TeamError, is_member};
use crate::engine::{FactionIdx, Order, Scenario};
use crate::game::Game;

/// Who holds each seat of a room, by student name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roster {
    pub operations: Option<String>,
    /// By faction index; the patron's entries stay empty.
    pub members: Vec<Option<String>>,
}

impl Roster {
    /// A roster with every seat of `scenario` empty.
    pub fn empty(scenario: &Scenario) -> Roster {
        Roster {
            operations: None,
            members: vec![None; scenario.factions.len()],
        }
    }

    /// Who holds a seat.
    pub fn holder(&self, seat: Seat) -> Option<&str> {
        match seat {
            Seat::Operations => self.operations.as_deref(),
            Seat::Member(i) => self.members.get(i).and_then(Option::as_deref),
        }
    }

    fn slot(&mut self, seat: Seat) -> Option<&mut Option<String>> {
        match seat {
            Seat::Operations => Some(&mut self.operations),
            Seat::Member(i) => self.members.get_mut(i),
        }
    }

    /// The seat a student holds, if any.
    pub fn seat_of(&self, name: &str) -> Option<Seat> {
        if self.operations.as_deref() == Some(name) {
            return Some(Seat::Operations);
        }
        self.members
            .iter()
            .position(|h| h.as_deref() == Some(name))
            .map(Seat::Member)
    }

    /// Which seats are held.
    pub fn held(&self) -> Held {
        Held {
            operations: self.operations.is_some(),
            members: self
                .members
                .iter()
                .enumerate()
                .filter(|(_, h)| h.is_some())
                .fold(0, |m, (i, _)| m | (1 << i)),
        }
    }

    /// The students of the room, in seat order.
    pub fn students(&self) -> impl Iterator<Item = &str> {
        self.operations
            .iter()
            .chain(self.members.iter().flatten())
            .map(String::as_str)
    }
}

/// One shared campaign and its players.
#[derive(Clone, Debug)]
pub struct Room {
    pub game: Game,
    pub roster: Roster,
    /// The week being prepared.
    pub week: Week,
    /// The weeks resolved, one per committed turn of the game.
    pub weeks: Vec<WeekRecord>,
    /// Everything said, in order.
    pub talk: Vec<Message>,
    /// Whether the instructor paused the room: no orders or commits until resumed.
    pub paused: bool,
}

impl Room {
    /// A new room's campaign, every seat empty.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Room {
        Room::resume(Game::new(scenario, seed))
    }

    /// A room that goes on from a campaign (a handout, say), every seat empty.
    pub fn resume(game: Game) -> Room {
        let week = Week::first(&game.scenario);
        Room {
            roster: Roster::empty(&game.scenario),
            week,
            weeks: Vec::new(),
            talk: Vec::new(),
            paused: false,
            game,
        }
    }

    /// A room as saved: its campaign, roster, weeks and talk; the week to prepare carries
    /// the last week's shares.
    pub fn restored(
        game: Game,
        roster: Roster,
        weeks: Vec<WeekRecord>,
        talk: Vec<Message>,
    ) -> Room {
        let sc = &game.scenario;
        let week = weeks
            .last()
            .map_or_else(|| Week::first(sc), |w| Week::new(sc, w.shares.clone()));
        Room {
            week,
            roster,
            weeks,
            talk,
            paused: false,
            game,
        }
    }

    /// The scenario played.
    pub fn scenario(&self) -> &Scenario {
        &self.game.scenario
    }

    /// Seats `name` at `seat`, freeing any other seat they held here. A seat held by
    /// someone else is refused.
    pub fn take(&mut self, seat: Seat, name: &str) -> Result<(), TeamError> {
        if let Seat::Member(i) = seat
            && !is_member(self.scenario(), i)
        {
            return Err(TeamError::NoSuchSeat);
        }
        match self.roster.holder(seat) {
            Some(h) if h == name => return Ok(()),
            Some(h) => {
                return Err(TeamError::Taken {
                    seat: seat.name(self.scenario()),
                    holder: h.to_owned(),
                });
            }
            None => {}
        }
        if let Some(old) = self.roster.seat_of(name) {
            self.free(old);
        }
        if let Some(slot) = self.roster.slot(seat) {
            *slot = Some(name.to_owned());
        }
        Ok(())
    }

    /// Frees a seat: the model plays it from now on. Returns who held it.
    pub fn free(&mut self, seat: Seat) -> Option<String> {
        let was = self.roster.slot(seat).and_then(Option::take);
        // An uncommitted draft of a seat no one holds no longer counts.
        self.week.set_committed(seat, false);
        was
    }

    fn playing(&self) -> Result<(), TeamError> {
        if self.game.state().is_over() {
            Err(TeamError::Over)
        } else if self.paused {
            Err(TeamError::Paused)
        } else {
            Ok(())
        }
    }

    /// The operations room gives a member `points` for the week.
    pub fn share(&mut self, by: Seat, member: FactionIdx, points: u32) -> Result<(), TeamError> {
        self.playing()?;
        if by != Seat::Operations {
            return Err(TeamError::NotOperations);
        }
        let sc = Arc::clone(&self.game.scenario);
        self.week.share(&sc, member, points)
    }

    /// The operations room proposes an order to a member, with a note (or withdraws its
    /// proposal with `None`).
    pub fn propose(
        &mut self,
        by: Seat,
        member: FactionIdx,
        proposal: Option<(Order, &str)>,
    ) -> Result<(), TeamError> {
        self.playing()?;
        if by != Seat::Operations {
            return Err(TeamError::NotOperations);
        }
        if !is_member(self.scenario(), member) {
            return Err(TeamError::NoSuchSeat);
        }
        let proposal = match proposal {
            None => None,
            Some((order, note)) => {
                self.scenario().check_order(member, &order)?;
                let note = note.trim();
                if note.chars().count() > MAX_NOTE_CHARS {
                    return Err(TeamError::TooLong {
                        max: MAX_NOTE_CHARS,
                    });
                }
                Some(Proposal {
                    order,
                    note: note.to_owned(),
                })
            }
        };
        self.week.proposals[member] = proposal;
        Ok(())
    }

    /// A seat sets one of its factions' orders.
    pub fn order(&mut self, by: Seat, faction: FactionIdx, order: Order) -> Result<(), TeamError> {
        self.playing()?;
        let sc = Arc::clone(&self.game.scenario);
        self.week.order(&sc, by, faction, order)
    }

    /// A seat commits its orders for the week; the operations room's own orders must fit
    /// what it kept.
    pub fn commit(&mut self, by: Seat) -> Result<(), TeamError> {
        self.playing()?;
        let sc = &self.game.scenario;
        let (cost, points) = (self.week.spent(sc, by), self.week.points(sc, by));
        if cost > points {
            return Err(TeamError::OverPoints { cost, points });
        }
        self.week.set_committed(by, true);
        Ok(())
    }

    /// A seat takes back its commit, to change its orders before the week resolves.
    pub fn reopen(&mut self, by: Seat) -> Result<(), TeamError> {
        self.playing()?;
        self.week.set_committed(by, false);
        Ok(())
    }

    /// Says something on a line the seat may speak on.
    pub fn say(&mut self, by: Seat, line: Line, text: &str) -> Result<(), TeamError> {
        if !line.open_to(by) {
            return Err(TeamError::NotYours);
        }
        let text = talk::checked(text)?;
        let turn = self.game.state().turn;
        if self
            .talk
            .iter()
            .rev()
            .take_while(|m| m.turn == turn)
            .count()
            >= MAX_MESSAGES_PER_WEEK
        {
            return Err(TeamError::TooMany {
                max: MAX_MESSAGES_PER_WEEK,
            });
        }
        self.talk.push(Message {
            turn,
            from: by,
            line,
            text,
        });
        Ok(())
    }

    /// Whether the week can resolve now: someone holds a seat and every held seat has
    /// committed.
    pub fn ready(&self) -> bool {
        let held = self.roster.held();
        let any = held.operations || held.members != 0;
        any && Seat::all(self.scenario())
            .filter(|&s| held.holds(s))
            .all(|s| self.week.has_committed(s))
    }

    /// Resolves the week (every seat committed, or the deadline passed): held seats that
    /// did not commit hold, empty seats are played by the model.
    pub fn resolve(&mut self) -> Result<(), TeamError> {
        if self.game.state().is_over() {
            return Err(TeamError::Over);
        }
        let sc = Arc::clone(&self.game.scenario);
        let held = self.roster.held();
        let orders = self.week.orders_to_resolve(&sc, &held);
        let turn = self.game.state().turn;
        self.game.commit_seated(orders, held.factions(&sc))?;
        let committed = Held {
            operations: held.operations && self.week.operations_committed,
            members: held.members & self.week.committed,
        };
        self.weeks.push(WeekRecord {
            turn,
            shares: self.week.shares.clone(),
            proposals: self.week.proposals.clone(),
            held,
            committed,
        });
        self.week = Week::new(&sc, self.week.shares.clone());
        Ok(())
    }
}
