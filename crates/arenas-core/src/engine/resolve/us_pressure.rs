//! US pressure on Israel: what the room can earn in Washington by sustained, distributed,
//! bounded pressure, with diminishing returns, and lose to the rally effects of open
//! escalation, high-intensity acts and acts traced to Tehran.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::draws::shock;
use super::{Tally, Turn};

/// US pressure on Israel: earned by sustained spread pressure and bounded harassment of US
/// forces, lost to rally effects, fading each turn.
pub(super) fn us_pressure<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) {
    let m = &turn.m;
    let up = &turn.model.us_pressure;
    let current = state.meter(Meter::UsPressure);
    // What is still to be won, and the luck of the week, scale every gain.
    let room =
        (1.0 - current / 100.0) * shock(turn.draws.us_pressure, turn.model.noise.us_pressure);
    let half = if up.half > 0.0 { up.half } else { 1.0 };
    let sustained = 1.0 - libm::exp(-m.leverage.value / half);
    let spread = up.concentrated + (1.0 - up.concentrated) * state.meter(Meter::RiskDistribution);
    let peak = if up.harassment_peak > 0.0 {
        up.harassment_peak
    } else {
        1.0
    };
    let h = m.harm.value / peak;
    let harassment = h * libm::exp(1.0 - h);
    let mut t = Tally::new(Meter::UsPressure);
    t.rule_by(
        rec,
        "sustained pressure spread over members",
        m.leverage.by,
        "us_pressure.sustain",
        &up.sustain,
        room * sustained * spread,
    );
    t.rule_by(
        rec,
        "bounded pressure on US forces raises the stakes",
        m.harm.by,
        "us_pressure.harassment",
        &up.harassment,
        room * harassment,
    );
    t.rule_by(
        rec,
        "rally after fronts opened fully",
        m.open.by,
        "us_pressure.open",
        &up.open,
        -m.open.value,
    );
    t.rule_by(
        rec,
        "rally after acts at the highest intensity",
        m.high.by,
        "us_pressure.high",
        &up.high,
        -m.high.value,
    );
    t.rule_by(
        rec,
        "rally after acts traced to Tehran",
        m.traced.by,
        "us_pressure.traced",
        &up.traced,
        -m.traced.value,
    );
    t.rule_by(
        rec,
        "acts claimed in public",
        m.claimed.by,
        "us_pressure.claimed",
        &up.claimed,
        -m.claimed.value,
    );
    t.rule(
        rec,
        "attention fades",
        "us_pressure.decay",
        &up.decay,
        -current,
    );
    t.settle(rec, &mut state.meters[Meter::UsPressure], 100.0);
}
