//! International pressure and axis cohesion: what holds the room's strategy up.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::capacity::Aftermath;
use super::draws::shock;
use super::{Tally, Turn};

/// International pressure: the humanitarian toll, lowered by the escalation the world can
/// pin on the axis (a deniable act shifts less attention from Gaza than a claimed one).
pub(super) fn international_pressure<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) {
    let m = turn.m;
    let pm = &turn.model.pressure;
    let mut t = Tally::new(Meter::InternationalPressure);
    t.rule(
        rec,
        "humanitarian toll of the Gaza operation",
        "pressure.humanitarian",
        &pm.humanitarian,
        state.operation * shock(turn.draws.humanitarian, turn.model.noise.humanitarian),
    );
    t.rule_by(
        rec,
        "escalation pinned on the axis shifts attention",
        m.push_attributed.by,
        "pressure.axis_escalation",
        &pm.axis_escalation,
        -m.push_attributed.value,
    );
    t.settle(rec, &mut state.meters[Meter::InternationalPressure], 100.0);
}

/// Axis cohesion: bleeding without support, domestic strain and retaliation, Tehran's
/// unease, collective action, solidarity in public, refusals and patron support.
pub(super) fn cohesion<R: Recorder>(
    turn: &Turn,
    state: &mut State,
    after: &Aftermath,
    rec: &mut R,
) {
    let (sc, n, m) = (turn.scenario, turn.n, turn.m);
    let co = &turn.model.cohesion;
    let mut t = Tally::new(Meter::Cohesion);
    let support_share = if co.support_target > 0.0 {
        (m.support.value / co.support_target).min(1.0)
    } else {
        1.0
    };
    t.rule(
        rec,
        "Gaza bleeds while others hold back",
        "cohesion.bleeding",
        &co.bleeding,
        -after.effective_operation * (1.0 - support_share),
    );
    t.rule_by(
        rec,
        "members pushed against domestic limits",
        m.strain.by,
        "cohesion.domestic",
        &co.domestic,
        -m.strain.value,
    );
    t.rule_by(
        rec,
        "retaliation strains members at home",
        after.strained,
        "retaliation.domestic",
        &turn.model.retaliation.domestic,
        -after.strain,
    );
    let unease = -((state.meters[Meter::Escalation] - 50.0) / 50.0).max(0.0);
    t.rule(
        rec,
        "Tehran's unease at the ladder",
        "cohesion.tehran",
        &co.tehran,
        unease,
    );
    t.rule_by(
        rec,
        "members acting together",
        m.active,
        "cohesion.collective",
        &co.collective,
        m.active_count() as f64 / n as f64,
    );
    t.rule_by(
        rec,
        "solidarity shown in public",
        m.claimed.by,
        "cohesion.claimed",
        &co.claimed,
        m.claimed.value,
    );
    let refusals: f64 = sc
        .factions
        .iter()
        .enumerate()
        .filter(|(i, _)| turn.refused & (1 << i) != 0)
        .map(|(_, f)| f.autonomy)
        .sum();
    t.rule_by(
        rec,
        "orders refused",
        turn.refused,
        "cohesion.refusal",
        &co.refusal,
        -refusals,
    );
    t.rule_by(
        rec,
        "patron support that reaches Gaza",
        m.resupply_focus.by,
        "cohesion.resupply",
        &co.resupply,
        after.delivered,
    );
    t.settle(rec, &mut state.meters[Meter::Cohesion], 100.0);
}
