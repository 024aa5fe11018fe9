//! Coordination in a campaign a room played: for each member, who held its seat, how often
//! it followed the operations room's proposals, how it used the points it was given, the
//! deadlines it let pass, and, where the forecast can say, what following would have
//! changed.

use std::num::NonZeroUsize;
use std::sync::Arc;

use arenas_core::engine::{Outcome, Scenario};
use arenas_core::team::{Room, Seat, members};
use arenas_files::save::Saved;
use arenas_files::text::clean;
use arenas_sim::forecast::{FollowUp, Forecast, Request, seed_for};

use super::Debrief;
use super::numbers::percent;

/// Rollouts behind each "had it followed" comparison.
pub const WHAT_IF_ROLLOUTS: u64 = 2_000;

/// How a room coordinated.
#[derive(Clone, Debug, PartialEq)]
pub struct Coordination {
    /// The room's name on the server.
    pub room: String,
    /// Who held the operations room ("the model" when no one did).
    pub operations: String,
    pub rows: Vec<CoordinationRow>,
}

/// One member's record.
#[derive(Clone, Debug, PartialEq)]
pub struct CoordinationRow {
    pub member: String,
    /// Who held the seat at the end ("the model" when no one did).
    pub holder: String,
    /// Weeks with a proposal, and weeks it was followed.
    pub proposed: u16,
    pub followed: u16,
    /// Points given in all, and points its orders used.
    pub given: u32,
    pub used: u32,
    /// Weeks a student held the seat and let the deadline pass.
    pub missed: u16,
    /// What following the proposals it did not follow would have changed, when worked
    /// out: the change in the chance of the best outcome, in points, summed over those
    /// weeks.
    pub had_it_followed: Option<f64>,
}

fn holder(room: &Room, seat: Seat) -> String {
    room.roster
        .holder(seat)
        .map_or_else(|| "the model".to_owned(), clean)
}

impl Coordination {
    /// The record of a room (`name`) so far.
    pub fn of(room: &Room, name: &str) -> Coordination {
        let sc = room.scenario();
        let rows = members(sc)
            .map(|i| {
                let (followed, proposed) = room.followed(i);
                let mut row = CoordinationRow {
                    member: clean(&sc.factions[i].name),
                    holder: holder(room, Seat::Member(i)),
                    proposed,
                    followed,
                    given: 0,
                    used: 0,
                    missed: 0,
                    had_it_followed: None,
                };
                for (w, t) in room.weeks.iter().zip(&room.game.turns) {
                    row.given += w.shares.get(i).copied().unwrap_or(0);
                    row.used += t.orders.get(i).map_or(0, |o| sc.order_cost(i, o));
                    row.missed += u16::from(w.missed(Seat::Member(i)));
                }
                row
            })
            .collect();
        Coordination {
            room: clean(name),
            operations: holder(room, Seat::Operations),
            rows,
        }
    }

    /// Works out, for each member, what following the proposals it did not follow would
    /// have changed: from the state before each such week, the week's orders as given and
    /// with the proposal in the member's place, each followed by the same orders to the
    /// end, on the same draws.
    pub fn with_what_if(mut self, room: &Room, threads: NonZeroUsize) -> Coordination {
        let sc = &room.game.scenario;
        let states: Vec<_> = room.game.states().collect();
        for (row, i) in self.rows.iter_mut().zip(members(sc)) {
            let mut total = 0.0;
            let mut any = false;
            for (k, (w, t)) in room.weeks.iter().zip(&room.game.turns).enumerate() {
                let Some(p) = w.proposals.get(i).and_then(Option::as_ref) else {
                    continue;
                };
                if t.orders.get(i) == Some(&p.order) {
                    continue;
                }
                let mut followed = t.orders.clone();
                followed[i] = p.order;
                let (Some(done), Some(instead)) = (
                    best_share(sc, states[k], &t.orders, room.game.seed, threads),
                    best_share(sc, states[k], &followed, room.game.seed, threads),
                ) else {
                    continue;
                };
                total += instead - done;
                any = true;
            }
            row.had_it_followed = any.then_some(total);
        }
        self
    }
}

/// The forecast chance of the best outcome, in percent, from `state` with `orders` this
/// week and the same orders after.
fn best_share(
    sc: &Arc<Scenario>,
    state: &arenas_core::engine::State,
    orders: &[arenas_core::engine::Order],
    seed: u64,
    threads: NonZeroUsize,
) -> Option<f64> {
    let request = Request {
        scenario: Arc::clone(sc),
        state: state.clone(),
        orders: orders.to_vec(),
        follow_up: FollowUp::RepeatPlan,
        rollouts: WHAT_IF_ROLLOUTS,
        seed: seed_for(seed, state.turn),
    };
    let totals = Forecast::start(request, threads).ok()?.wait();
    Some(100.0 * totals.fraction(Outcome::CeasefirePreserved))
}

impl Debrief {
    /// The debrief of a save: its campaign, the weeks an instructor prepared, the player's
    /// classwork and, for a room's campaign, the room's coordination with what following
    /// would have changed (worked out on `threads`).
    pub fn of_save(saved: &Saved, threads: NonZeroUsize) -> Debrief {
        let game = &saved.game;
        let mut d = Debrief::new(game)
            .with_prepared(saved.prepared)
            .with_classwork(game, &saved.classwork);
        if let (Some(room), Some(record)) = (saved.room(), &saved.room) {
            d.coordination =
                Some(Coordination::of(&room, &record.name).with_what_if(&room, threads));
        }
        d
    }
}

impl CoordinationRow {
    /// The row's cells as text: member, holder, followed, points used, deadlines missed,
    /// had it followed.
    pub fn cells(&self) -> [String; 6] {
        let followed = if self.proposed == 0 {
            "no proposal".to_owned()
        } else {
            format!("{} of {}", self.followed, self.proposed)
        };
        let used = if self.given == 0 {
            format!("{} (none given)", self.used)
        } else {
            format!(
                "{} of {} ({})",
                self.used,
                self.given,
                percent(100.0 * f64::from(self.used) / f64::from(self.given))
            )
        };
        let what_if = self.had_it_followed.map_or_else(
            || "—".to_owned(),
            |d| format!("{d:+.1} points of the best outcome"),
        );
        [
            self.member.clone(),
            self.holder.clone(),
            followed,
            used,
            self.missed.to_string(),
            what_if,
        ]
    }
}
