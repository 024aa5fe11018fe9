//! What goes into [`App::update`](super::App::update) and what comes out of it.

use std::time::Duration;

use crate::input::Input;
use arenas_files::diag::Diagnostics;
use arenas_files::save::{Entry, Saved};
use arenas_files::scenario::{self, Loaded};
use arenas_sim::forecast::{Outlook, Request};

/// The folder of a player's own scenarios, as the player is told of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFolder {
    pub path: String,
    /// Whether it is there yet; the game never creates it.
    pub exists: bool,
}

/// A message to the interface: the player's input, or what an effect brought back.
#[derive(Clone, Debug)]
pub enum Msg {
    /// A key press, a click or a resize.
    Input(Input),
    /// The scenarios, after [`Effect::ListScenarios`].
    ScenariosListed {
        entries: Vec<scenario::Entry>,
        /// Where the player's own scenarios are, as the player is told, if anywhere.
        folder: Option<ScenarioFolder>,
    },
    /// The scenario asked for by [`Effect::ReadScenario`], checked.
    ScenarioRead(Result<Box<Loaded>, Diagnostics>),
    /// The saves, newest first, after [`Effect::ListSaves`].
    SavesListed(Vec<Entry>),
    /// The save asked for by [`Effect::ReadSave`].
    SaveRead(Result<Box<Saved>, Diagnostics>),
    /// Where a save went, or why it did not, after [`Effect::WriteSave`].
    SaveWritten {
        kind: SaveKind,
        result: Result<String, WriteError>,
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
    /// After the commit of turn `week`, under the campaign's own name.
    Autosave { week: u16 },
    /// After a forecast of a limited class was counted, under the campaign's own name:
    /// resuming keeps the count.
    Counted,
    /// Under a name the player typed.
    Named,
    /// The campaign as it stood at the start of turn `turn`, to be resumed on another path.
    Branch { turn: u16 },
}

/// What a save may do with a file already under its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// Write only if no file is there.
    New,
    /// Replace whatever is there (the player said yes, or this session wrote it).
    Replace,
    /// Replace only an earlier save of the same campaign that this one continues.
    Continue,
}

/// Why a save was not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// A file is already there (`at`, as the player is told), and the mode was
    /// [`WriteMode::New`].
    Exists { at: String },
    /// The file there is not an earlier point of this campaign ([`WriteMode::Continue`]).
    Taken { at: String },
    /// The write failed; the reason in words.
    Failed(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists { at } => write!(f, "{at} already exists"),
            WriteError::Taken { at } => write!(f, "{at} holds another campaign"),
            WriteError::Failed(e) => f.write_str(e),
        }
    }
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
    /// Write save `text` under a file named after `name`, treating a file already there
    /// as `mode` says: [`Msg::SaveWritten`].
    WriteSave {
        kind: SaveKind,
        name: String,
        text: String,
        mode: WriteMode,
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
