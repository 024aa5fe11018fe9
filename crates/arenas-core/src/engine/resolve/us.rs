//! The US response on its two tracks: the forces track answers harm to US forces, the
//! escalation track answers escalation against Israel and Tehran's visibility. Both weigh
//! what Washington can attribute (see `measures`): ambiguity shields, claims expose. Each track
//! climbs with the probability of a logistic function of named factors. After the check,
//! the same acts are weighed again on the new state to give each track's chance in the
//! coming turn, and from the escalation track's the US entry meter: the chance that the US
//! enters the war directly by the campaign's end if the course holds (see [`entry`]).

use super::super::explain::{Recorder, Silent};
use super::super::meters::Meter;
use super::super::state::State;
use super::Turn;
use super::measures::{Measures, Members};
use crate::engine::{Order, Principle, Rule, Scenario, UsTrack};

/// One term of a track's logistic function.
struct Term<'a> {
    label: &'static str,
    id: &'static str,
    rule: &'a Rule,
    x: f64,
    by: Members,
}

/// Harm to US assets accumulates with memory; each track's chance (forces, escalation),
/// 0–1, is a logistic of its factors, judged on what the US knew of Tehran's hand when the
/// turn began.
pub(super) fn track_chances<R: Recorder>(
    turn: &Turn,
    state: &mut State,
    ambiguity_before: f64,
    rec: &mut R,
) -> [f64; 2] {
    let m = turn.m;
    state.us_harm = state.us_harm * turn.model.us.harm_memory + m.harm_attributed.value;
    let inputs = Inputs::of(m, state, state.us_harm, ambiguity_before);
    let chance = probability(turn.scenario, state, &inputs, turn.track_lengths, rec);
    state.us_odds = chance;
    chance
}

/// After the check: each track's chance in the coming turn if the orders as `given` this
/// turn recur, carried out in full, weighed on the state the turn left (rungs, posture,
/// ladder, ambiguity); and from it the US entry meter. Members' refusals, which come and go
/// by chance, do not move it.
pub(super) fn look_ahead(scenario: &Scenario, state: &mut State, given: &[Order]) {
    let m = Measures::of::<Silent>(scenario, state, given);
    let harm = state.us_harm * scenario.model.us.harm_memory + m.harm_attributed.value;
    let inputs = Inputs::of(&m, state, harm, state.meter(Meter::Ambiguity));
    let lengths = super::track_lengths(scenario);
    state.us_next = probability(scenario, state, &inputs, lengths, &mut Silent);
    state.meters[Meter::UsEntry] = entry_chance(scenario, state);
}

/// The state of a campaign before any orders (for its start): each track's chance with no
/// acts, and the US entry meter from it.
pub(super) fn at_rest(scenario: &Scenario, state: &mut State) {
    let inputs = Inputs {
        harm: (state.us_harm, 0),
        traced: (0.0, 0),
        watched: (0.0, 0),
        patron: (0.0, 0),
        casualties: (0.0, 0),
        concentration: (0.0, 0),
        ambiguity: state.meter(Meter::Ambiguity),
    };
    let lengths = super::track_lengths(scenario);
    let chance = probability(scenario, state, &inputs, lengths, &mut Silent);
    state.us_odds = chance;
    state.us_next = chance;
    state.meters[Meter::UsEntry] = entry_chance(scenario, state);
}

/// What the US weighs, each with the members behind it.
#[derive(Clone, Copy)]
struct Inputs {
    harm: (f64, Members),
    traced: (f64, Members),
    watched: (f64, Members),
    patron: (f64, Members),
    casualties: (f64, Members),
    concentration: (f64, Members),
    ambiguity: f64,
}

impl Inputs {
    /// What the US weighs of a turn's acts `m`, with `harm` remembered so far and the
    /// `ambiguity` it judges them by.
    fn of(m: &Measures, state: &State, harm: f64, ambiguity: f64) -> Inputs {
        Inputs {
            harm: (harm, m.harm_attributed.by),
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
            ambiguity,
        }
    }
}

/// Each track's chance (forces, escalation), 0–1, recorded as compositions of named factors;
/// `lengths` is how many rungs each track has.
fn probability<R: Recorder>(
    scenario: &Scenario,
    state: &State,
    x: &Inputs,
    lengths: [usize; 2],
    rec: &mut R,
) -> [f64; 2] {
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
        let k = track as usize;
        usize::from(state.us_rungs[k]) < lengths[k]
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
    if R::ENABLED {
        // Each track's factors add up to its own chance.
        if p_forces > 0.0 {
            compose(rec, UsTrack::Forces, us.forces_base, &forces);
        }
        if p_escalation > 0.0 {
            compose(rec, UsTrack::Escalation, us.escalation_base, &escalation);
        }
    }
    [p_forces, p_escalation]
}

/// The logistic function shifted so that all terms at zero give the base probability.
fn logistic(base: f64, terms: &[Term]) -> f64 {
    let base = base.clamp(1e-6, 1.0 - 1e-6);
    let dz: f64 = terms.iter().map(|t| t.rule.weight * t.x).sum();
    base / (base + (1.0 - base) * super::exp(-dz))
}

/// Records a track's chance (in percentage points) as its base and the terms' shares of
/// the logit, so the factors keep their sign and add up exactly.
fn compose<R: Recorder>(rec: &mut R, track: UsTrack, base: f64, terms: &[Term]) {
    let p = 100.0 * logistic(base, terms);
    let p0 = 100.0 * base.clamp(1e-6, 1.0 - 1e-6);
    let dz: f64 = terms.iter().map(|t| t.rule.weight * t.x).sum();
    let id = match track {
        UsTrack::Forces => "us.forces_base",
        UsTrack::Escalation => "us.escalation_base",
    };
    rec.track_factor(track, "base probability", id, Principle::UsRedLine, p0, 0);
    let per_logit = if dz.abs() > 1e-12 { (p - p0) / dz } else { 0.0 };
    for t in terms {
        let value = t.rule.weight * t.x * per_logit;
        if value != 0.0 {
            rec.track_factor(track, t.label, t.id, t.rule.principle, value, t.by);
        }
    }
}

/// How far the model's weekly chance of a US step may be off, in units of its logit: the
/// uncertainty band of [`entry`] weighs the escalation track's chance half a unit lower and
/// higher (at a 5% chance, from about 3% to 8%).
const LOGIT_BAND: f64 = 0.5;

/// The chance that the US enters the war directly by the campaign's end if the course so
/// far holds, with its uncertainty band, all in percent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    pub chance: f64,
    pub low: f64,
    pub high: f64,
    /// Turns over which the estimate runs (those left, the coming one included).
    pub turns: u16,
}

/// The US entry estimate of a state: each coming turn the escalation track takes its first
/// step with the chance it has now (`State::us_next`), unless a ceasefire came first at
/// today's chance; certain once the track has been climbed, nil once the campaign ended
/// without it or when the scenario's US has no escalation track.
pub fn entry(scenario: &Scenario, state: &State) -> Entry {
    match course(scenario, state) {
        Err(settled) => settled,
        Ok(c) => {
            let shifted = |dz: f64| {
                let p = c.p.clamp(1e-9, 1.0 - 1e-9);
                let odds = p / (1.0 - p) * super::exp(dz);
                odds / (1.0 + odds)
            };
            Entry {
                chance: c.by_end(c.p),
                low: c.by_end(shifted(-LOGIT_BAND)),
                high: c.by_end(shifted(LOGIT_BAND)),
                turns: c.turns,
            }
        }
    }
}

/// [`entry`]'s chance alone, without its band: what the US entry meter shows.
fn entry_chance(scenario: &Scenario, state: &State) -> f64 {
    match course(scenario, state) {
        Err(settled) => settled.chance,
        Ok(c) => c.by_end(c.p),
    }
}

/// An entry estimate still open: the escalation track's chance a turn, the ceasefire's, and
/// the turns left.
struct Course {
    p: f64,
    ceasefire: f64,
    turns: u16,
}

impl Course {
    /// The chance of entry by the end if the track steps with `p` each turn: the sum over
    /// the turns left of p · ((1 − p)(1 − c))^(t − 1), entry in turn t with neither entry
    /// nor a ceasefire before it, in percent.
    fn by_end(&self, p: f64) -> f64 {
        let q = (1.0 - p) * (1.0 - self.ceasefire);
        let reach = if q < 1.0 {
            p * (1.0 - libm::pow(q, f64::from(self.turns))) / (1.0 - q)
        } else {
            0.0
        };
        100.0 * reach.clamp(0.0, 1.0)
    }
}

/// The open estimate of a state, or the settled one.
fn course(scenario: &Scenario, state: &State) -> Result<Course, Entry> {
    let k = UsTrack::Escalation as usize;
    let turns = if state.is_over() {
        0
    } else {
        scenario.calendar.turns.saturating_sub(state.turn) + 1
    };
    let settled = |chance: f64| Entry {
        chance,
        low: chance,
        high: chance,
        turns,
    };
    if state.us_rungs[k] > 0 || state.us_reached[k] > 0 {
        return Err(settled(100.0));
    }
    let p = state.us_next[k];
    if turns == 0 || p <= 0.0 {
        return Err(settled(0.0));
    }
    let ceasefire = super::check::ceasefire_chance(scenario, state).clamp(0.0, 1.0);
    Ok(Course {
        p,
        ceasefire,
        turns,
    })
}
