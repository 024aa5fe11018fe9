//! International pressure and axis cohesion: what holds the room's strategy up.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::{Tally, Turn};

/// International pressure: the humanitarian toll, lowered by axis escalation.
pub(super) fn international_pressure<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) {
    let (model, m) = (turn.model, &turn.m);
    let pm = &model.pressure;
    let mut t = Tally::new(Meter::InternationalPressure);
    t.rule(
        rec,
        "humanitarian toll of the Gaza operation",
        "pressure.humanitarian",
        &pm.humanitarian,
        state.operation,
    );
    t.rule(
        rec,
        "axis escalation shifts attention",
        "pressure.axis_escalation",
        &pm.axis_escalation,
        -m.push,
    );
    t.settle(rec, &mut state.meters[Meter::InternationalPressure], 100.0);
}

/// Axis cohesion: bleeding without support, domestic strain, Tehran's unease, collective
/// action and patron support.
pub(super) fn cohesion<R: Recorder>(
    turn: &Turn,
    state: &mut State,
    effective_operation: f64,
    rec: &mut R,
) {
    let (model, n, focus_front, m) = (turn.model, turn.n, turn.focus_front, &turn.m);
    let co = &model.cohesion;
    let mut t = Tally::new(Meter::Cohesion);
    let support_share = if co.support_target > 0.0 {
        (m.support / co.support_target).min(1.0)
    } else {
        1.0
    };
    let bleeding = -effective_operation * (1.0 - support_share);
    t.rule(
        rec,
        "Gaza bleeds while others hold back",
        "cohesion.bleeding",
        &co.bleeding,
        bleeding,
    );
    t.rule(
        rec,
        "members pushed against domestic limits",
        "cohesion.domestic",
        &co.domestic,
        -m.strain,
    );
    let unease = -((state.meters[Meter::Escalation] - 50.0) / 50.0).max(0.0);
    t.rule(
        rec,
        "Tehran's unease at the ladder",
        "cohesion.tehran",
        &co.tehran,
        unease,
    );
    t.rule(
        rec,
        "members acting together",
        "cohesion.collective",
        &co.collective,
        m.active as f64 / n as f64,
    );
    t.rule(
        rec,
        "patron support for Gaza",
        "cohesion.resupply",
        &co.resupply,
        m.resupply[focus_front],
    );
    t.settle(rec, &mut state.meters[Meter::Cohesion], 100.0);
}
