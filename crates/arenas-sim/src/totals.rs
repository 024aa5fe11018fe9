//! What a batch of campaigns adds up to: outcome counts, sums and histograms of end
//! values ([`Totals`]), and the summary `arenas sim` prints ([`Summary`]). Totals are
//! integers, so they do not depend on the number of threads.
//!
//! The runs themselves are played by the [`forecast`](crate::forecast) runner, which also
//! serves the in-game forecast.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use arenas_core::engine::{Meter, Outcome, State};

/// Fixed-point scale for sums, so that adding in any order gives the same bits.
const SCALE: f64 = (1u64 << 32) as f64;

/// Number of bins of a [`Histogram`].
pub const BINS: usize = 100;

/// Rungs of one US track that [`Totals`] tells apart; higher ones count with the last.
pub const MAX_TRACK_RUNGS: usize = 4;

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

/// Mergeable totals of a batch: outcome counts, fixed-point sums of end values, the
/// histogram of the focus member's end capacity and the US tracks' highest rungs. All integers, so merging in any
/// order gives the same totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Runs added.
    pub runs: u64,
    /// Runs per outcome, in [`Outcome::ALL`] order.
    pub outcomes: [u64; Outcome::ALL.len()],
    /// End capacity of the scenario's focus member.
    pub hamas_capacity: Histogram,
    /// Runs by the highest rung each US track reached: `us_reached[forces][escalation]`,
    /// rungs 0 to [`MAX_TRACK_RUNGS`] (higher rungs count in the last slot).
    pub us_reached: [[u64; MAX_TRACK_RUNGS + 1]; MAX_TRACK_RUNGS + 1],
    /// Sums of each meter's end value, in [`Meter::ALL`] order, in 32.32 fixed point
    /// (128 bits: 100,000,000 runs of values up to 100 need 69).
    meter_sums: [u128; Meter::ALL.len()],
    /// Sum of the turns the runs lasted, in the same fixed point.
    turn_sum: u128,
}

impl Totals {
    /// Adds one finished campaign.
    pub fn add(&mut self, state: &State) {
        self.runs += 1;
        if let Some(o) = state.outcome {
            self.outcomes[o as usize] += 1;
        }
        for (sum, m) in self.meter_sums.iter_mut().zip(Meter::ALL) {
            *sum += u128::from((state.meter(*m).max(0.0) * SCALE).round() as u64);
        }
        self.turn_sum += u128::from(state.turn) << 32;
        self.hamas_capacity.add(state.meter(Meter::HamasCapacity));
        let [forces, escalation] = state
            .us_reached
            .map(|r| usize::from(r).min(MAX_TRACK_RUNGS));
        self.us_reached[forces][escalation] += 1;
    }

    /// Adds another batch's totals.
    pub fn merge(&mut self, other: &Totals) {
        self.runs += other.runs;
        for (a, b) in self.outcomes.iter_mut().zip(other.outcomes) {
            *a += b;
        }
        for (a, b) in self.meter_sums.iter_mut().zip(other.meter_sums) {
            *a += b;
        }
        self.turn_sum += other.turn_sum;
        self.hamas_capacity.merge(&other.hamas_capacity);
        for (mine, theirs) in self.us_reached.iter_mut().zip(&other.us_reached) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
    }

    /// Fraction of runs in which the forces track reached at least rung `forces` or the
    /// escalation track at least rung `escalation` (1-based within each track).
    pub fn us_reached_either(&self, forces: usize, escalation: usize) -> f64 {
        if self.runs == 0 {
            return 0.0;
        }
        let mut hit = 0;
        for (f, row) in self.us_reached.iter().enumerate() {
            for (e, count) in row.iter().enumerate() {
                if f >= forces || e >= escalation {
                    hit += count;
                }
            }
        }
        hit as f64 / self.runs as f64
    }

    /// Fraction of runs in which the US struck: its forces track past the first rung
    /// (warnings), or any rung of the escalation track.
    pub fn us_strikes(&self) -> f64 {
        self.us_reached_either(2, 1)
    }

    /// Fraction of runs in which the US escalation track was climbed at all (strikes on the
    /// watched member or direct confrontation).
    pub fn us_escalation(&self) -> f64 {
        self.us_reached_either(usize::MAX, 1)
    }

    /// Runs in which the US escalation track was climbed at all: the US entered the war.
    pub fn us_entered(&self) -> u64 {
        self.us_reached
            .iter()
            .map(|row| row.iter().skip(1).sum::<u64>())
            .sum()
    }

    /// Mean end value of a meter on its display scale (0 when there are no runs).
    pub fn mean_of(&self, meter: Meter) -> f64 {
        self.mean(self.meter_sums[meter as usize])
    }

    /// The mean of a fixed-point sum over the runs (0 when there are none).
    fn mean(&self, sum: u128) -> f64 {
        if self.runs == 0 {
            0.0
        } else {
            sum as f64 / SCALE / self.runs as f64
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
                meters: self.meter_sums.map(|sum| self.mean(sum)),
                turns: self.mean(self.turn_sum),
            },
        }
    }
}

/// Outcome fractions and mean end-of-campaign values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Runs summarised.
    pub runs: u64,
    /// Fraction of runs per outcome id.
    pub outcomes: BTreeMap<&'static str, f64>,
    /// Mean end values.
    pub mean: Means,
}

/// Means of end-of-campaign values on their display scales. Serialized as one entry per
/// meter, named by its column (id and unit, see [`Meter::column`]), in [`Meter::ALL`]
/// order, then `turns`.
#[derive(Clone, Debug, PartialEq)]
pub struct Means {
    /// Each meter's mean, in [`Meter::ALL`] order.
    pub meters: [f64; Meter::ALL.len()],
    /// Mean number of turns played.
    pub turns: f64,
}

impl Serialize for Means {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.meters.len() + 1))?;
        for (m, mean) in Meter::ALL.iter().zip(&self.meters) {
            map.serialize_entry(&m.column(), mean)?;
        }
        map.serialize_entry("turns", &self.turns)?;
        map.end()
    }
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
        out += "\nmean at the end\n";
        for (&m, &mean) in Meter::ALL.iter().zip(&self.mean.meters) {
            let value = m.format(mean);
            // The unit (`%`) stands after the column of numbers.
            let (number, unit) = value.split_at(value.trim_end_matches('%').len());
            out += &format!("{:<26}{number:>6}{unit}\n", text_label(m));
        }
        out += &format!("{:<26}{:>6.1}\n", "turns", self.mean.turns);
        out
    }
}

/// A meter's name in the text summary: its id in words, proper names capitalised.
fn text_label(meter: Meter) -> String {
    match meter {
        Meter::UsEntry | Meter::HamasCapacity => meter.name().to_owned(),
        m => m.id().replace('_', " "),
    }
}
