//! The interface: a state machine ([`app::App::update`]: messages in, effects out) with
//! its own input types, views that only draw its state, and runners that carry out its
//! effects — [`runner::Runner`] against a [`store::Store`], and the terminal runner
//! around it. It knows nothing of formulas; the engine knows nothing of terminals.

pub mod app;
pub mod input;
pub mod keys;
pub mod layout;
pub mod map;
pub mod runner;
pub mod store;
pub mod theme;
mod views;

use ratatui::Frame;

pub use app::App;

/// Draws the app into a frame (also used by tests and benches on a `TestBackend`).
pub fn draw(frame: &mut Frame, app: &App) {
    views::draw(frame, app);
}
