//! Batch simulation: many seeded campaigns of one plan, summarised as outcome fractions and
//! mean end-of-campaign meters. Results do not depend on the number of threads.
//!
//! The runs themselves are played by the [`forecast`](crate::forecast) runner, which also
//! serves the in-game forecast; this module holds what they add up to.

use std::collections::BTreeMap;
use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::engine::{Meter, Outcome, Policy, Scenario, State};
use crate::forecast::{Batch, Forecast, Start};

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

/// Number of bins of a [`Histogram`].
pub const BINS: usize = 100;

/// Counts of end values of a 0–100 meter in [`BINS`] equal bins (integers, so merging in
/// any order gives the same counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Histogram {
    counts: [u64; BINS],
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram { counts: [0; BINS] }
    }
}

impl Histogram {
    /// Width of a bin on the 0–100 scale.
    pub const WIDTH: f64 = 100.0 / BINS as f64;

    /// Counts one value (clamped to 0–100; 100 falls in the last bin).
    pub fn add(&mut self, value: f64) {
        // `as` saturates and maps NaN to 0.
        let bin = (value.clamp(0.0, 100.0) / Self::WIDTH) as usize;
        self.counts[bin.min(BINS - 1)] += 1;
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }

    /// The count of each bin, lowest values first.
    pub fn counts(&self) -> &[u64; BINS] {
        &self.counts
    }

    /// How many values were counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The value below which a share `p` (0–1) of the values lie, interpolated linearly
    /// inside its bin (so within one bin width of the exact quantile); 0 when empty.
    pub fn quantile(&self, p: f64) -> f64 {
        let total = self.total();
        if total == 0 {
            return 0.0;
        }
        let rank = p.clamp(0.0, 1.0) * total as f64;
        let mut below = 0u64;
        for (i, &c) in self.counts.iter().enumerate() {
            if c > 0 && (below + c) as f64 >= rank {
                let inside = ((rank - below as f64) / c as f64).clamp(0.0, 1.0);
                return (i as f64 + inside) * Self::WIDTH;
            }
            below += c;
        }
        100.0
    }

    /// The counts regrouped into `N` equal bins over 0–100 (`N` must divide [`BINS`]:
    /// 2, 4, 5, 10, 20, 25, 50 or 100; otherwise the last bin takes the remainder).
    pub fn coarse<const N: usize>(&self) -> [u64; N] {
        let mut out = [0u64; N];
        if N == 0 {
            return out;
        }
        let per = (BINS / N).max(1);
        for (i, &c) in self.counts.iter().enumerate() {
            out[(i / per).min(N - 1)] += c;
        }
        out
    }
}

/// Mergeable totals of a batch: outcome counts, fixed-point sums of end values, and
/// histograms of end US intervention and Hamas capacity. All integers, so merging in any
/// order gives the same totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub runs: u64,
    pub outcomes: [u64; 7],
    /// End US intervention (percent).
    pub us_intervention: Histogram,
    /// End capacity of the scenario's focus member.
    pub hamas_capacity: Histogram,
    /// 128 bits: 100,000,000 runs of values up to 100 in 32.32 fixed point need 69.
    sums: [u128; 8],
}

impl Totals {
    /// Adds one finished campaign.
    pub fn add(&mut self, scenario: &Scenario, state: &State) {
        self.runs += 1;
        if let Some(o) = state.outcome {
            self.outcomes[o as usize] += 1;
        }
        for (i, m) in Meter::ALL.iter().enumerate() {
            self.sums[i] += u128::from((state.meter(scenario, *m).max(0.0) * SCALE).round() as u64);
        }
        self.sums[7] += u128::from(state.turn) << 32;
        self.us_intervention
            .add(state.meter(scenario, Meter::UsIntervention));
        self.hamas_capacity
            .add(state.meter(scenario, Meter::HamasCapacity));
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
        self.us_intervention.merge(&other.us_intervention);
        self.hamas_capacity.merge(&other.hamas_capacity);
    }

    /// Mean end value of a meter on its display scale (0 when there are no runs).
    pub fn mean_of(&self, meter: Meter) -> f64 {
        self.mean(meter as usize)
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

/// Plays `runs` campaigns of a policy from seed `seed` on `threads` threads and waits for
/// them: run `i` is [`play`](crate::engine::play)`(scenario, run_seed(seed, i), policy)`.
///
/// # Panics
/// If the engine panics in a run.
pub fn simulate<P: Policy + Clone + Send + Sync + 'static>(
    scenario: &Scenario,
    policy: &P,
    runs: u64,
    seed: u64,
    threads: NonZeroUsize,
) -> Totals {
    let batch = Batch {
        scenario: Arc::new(scenario.clone()),
        start: Start::Fresh,
        policy: policy.clone(),
        runs,
        seed,
    };
    Forecast::batch(batch, threads).wait()
}

/// Waits for a batch, drawing a progress bar on `out` a few times a second while it runs
/// (nothing when it finishes within the first tick), then erasing it.
pub fn wait_with_progress(forecast: Forecast, out: &mut impl Write) -> Totals {
    const TICK: Duration = Duration::from_millis(200);
    const WIDTH: usize = 30;
    let mut shown = 0;
    while !forecast.wait_timeout(TICK) {
        let (done, total) = forecast.progress();
        let line = progress_line(done, total, WIDTH);
        // The bar is a courtesy: a failed write to the terminal must not stop the batch.
        let _ = write!(out, "\r{line}").and_then(|()| out.flush());
        shown = shown.max(line.chars().count());
    }
    if shown > 0 {
        let _ = write!(out, "\r{}\r", " ".repeat(shown)).and_then(|()| out.flush());
    }
    forecast.wait()
}

/// A one-line progress bar `[#####·····]  50%  500000/1000000 runs`, `width` cells of bar.
pub fn progress_line(done: u64, total: u64, width: usize) -> String {
    progress_line_of(done, total, width, "runs")
}

/// [`progress_line`] counting `unit` instead of runs.
pub fn progress_line_of(done: u64, total: u64, width: usize, unit: &str) -> String {
    let share = if total == 0 {
        1.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    let filled = ((share * width as f64) as usize).min(width);
    format!(
        "[{}{}] {:>3}%  {done}/{total} {unit}",
        "#".repeat(filled),
        "-".repeat(width - filled),
        (share * 100.0) as u32
    )
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
