//! The brief phase: scenario events, and the effects events and US rungs have on the world.

use rand::Rng;

use super::super::explain::{Happening, Recorder};
use super::super::meters::{Meter, Origin};
use super::super::scenario::{Condition, Effects, Gauge, Scenario};
use super::super::state::State;
use super::super::vocabulary::{MAX_EVENTS, Principle};
use super::Tally;

/// Brief phase: fires the scenario events due this turn.
pub(super) fn brief<R: Recorder, G: Rng>(
    scenario: &Scenario,
    state: &mut State,
    rng: &mut G,
    rec: &mut R,
) {
    let count = scenario.events.len().min(MAX_EVENTS);
    let all = if count == MAX_EVENTS {
        u128::MAX
    } else {
        (1u128 << count) - 1
    };
    let mut pending = all & !state.fired;
    while pending != 0 {
        let i = pending.trailing_zeros() as usize;
        pending &= pending - 1;
        let event = &scenario.events[i];
        if event.turn.is_some_and(|t| t != state.turn)
            || !event.when.iter().all(|c| holds(scenario, state, c))
        {
            continue;
        }
        if event.chance < 1.0 && rng.random::<f64>() >= event.chance {
            continue;
        }
        state.fired |= 1u128 << i;
        rec.happened(Happening::Event(i));
        apply_effects(
            scenario,
            state,
            &event.effects,
            &event.title,
            &event.id,
            rec,
        );
    }
}

fn holds(scenario: &Scenario, state: &State, c: &Condition) -> bool {
    let value = match c.gauge {
        Gauge::Meter(m) => state.meter(m),
        Gauge::UsRung => f64::from(state.us_rung(scenario)),
        Gauge::UsPosture => state.us_posture,
        Gauge::Operation => state.operation,
    };
    c.above.is_none_or(|a| value > a) && c.below.is_none_or(|b| value < b)
}

pub(super) fn apply_effects<R: Recorder>(
    scenario: &Scenario,
    state: &mut State,
    e: &Effects,
    label: &str,
    rule: &str,
    rec: &mut R,
) {
    let p = Principle::External;
    for (meter, delta) in e.meters.iter() {
        if delta != 0.0 && meter.info().origin == Origin::Stock {
            let mut t = Tally::new(meter);
            t.add(rec, label, rule, p, delta);
            t.settle(rec, &mut state.meters[meter], meter.full_scale());
        }
    }
    state.us_posture = (state.us_posture + e.us_posture).clamp(0.0, 1.0);
    state.operation = (state.operation + e.operation).clamp(0.0, 1.0);
    for &(front, delta) in &e.tension {
        if let Some(t) = state.tension.get_mut(front) {
            *t = (*t + delta).clamp(0.0, 100.0);
        }
    }
    for &(faction, delta) in &e.capacity {
        if faction >= state.capacity.len() {
            continue;
        }
        let mut t = if faction == scenario.focus {
            Tally::new(Meter::HamasCapacity)
        } else {
            Tally::silent()
        };
        t.add(rec, label, rule, p, delta);
        t.settle(rec, &mut state.capacity[faction], 100.0);
    }
    state.sync_focus(scenario);
}
