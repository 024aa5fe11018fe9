//! Israel's operation against the focus front, and the members' capacity.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::{Tally, Turn};

/// Members' capacity: the operation (diverted by other fronts, restrained by pressure),
/// action, recovery and patron resupply. Returns the operation's effective intensity.
pub(super) fn capacity<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) -> f64 {
    let (scenario, model, focus_front, m, orders) = (
        turn.scenario,
        turn.model,
        turn.focus_front,
        &turn.m,
        turn.orders,
    );
    let cm = &model.capacity;
    let diverted = (cm.diversion.weight * m.diversion).min(cm.max_diversion);
    let restrained =
        (cm.pressure.weight * state.meters[Meter::InternationalPressure] / 100.0).clamp(0.0, 1.0);
    let operation = state.operation;
    let effective_operation = operation * (1.0 - diverted) * (1.0 - restrained);
    for (i, faction) in scenario.factions.iter().enumerate() {
        let mut t = if i == scenario.focus {
            Tally::new(Meter::HamasCapacity)
        } else {
            Tally::silent()
        };
        if faction.home == Some(focus_front) {
            let loss = cm.operation.weight * operation;
            t.add(
                rec,
                "Israel's operation in Gaza",
                "capacity.operation",
                cm.operation.principle,
                -loss,
            );
            t.add(
                rec,
                "attention diverted by other fronts",
                "capacity.diversion",
                cm.diversion.principle,
                loss * diverted,
            );
            t.add(
                rec,
                "operation restrained by international pressure",
                "capacity.pressure",
                cm.pressure.principle,
                loss * (1.0 - diverted) * restrained,
            );
        }
        if m.effect[i] > 0.0 {
            let attrition = model.tasks.get(orders[i].task).attrition;
            t.rule(
                rec,
                "capacity spent acting",
                "capacity.action",
                &cm.action,
                -m.effect[i] * attrition,
            );
        } else {
            let room = 1.0 - state.capacity[i] / 100.0;
            t.rule(
                rec,
                "standing down to recover",
                "capacity.recovery",
                &cm.recovery,
                room,
            );
        }
        if let (Some(home), Some(_)) = (faction.home, faction.tier) {
            t.rule(
                rec,
                "patron resupply",
                "capacity.resupply",
                &cm.resupply,
                m.resupply[home],
            );
        }
        t.settle(rec, &mut state.capacity[i], 100.0);
    }
    state.sync_focus(scenario);
    effective_operation
}
