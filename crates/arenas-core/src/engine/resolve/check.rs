//! The check phase: the US response, the miscalculation and ceasefire draws, and the end
//! conditions.

use rand::Rng;

use super::super::explain::{Happening, Recorder};
use super::super::meters::Meter;
use super::super::scenario::{Effects, Scenario};
use super::super::state::State;
use super::super::vocabulary::{Outcome, UsTrack};
use super::Turn;
use super::brief::{apply_effects, brief};
use super::draws::Draws;

/// The chance of a ceasefire this turn: a logistic function of international pressure and
/// US pressure on Israel, with no floor, so it rises smoothly as pressure builds.
pub fn ceasefire_chance(scenario: &Scenario, state: &State) -> f64 {
    let d = &scenario.model.draws;
    let pressure = state.meter(Meter::InternationalPressure) / 100.0
        + d.us_pressure.weight * state.meter(Meter::UsPressure) / 100.0;
    d.ceasefire.weight / (1.0 + super::exp(-d.ceasefire_slope * (pressure - d.ceasefire_mid)))
}

/// One US track this turn: it climbs with its chance, or may step down when the chance is
/// low. A rung's effects apply the first time it is reached; a climb back to it does not
/// repeat them.
fn track<R: Recorder>(
    scenario: &Scenario,
    state: &mut State,
    track: UsTrack,
    chance: f64,
    draws: &Draws,
    rec: &mut R,
) {
    let us = &scenario.model.us;
    let k = track as usize;
    let climbed = usize::from(state.us_rungs[k]);
    let next = scenario.us_track(track).nth(climbed);
    if draws.climb[k] < chance
        && let Some(index) = next
    {
        state.us_rungs[k] += 1;
        let rung = &scenario.us_ladder[index];
        if state.us_rungs[k] > state.us_reached[k] {
            state.us_reached[k] = state.us_rungs[k];
            rec.happened(Happening::UsClimb(index as u8 + 1));
            apply_effects(scenario, state, &rung.effects, &rung.name, "us.ladder", rec);
        } else {
            rec.happened(Happening::UsResume(index as u8 + 1));
        }
    } else if climbed > 0 && chance < us.stand_down_below && draws.stand_down[k] < us.stand_down {
        state.us_rungs[k] -= 1;
        if let Some(index) = scenario.us_track(track).nth(climbed - 1) {
            rec.happened(Happening::UsStandDown(index as u8 + 1));
        }
    }
}

/// Check phase: the US response on each track, miscalculation and ceasefire draws, then end
/// conditions.
pub(super) fn check<R: Recorder, G: Rng>(
    scenario: &Scenario,
    state: &mut State,
    tracks: [f64; 2],
    turn: &Turn,
    rng: &mut G,
    rec: &mut R,
) {
    let (model, draws) = (&scenario.model, turn.draws);
    for t in UsTrack::ALL {
        track(scenario, state, *t, tracks[*t as usize], draws, rec);
    }

    let hottest = (0..state.tension.len())
        .max_by(|&a, &b| state.tension[a].total_cmp(&state.tension[b]))
        .unwrap_or(0);
    let hottest_tension = state.tension.get(hottest).copied().unwrap_or(0.0);
    let miscalculation = model.draws.miscalculation.weight * state.meters[Meter::Escalation]
        / 100.0
        * hottest_tension
        / 100.0;
    if draws.miscalculation < miscalculation {
        rec.happened(Happening::Miscalculation(hottest));
        let jump = model.draws.miscalculation_jump;
        let mut effects = Effects::default();
        effects.meters[Meter::Escalation] = jump;
        apply_effects(
            scenario,
            state,
            &effects,
            "miscalculation",
            "draws.miscalculation",
            rec,
        );
        // The front's tension, as an effect would move it, without a list to hold it.
        if let Some(t) = state.tension.get_mut(hottest) {
            *t = (*t + 2.0 * jump).clamp(0.0, 100.0);
        }
    }

    let ceasefire = draws.ceasefire < ceasefire_chance(scenario, state);
    let v = &scenario.victory;
    let capacity = state.meter(Meter::HamasCapacity);
    let confrontation = turn.track_lengths[UsTrack::Escalation as usize];
    let outcome = if confrontation > 0
        && usize::from(state.us_rungs[UsTrack::Escalation as usize]) >= confrontation
    {
        Some(Outcome::UsDirectConfrontation)
    } else if state.meters[Meter::Escalation] >= v.regional_war {
        Some(Outcome::RegionalWar)
    } else if state.meters[Meter::Cohesion] <= v.cohesion_fracture {
        Some(Outcome::AxisFractured)
    } else if capacity <= v.capacity_collapse {
        Some(Outcome::HamasDegraded)
    } else if ceasefire {
        rec.happened(Happening::Ceasefire);
        Some(if capacity >= v.capacity_preserved {
            Outcome::CeasefirePreserved
        } else {
            Outcome::CeasefireDegraded
        })
    } else if state.turn >= scenario.calendar.turns {
        Some(Outcome::Stalemate)
    } else {
        None
    };
    match outcome {
        Some(o) => {
            state.outcome = Some(o);
            rec.happened(Happening::End(o));
        }
        None => {
            state.turn += 1;
            brief(scenario, state, rng, rec);
        }
    }
}
