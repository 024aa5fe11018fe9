//! Explanations: every meter change as a sum of named factors, each tied to a rule id of
//! the scenario and to a principle of the room. Building them can be switched off (with
//! [`Silent`]) so rollouts pay nothing for them.

use serde::Serialize;

use super::meters::{Meter, Origin};
use super::state::State;
use super::vocabulary::{FactionIdx, FrontIdx, Outcome, Principle, UsTrack};

/// A set of members of a scenario, one bit per faction index.
pub type Members = u16;

/// One named contribution to a meter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Factor {
    /// What the contribution is, in words.
    pub label: String,
    /// The scenario rule it comes from (`ambiguity.deniable`, an event id, …).
    pub rule: String,
    /// The principle or constraint it illustrates.
    pub principle: Principle,
    /// Contribution on the meter's display scale.
    pub value: f64,
    /// The members whose orders caused it (one bit per faction index); empty when no
    /// member did (drift, events, the world's own course).
    pub members: Members,
}

impl Factor {
    /// The members behind the factor, by faction index.
    pub fn member_indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..Members::BITS as usize).filter(|i| self.members & (1 << i) != 0)
    }
}

/// How the factors of a meter add up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sum {
    /// `after = before + Σ factors`: a stock that carries over.
    Change,
    /// `after = Σ factors`: a level computed afresh each turn.
    Composition,
    /// A figure derived from others, explained by them (the US entry meter, from its
    /// tracks' chances): it has no factors of its own.
    Derived,
}

/// The explanation of one meter over one turn.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeterExplanation {
    pub meter: Meter,
    pub sum: Sum,
    pub before: f64,
    pub after: f64,
    pub factors: Vec<Factor>,
}

impl MeterExplanation {
    /// Whether the factors add up to the value after the turn.
    pub fn balances(&self) -> bool {
        let total: f64 = self.factors.iter().map(|f| f.value).sum();
        let start = match self.sum {
            Sum::Change => self.before,
            Sum::Composition => 0.0,
            Sum::Derived => return self.factors.is_empty(),
        };
        (start + total - self.after).abs() < 1e-6 * self.meter.full_scale()
    }
}

/// The explanation of one US track's chance of a step in a turn: its factors add up to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrackExplanation {
    pub track: UsTrack,
    /// The chance of a step that turn, in percent (0 when the track was at its top rung).
    pub chance: f64,
    /// Rungs climbed on the track after the turn, and how many it has.
    pub rungs: (u8, u8),
    pub factors: Vec<Factor>,
}

impl TrackExplanation {
    /// Whether the factors add up to the chance.
    pub fn balances(&self) -> bool {
        let total: f64 = self.factors.iter().map(|f| f.value).sum();
        (total - self.chance).abs() < 1e-6 * 100.0
    }

    /// Whether the track stood at its top rung, so it could not climb.
    pub fn at_top(&self) -> bool {
        self.rungs.1 > 0 && self.rungs.0 >= self.rungs.1 && self.factors.is_empty()
    }
}

/// Something that happened during a turn, for the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Happening {
    /// A scripted or random event of the scenario fired (index into its events).
    Event(usize),
    /// The US climbed to this rung.
    UsClimb(u8),
    /// The US stepped down from this rung (1-based ladder index) to the one below it on
    /// its track.
    UsStandDown(u8),
    /// The US climbed back to a rung reached before (1-based ladder index): no new effects.
    UsResume(u8),
    /// A member carried out its order at a lower intensity than given.
    Reduced(FactionIdx),
    /// A member refused its order.
    Refused(FactionIdx),
    /// A member left to bleed acted on its own.
    ActedAlone(FactionIdx),
    /// A miscalculation flared on a front.
    Miscalculation(FrontIdx),
    /// A ceasefire took hold.
    Ceasefire,
    /// The campaign ended.
    End(Outcome),
}

/// Receives the factors and happenings of a turn as the engine computes them.
pub trait Recorder {
    /// Whether factors are kept at all; when not, the engine skips building them.
    const ENABLED: bool = true;
    /// A contribution to a meter, with the members whose orders caused it.
    fn factor(
        &mut self,
        meter: Meter,
        label: &str,
        rule: &str,
        principle: Principle,
        value: f64,
        by: Members,
    );
    /// A contribution (percentage points) to one US track's chance of a step this turn.
    fn track_factor(
        &mut self,
        track: UsTrack,
        label: &str,
        rule: &str,
        principle: Principle,
        value: f64,
        by: Members,
    );
    /// Something for the log.
    fn happened(&mut self, happening: Happening);
}

/// A recorder that keeps nothing: the fast path for rollouts.
pub struct Silent;

impl Recorder for Silent {
    const ENABLED: bool = false;
    #[inline(always)]
    fn factor(&mut self, _: Meter, _: &str, _: &str, _: Principle, _: f64, _: Members) {}
    #[inline(always)]
    fn track_factor(&mut self, _: UsTrack, _: &str, _: &str, _: Principle, _: f64, _: Members) {}
    #[inline(always)]
    fn happened(&mut self, _: Happening) {}
}

/// A recorder that keeps only the happenings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Happenings(pub Vec<Happening>);

impl Recorder for Happenings {
    const ENABLED: bool = false;
    fn factor(&mut self, _: Meter, _: &str, _: &str, _: Principle, _: f64, _: Members) {}
    fn track_factor(&mut self, _: UsTrack, _: &str, _: &str, _: Principle, _: f64, _: Members) {}
    fn happened(&mut self, happening: Happening) {
        self.0.push(happening);
    }
}

/// Everything a turn produced: explanations of every meter and of each US track's chance,
/// and the log entries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub meters: Vec<MeterExplanation>,
    /// Each US track's chance of a step that turn (forces, escalation).
    pub tracks: Vec<TrackExplanation>,
    pub happenings: Vec<Happening>,
}

impl Report {
    /// An empty report that starts from the meters of `state`.
    pub fn starting_from(state: &State) -> Report {
        let meters = Meter::ALL
            .iter()
            .map(|&meter| MeterExplanation {
                meter,
                sum: match meter.info().origin {
                    Origin::Level if meter == Meter::UsEntry => Sum::Derived,
                    Origin::Level => Sum::Composition,
                    Origin::Stock | Origin::FocusCapacity => Sum::Change,
                },
                before: state.meter(meter),
                after: state.meter(meter),
                factors: Vec::new(),
            })
            .collect();
        let tracks = UsTrack::ALL
            .iter()
            .map(|&track| TrackExplanation {
                track,
                chance: 100.0 * state.us_odds[track as usize],
                rungs: (state.us_rungs[track as usize], 0),
                factors: Vec::new(),
            })
            .collect();
        Report {
            meters,
            tracks,
            happenings: Vec::new(),
        }
    }

    /// Records the meters of `state` as the values after the turn, and each US track's
    /// chance that turn and its rungs (of `rungs` per track) after it.
    pub fn finish(&mut self, state: &State, rungs: [u8; 2]) {
        for m in &mut self.meters {
            m.after = state.meter(m.meter);
        }
        for t in &mut self.tracks {
            let k = t.track as usize;
            t.chance = 100.0 * state.us_odds[k];
            t.rungs = (state.us_rungs[k], rungs[k]);
        }
    }

    /// The explanation of one US track's chance.
    pub fn track(&self, track: UsTrack) -> &TrackExplanation {
        &self.tracks[track as usize]
    }

    /// The explanation of one meter.
    pub fn meter(&self, meter: Meter) -> &MeterExplanation {
        &self.meters[meter as usize]
    }
}

impl Recorder for Report {
    fn factor(
        &mut self,
        meter: Meter,
        label: &str,
        rule: &str,
        principle: Principle,
        value: f64,
        by: Members,
    ) {
        self.meters[meter as usize].factors.push(Factor {
            label: label.to_owned(),
            rule: rule.to_owned(),
            principle,
            value,
            members: by,
        });
    }

    fn track_factor(
        &mut self,
        track: UsTrack,
        label: &str,
        rule: &str,
        principle: Principle,
        value: f64,
        by: Members,
    ) {
        self.tracks[track as usize].factors.push(Factor {
            label: label.to_owned(),
            rule: rule.to_owned(),
            principle,
            value,
            members: by,
        });
    }

    fn happened(&mut self, happening: Happening) {
        self.happenings.push(happening);
    }
}
