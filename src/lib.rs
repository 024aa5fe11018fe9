//! Arenas: a classroom crisis simulation of the axis of resistance's joint operations room
//! in the autumn-2023 Gaza war.
//!
//! The [`engine`] is pure and deterministic; [`scenario`] and [`plan`] read and check the
//! files users write; [`forecast`] runs batches and [`totals`] adds them up; [`cli`] is the
//! command line.

pub use arenas_core::{engine, game};

pub mod balance;
pub mod class_summary;
pub mod classwork;
pub mod cli;
pub mod debrief;
pub mod diag;
pub mod file_kind;
pub mod files;
pub mod forecast;
pub mod html_report;
pub mod migrate;
pub mod plan;
pub mod save;
pub mod scenario;
pub mod schema;
#[cfg(feature = "server")]
pub mod serve;
pub mod text;
pub mod totals;
pub mod tui;
pub mod upgrade;
