//! Batch simulation: many seeded campaigns of one plan, summarised as outcome fractions and
//! mean end-of-campaign meters. Results do not depend on the number of threads.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;

use serde::Serialize;

use crate::engine::{Meter, Outcome, Policy, Scenario, State, play};

/// The seed of run `index` of a batch seeded with `seed` (SplitMix64 of both).
pub fn run_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed
        ^ index
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .wrapping_add(0x632b_e59b_d9b4_e019);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fixed-point scale for sums, so that adding in any order gives the same bits.
const SCALE: f64 = (1u64 << 32) as f64;

/// Mergeable totals of a batch: outcome counts and fixed-point sums of end values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub runs: u64,
    pub outcomes: [u64; 7],
    sums: [u64; 8],
}

impl Totals {
    /// Adds one finished campaign.
    pub fn add(&mut self, scenario: &Scenario, state: &State) {
        self.runs += 1;
        if let Some(o) = state.outcome {
            self.outcomes[o as usize] += 1;
        }
        for (i, m) in Meter::ALL.iter().enumerate() {
            self.sums[i] += (state.meter(scenario, *m).max(0.0) * SCALE).round() as u64;
        }
        self.sums[7] += u64::from(state.turn) << 32;
    }

    /// Adds another batch's totals.
    pub fn merge(&mut self, other: &Totals) {
        self.runs += other.runs;
        for (a, b) in self.outcomes.iter_mut().zip(other.outcomes) {
            *a += b;
        }
        for (a, b) in self.sums.iter_mut().zip(other.sums) {
            *a += b;
        }
    }

    fn mean(&self, i: usize) -> f64 {
        if self.runs == 0 {
            0.0
        } else {
            self.sums[i] as f64 / SCALE / self.runs as f64
        }
    }

    /// Fraction of runs that ended in `outcome`.
    pub fn fraction(&self, outcome: Outcome) -> f64 {
        if self.runs == 0 {
            0.0
        } else {
            self.outcomes[outcome as usize] as f64 / self.runs as f64
        }
    }

    /// The summary `arenas sim` prints.
    pub fn summary(&self) -> Summary {
        Summary {
            runs: self.runs,
            outcomes: Outcome::ALL
                .iter()
                .map(|o| (o.id(), self.fraction(*o)))
                .collect(),
            mean: Means {
                ambiguity: self.mean(Meter::Ambiguity as usize),
                risk_distribution: self.mean(Meter::RiskDistribution as usize),
                us_intervention: self.mean(Meter::UsIntervention as usize),
                escalation: self.mean(Meter::Escalation as usize),
                hamas_capacity: self.mean(Meter::HamasCapacity as usize),
                international_pressure: self.mean(Meter::InternationalPressure as usize),
                cohesion: self.mean(Meter::Cohesion as usize),
                turns: self.mean(7),
            },
        }
    }
}

/// Outcome fractions and mean end-of-campaign values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub runs: u64,
    pub outcomes: BTreeMap<&'static str, f64>,
    pub mean: Means,
}

/// Means of end-of-campaign values on their display scales.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Means {
    pub ambiguity: f64,
    pub risk_distribution: f64,
    pub us_intervention: f64,
    pub escalation: f64,
    pub hamas_capacity: f64,
    pub international_pressure: f64,
    pub cohesion: f64,
    pub turns: f64,
}

/// Plays `runs` campaigns of a policy from seed `seed` on `threads` threads.
pub fn simulate<P: Policy + Clone + Send>(
    scenario: &Scenario,
    policy: &P,
    runs: u64,
    seed: u64,
    threads: NonZeroUsize,
) -> Totals {
    let threads = (threads.get() as u64).clamp(1, runs.max(1));
    let chunk = runs.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let mut policy = policy.clone();
                s.spawn(move || {
                    let mut totals = Totals::default();
                    for i in t * chunk..((t + 1) * chunk).min(runs) {
                        let end = play(scenario, run_seed(seed, i), &mut policy);
                        totals.add(scenario, &end);
                    }
                    totals
                })
            })
            .collect();
        let mut all = Totals::default();
        for h in handles {
            match h.join() {
                Ok(t) => all.merge(&t),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

impl Summary {
    /// A plain-text table for people.
    pub fn to_text(&self) -> String {
        let mut out = format!("{} runs\n\n{:<30} {:>7}\n", self.runs, "outcome", "share");
        for o in Outcome::ALL {
            out += &format!(
                "{:<30} {:>6.1}%\n",
                o.name(),
                100.0 * self.outcomes.get(o.id()).copied().unwrap_or(0.0)
            );
        }
        let m = &self.mean;
        out += &format!(
            "\nmean at the end\nambiguity                 {:>6.1}\nrisk distribution         {:>6.2}\nUS intervention           {:>6.1}%\nescalation                {:>6.1}\nHamas capacity            {:>6.1}\ninternational pressure    {:>6.1}\ncohesion                  {:>6.1}\nturns                     {:>6.1}\n",
            m.ambiguity,
            m.risk_distribution,
            m.us_intervention,
            m.escalation,
            m.hamas_capacity,
            m.international_pressure,
            m.cohesion,
            m.turns
        );
        out
    }
}
