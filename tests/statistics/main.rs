//! The statistical checks of the model: many campaigns per test, so they need optimised
//! code. `.ci/run` runs them once, in release: `cargo test --release --test statistics`
//! (`cargo test` leaves this binary out; `-- lesson::` runs one module).

mod best_play;
mod lesson;
mod paired_plans;
mod sensitivity;
mod thesis;
mod us_tracks;
