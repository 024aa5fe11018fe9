//! The statistical checks of the model: many campaigns per test, so they need optimised
//! code. `.ci/run` runs them once, in release: `cargo test --release --test statistics`
//! (`cargo test` leaves this binary out; `-- lesson::` runs one module).
//! `ARENAS_STATS_SCENARIO=FILE` runs them on a variant of the bundled scenario (the plans
//! of tests/plans name its members and fronts), to see how a change of coefficients moves
//! every figure before the file is changed; the sensitivity check always reads the bundled
//! file.

use std::sync::{Arc, OnceLock};

use arenas::engine::Scenario;

mod best_play;
mod lesson;
mod paired_plans;
mod sensitivity;
mod thesis;
mod us_tracks;

/// The scenario the checks run on: the bundled one, or the file `ARENAS_STATS_SCENARIO`
/// names.
fn scenario() -> Arc<Scenario> {
    static SC: OnceLock<Arc<Scenario>> = OnceLock::new();
    SC.get_or_init(|| match std::env::var_os("ARENAS_STATS_SCENARIO") {
        Some(path) => {
            arenas::scenario::load_file(std::path::Path::new(&path))
                .unwrap_or_else(|d| panic!("{d}"))
                .scenario
        }
        None => arenas::scenario::default_scenario().scenario,
    })
    .clone()
}
