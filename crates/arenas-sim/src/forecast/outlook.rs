//! What a forecast's rollouts say: the odds of each outcome with their 95 % intervals, the
//! spread of the key end values, and how the odds moved from one plan to the next.

use crate::totals::{Histogram, Means, Totals};
use arenas_core::engine::{Meter, Outcome};

/// The quantiles a [`Spread`] reports: 5 %, 25 %, median, 75 %, 95 %.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The 95 % Wilson score interval of a proportion: `(low, high)`, always containing
/// `successes / trials`; `(0, 1)` without trials.
pub fn wilson(successes: u64, trials: u64) -> (f64, f64) {
    if trials == 0 {
        return (0.0, 1.0);
    }
    let n = trials as f64;
    let p = successes.min(trials) as f64 / n;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (
        (centre - half).min(p).max(0.0),
        (centre + half).max(p).min(1.0),
    )
}

/// One outcome's share of the rollouts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Odds {
    pub outcome: Outcome,
    /// Rollouts that ended so.
    pub count: u64,
    /// `count / runs` (0 without runs).
    pub probability: f64,
    /// The 95 % Wilson interval of the probability.
    pub low: f64,
    pub high: f64,
}

/// The share of rollouts in which something happened, with its 95 % Wilson interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    pub count: u64,
    /// `count / runs` (0 without runs).
    pub probability: f64,
    pub low: f64,
    pub high: f64,
}

impl Share {
    fn of(count: u64, runs: u64) -> Share {
        let (low, high) = wilson(count, runs);
        Share {
            count,
            probability: if runs == 0 {
                0.0
            } else {
                count as f64 / runs as f64
            },
            low,
            high,
        }
    }
}

/// The distribution of a meter's end value (0–100 scale) over the rollouts.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    pub meter: Meter,
    pub mean: f64,
    /// The values at [`QUANTILES`] (within one point of the exact ones).
    pub quantiles: [f64; 5],
    /// Rollouts per tenth of the scale: 0–10, 10–20, …, 90–100.
    pub bins: [u64; 10],
}

impl Spread {
    fn of(meter: Meter, totals: &Totals, histogram: &Histogram) -> Spread {
        Spread {
            meter,
            mean: totals.mean_of(meter),
            quantiles: QUANTILES.map(|q| histogram.quantile(q)),
            bins: histogram.coarse::<10>(),
        }
    }

    /// The median end value.
    pub fn median(&self) -> f64 {
        self.quantiles[2]
    }
}

/// How one outcome's probability moved from a previous forecast to this one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shift {
    pub outcome: Outcome,
    pub before: f64,
    pub after: f64,
    /// `after - before`.
    pub change: f64,
    /// Whether a two-proportion test at the 95 % level tells the two apart.
    pub significant: bool,
}

/// What a forecast's rollouts (so far) say.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlook {
    /// Rollouts included.
    pub runs: u64,
    /// Rollouts requested.
    pub total: u64,
    /// One entry per outcome, in [`Outcome::ALL`] order.
    pub odds: Vec<Odds>,
    /// Rollouts in which the US entered the war directly (climbed its escalation track):
    /// what the US entry meter estimates.
    pub us_entry: Share,

    /// End capacity of the scenario's focus member.
    pub hamas_capacity: Spread,
    /// Mean end values of every meter.
    pub mean: Means,
}

impl Outlook {
    /// The outlook of some totals out of `total` requested rollouts.
    pub fn from_totals(totals: &Totals, total: u64) -> Outlook {
        let odds = Outcome::ALL
            .iter()
            .map(|&outcome| {
                let count = totals.outcomes[outcome as usize];
                let (low, high) = wilson(count, totals.runs);
                Odds {
                    outcome,
                    count,
                    probability: totals.fraction(outcome),
                    low,
                    high,
                }
            })
            .collect();
        Outlook {
            runs: totals.runs,
            total,
            odds,
            us_entry: Share::of(totals.us_entered(), totals.runs),
            hamas_capacity: Spread::of(Meter::HamasCapacity, totals, &totals.hamas_capacity),
            mean: totals.summary().mean,
        }
    }

    /// Whether every requested rollout is included.
    pub fn is_complete(&self) -> bool {
        self.runs >= self.total
    }

    /// The odds of one outcome.
    pub fn odds_of(&self, outcome: Outcome) -> Odds {
        self.odds
            .iter()
            .copied()
            .find(|o| o.outcome == outcome)
            .unwrap_or(Odds {
                outcome,
                count: 0,
                probability: 0.0,
                low: 0.0,
                high: 1.0,
            })
    }

    /// How each outcome's probability moved from `previous` (say, the last plan
    /// forecast this turn) to this outlook, in [`Outcome::ALL`] order.
    pub fn shifts(&self, previous: &Outlook) -> Vec<Shift> {
        Outcome::ALL
            .iter()
            .map(|&outcome| {
                let (a, b) = (previous.odds_of(outcome), self.odds_of(outcome));
                Shift {
                    outcome,
                    before: a.probability,
                    after: b.probability,
                    change: b.probability - a.probability,
                    significant: differ(a.count, previous.runs, b.count, self.runs),
                }
            })
            .collect()
    }
}

/// Whether two proportions differ at the 95 % level (pooled two-proportion z-test).
fn differ(k1: u64, n1: u64, k2: u64, n2: u64) -> bool {
    if n1 == 0 || n2 == 0 {
        return false;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let pooled = (k1 + k2) as f64 / (n1f + n2f);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    se > 0.0 && ((k2 as f64 / n2f - k1 as f64 / n1f) / se).abs() > Z95
}
