//! A campaign in play: the scenario, the seed and the orders of every committed turn. Every
//! state is a replay of that log, so turns can be taken back and replayed exactly.

use std::sync::Arc;

use crate::engine::{
    Date, GameRng, Happening, Happenings, Members, Order, OrderProblem, Report, Scenario, State,
    describe, orders_entry, resolve_turn, rng_from_seed, start,
};

/// One committed turn: its orders and everything its resolution produced.
#[derive(Clone, Debug, PartialEq)]
pub struct PlayedTurn {
    /// The turn the orders were given for (1-based).
    pub turn: u16,
    pub orders: Vec<Order>,
    /// The members played by people in a room (0 for a campaign of one player): their
    /// orders were carried out as given.
    pub seated: Members,
    /// Explanations of every meter and the happenings, from these orders to the next orders
    /// phase (including the next brief).
    pub report: Report,
    /// The state after resolution.
    pub state: State,
}

/// An entry of the event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// The turn during whose resolution (or brief) it happened; 0 for the opening brief.
    pub turn: u16,
    /// The day it is logged under, never after the current turn's first day.
    pub date: Date,
    pub title: String,
    pub text: String,
    /// Whether it tells the historical record ("Historically, 24 Nov: …") rather than news
    /// of this campaign.
    pub historical: bool,
}

/// Why orders were refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error(transparent)]
    NotAllowed(#[from] OrderProblem),
    #[error("the campaign is over")]
    Over,
}

/// A campaign in play.
#[derive(Clone, Debug)]
pub struct Game {
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    rng: GameRng,
    /// The state before any orders, after the opening brief.
    pub initial: State,
    /// What happened in the opening brief.
    pub opening: Happenings,
    pub turns: Vec<PlayedTurn>,
}

impl Game {
    /// A new campaign of a scenario from a seed.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Game {
        let mut rng = rng_from_seed(seed);
        let mut opening = Happenings::default();
        let initial = start(&scenario, &mut rng, &mut opening);
        Game {
            scenario,
            seed,
            rng,
            initial,
            opening,
            turns: Vec::new(),
        }
    }

    /// Replays a campaign of one player from its seed and the orders of each committed turn.
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        orders: &[Vec<Order>],
    ) -> Result<Game, (u16, OrderError)> {
        Game::replay_seated(scenario, seed, orders.iter().map(|o| (o.clone(), 0)))
    }

    /// Replays a campaign from its seed and, for each committed turn, its orders and the
    /// members people played (see [`Game::commit_seated`]).
    pub fn replay_seated(
        scenario: Arc<Scenario>,
        seed: u64,
        turns: impl IntoIterator<Item = (Vec<Order>, Members)>,
    ) -> Result<Game, (u16, OrderError)> {
        let mut game = Game::new(scenario, seed);
        for (orders, seated) in turns {
            let turn = game.state().turn;
            game.commit_seated(orders, seated).map_err(|e| (turn, e))?;
        }
        Ok(game)
    }

    /// The current state.
    pub fn state(&self) -> &State {
        self.turns.last().map_or(&self.initial, |t| &t.state)
    }

    /// Checks orders against the scenario and the budget.
    pub fn check(&self, orders: &[Order]) -> Result<(), OrderError> {
        if self.state().is_over() {
            return Err(OrderError::Over);
        }
        self.scenario.check_orders(orders).map_err(|(_, p)| p)?;
        Ok(())
    }

    /// Resolves the current turn with `orders` and records it.
    pub fn commit(&mut self, orders: Vec<Order>) -> Result<&PlayedTurn, OrderError> {
        self.commit_seated(orders, 0)
    }

    /// Resolves the current turn of a room, where the members in `seated` are played by
    /// people: their orders are carried out as given and they never act alone.
    pub fn commit_seated(
        &mut self,
        orders: Vec<Order>,
        seated: Members,
    ) -> Result<&PlayedTurn, OrderError> {
        self.check(&orders)?;
        let turn = self.state().turn;
        let state = self.turns.last().map_or(&self.initial, |t| &t.state);
        let r = resolve_turn(&self.scenario, state, &orders, seated, &mut self.rng);
        self.turns.push(PlayedTurn {
            turn,
            orders,
            seated,
            report: r.report,
            state: r.state,
        });
        Ok(self.turns.last().unwrap_or_else(|| unreachable!()))
    }

    /// Takes back the last committed turn (by replaying the others). False when there is none.
    pub fn undo(&mut self) -> bool {
        if self.turns.is_empty() {
            return false;
        }
        let kept: Vec<(Vec<Order>, Members)> = self.turns[..self.turns.len() - 1]
            .iter()
            .map(|t| (t.orders.clone(), t.seated))
            .collect();
        match Game::replay_seated(self.scenario.clone(), self.seed, kept) {
            Ok(g) => {
                *self = g;
                true
            }
            Err(_) => false,
        }
    }

    /// The states at each orders phase so far: the initial one, then after each turn.
    pub fn states(&self) -> impl Iterator<Item = &State> {
        std::iter::once(&self.initial).chain(self.turns.iter().map(|t| &t.state))
    }

    /// The orders the current turn starts from: the last committed ones, or all hold.
    pub fn standing_orders(&self) -> Vec<Order> {
        self.turns
            .last()
            .map_or_else(|| self.scenario.all_hold(), |t| t.orders.clone())
    }

    /// The event log in the order of its dates: for each committed turn, the room's orders
    /// and what they did, then what happened while it was resolved and in the next brief;
    /// entries of one date keep that order (an opening event dated after the first turn's
    /// start comes after that turn's orders).
    ///
    /// The log never runs ahead of the current turn's first day (the header's date): a
    /// dated event of the brief is logged under its own day once that day has come, under
    /// the current turn's first day until then. An event the scenario tells as history is
    /// logged under the day of the brief that brought it, its own day in its title.
    pub fn log(&self) -> Vec<LogEntry> {
        let sc = &self.scenario;
        let now = sc.calendar.date_of(self.state().turn);
        let entry = |turn: u16, h: &Happening| {
            let (title, text) = describe(sc, h);
            let brief = sc.calendar.date_of(if turn == 0 { 1 } else { turn + 1 });
            let (date, title, historical) = match h {
                Happening::Event(i) => match sc.events.get(*i) {
                    Some(e) if e.historical => {
                        let title = match e.date {
                            Some(day) => format!("Historically, {}: {title}", day.day_month()),
                            None => format!("Historically: {title}"),
                        };
                        (brief.min(now), title, true)
                    }
                    e => (
                        e.and_then(|e| e.date).unwrap_or(brief).min(now),
                        title,
                        false,
                    ),
                },
                _ => (sc.calendar.date_of(turn.max(1)), title, false),
            };
            LogEntry {
                turn,
                date,
                title,
                text,
                historical,
            }
        };
        let mut log: Vec<LogEntry> = self.opening.0.iter().map(|h| entry(0, h)).collect();
        for t in &self.turns {
            let (title, text) = orders_entry(sc, t.turn, &t.orders, &t.report);
            log.push(LogEntry {
                turn: t.turn,
                date: sc.calendar.date_of(t.turn),
                title,
                text,
                historical: false,
            });
            log.extend(t.report.happenings.iter().map(|h| entry(t.turn, h)));
        }
        // Stable: entries of one date keep the order they happened in.
        log.sort_by_key(|e| e.date);
        log
    }
}
