//! Arenas: a classroom crisis simulation of the axis of resistance's joint operations room
//! in the autumn-2023 Gaza war.
//!
//! This package is the `arenas` binary: the command line ([`cli`]), the local terminal
//! runner ([`terminal`]) and `arenas upgrade` ([`upgrade`]). Everything else lives in the
//! workspace's crates, re-exported here under one name each so that the tests and benches
//! of the whole program reach them through one path:
//!
//! - `arenas-core`: [`engine`], [`game`], [`team`];
//! - `arenas-files`: [`scenario`], [`save`], [`plan`], [`schema`], [`migrate`], [`diag`],
//!   [`file_kind`], [`files`], [`classwork`], [`text`];
//! - `arenas-sim`: [`forecast`], [`totals`], [`balance`];
//! - `arenas-report`: [`debrief`], [`class_summary`], [`html_report`];
//! - `arenas-tui`: [`tui`]; `arenas-serve` (feature `server`): `serve`.

pub use arenas_core::{engine, game, team};
pub use arenas_files::{
    classwork, diag, file_kind, files, migrate, plan, save, scenario, schema, text,
};
pub use arenas_report::{class_summary, debrief, html_report};
#[cfg(feature = "server")]
pub use arenas_serve as serve;
pub use arenas_sim::{balance, forecast, totals};
pub use arenas_tui as tui;

pub mod cli;
pub mod terminal;
pub mod upgrade;
