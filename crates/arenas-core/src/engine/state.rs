//! The state of a campaign between two order phases.

use arrayvec::ArrayVec;
use serde::{Deserialize, Serialize};

use super::meters::{Meter, Meters, Origin};
use crate::engine::{MAX_FACTIONS, MAX_FRONTS, Order, Outcome, Scenario, Task, UsTrack};

/// One value per member, held inline (serialized as a sequence, as a `Vec` is).
pub type PerMember<T> = ArrayVec<T, MAX_FACTIONS>;

/// One value per front, held inline (serialized as a sequence, as a `Vec` is).
pub type PerFront<T> = ArrayVec<T, MAX_FRONTS>;

/// Everything the engine knows about a campaign at the orders phase of a turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// The turn awaiting orders (1-based); after the end, the last turn played.
    pub turn: u16,
    /// Every meter on its display scale (the focus member's capacity included).
    pub meters: Meters,
    /// Capacity of each faction, 0–100.
    pub capacity: PerMember<f64>,
    /// Tension of each front, 0–100.
    pub tension: PerFront<f64>,
    /// Rungs climbed on each track of the US response (forces, escalation).
    pub us_rungs: [u8; 2],
    /// Highest rung ever reached on each track: a rung's effects apply once.
    pub us_reached: [u8; 2],
    /// The chance each track had of a step in the turn just resolved (forces, escalation),
    /// 0–1: what the US weighed that week.
    #[serde(default)]
    pub us_odds: [f64; 2],
    /// The chance of each track's step in the coming turn if the last turn's acts recur,
    /// 0–1 (0 for a track at its top rung).
    #[serde(default)]
    pub us_next: [f64; 2],
    /// Exposure of each member the adversary remembers.
    pub exposure: PerMember<f64>,
    /// Capacity each member lost in the last turn.
    pub lost: PerMember<f64>,
    /// US deterrent posture, 0–1.
    pub us_posture: f64,
    /// Remembered harm to US assets.
    pub us_harm: f64,
    /// Intensity of Israel's operation on the focus front, 0–1.
    pub operation: f64,
    /// Each faction's last active front and task, for novelty and patterns.
    pub last_act: PerMember<Option<(usize, Task)>>,
    /// How many turns in a row each faction has repeated its last act.
    pub streak: PerMember<u8>,
    /// Bit set of the scenario events that have fired.
    pub fired: u128,
    /// How the campaign ended, once it has.
    pub outcome: Option<Outcome>,
}

impl State {
    /// The value of a meter on its display scale.
    pub fn meter(&self, meter: Meter) -> f64 {
        self.meters[meter]
    }

    /// Copies the focus member's capacity into its meter, after capacities changed.
    pub(crate) fn sync_focus(&mut self, scenario: &Scenario) {
        self.meters[Meter::HamasCapacity] =
            self.capacity.get(scenario.focus).copied().unwrap_or(0.0);
    }

    /// The highest rung of the US ladder in effect (1-based index into the scenario's
    /// ladder; 0 when no track has been climbed).
    pub fn us_rung(&self, scenario: &Scenario) -> u8 {
        let mut top = 0;
        for track in UsTrack::ALL {
            let climbed = usize::from(self.us_rungs[*track as usize]);
            if let Some(rung) = climbed
                .checked_sub(1)
                .and_then(|c| scenario.us_track(*track).nth(c))
            {
                top = top.max(rung as u8 + 1);
            }
        }
        top
    }

    /// Whether the campaign has ended.
    pub fn is_over(&self) -> bool {
        self.outcome.is_some()
    }

    /// Whether an event of the scenario has fired.
    pub fn has_fired(&self, event: usize) -> bool {
        event < 128 && self.fired & (1u128 << event) != 0
    }

    /// Whether the orders repeat a faction's last act (front and task).
    pub fn repeats(&self, faction: usize, order: &Order) -> bool {
        order.is_active()
            && self.last_act.get(faction).copied().flatten() == Some((order.front, order.task))
    }

    /// A stable 64-bit digest of the state (FNV-1a over its canonical bytes), for checking
    /// replays.
    pub fn digest(&self) -> u64 {
        let mut h = Fnv::new();
        h.u64(u64::from(self.turn));
        // The focus member's capacity is hashed with the other capacities. In the US
        // meter's place stands the chance that either track climbed in the turn, the figure
        // that place held before format 5, so older saves' hashes still hold.
        let [forces, escalation] = self.us_odds;
        let either = 100.0 * (1.0 - (1.0 - forces) * (1.0 - escalation));
        let meters = Meter::ALL
            .iter()
            .filter(|m| m.info().origin != Origin::FocusCapacity)
            .map(|&m| match m {
                Meter::UsEntry => either,
                m => self.meters[m],
            });
        for v in meters.chain([self.us_posture, self.us_harm, self.operation]) {
            h.u64(v.to_bits());
        }
        for v in self.capacity.iter().chain(&self.tension) {
            h.u64(v.to_bits());
        }
        for (rung, reached) in self.us_rungs.iter().zip(&self.us_reached) {
            h.u64(u64::from(*rung) << 8 | u64::from(*reached));
        }
        for v in self.exposure.iter().chain(&self.lost) {
            h.u64(v.to_bits());
        }
        for (act, streak) in self.last_act.iter().zip(&self.streak) {
            let code = act.map_or(u64::MAX, |(front, task)| (front as u64) << 8 | task as u64);
            h.u64(code);
            h.u64(u64::from(*streak));
        }
        h.u64(self.fired as u64);
        h.u64((self.fired >> 64) as u64);
        h.u64(self.outcome.map_or(u64::MAX, |o| o as u64));
        h.finish()
    }
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn u64(&mut self, v: u64) {
        for b in v.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
