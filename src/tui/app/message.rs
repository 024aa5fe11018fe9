//! What goes into [`App::update`](super::App::update) and what comes out of it.

use std::time::Duration;

use crate::diag::Diagnostics;
use crate::forecast::{Outlook, Request};
use crate::save::{Entry, Saved};
use crate::scenario::{self, Loaded};
use crate::tui::input::Input;

/// A message to the interface: the player's input, or what an effect brought back.
#[derive(Clone, Debug)]
pub enum Msg {
    /// A key press, a click or a resize.
    Input(Input),
    /// The scenarios, after [`Effect::ListScenarios`].
    ScenariosListed(Vec<scenario::Entry>),
    /// The scenario asked for by [`Effect::ReadScenario`], checked.
    ScenarioRead(Result<Box<Loaded>, Diagnostics>),
    /// The saves, newest first, after [`Effect::ListSaves`].
    SavesListed(Vec<Entry>),
    /// The save asked for by [`Effect::ReadSave`].
    SaveRead(Result<Box<Saved>, Diagnostics>),
    /// Where a save went, or why it did not, after [`Effect::WriteSave`].
    SaveWritten {
        kind: SaveKind,
        result: Result<String, String>,
    },
    /// The time since the Unix epoch, after [`Effect::ReadClock`].
    Clock(Duration),
    /// How the forecast started by [`Effect::StartForecast`] stands; `finished` once its
    /// workers are done.
    ForecastProgress {
        outlook: Box<Outlook>,
        finished: bool,
    },
    /// The forecast could not start.
    ForecastFailed(String),
}

/// Why a save is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveKind {
    /// After the commit of week `week`, under the campaign's own name.
    Autosave { week: u16 },
    /// Under a name the player typed.
    Named,
    /// The campaign as it stood at the start of week `week`, to be resumed on another path.
    Branch { week: usize },
}

/// Work the interface asks its runner to do; the results come back as [`Msg`]s.
#[derive(Clone, Debug)]
pub enum Effect {
    /// List the scenarios: [`Msg::ScenariosListed`].
    ListScenarios,
    /// Read and check a listed scenario: [`Msg::ScenarioRead`].
    ReadScenario(Box<scenario::Entry>),
    /// List the saves: [`Msg::SavesListed`].
    ListSaves,
    /// Read a listed save: [`Msg::SaveRead`].
    ReadSave(Box<Entry>),
    /// Write save `text` under `name`: [`Msg::SaveWritten`].
    WriteSave {
        kind: SaveKind,
        name: String,
        text: String,
    },
    /// Read the clock, for a fresh seed: [`Msg::Clock`].
    ReadClock,
    /// Start a forecast in the background, replacing any other: [`Msg::ForecastProgress`]
    /// as it runs, or [`Msg::ForecastFailed`].
    StartForecast(Box<Request>),
    /// Stop the forecast running, if any; nothing comes back.
    CancelForecast,
    /// The player left: end the session.
    Quit,
}
