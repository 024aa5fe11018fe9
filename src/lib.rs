//! Arenas: a classroom crisis simulation of the axis of resistance's joint operations room
//! in the autumn-2023 Gaza war.
//!
//! The [`engine`] is pure and deterministic; [`scenario`] and [`plan`] read and check the
//! files users write; [`sim`] runs batches; [`cli`] is the command line.

pub use arenas_core::{engine, game};

pub mod balance;
pub mod cli;
pub mod debrief;
pub mod diag;
pub mod files;
pub mod forecast;
pub mod plan;
pub mod report;
pub mod save;
pub mod scenario;
pub mod schema;
pub mod sim;
pub mod text;
pub mod tui;
