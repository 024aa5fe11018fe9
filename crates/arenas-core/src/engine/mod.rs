//! The rules engine: pure and deterministic. It knows nothing of files or terminals.
//!
//! A campaign is a scenario, a seed and the orders of every turn; [`start`] and [`step`]
//! replay it exactly, on any machine.

#[macro_use]
mod keyed;
pub mod aims;
mod calendar;
mod campaign;
mod coefficients;
mod explain;
pub mod glossary;
mod meters;
mod narrative;
pub mod numbers;
mod orders;
mod resolve;
mod risk;
mod scenario;
mod state;
mod tasks;
mod vocabulary;

pub use calendar::{Date, TurnUnit};
pub use campaign::{
    GameRng, Policy, Resolution, Schedule, play, play_on, resolve_turn, rng_from_seed, run_seed,
};
pub use coefficients::*;
pub use explain::{
    Factor, Happening, Happenings, Members, MeterExplanation, Recorder, Report, Silent, Sum,
    TrackExplanation,
};
pub use meters::{Format, Hue, METERS, Meter, MeterInfo, MeterValues, Meters, Origin, Polarity};
pub use narrative::{
    describe, order_summary, orders_entry, orders_summary, outcome_meaning, possessive, sentence,
};
pub use orders::OrderProblem;
pub use resolve::{
    Compliance, Entry, LookAhead, advance, ceasefire_chance, compliance, start, step, us_entry,
};
pub use risk::evenness;
pub use scenario::*;
pub use state::{PerFront, PerMember, State};
pub use tasks::{TASKS, Task, TaskInfo, TaskModel, TaskTable};
pub use vocabulary::*;
