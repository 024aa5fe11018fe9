//! Ambiguity: how unsure adversaries are about Tehran's hand.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::{Tally, Turn};

/// Ambiguity: deniable acts, tracing, many actors, novelty, patterns and drift.
pub(super) fn ambiguity<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) {
    let (n, m) = (turn.n, turn.m);
    let am = &turn.model.ambiguity;
    let mut t = Tally::new(Meter::Ambiguity);
    t.rule_by(
        rec,
        "deniable acts by autonomous members",
        m.deniable.by,
        "ambiguity.deniable",
        &am.deniable,
        m.deniable.value,
    );
    t.rule_by(
        rec,
        "acts traced to Tehran",
        m.traced.by,
        "ambiguity.attribution",
        &am.attribution,
        -m.traced.value,
    );
    let active = m.active_count();
    if active >= 2 && n >= 2 {
        let share = (active - 1) as f64 / (n - 1) as f64;
        t.rule_by(
            rec,
            "many actors at once",
            m.active,
            "ambiguity.many_actors",
            &am.many_actors,
            share,
        );
    }
    t.rule_by(
        rec,
        "unpredictable moves",
        m.novel.by,
        "ambiguity.novelty",
        &am.novelty,
        m.novel.value / n as f64,
    );
    t.rule_by(
        rec,
        "repeated patterns learned",
        m.pattern.by,
        "ambiguity.pattern",
        &am.pattern,
        -m.pattern.value,
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
