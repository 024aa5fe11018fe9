//! What a turn's orders add up to, measured in one pass over them, with the members behind
//! each sum so that every factor can name them.

use super::super::state::State;
use crate::engine::{Claim, MAX_FACTIONS, MAX_FRONTS, MAX_INTENSITY, Order, Scenario, Task};

pub(super) use super::super::explain::Members;

/// A sum over the orders and the members who added to it.
#[derive(Clone, Copy, Default)]
pub(super) struct Sum {
    pub(super) value: f64,
    pub(super) by: Members,
}

impl Sum {
    fn add(&mut self, member: usize, value: f64) {
        if value != 0.0 {
            self.value += value;
            self.by |= 1 << member;
        }
    }
}

/// What this turn's orders add up to.
#[derive(Default)]
pub(super) struct Measures {
    /// Effective intensity of each faction: intensity share × capacity share, 0–1.
    pub(super) effect: [f64; MAX_FACTIONS],
    /// Exposure of each faction: effect × visibility, lowered by deniability.
    pub(super) exposure: [f64; MAX_FACTIONS],
    /// Push of each front's orders on its tension.
    pub(super) front_push: [f64; MAX_FRONTS],
    /// Weighted diversion offered by each front other than the focus front.
    pub(super) front_diversion: [f64; MAX_FRONTS],
    /// Patron resupply sent to each front.
    pub(super) resupply: [f64; MAX_FRONTS],
    /// Members who acted.
    pub(super) active: Members,
    pub(super) push: Sum,
    pub(super) deniable: Sum,
    pub(super) traced: Sum,
    pub(super) novel: Sum,
    pub(super) pattern: Sum,
    /// Harm to US assets.
    pub(super) harm: Sum,
    /// Acts aimed to kill US personnel (high intensity against US positions).
    pub(super) casualties: Sum,
    pub(super) watched: Sum,
    pub(super) diversion: Sum,
    pub(super) strain: Sum,
    pub(super) support: Sum,
    /// Pressure Washington can read as bounded and sustained.
    pub(super) leverage: Sum,
    /// Fronts opened fully.
    pub(super) open: Sum,
    /// Visible acts at the highest intensity.
    pub(super) high: Sum,
    /// Visible acts claimed in public.
    pub(super) claimed: Sum,
    /// The patron's own visible acts.
    pub(super) patron: Sum,
    /// Focus members fighting on their own front.
    pub(super) fight: Sum,
    /// Resupply sent to the focus front.
    pub(super) resupply_focus: Sum,
}

impl Measures {
    /// Measures the orders that count (each legal; the rest hold).
    pub(super) fn of(scenario: &Scenario, state: &State, orders: &[Order]) -> Measures {
        let mut m = Measures::default();
        let focus_front = scenario.focus_front();
        let model = &scenario.model;
        let claimed_share = model.ambiguity.claimed_share;
        for (i, f) in scenario.factions.iter().enumerate() {
            let order = orders.get(i).copied().unwrap_or(Order::HOLD);
            if !order.is_active() {
                continue;
            }
            let t = model.tasks.get(order.task);
            let front = &scenario.fronts[order.front];
            let e = f64::from(order.intensity)
                * state.capacity[i]
                * (1.0 / (100.0 * MAX_INTENSITY as f64));
            if e <= 0.0 {
                continue;
            }
            let link = f.public_link;
            let patron = f.tier.is_none();
            let (deniability, mut traced) = match order.claim {
                Claim::Claimed => (1.0, link + (1.0 - link) * claimed_share),
                Claim::Deniable => {
                    m.deniable.add(i, e * f.autonomy * (1.0 - link));
                    (1.0 - f.autonomy * (1.0 - link), link)
                }
            };
            if patron {
                traced *= model.patron.trace;
                m.patron.add(i, e * t.visibility);
            }
            m.effect[i] = e;
            m.exposure[i] = e * t.visibility * deniability;
            m.active |= 1 << i;
            m.traced.add(i, e * t.visibility * traced);
            if state.repeats(i, &order) {
                m.pattern
                    .add(i, e * f64::from(state.streak[i].min(3)) / 3.0);
            } else {
                m.novel.add(i, 1.0);
            }
            m.push.add(i, e * t.ladder);
            m.front_push[order.front] += e * t.ladder;
            let harm = e * t.us_harm * front.us_presence;
            m.harm.add(i, harm);
            let lethal = (f64::from(order.intensity) - 1.0) / f64::from(MAX_INTENSITY - 1);
            m.casualties.add(i, harm * lethal * lethal);
            m.watched.add(i, e * t.threat * f.us_watch);
            m.strain.add(i, e * t.ladder * f.domestic_constraint);
            if order.front != focus_front {
                let d = e * t.diversion * front.diversion;
                m.diversion.add(i, d);
                m.front_diversion[order.front] += d;
            } else if f.home == Some(focus_front) {
                m.fight.add(i, e * t.diversion);
            }
            if f.home != Some(focus_front) {
                m.support.add(i, e);
            }
            if !patron {
                m.leverage.add(i, e * t.leverage);
            }
            if order.task == Task::Escalate {
                m.open.add(i, e);
            }
            if order.intensity >= MAX_INTENSITY {
                m.high.add(i, e * t.visibility);
            }
            if order.claim == Claim::Claimed && f.offers_claim() {
                m.claimed.add(i, e * t.visibility);
            }
            if order.task == Task::Resupply {
                m.resupply[order.front] += e;
                if order.front == focus_front {
                    m.resupply_focus.add(i, e);
                }
            }
        }
        m
    }

    /// How many members acted.
    pub(super) fn active_count(&self) -> usize {
        self.active.count_ones() as usize
    }
}
