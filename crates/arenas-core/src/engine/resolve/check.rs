//! The check phase: the US response, the miscalculation and ceasefire draws, and the end
//! conditions.

use rand::Rng;

use super::super::explain::{Happening, Recorder};
use super::super::meters::Meter;
use super::super::model::{Effects, Outcome, Scenario};
use super::super::state::State;
use super::brief::{apply_effects, brief};

/// Check phase: US response, miscalculation and ceasefire draws, then end conditions.
pub(super) fn check<R: Recorder, G: Rng>(
    scenario: &Scenario,
    state: &mut State,
    rng: &mut G,
    rec: &mut R,
) {
    let model = &scenario.model;
    // Four draws every turn, used or not, so the stream never depends on the branch taken.
    let us_draw: f64 = rng.random();
    let stand_down_draw: f64 = rng.random();
    let miscalculation_draw: f64 = rng.random();
    let ceasefire_draw: f64 = rng.random();

    let top = scenario.us_ladder.len() as u8;
    if us_draw < state.meters[Meter::UsIntervention] / 100.0 && state.us_rung < top {
        state.us_rung += 1;
        rec.happened(Happening::UsClimb(state.us_rung));
        let rung = &scenario.us_ladder[usize::from(state.us_rung) - 1];
        apply_effects(scenario, state, &rung.effects, &rung.name, "us.ladder", rec);
    } else if state.us_rung > 0
        && state.meters[Meter::UsIntervention] / 100.0 < model.us.stand_down_below
        && stand_down_draw < model.us.stand_down
    {
        state.us_rung -= 1;
        rec.happened(Happening::UsStandDown(state.us_rung));
    }

    let hottest = (0..state.tension.len())
        .max_by(|&a, &b| state.tension[a].total_cmp(&state.tension[b]))
        .unwrap_or(0);
    let hottest_tension = state.tension.get(hottest).copied().unwrap_or(0.0);
    let miscalculation = model.draws.miscalculation.weight * state.meters[Meter::Escalation]
        / 100.0
        * hottest_tension
        / 100.0;
    if miscalculation_draw < miscalculation {
        rec.happened(Happening::Miscalculation(hottest));
        let jump = model.draws.miscalculation_jump;
        let mut effects = Effects {
            tension: vec![(hottest, 2.0 * jump)],
            ..Effects::default()
        };
        effects.meters[Meter::Escalation] = jump;
        apply_effects(
            scenario,
            state,
            &effects,
            "miscalculation",
            "draws.miscalculation",
            rec,
        );
    }

    let floor = model.draws.ceasefire_floor;
    let ceasefire_chance = if floor < 100.0 {
        model.draws.ceasefire.weight
            * ((state.meters[Meter::InternationalPressure] - floor) / (100.0 - floor)).max(0.0)
    } else {
        0.0
    };
    let ceasefire = ceasefire_draw < ceasefire_chance;

    let v = &scenario.victory;
    let capacity = state.meter(Meter::HamasCapacity);
    let outcome = if top > 0 && state.us_rung >= top {
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
