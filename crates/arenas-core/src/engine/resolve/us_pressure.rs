//! US pressure on Israel: what the room can earn in Washington by raising the stakes of
//! American involvement, with diminishing returns. Nothing here rewards deniability or
//! spread: those pay through attribution and the US response; what the room loses when the
//! US is drawn in comes from the rungs' effects.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::draws::shock;
use super::{Tally, Turn};

/// US pressure on Israel: earned by sustained pressure and bounded harassment of US forces,
/// fading each turn.
pub(super) fn us_pressure<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) {
    let m = &turn.m;
    let up = &turn.model.us_pressure;
    let current = state.meter(Meter::UsPressure);
    // What is still to be won, how far the US is itself engaged, and the luck of the week,
    // scale every gain.
    let held: u8 = state.us_rungs.iter().sum();
    let ladder = turn.scenario.us_ladder.len().max(1) as f64;
    let engaged = 1.0 - up.engaged * f64::from(held) / ladder;
    let room = (1.0 - current / 100.0)
        * engaged
        * shock(turn.draws.us_pressure, turn.model.noise.us_pressure);
    let half = if up.half > 0.0 { up.half } else { 1.0 };
    let sustained = 1.0 - super::exp(-m.leverage.value / half);
    let peak = if up.harassment_peak > 0.0 {
        up.harassment_peak
    } else {
        1.0
    };
    let h = m.harm.value / peak;
    // No harm: 0 without the exponential (h · e^(1 − h) is h itself, sign included).
    let harassment = if h == 0.0 { h } else { h * super::exp(1.0 - h) };
    let mut t = Tally::new(Meter::UsPressure);
    t.rule_by(
        rec,
        "sustained, bounded pressure",
        m.leverage.by,
        "us_pressure.sustain",
        &up.sustain,
        room * sustained,
    );
    t.rule_by(
        rec,
        "bounded pressure on US forces raises the stakes",
        m.harm.by,
        "us_pressure.harassment",
        &up.harassment,
        room * harassment,
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
