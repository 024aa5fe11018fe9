//! Ambiguity: how unsure adversaries are about Tehran's hand.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::{Tally, Turn};

/// Ambiguity: deniable acts, tracing, many actors, novelty, patterns and drift.
pub(super) fn ambiguity<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) {
    let (model, n, m) = (turn.model, turn.n, &turn.m);
    let am = &model.ambiguity;
    let mut t = Tally::new(Meter::Ambiguity);
    t.rule(
        rec,
        "deniable acts by autonomous members",
        "ambiguity.deniable",
        &am.deniable,
        m.deniable,
    );
    t.rule(
        rec,
        "acts traced to Tehran",
        "ambiguity.attribution",
        &am.attribution,
        -m.traced,
    );
    if m.active >= 2 && n >= 2 {
        let share = (m.active - 1) as f64 / (n - 1) as f64;
        t.rule(
            rec,
            "many actors at once",
            "ambiguity.many_actors",
            &am.many_actors,
            share,
        );
    }
    t.rule(
        rec,
        "unpredictable moves",
        "ambiguity.novelty",
        &am.novelty,
        m.novel / n as f64,
    );
    t.rule(
        rec,
        "repeated patterns learned",
        "ambiguity.pattern",
        &am.pattern,
        -m.pattern,
    );
    t.rule(
        rec,
        "drift toward the baseline",
        "ambiguity.drift",
        &am.drift,
        am.baseline - state.meters[Meter::Ambiguity],
    );
    t.settle(rec, &mut state.meters[Meter::Ambiguity], 100.0);
}
