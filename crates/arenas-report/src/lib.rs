//! What is written about campaigns once played: the debrief of one save, the summary of a
//! class's saves, and the self-contained HTML page of either.
//!
//! Depends on the core, the file formats and the simulation layer (for the reference runs);
//! produces text only, and draws nothing on a terminal.

pub mod class_summary;
pub mod debrief;
pub mod html_report;
