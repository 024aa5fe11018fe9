//! What a turn's orders add up to, measured in one pass over them.

use super::super::state::State;
use crate::engine::{Claim, MAX_FACTIONS, MAX_FRONTS, MAX_INTENSITY, Order, Scenario, Task};

/// What this turn's orders add up to, measured in one pass over them.
#[derive(Default)]
pub(super) struct Measures {
    /// Effective intensity of each faction: intensity share × capacity share, 0–1.
    pub(super) effect: [f64; MAX_FACTIONS],
    /// Exposure of each faction: effect × visibility, lowered by deniability.
    pub(super) exposure: [f64; MAX_FACTIONS],
    /// Push of each front's orders on its tension.
    pub(super) front_push: [f64; MAX_FRONTS],
    /// Patron resupply sent to each front.
    pub(super) resupply: [f64; MAX_FRONTS],
    pub(super) active: usize,
    pub(super) push: f64,
    pub(super) deniable: f64,
    pub(super) traced: f64,
    pub(super) novel: f64,
    pub(super) pattern: f64,
    pub(super) harm: f64,
    pub(super) watched: f64,
    pub(super) diversion: f64,
    pub(super) strain: f64,
    pub(super) support: f64,
}

impl Measures {
    /// Measures `orders`, writing into `valid` the orders that count (the rest hold).
    pub(super) fn of(
        scenario: &Scenario,
        state: &State,
        orders: &[Order],
        valid: &mut [Order; MAX_FACTIONS],
    ) -> Measures {
        let mut m = Measures::default();
        let focus_front = scenario.focus_front();
        let claimed_share = scenario.model.ambiguity.claimed_share;
        for (i, f) in scenario.factions.iter().enumerate() {
            let order = orders.get(i).copied().unwrap_or(Order::HOLD);
            let usable = order.is_active() && scenario.check_order(i, &order).is_ok();
            if !usable {
                continue;
            }
            valid[i] = order;
            let t = scenario.model.tasks.get(order.task);
            let front = &scenario.fronts[order.front];
            let e = f64::from(order.intensity)
                * state.capacity[i]
                * (1.0 / (100.0 * MAX_INTENSITY as f64));
            if e <= 0.0 {
                continue;
            }
            let link = f.public_link;
            let (deniability, traced) = match order.claim {
                Claim::Claimed => (1.0, link + (1.0 - link) * claimed_share),
                Claim::Deniable => {
                    m.deniable += e * f.autonomy * (1.0 - link);
                    (1.0 - f.autonomy * (1.0 - link), link)
                }
            };
            m.effect[i] = e;
            m.exposure[i] = e * t.visibility * deniability;
            m.active += 1;
            m.traced += e * t.visibility * traced;
            if state.repeats(i, &order) {
                m.pattern += e * f64::from(state.streak[i].min(3)) / 3.0;
            } else {
                m.novel += 1.0;
            }
            m.push += e * t.ladder;
            m.front_push[order.front] += e * t.ladder;
            m.harm += e * t.us_harm * front.us_presence;
            m.watched += e * t.threat * f.us_watch;
            m.strain += e * t.ladder * f.domestic_constraint;
            if order.front != focus_front {
                m.diversion += e * t.diversion * front.diversion;
            }
            if f.home != Some(focus_front) {
                m.support += e;
            }
            if order.task == Task::Resupply {
                m.resupply[order.front] += e;
            }
        }
        m
    }
}
