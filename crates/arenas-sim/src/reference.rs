//! The reference runs: what the engine gives for a scenario from where it starts, under the
//! historical course and under restraint, that reports set a class's outcomes against. The
//! same scenario gives the same shares: the batches have a fixed seed, and their totals do
//! not depend on the number of threads.

use std::sync::Arc;

use arenas_core::engine::{Outcome, Scenario, Schedule};

use crate::forecast::{self, Batch, Forecast, Start};

/// Campaigns the engine plays of each reference policy.
pub const REFERENCE_RUNS: u64 = 2_000;
/// Seed of the reference batches: `arenas sim`'s default, so that `arenas sim --history
/// --runs 2000` gives the same shares.
pub const REFERENCE_SEED: u64 = 1;

/// What the engine gives for a scenario from its start: the share of campaigns ending in
/// each outcome (in [`Outcome::ALL`] order) under the historical course and under
/// restraint (every member holds every week).
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub history: Vec<f64>,
    pub restraint: Vec<f64>,
}

impl Reference {
    /// The reference of one scenario from `start`.
    pub fn of(scenario: &Arc<Scenario>, start: Start) -> Reference {
        Running::start(scenario, start).finish()
    }

    /// The references of several scenarios, each from where it starts, their batches run
    /// side by side.
    pub fn of_all(starts: &[(Arc<Scenario>, Start)]) -> Vec<Reference> {
        let running: Vec<Running> = starts
            .iter()
            .map(|(scenario, start)| Running::start(scenario, start.clone()))
            .collect();
        running.into_iter().map(Running::finish).collect()
    }
}

/// The reference batches of a scenario, under way.
struct Running {
    history: Forecast,
    restraint: Forecast,
}

impl Running {
    /// Starts both batches from `start` and returns at once.
    fn start(scenario: &Arc<Scenario>, start: Start) -> Running {
        let batch = |policy: Schedule| {
            Forecast::batch(
                Batch {
                    scenario: Arc::clone(scenario),
                    start: start.clone(),
                    policy,
                    runs: REFERENCE_RUNS,
                    seed: REFERENCE_SEED,
                },
                forecast::default_threads(),
            )
        };
        Running {
            history: batch(scenario.historical_course()),
            restraint: batch(Schedule::constant(scenario.all_hold())),
        }
    }

    /// Waits for both batches.
    fn finish(self) -> Reference {
        let shares = |batch: Forecast| {
            let totals = batch.wait();
            Outcome::ALL.iter().map(|&o| totals.fraction(o)).collect()
        };
        Reference {
            history: shares(self.history),
            restraint: shares(self.restraint),
        }
    }
}
