//! The US response on its two tracks: the forces track answers harm to US forces, the
//! escalation track answers escalation against Israel and Tehran's visibility. Both weigh
//! what Washington can attribute (see `measures`): ambiguity shields, claims expose. Each track
//! climbs with the probability of a logistic function of named factors; the US
//! intervention meter is the chance that either climbs this turn.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::Turn;
use super::measures::Members;
use crate::engine::{Principle, Rule, Scenario, UsTrack};

/// The chance each track climbs this turn (forces, escalation), 0–1.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Tracks(pub(super) [f64; 2]);

/// One term of a track's logistic function.
struct Term<'a> {
    label: &'static str,
    id: &'static str,
    rule: &'a Rule,
    x: f64,
    by: Members,
}

/// Harm to US assets accumulates with memory; each track's chance is a logistic of its
/// factors, judged on what the US knew of Tehran's hand when the turn began.
pub(super) fn us_intervention<R: Recorder>(
    turn: &Turn,
    state: &mut State,
    ambiguity_before: f64,
    rec: &mut R,
) -> Tracks {
    let (scenario, m) = (turn.scenario, turn.m);
    state.us_harm = state.us_harm * turn.model.us.harm_memory + m.harm_attributed.value;
    let inputs = Inputs {
        harm: (state.us_harm, m.harm_attributed.by),
        traced: (m.traced.value, m.traced.by),
        watched: (m.watched.value, m.watched.by),
        patron: (m.patron.value, m.patron.by),
        casualties: (m.casualties.value, m.casualties.by),
        // With nobody exposed this turn, nothing is concentrated.
        concentration: if m.active != 0 {
            (1.0 - state.meter(Meter::RiskDistribution), m.active)
        } else {
            (0.0, 0)
        },
        ambiguity: ambiguity_before,
    };
    let (meter, tracks) = probability(scenario, state, &inputs, rec);
    state.meters[Meter::UsIntervention] = meter;
    tracks
}

/// The US intervention meter of a state before any orders (for the start of a campaign).
pub(super) fn at_rest<R: Recorder>(scenario: &Scenario, state: &State, rec: &mut R) -> f64 {
    let inputs = Inputs {
        harm: (state.us_harm, 0),
        traced: (0.0, 0),
        watched: (0.0, 0),
        patron: (0.0, 0),
        casualties: (0.0, 0),
        concentration: (0.0, 0),
        ambiguity: state.meter(Meter::Ambiguity),
    };
    probability(scenario, state, &inputs, rec).0
}

/// What the US weighs, each with the members behind it.
struct Inputs {
    harm: (f64, Members),
    traced: (f64, Members),
    watched: (f64, Members),
    patron: (f64, Members),
    casualties: (f64, Members),
    concentration: (f64, Members),
    ambiguity: f64,
}

/// The meter (percent) and each track's chance, recorded as a composition of named factors.
fn probability<R: Recorder>(
    scenario: &Scenario,
    state: &State,
    x: &Inputs,
    rec: &mut R,
) -> (f64, Tracks) {
    let us = &scenario.model.us;
    let attribution = 1.0 - x.ambiguity / 100.0;
    let rungs = |track: UsTrack| f64::from(state.us_rungs[track as usize]);
    // Washington's posture weighs on both tracks.
    let posture = || Term {
        label: "US deterrent posture",
        id: "us.posture",
        rule: &us.posture,
        x: state.us_posture,
        by: 0,
    };
    let forces = [
        Term {
            label: "harm to US forces (with memory)",
            id: "us.harm",
            rule: &us.harm,
            x: x.harm.0,
            by: x.harm.1,
        },
        Term {
            label: "attribution to Iran",
            id: "us.attribution",
            rule: &us.attribution,
            x: attribution,
            by: 0,
        },
        posture(),
        Term {
            label: "rungs already climbed",
            id: "us.rung_step",
            rule: &us.rung_step,
            x: -rungs(UsTrack::Forces),
            by: 0,
        },
    ];
    let patron = &scenario.model.patron;
    let escalation = [
        Term {
            label: "escalation by closely watched members",
            id: "us.watched_escalation",
            rule: &us.watched_escalation,
            x: x.watched.0,
            by: x.watched.1,
        },
        Term {
            label: "Tehran's hand visible",
            id: "us.tehran",
            rule: &us.tehran,
            x: attribution,
            by: 0,
        },
        Term {
            label: "acts traced to Tehran this turn",
            id: "us.traced",
            rule: &us.traced,
            x: x.traced.0,
            by: x.traced.1,
        },
        Term {
            label: "the patron acting in its own name",
            id: "patron.visibility",
            rule: &patron.visibility,
            x: x.patron.0,
            by: x.patron.1,
        },
        Term {
            label: "height of the escalation ladder",
            id: "us.ladder",
            rule: &us.ladder,
            x: state.meter(Meter::Escalation) / 100.0,
            by: 0,
        },
        Term {
            label: "exposure concentrated on few members",
            id: "us.concentration",
            rule: &us.concentration,
            x: x.concentration.0,
            by: x.concentration.1,
        },
        Term {
            label: "attacks aimed to kill US personnel",
            id: "us.casualties",
            rule: &us.casualties,
            x: x.casualties.0,
            by: x.casualties.1,
        },
        posture(),
    ];
    let open = |track: UsTrack| {
        usize::from(state.us_rungs[track as usize]) < scenario.us_track(track).count()
    };
    let p_forces = if open(UsTrack::Forces) {
        logistic(us.forces_base, &forces)
    } else {
        0.0
    };
    let p_escalation = if open(UsTrack::Escalation) {
        logistic(us.escalation_base, &escalation)
    } else {
        0.0
    };
    let meter = 100.0 * (1.0 - (1.0 - p_forces) * (1.0 - p_escalation));
    if R::ENABLED {
        // Forces-track factors add up to its chance; escalation-track factors to its chance
        // when the forces track does not climb, so together they add up to the meter.
        if p_forces > 0.0 {
            compose(rec, "forces", us.forces_base, &forces, 1.0);
        }
        if p_escalation > 0.0 {
            let scale = 1.0 - p_forces;
            compose(rec, "escalation", us.escalation_base, &escalation, scale);
        }
    }
    (meter, Tracks([p_forces, p_escalation]))
}

/// The logistic function shifted so that all terms at zero give the base probability.
fn logistic(base: f64, terms: &[Term]) -> f64 {
    let base = base.clamp(1e-6, 1.0 - 1e-6);
    let dz: f64 = terms.iter().map(|t| t.rule.weight * t.x).sum();
    base / (base + (1.0 - base) * libm::exp(-dz))
}

/// Records a track's chance (times `scale`, in percentage points) as its base and the
/// terms' shares of the logit, so the factors keep their sign and add up exactly.
fn compose<R: Recorder>(rec: &mut R, track: &str, base: f64, terms: &[Term], scale: f64) {
    let p = 100.0 * logistic(base, terms);
    let p0 = 100.0 * base.clamp(1e-6, 1.0 - 1e-6);
    let dz: f64 = terms.iter().map(|t| t.rule.weight * t.x).sum();
    let id = if track == "forces" {
        "us.forces_base"
    } else {
        "us.escalation_base"
    };
    rec.factor(
        Meter::UsIntervention,
        &format!("{track} track: base probability"),
        id,
        Principle::UsRedLine,
        p0 * scale,
        0,
    );
    let per_logit = if dz.abs() > 1e-12 { (p - p0) / dz } else { 0.0 };
    for t in terms {
        let value = t.rule.weight * t.x * per_logit * scale;
        if value != 0.0 {
            let label = format!("{track} track: {}", t.label);
            rec.factor(
                Meter::UsIntervention,
                &label,
                t.id,
                t.rule.principle,
                value,
                t.by,
            );
        }
    }
}
