//! The US: the probability that it climbs its response ladder, from named factors.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::Turn;
use crate::engine::{Principle, Rule, Scenario};

/// Harm to US assets accumulates with memory; the probability is a logistic of its factors.
pub(super) fn us_intervention<R: Recorder>(
    turn: &Turn,
    state: &mut State,
    ambiguity_before: f64,
    max_exposure: f64,
    rec: &mut R,
) {
    let (scenario, model, m) = (turn.scenario, turn.model, &turn.m);
    state.us_harm = state.us_harm * model.us.harm_memory + m.harm;
    let inputs = UsInputs {
        harm: state.us_harm,
        watched: m.watched,
        // The US judges attribution on what it knew when the turn began.
        ambiguity: ambiguity_before,
        escalation: state.meters[Meter::Escalation],
        max_exposure,
        posture: state.us_posture,
    };
    state.meters[Meter::UsIntervention] = us_probability(scenario, &inputs, rec);
}

/// What the US weighs when deciding whether to intervene.
pub(super) struct UsInputs {
    harm: f64,
    watched: f64,
    ambiguity: f64,
    escalation: f64,
    max_exposure: f64,
    posture: f64,
}

impl UsInputs {
    pub(super) fn at_rest(state: &State) -> UsInputs {
        UsInputs {
            harm: state.us_harm,
            watched: 0.0,
            ambiguity: state.meters[Meter::Ambiguity],
            escalation: state.meters[Meter::Escalation],
            max_exposure: 0.0,
            posture: state.us_posture,
        }
    }
}

/// The US intervention probability in percent, recorded as a composition of named factors.
///
/// The logistic terms are converted to percentage points in proportion to their share of
/// the logit, so the factors keep their sign and add up exactly.
pub(super) fn us_probability<R: Recorder>(scenario: &Scenario, x: &UsInputs, rec: &mut R) -> f64 {
    let us = &scenario.model.us;
    let terms: [(&str, &str, &Rule, f64); 6] = [
        (
            "harm to US assets (with memory)",
            "us.harm",
            &us.harm,
            x.harm,
        ),
        (
            "escalation by closely watched members",
            "us.watched_escalation",
            &us.watched_escalation,
            x.watched,
        ),
        (
            "attribution to Iran",
            "us.attribution",
            &us.attribution,
            1.0 - x.ambiguity / 100.0,
        ),
        (
            "height of the escalation ladder",
            "us.ladder",
            &us.ladder,
            x.escalation / 100.0,
        ),
        (
            "exposure concentrated on one member",
            "us.concentration",
            &us.concentration,
            x.max_exposure,
        ),
        ("US deterrent posture", "us.posture", &us.posture, x.posture),
    ];
    let base = us.base.clamp(1e-6, 1.0 - 1e-6);
    let dz: f64 = terms.iter().map(|(_, _, r, x)| r.weight * x).sum();
    // The logistic function shifted so that dz = 0 gives the base probability.
    let p = 100.0 * base / (base + (1.0 - base) * libm::exp(-dz));
    if !R::ENABLED {
        return p;
    }
    let p0 = 100.0 * base;
    rec.factor(
        Meter::UsIntervention,
        "base probability",
        "us.base",
        Principle::UsRedLine,
        p0,
    );
    let per_logit = if dz.abs() > 1e-12 { (p - p0) / dz } else { 0.0 };
    for (label, id, rule, x) in terms {
        let value = rule.weight * x * per_logit;
        if value != 0.0 {
            rec.factor(Meter::UsIntervention, label, id, rule.principle, value);
        }
    }
    p
}
