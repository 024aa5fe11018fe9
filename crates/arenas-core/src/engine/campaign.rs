//! Whole campaigns: seeding, policies that give orders, and the pure turn wrapper.

use rand::{Rng, SeedableRng};

use super::explain::{Members, Report, Silent};
use super::resolve::{LookAhead, advance, start};
use super::scenario::{Order, Scenario};
use super::state::State;
use super::vocabulary::UsTrack;

/// The engine's random number generator: ChaCha8, portable across machines.
pub type GameRng = rand_chacha::ChaCha8Rng;

/// The generator for a campaign seed.
pub fn rng_from_seed(seed: u64) -> GameRng {
    GameRng::seed_from_u64(seed)
}

/// Gives the orders of each turn.
pub trait Policy {
    /// Orders for the state's current turn, one per faction.
    fn orders(&mut self, scenario: &Scenario, state: &State) -> &[Order];

    /// Whether the orders depend on the course ahead a state weighs ([`State::us_next`],
    /// the US entry meter): when not, [`play_on`] works it out in the last turn only.
    fn reads_look_ahead(&self) -> bool {
        true
    }
}

/// Fixed orders per turn (the last entry repeats past the end): a plan, or history.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    turns: Vec<Vec<Order>>,
}

impl Schedule {
    /// A schedule from the orders of each turn, starting at turn 1.
    pub fn new(turns: Vec<Vec<Order>>) -> Schedule {
        Schedule { turns }
    }

    /// The same orders every turn.
    pub fn constant(orders: Vec<Order>) -> Schedule {
        Schedule {
            turns: vec![orders],
        }
    }

    /// The orders of a turn (1-based).
    pub fn turn(&self, turn: u16) -> &[Order] {
        let i = usize::from(turn.max(1) - 1).min(self.turns.len().saturating_sub(1));
        self.turns.get(i).map_or(&[], Vec::as_slice)
    }
}

impl Policy for Schedule {
    fn orders(&mut self, _: &Scenario, state: &State) -> &[Order] {
        self.turn(state.turn)
    }

    fn reads_look_ahead(&self) -> bool {
        false
    }
}

impl Policy for &Schedule {
    fn orders(&mut self, _: &Scenario, state: &State) -> &[Order] {
        self.turn(state.turn)
    }

    fn reads_look_ahead(&self) -> bool {
        false
    }
}

/// The seed of run `index` of a batch seeded with `seed` (SplitMix64 of both).
pub fn run_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed
        ^ index
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .wrapping_add(0x632b_e59b_d9b4_e019);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Plays a whole campaign without explanations and returns the final state.
pub fn play<P: Policy>(scenario: &Scenario, seed: u64, policy: &mut P) -> State {
    let mut rng = rng_from_seed(seed);
    let mut state = start(scenario, &mut rng, &mut Silent);
    play_on(scenario, &mut state, &mut rng, policy);
    state
}

/// Plays a campaign on from `state` until it ends, without explanations. The end state is
/// the one [`step`] turn after turn would leave.
pub fn play_on<P: Policy, G: Rng>(
    scenario: &Scenario,
    state: &mut State,
    rng: &mut G,
    policy: &mut P,
) {
    let look_ahead = if policy.reads_look_ahead() {
        LookAhead::EVERY_TURN
    } else {
        LookAhead::at_end(scenario)
    };
    while !state.is_over() {
        let orders = policy.orders(scenario, state);
        advance(scenario, state, orders, 0, rng, &mut Silent, look_ahead);
    }
}

/// The result of resolving one turn: the new state and everything that explains it.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    pub state: State,
    pub report: Report,
}

/// Resolves one turn without touching the given state; the members in `seated` are played
/// by people (see [`advance`]), 0 for a campaign of one player.
pub fn resolve_turn(
    scenario: &Scenario,
    state: &State,
    orders: &[Order],
    seated: Members,
    rng: &mut GameRng,
) -> Resolution {
    let mut next = state.clone();
    let mut report = Report::starting_from(state);
    advance(
        scenario,
        &mut next,
        orders,
        seated,
        rng,
        &mut report,
        LookAhead::EVERY_TURN,
    );
    let rungs = [UsTrack::Forces, UsTrack::Escalation].map(|t| scenario.us_track(t).count() as u8);
    report.finish(&next, rungs);
    Resolution {
        state: next,
        report,
    }
}

impl Scenario {
    /// What the axis actually did, week by week, as a schedule of orders.
    pub fn historical_course(&self) -> Schedule {
        Schedule::new(self.history.iter().map(|w| w.orders.clone()).collect())
    }
}
