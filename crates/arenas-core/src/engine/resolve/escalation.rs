//! The escalation ladder and the tension of each front.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::{Tally, Turn};

/// The ladder climbs with the orders' push and settles by restraint; fronts likewise.
pub(super) fn escalation<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) {
    let m = turn.m;
    let es = &turn.model.escalation;
    let mut t = Tally::new(Meter::Escalation);
    t.rule_by(
        rec,
        "pressure from this turn's orders",
        m.push.by,
        "escalation.push",
        &es.push,
        m.push.value,
    );
    let p = state.meters[Meter::Escalation] / 100.0;
    t.rule(
        rec,
        "restraint lets the ladder settle",
        "escalation.restraint",
        &es.restraint,
        -4.0 * p * (1.0 - p),
    );
    t.settle(rec, &mut state.meters[Meter::Escalation], 100.0);
    for (tension, push) in state.tension.iter_mut().zip(m.front_push) {
        let q = *tension / 100.0;
        *tension = (*tension + es.front_push * push - es.front_decay * 4.0 * q * (1.0 - q))
            .clamp(0.0, 100.0);
    }
}
