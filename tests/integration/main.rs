//! The integration tests of the whole program, in one test binary so that the workspace
//! links once: each module is one concern (the command line, the interface, the server,
//! files, reports). `cargo test --test integration serve::` runs one module.
//!
//! The statistical checks of the model are the `statistics` binary (release only).

mod common;

mod app_machine;
mod author_messages;
mod bad_input;
mod balance;
mod class_report;
mod cli;
mod cli_saves;
mod cli_upgrade;
mod content;
mod doc_figures;
mod docs;
mod engine_properties;
mod example_saves;
mod forecast;
mod hostile_inputs;
mod hostile_output;
mod html_report;
mod instructor_cli;
mod migrations;
mod rules_check;
mod save_seal;
mod scenario_files;
mod schema;
mod screens_80x24;
mod serve;
mod serve_load;
mod serve_openssh;
mod shared_folder;
mod team;
mod terminal;
mod tui;
