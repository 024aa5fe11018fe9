//! Israel's operation against the focus front, and the members' capacity: the operation
//! (diverted by other fronts, held off by the focus members' own fight, restrained by
//! pressure), retaliation on exposed members, action, recovery and patron resupply.

use super::super::explain::Recorder;
use super::super::meters::Meter;
use super::super::state::State;
use super::draws::shock;
use super::measures::Members;
use super::{Tally, Turn};

/// What the capacity phase passes on to cohesion.
pub(super) struct Aftermath {
    /// The operation's intensity after diversion, resistance and restraint.
    pub(super) effective_operation: f64,
    /// Retaliation weighted by each member's domestic constraint, and who bore it.
    pub(super) strain: f64,
    pub(super) strained: Members,
    /// Resupply that reached the focus front through the siege.
    pub(super) delivered: f64,
}

/// The share of the operation other fronts draw away: each front's diversion saturates (Israel
/// can reinforce one front), so several fronts divert more than one front pushed harder.
fn diversion(turn: &Turn) -> f64 {
    let cm = &turn.model.capacity;
    let sat = cm.front_saturation;
    let saturated: f64 = turn.m.front_diversion[..turn.scenario.fronts.len()]
        .iter()
        .map(|&d| {
            if sat > 0.0 {
                sat * (1.0 - super::exp(-d / sat))
            } else {
                d
            }
        })
        .sum();
    (cm.diversion.weight * saturated).min(cm.max_diversion)
}

/// Members' capacity. Returns what cohesion reads of it.
pub(super) fn capacity<R: Recorder>(turn: &Turn, state: &mut State, rec: &mut R) -> Aftermath {
    let (scenario, model, focus_front, m, orders) = (
        turn.scenario,
        turn.model,
        turn.focus_front,
        &turn.m,
        turn.orders,
    );
    let cm = &model.capacity;
    let noise = &model.noise;
    let widened = cm.provocation.weight * m.provocation.value;
    state.operation = (state.operation + noise.drift * turn.draws.drift + widened).clamp(0.0, 1.0);
    let operation = state.operation;
    let diverted = diversion(turn);
    // What holds the operation off a focus-front member: its own fight, and the others'
    // fight in part (each defends its own ground first).
    let resisted_for = |i: usize| {
        let own = m.fight_of(i);
        let others = m.fight.value - own;
        (cm.resistance.weight * (own + (1.0 - cm.centre) * others)).min(cm.max_resistance)
    };
    let resisted = resisted_for(scenario.focus);
    // The other arenas support the focus member's own fight; without it they divert less.
    let fighting = if cm.max_resistance > 0.0 {
        (cm.resistance.weight * m.fight_of(scenario.focus) / cm.max_resistance).min(1.0)
    } else {
        1.0
    };
    let diverted = diverted * (1.0 - cm.centre * (1.0 - fighting));
    let restrained =
        (cm.pressure.weight * state.meters[Meter::InternationalPressure] / 100.0).clamp(0.0, 1.0);
    let effective_operation = operation * (1.0 - diverted) * (1.0 - resisted) * (1.0 - restrained);
    let toll = cm.operation.weight * operation * shock(turn.draws.operation, noise.operation);

    let exposed: f64 = state.exposure.iter().sum();
    let rt = &model.retaliation;
    let luck = shock(turn.draws.retaliation, noise.retaliation);
    let siege = &model.siege;
    let delivered = m.resupply[focus_front].min(siege.cap) * (1.0 - siege.degrade * operation);
    let mut after = Aftermath {
        effective_operation,
        strain: 0.0,
        strained: 0,
        delivered,
    };
    for (i, faction) in scenario.factions.iter().enumerate() {
        let before = state.capacity[i];
        let mut t = if i == scenario.focus {
            Tally::new(Meter::HamasCapacity)
        } else {
            Tally::silent()
        };
        if faction.home == Some(focus_front) {
            let resisted = resisted_for(i);
            t.add(
                rec,
                "Israel's operation in Gaza",
                "capacity.operation",
                cm.operation.principle,
                -toll,
            );
            t.add_by(
                rec,
                "attention diverted by other fronts",
                m.diversion.by,
                "capacity.diversion",
                cm.diversion.principle,
                toll * diverted,
            );
            t.add_by(
                rec,
                "held off by the members' own fight",
                m.fight.by,
                "capacity.resistance",
                cm.resistance.principle,
                toll * (1.0 - diverted) * resisted,
            );
            t.add(
                rec,
                "operation restrained by international pressure",
                "capacity.pressure",
                cm.pressure.principle,
                toll * (1.0 - diverted) * (1.0 - resisted) * restrained,
            );
        }
        // Retaliation grows with the member's exposure and its share of the axis' exposure:
        // spread thin, the axis as a whole suffers less. The focus front's members draw
        // `focus` of it on top of the operation.
        let answered = if faction.home == Some(focus_front) {
            rt.focus
        } else {
            1.0
        };
        if faction.tier.is_some() && answered > 0.0 && exposed > 0.0 && state.exposure[i] > 0.0 {
            let share = state.exposure[i] / exposed;
            let hit = answered
                * rt.capacity.weight
                * state.exposure[i]
                * libm::pow(share, rt.concentration)
                * luck;
            t.add_by(
                rec,
                "retaliation on an exposed member",
                1 << i,
                "retaliation.capacity",
                rt.capacity.principle,
                -hit,
            );
            after.strain += hit * faction.domestic_constraint;
            after.strained |= 1 << i;
        }
        if m.effect[i] > 0.0 {
            let attrition = model.tasks.get(orders[i].task).attrition;
            t.rule_by(
                rec,
                "capacity spent acting",
                1 << i,
                "capacity.action",
                &cm.action,
                -m.effect[i] * attrition,
            );
        } else {
            // Under the operation, standing down on the focus front is no respite.
            let respite = if faction.home == Some(focus_front) {
                1.0 - operation
            } else {
                1.0
            };
            let room = (1.0 - state.capacity[i] / 100.0) * respite;
            t.rule_by(
                rec,
                "standing down to recover",
                1 << i,
                "capacity.recovery",
                &cm.recovery,
                room,
            );
        }
        if let (Some(home), Some(_)) = (faction.home, faction.tier) {
            // Only the focus member's tally is recorded, so only its senders are named.
            let (label, amount, by) = if home == focus_front {
                (
                    "patron resupply through the siege",
                    delivered,
                    m.resupply_focus.by,
                )
            } else {
                ("patron resupply", m.resupply[home], 0)
            };
            t.rule_by(rec, label, by, "capacity.resupply", &cm.resupply, amount);
        }
        t.settle(rec, &mut state.capacity[i], 100.0);
        state.lost[i] = (before - state.capacity[i]).max(0.0);
    }
    state.sync_focus(scenario);
    after
}
