//! Members' operational autonomy: an order against a member's interests or past its
//! domestic limits may be carried out at a lower intensity or refused, and a member left to
//! bleed may act on its own.

use super::draws::Draws;
use super::measures::Members;
use crate::engine::{
    Claim, FactionIdx, Happening, MAX_INTENSITY, Meter, Order, Recorder, Scenario, State, Task,
};

/// How likely a member is to carry out an order: in full, one intensity level lower, or not
/// at all. The three add up to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Compliance {
    pub full: f64,
    pub reduced: f64,
    pub refused: f64,
}

impl Compliance {
    const CERTAIN: Compliance = Compliance {
        full: 1.0,
        reduced: 0.0,
        refused: 0.0,
    };
}

/// How likely a faction is to carry out an order in the current state: a pure function of
/// the state and the order, shown before the turn is committed.
pub fn compliance(
    scenario: &Scenario,
    state: &State,
    faction: FactionIdx,
    order: &Order,
) -> Compliance {
    let f = &scenario.factions[faction];
    if !order.is_active() || f.autonomy <= 0.0 {
        return Compliance::CERTAIN;
    }
    let a = &scenario.model.autonomy;
    let level = f64::from(order.intensity) / f64::from(MAX_INTENSITY);
    let ladder = scenario.model.tasks.get(order.task).ladder;
    let unit = if a.ladder_unit > 0.0 {
        a.ladder_unit
    } else {
        1.0
    };
    let strain = f.domestic_constraint
        * level
        * (ladder / unit)
        * (0.5 + state.meter(Meter::Escalation) / 100.0);
    let off_home = if f.home.is_some_and(|h| h != order.front) {
        level
    } else {
        0.0
    };
    let low = if a.low_capacity > 0.0 {
        (1.0 - state.capacity[faction] / a.low_capacity).max(0.0) * level
    } else {
        0.0
    };
    let reluctance =
        a.strain.weight * strain + a.off_home.weight * off_home + a.depletion.weight * low;
    let full = super::exp(-f.autonomy * reluctance);
    let refused = (1.0 - full) * reluctance / (1.0 + reluctance);
    Compliance {
        full,
        reduced: (1.0 - full - refused).max(0.0),
        refused,
    }
}

/// The orders as members carry them out: each is kept, lowered or refused by its draw, and
/// a bleeding member held back may act on its own; a member in `seated` (played by a
/// person) does as its player decided. Returns the members who refused.
pub(super) fn carry_out<R: Recorder>(
    scenario: &Scenario,
    state: &State,
    orders: &mut [Order],
    seated: Members,
    draws: &Draws,
    rec: &mut R,
) -> Members {
    let mut refused: Members = 0;
    let a = &scenario.model.autonomy;
    for (i, order) in orders.iter_mut().enumerate() {
        if seated & (1 << i) != 0 {
            continue;
        }
        let f = &scenario.factions[i];
        if order.is_active() {
            let c = compliance(scenario, state, i, order);
            let u = draws.comply[i];
            if u < c.full {
                continue;
            }
            if u < c.full + c.reduced && order.intensity > 1 {
                order.intensity -= 1;
                rec.happened(Happening::Reduced(i));
            } else {
                *order = Order::HOLD;
                refused |= 1 << i;
                rec.happened(Happening::Refused(i));
            }
            continue;
        }
        // Left to bleed: a member whose order is to hold, and which lost capacity last turn,
        // may strike on its own from its home front.
        let Some(home) = f.home else { continue };
        let bleeding = if a.bleed > 0.0 {
            (state.lost[i] / a.bleed).min(1.0)
        } else {
            0.0
        };
        let chance = a.self_action.weight * f.autonomy * bleeding;
        if draws.alone[i] >= chance {
            continue;
        }
        let own = [Task::LimitedStrike, Task::LongRange, Task::HarassUs]
            .into_iter()
            .find(|t| f.may_do(*t) && f.may_act_on(home));
        if let Some(task) = own {
            *order = Order {
                front: home,
                task,
                intensity: 1,
                claim: if f.offers_claim() {
                    Claim::Claimed
                } else {
                    Claim::Deniable
                },
            };
            rec.happened(Happening::ActedAlone(i));
        }
    }
    refused
}
