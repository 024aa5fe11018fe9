//! The interface: a state machine ([`app::App::update`]: messages in, effects out) with
//! its own input types, views that only draw its state, and runners that carry out its
//! effects — [`runner::Runner`] against a [`store::Store`]. It knows nothing of formulas;
//! the engine knows nothing of terminals. The screens of team play ([`team`]: the lobby and
//! a seat of a room) stand apart from the app: the class server holds the room and applies
//! what they ask for.
//!
//! Depends on the core, the file formats, the simulation layer (forecasts) and the reports
//! (the debrief). It owns no process-wide thing and knows not who carries its bytes: no
//! signal handler, no terminal mode, no environment, no socket — the terminal runner
//! lives in the binary, the SSH one in `arenas-serve`.

pub mod app;
pub mod input;
pub mod keys;
pub mod layout;
pub mod map;
mod order_field;
pub mod runner;
pub mod store;
pub mod team;
pub mod theme;
mod views;

use ratatui::Frame;

pub use app::App;

/// Draws the app into a frame (also used by tests and benches on a `TestBackend`).
pub fn draw(frame: &mut Frame, app: &App) {
    views::draw(frame, app);
}
