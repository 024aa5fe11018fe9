//! What a turn's orders add up to, measured in one pass over them, with the members behind
//! each sum so that every factor can name them.

use super::super::meters::Meter;
use super::super::state::State;
use crate::engine::{Claim, MAX_FACTIONS, MAX_FRONTS, MAX_INTENSITY, Order, Scenario, Task};

pub(super) use super::super::explain::Members;
use super::super::explain::Recorder;

/// A sum over the orders and the members who added to it.
#[derive(Clone, Copy, Default)]
pub(super) struct Sum {
    pub(super) value: f64,
    pub(super) by: Members,
}

impl Sum {
    /// Adds a member's part, and names the member if its part is not 0 and `R` records. A
    /// sum starts at +0 and so never holds −0: adding 0 leaves it as it is.
    fn add<R: Recorder>(&mut self, member: usize, value: f64) {
        self.value += value;
        if R::ENABLED && value != 0.0 {
            self.by |= 1 << member;
        }
    }
}

/// What this turn's orders add up to.
#[derive(Default)]
pub(super) struct Measures {
    /// Effective intensity of each faction: intensity share × capacity share, 0–1.
    pub(super) effect: [f64; MAX_FACTIONS],
    /// Exposure of each faction: effect × visibility × the share the adversary attributes.
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
    /// The push the world can pin on the axis (push × the share attributed).
    pub(super) push_attributed: Sum,
    pub(super) deniable: Sum,
    pub(super) traced: Sum,
    pub(super) novel: Sum,
    pub(super) pattern: Sum,
    /// Harm to US assets.
    pub(super) harm: Sum,
    /// Harm to US assets that Washington can attribute.
    pub(super) harm_attributed: Sum,
    /// Acts aimed to kill US personnel (high intensity against US positions).
    pub(super) casualties: Sum,
    pub(super) watched: Sum,
    pub(super) diversion: Sum,
    pub(super) strain: Sum,
    pub(super) support: Sum,
    /// Pressure Washington can read as bounded and sustained.
    pub(super) leverage: Sum,
    /// Visible acts claimed in public.
    pub(super) claimed: Sum,
    /// The patron's own visible acts.
    pub(super) patron: Sum,
    /// Focus members fighting on their own front.
    pub(super) fight: Sum,
    /// Large acts on the focus front: effect × threat × the square of how far above
    /// intensity 1.
    pub(super) provocation: Sum,
    /// Each member's part of that fight.
    pub(super) fight_by: [f64; MAX_FACTIONS],
    /// Resupply sent to the focus front.
    pub(super) resupply_focus: Sum,
}

impl Measures {
    /// Measures the orders that count (each legal; the rest hold). Washington and Israel
    /// weigh each act by the share of it they can attribute: all of a claimed act; of a
    /// deniable one, what the ambiguity at the start of the turn does not hide, and ambiguity
    /// hides less of a large act and of one that repeats a pattern they have learned. The
    /// members behind each sum are named only when `R` records.
    pub(super) fn of<R: Recorder>(
        scenario: &Scenario,
        state: &State,
        orders: &[Order],
    ) -> Measures {
        let mut m = Measures::default();
        let focus_front = scenario.focus_front();
        let model = &scenario.model;
        let am = &model.ambiguity;
        let hidden = am.shield.weight * state.meter(Meter::Ambiguity) / 100.0;
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
            // How much of the pattern the adversary has learned (0 for a new act).
            let learned = if state.repeats(i, &order) {
                f64::from(state.streak[i].min(3)) / 3.0
            } else {
                0.0
            };
            // How far the act stands out: nothing at intensity 1, all of `scale` at the top.
            let size = f64::from(order.intensity - 1) / f64::from(MAX_INTENSITY - 1);
            let deniable_share =
                1.0 - hidden * (1.0 - am.learning * learned) * (1.0 - am.scale * size);
            let deniable_traced = link * deniable_share;
            let (attributed, traced) = match order.claim {
                // The patron acting itself ties the act to Tehran: nothing hides it.
                _ if patron => {
                    m.patron.add::<R>(i, e * t.visibility);
                    (1.0, link * model.patron.trace)
                }
                Claim::Claimed if f.offers_claim() => {
                    let c = am.claims.weight;
                    let claimed_traced = link + (1.0 - link) * am.claimed_share;
                    (
                        deniable_share + c * (1.0 - deniable_share),
                        deniable_traced + c * (claimed_traced - deniable_traced),
                    )
                }
                _ => {
                    m.deniable.add::<R>(i, e * f.autonomy * (1.0 - link));
                    (deniable_share, deniable_traced)
                }
            };
            m.effect[i] = e;
            m.exposure[i] = e * t.visibility * attributed;
            m.active |= 1 << i;
            m.traced.add::<R>(i, e * t.visibility * traced);
            if learned > 0.0 {
                m.pattern.add::<R>(i, e * learned);
            } else {
                m.novel.add::<R>(i, 1.0);
            }
            let push = e * t.ladder * (1.0 + model.escalation.size * size);
            m.push.add::<R>(i, push);
            m.push_attributed.add::<R>(i, push * attributed);
            m.front_push[order.front] += push;
            let harm = e * t.us_harm * front.us_presence;
            m.harm.add::<R>(i, harm);
            m.harm_attributed.add::<R>(i, harm * attributed);
            let lethal = (f64::from(order.intensity) - 1.0) / f64::from(MAX_INTENSITY - 1);
            m.casualties
                .add::<R>(i, harm * attributed * lethal * lethal);
            // Washington reads a large act as disproportionately escalatory: the threat grows
            // with the square of the intensity (once through the effect, once here).
            let level = f64::from(order.intensity) / f64::from(MAX_INTENSITY);
            m.watched
                .add::<R>(i, e * t.threat * f.us_watch * attributed * level);
            m.strain.add::<R>(i, e * t.ladder * f.domestic_constraint);
            if order.front != focus_front {
                let d =
                    e * t.diversion * front.diversion * (1.0 - model.capacity.adaptation * learned);
                m.diversion.add::<R>(i, d);
                m.front_diversion[order.front] += d;
            } else {
                m.provocation.add::<R>(i, e * size * size * t.threat);
                if f.home == Some(focus_front) {
                    m.fight.add::<R>(i, e * t.diversion);
                    m.fight_by[i] = e * t.diversion;
                }
            }
            if f.home != Some(focus_front) {
                m.support.add::<R>(i, e);
            }
            if !patron {
                m.leverage.add::<R>(i, e * t.leverage);
            }
            if order.claim == Claim::Claimed && f.offers_claim() {
                m.claimed.add::<R>(i, e * t.visibility);
            }
            if order.task == Task::Resupply {
                m.resupply[order.front] += e;
                if order.front == focus_front {
                    m.resupply_focus.add::<R>(i, e);
                }
            }
        }
        m
    }

    /// The part of the focus front's fight carried by one member.
    pub(super) fn fight_of(&self, member: usize) -> f64 {
        self.fight_by.get(member).copied().unwrap_or(0.0)
    }

    /// How many members acted.
    pub(super) fn active_count(&self) -> usize {
        self.active.count_ones() as usize
    }
}
