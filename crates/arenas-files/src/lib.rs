//! The files users write and share: scenarios, saves and plans as serde documents apart from
//! the engine's types, their checks and diagnostics, their JSON schemas, and the migrations
//! that keep old files readable.
//!
//! Depends on the core only. Formats run nothing: no batches of campaigns, no terminal, no
//! report; a save's digest and seal are checked here, its campaign replayed by the core.

pub mod classwork;
pub mod diag;
pub mod file_kind;
pub mod files;
pub mod migrate;
pub mod plan;
pub mod save;
pub mod scenario;
pub mod schema;
mod schema_hints;
pub mod text;
