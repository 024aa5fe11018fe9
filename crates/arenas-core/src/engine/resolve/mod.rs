//! Turn resolution: draws → members' compliance → orders measured → meters → check draws →
//! end conditions → next brief.
//!
//! Every formula reads its coefficients from the scenario's model; every contribution to a
//! meter goes through the [`Recorder`] with the rule it comes from and the members behind
//! it. Each phase of a turn lives in a module of its own, in the order [`step`] runs them.

mod ambiguity;
mod autonomy;
mod brief;
mod capacity;
mod check;
mod draws;
mod escalation;
mod exposure;
mod measures;
mod memory;
mod support;
mod us;
mod us_pressure;

use rand::Rng;

use super::explain::Recorder;
use super::meters::{Meter, Meters};
use super::state::State;
use crate::engine::{FrontIdx, Gauge, MAX_FACTIONS, Model, Order, Principle, Rule, Scenario};
pub use autonomy::{Compliance, compliance};
pub use check::ceasefire_chance;
use draws::Draws;
use measures::{Measures, Members};
pub use us::{Entry, entry as us_entry};

/// `libm::exp`, without the call at 0, where it gives exactly 1: many factors are 0 in a
/// turn.
fn exp(x: f64) -> f64 {
    if x == 0.0 { 1.0 } else { libm::exp(x) }
}

/// A meter being changed: its contributions are summed, then clamped to its scale once.
struct Tally {
    meter: Option<Meter>,
    sum: f64,
}

impl Tally {
    fn new(meter: Meter) -> Tally {
        Tally {
            meter: Some(meter),
            sum: 0.0,
        }
    }

    /// A tally that records nothing (capacity of members other than the focus).
    fn silent() -> Tally {
        Tally {
            meter: None,
            sum: 0.0,
        }
    }

    fn add<R: Recorder>(
        &mut self,
        rec: &mut R,
        label: &str,
        rule: &str,
        principle: Principle,
        value: f64,
    ) {
        self.add_by(rec, label, 0, rule, principle, value);
    }

    fn rule<R: Recorder>(
        &mut self,
        rec: &mut R,
        label: &str,
        rule_id: &str,
        rule: &Rule,
        amount: f64,
    ) {
        self.add(rec, label, rule_id, rule.principle, rule.weight * amount);
    }

    /// [`Tally::add`] with the members whose orders caused the factor.
    fn add_by<R: Recorder>(
        &mut self,
        rec: &mut R,
        label: &str,
        by: Members,
        rule: &str,
        principle: Principle,
        value: f64,
    ) {
        self.sum += value;
        if R::ENABLED
            && value != 0.0
            && let Some(m) = self.meter
        {
            rec.factor(m, label, rule, principle, value, by);
        }
    }

    /// [`Tally::rule`] with the members whose orders caused the factor.
    fn rule_by<R: Recorder>(
        &mut self,
        rec: &mut R,
        label: &str,
        by: Members,
        rule_id: &str,
        rule: &Rule,
        amount: f64,
    ) {
        let value = rule.weight * amount;
        self.add_by(rec, label, by, rule_id, rule.principle, value);
    }

    /// Applies the sum to `value`, clamped to `0..=max`, recording the clamp as a factor.
    fn settle<R: Recorder>(self, rec: &mut R, value: &mut f64, max: f64) {
        let raw = *value + self.sum;
        let clamped = raw.clamp(0.0, max);
        if let Some(m) = self.meter
            && clamped != raw
        {
            rec.factor(
                m,
                "limit of the scale",
                "bounds",
                Principle::External,
                clamped - raw,
                0,
            );
        }
        *value = clamped;
    }
}

/// What every phase of a turn reads: the scenario, the orders carried out, their measures
/// and the turn's draws.
struct Turn<'a> {
    scenario: &'a Scenario,
    model: &'a Model,
    n: usize,
    focus_front: FrontIdx,
    m: &'a Measures,
    orders: &'a [Order],
    draws: &'a Draws,
    /// Members who refused their orders.
    refused: Members,
    /// How many rungs each US track has.
    track_lengths: [usize; 2],
}

/// How many rungs each US track of the scenario has.
fn track_lengths(scenario: &Scenario) -> [usize; 2] {
    let mut lengths = [0; 2];
    for rung in &scenario.us_ladder {
        lengths[rung.track as usize] += 1;
    }
    lengths
}

/// Starts a campaign: the initial state, after the brief of turn 1.
pub fn start<R: Recorder, G: Rng>(scenario: &Scenario, rng: &mut G, rec: &mut R) -> State {
    let init = &scenario.initial;
    let n = scenario.factions.len();
    let spread = scenario.model.noise.initial_capacity;
    let capacity = scenario
        .factions
        .iter()
        .map(|f| (f.capacity * (1.0 + spread * draws::normal(rng))).clamp(0.0, 100.0))
        .collect();
    let mut state = State {
        turn: 1,
        meters: Meters::default(),
        capacity,
        tension: scenario.fronts.iter().map(|f| f.tension).collect(),
        us_rungs: [0; 2],
        us_reached: [0; 2],
        us_odds: [0.0; 2],
        us_next: [0.0; 2],
        exposure: (0..n).map(|_| 0.0).collect(),
        lost: (0..n).map(|_| 0.0).collect(),
        us_posture: init.us_posture,
        us_harm: 0.0,
        operation: init.operation,
        last_act: (0..n).map(|_| None).collect(),
        streak: (0..n).map(|_| 0).collect(),
        fired: 0,
        outcome: None,
    };
    for &(meter, value) in &init.meters.0 {
        state.meters[meter] = value;
    }
    state.sync_focus(scenario);
    us::at_rest(scenario, &mut state);
    brief::brief(scenario, &mut state, rng, rec);
    state
}

/// Which turns of a campaign weigh the course ahead: each US track's chance in the coming
/// turn ([`State::us_next`]) and the US entry meter. Nothing in a turn reads them but an
/// event that tests the US entry meter, so a campaign whose orders do not depend on them
/// needs them only in the state it ends in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookAhead {
    every_turn: bool,
}

impl LookAhead {
    /// Every turn, as [`step`] does: every state between two turns is complete.
    pub const EVERY_TURN: LookAhead = LookAhead { every_turn: true };

    /// The turn that ends the campaign only, unless an event of the scenario tests the US
    /// entry meter: the end state is as [`step`] leaves it, the states before it may keep
    /// the look-ahead of an earlier turn.
    pub fn at_end(scenario: &Scenario) -> LookAhead {
        let entry = Gauge::Meter(Meter::UsEntry);
        let tested = scenario
            .events
            .iter()
            .any(|e| e.when.iter().any(|c| c.gauge == entry));
        LookAhead { every_turn: tested }
    }
}

/// Resolves one turn in place: members carry out (or not) the orders, the meters move, the
/// check draws run, and the campaign ends or moves to the next turn and runs its brief.
/// Orders a faction may not give count as holding; a missing order holds.
pub fn step<R: Recorder, G: Rng>(
    scenario: &Scenario,
    state: &mut State,
    orders: &[Order],
    rng: &mut G,
    rec: &mut R,
) {
    advance(scenario, state, orders, 0, rng, rec, LookAhead::EVERY_TURN);
}

/// [`step`] for a room of players and a batch of rollouts: the members in `seated` are
/// played by people, so their orders are their own choice, carried out as given, and they
/// never act alone (the others keep their autonomy; the draws are the same either way);
/// the course ahead is weighed in the turns `look_ahead` says.
pub fn advance<R: Recorder, G: Rng>(
    scenario: &Scenario,
    state: &mut State,
    orders: &[Order],
    seated: Members,
    rng: &mut G,
    rec: &mut R,
    look_ahead: LookAhead,
) {
    if state.is_over() {
        return;
    }
    let n = scenario.factions.len();
    let draws = Draws::take(rng, n);
    let mut carried = [Order::HOLD; MAX_FACTIONS];
    for (i, slot) in carried.iter_mut().enumerate().take(n) {
        let order = orders.get(i).copied().unwrap_or(Order::HOLD);
        if scenario.order_is_legal(i, &order) {
            *slot = order;
        }
    }
    // The orders as given, before the members weigh them: the course the look-ahead holds.
    let given = carried;
    let refused = autonomy::carry_out(scenario, state, &mut carried[..n], seated, &draws, rec);
    let m = Measures::of::<R>(scenario, state, &carried[..n]);
    let turn = Turn {
        scenario,
        model: &scenario.model,
        n,
        focus_front: scenario.focus_front(),
        m: &m,
        orders: &carried[..n],
        draws: &draws,
        refused,
        track_lengths: track_lengths(scenario),
    };
    let ambiguity_before = state.meter(Meter::Ambiguity);
    ambiguity::ambiguity(&turn, state, rec);
    exposure::risk_distribution(&turn, state, rec);
    escalation::escalation(&turn, state, rec);
    us_pressure::us_pressure(&turn, state, rec);
    let tracks = us::track_chances(&turn, state, ambiguity_before, rec);
    let after = capacity::capacity(&turn, state, rec);
    support::international_pressure(&turn, state, rec);
    support::cohesion(&turn, state, &after, rec);
    memory::remember(&turn, state);
    check::check(scenario, state, tracks, &turn, rng, rec);
    if look_ahead.every_turn || state.is_over() {
        us::look_ahead(scenario, state, &given[..n]);
    }
}
