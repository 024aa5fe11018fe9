//! The core of Arenas: the rules engine, the game log and the tables every front-end reads.
//!
//! Pure and deterministic: no files, terminals, clocks, threads or processes. A campaign is
//! a scenario, a seed and the orders of every turn; the same inputs give the same bytes on
//! any machine.

pub mod engine;
pub mod game;
#[cfg(feature = "schema")]
pub mod schema_hints;
#[cfg(feature = "schema")]
mod schema_impls;
pub mod team;
