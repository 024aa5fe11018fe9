//! Turn resolution: orders → meters → draws → end conditions → next brief.
//!
//! Every formula reads its coefficients from the scenario's model; every contribution to a
//! meter goes through the [`Recorder`] with the rule it comes from. Each phase of a turn
//! lives in a module of its own, in the order [`step`] runs them.

mod ambiguity;
mod brief;
mod capacity;
mod check;
mod escalation;
mod exposure;
mod measures;
mod memory;
mod support;
mod us;

use rand::Rng;

use super::explain::Recorder;
use super::meters::{Meter, Meters};
use super::state::State;
use crate::engine::{FrontIdx, MAX_FACTIONS, Model, Order, Principle, Rule, Scenario};
use measures::Measures;

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
        self.sum += value;
        if R::ENABLED
            && value != 0.0
            && let Some(m) = self.meter
        {
            rec.factor(m, label, rule, principle, value);
        }
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
            );
        }
        *value = clamped;
    }
}

/// What every phase of a turn reads: the scenario, the orders that count and their measures.
struct Turn<'a> {
    scenario: &'a Scenario,
    model: &'a Model,
    n: usize,
    focus_front: FrontIdx,
    m: Measures,
    orders: &'a [Order],
}

/// Starts a campaign: the initial state, after the brief of turn 1.
pub fn start<R: Recorder, G: Rng>(scenario: &Scenario, rng: &mut G, rec: &mut R) -> State {
    let init = &scenario.initial;
    let n = scenario.factions.len();
    let mut state = State {
        turn: 1,
        meters: Meters::default(),
        capacity: scenario.factions.iter().map(|f| f.capacity).collect(),
        tension: scenario.fronts.iter().map(|f| f.tension).collect(),
        us_rung: 0,
        us_posture: init.us_posture,
        us_harm: 0.0,
        operation: init.operation,
        last_act: vec![None; n],
        streak: vec![0; n],
        fired: 0,
        outcome: None,
    };
    for &(meter, value) in &init.meters.0 {
        state.meters[meter] = value;
    }
    state.sync_focus(scenario);
    state.meters[Meter::UsIntervention] = us::us_probability(
        scenario,
        &us::UsInputs::at_rest(&state),
        &mut super::explain::Silent,
    );
    brief::brief(scenario, &mut state, rng, rec);
    state
}

/// Resolves one turn in place: applies the orders, runs the check draws, ends the campaign
/// or moves to the next turn and runs its brief. Orders a faction may not give count as
/// holding; a missing order holds.
pub fn step<R: Recorder, G: Rng>(
    scenario: &Scenario,
    state: &mut State,
    orders: &[Order],
    rng: &mut G,
    rec: &mut R,
) {
    if state.is_over() {
        return;
    }
    let n = scenario.factions.len();
    let mut valid = [Order::HOLD; MAX_FACTIONS];
    let m = Measures::of(scenario, state, orders, &mut valid);
    let turn = Turn {
        scenario,
        model: &scenario.model,
        n,
        focus_front: scenario.focus_front(),
        m,
        orders: &valid[..n],
    };
    let ambiguity_before = state.meter(Meter::Ambiguity);
    ambiguity::ambiguity(&turn, state, rec);
    let max_exposure = exposure::risk_distribution(&turn, state, rec);
    escalation::escalation(&turn, state, rec);
    us::us_intervention(&turn, state, ambiguity_before, max_exposure, rec);
    let effective_operation = capacity::capacity(&turn, state, rec);
    support::international_pressure(&turn, state, rec);
    support::cohesion(&turn, state, effective_operation, rec);
    memory::remember(&turn, state);
    check::check(scenario, state, rng, rec);
}
