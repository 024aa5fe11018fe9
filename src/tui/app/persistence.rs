//! Saves: the save prompt, branches, autosaves and the Load screen. The texts are made
//! and checked here; the runner's store writes and reads them.

use super::replay::replay_until;
use super::{App, Effect, Overlay, SaveKind, Screen, Status};
use crate::diag::Diagnostics;
use crate::game::Game;
use crate::save::{self, Entry, Saved};
use crate::scenario::ScenarioDoc;
use crate::tui::keys::Action;

/// A save ready to be written: its name and its text.
pub(super) type Prepared = Result<(String, String), String>;

impl App {
    pub(super) fn open_save_prompt(&mut self) {
        self.input = default_save_name(self.play().map(|p| &p.game));
        self.overlay = Some(Overlay::SaveName);
    }

    /// Saves the campaign under the name typed in the prompt.
    pub(super) fn save_named(&mut self) {
        let Some(play) = self.play() else { return };
        let name = self.input.trim().to_owned();
        let prepared = prepare(&play.game, &play.doc, name);
        self.write(SaveKind::Named, prepared);
    }

    /// Saves the campaign as it stood at the orders phase of week `selected + 1` into a new
    /// file, to be resumed on another path.
    pub(super) fn branch(&mut self, selected: usize) {
        let Some(play) = self.play() else { return };
        let game = replay_until(&play.game, selected);
        let week = selected + 1;
        let name = format!(
            "{} seed {} branch from week {week}",
            play.game.scenario.meta.id, play.game.seed
        );
        let prepared = prepare(&game, &play.doc, name);
        self.write(SaveKind::Branch { week }, prepared);
    }

    /// Asks the runner to write a prepared save; a save that could not be prepared fails
    /// as a failed write does.
    pub(super) fn write(&mut self, kind: SaveKind, prepared: Prepared) {
        match prepared {
            Ok((name, text)) => self.emit(Effect::WriteSave { kind, name, text }),
            Err(e) => self.save_written(kind, Err(e)),
        }
    }

    /// Tells the player where a save went, or why it did not.
    pub(super) fn save_written(&mut self, kind: SaveKind, result: Result<String, String>) {
        self.status = match (kind, result) {
            (SaveKind::Autosave { .. }, Ok(_)) => return,
            // At the end of the campaign the debrief's message stays.
            (SaveKind::Autosave { week }, Err(e)) => {
                if !matches!(self.screen, Screen::Campaign(_)) {
                    return;
                }
                Status::warning(format!(
                    "Week {week} resolved, but the autosave failed: {e}"
                ))
            }
            (SaveKind::Named, Ok(at)) => Status::info(format!("Saved to {at}.")),
            (SaveKind::Named, Err(e)) => Status::warning(format!("Not saved: {e}")),
            (SaveKind::Branch { week }, Ok(at)) => {
                Status::info(format!("Branched from week {week} into {at}."))
            }
            (SaveKind::Branch { .. }, Err(e)) => Status::warning(format!("Branch not saved: {e}")),
        };
    }

    /// The saves listed for the Load screen.
    pub(super) fn saves_listed(&mut self, entries: Vec<Entry>) {
        if !matches!(self.screen, Screen::Menu { .. } | Screen::Load { .. }) {
            return;
        }
        if entries.is_empty() {
            self.status = Status::info(format!("No saves yet in {}.", self.saves_location));
        }
        self.screen = Screen::Load {
            entries,
            selected: 0,
        };
    }

    pub(super) fn act_on_load(&mut self, action: Action) {
        let Screen::Load { entries, selected } = &mut self.screen else {
            return;
        };
        let n = entries.len().max(1);
        match action {
            Action::Up => *selected = (*selected + n - 1) % n,
            Action::Down => *selected = (*selected + 1) % n,
            Action::Close => self.screen = Screen::Menu { selected: 1 },
            Action::Activate => {
                if let Some(entry) = entries.get(*selected) {
                    let entry = Box::new(entry.clone());
                    self.emit(Effect::ReadSave(entry));
                }
            }
            _ => {}
        }
    }

    /// The save chosen on the Load screen: resumes it, or says why it cannot.
    pub(super) fn save_read(&mut self, result: Result<Box<Saved>, Diagnostics>) {
        if !matches!(self.screen, Screen::Load { .. }) {
            return;
        }
        match result {
            Ok(saved) => self.resume(*saved),
            Err(d) => {
                let first = d.0.first().map_or_else(String::new, ToString::to_string);
                let line = first.lines().next().unwrap_or("");
                self.warn(format!("Cannot load: {line}"));
            }
        }
    }
}

/// The autosave of a game after a committed turn, under a name of its own.
pub(super) fn autosave(game: &Game, doc: &ScenarioDoc) -> Prepared {
    let name = format!("autosave {} seed {}", game.scenario.meta.id, game.seed);
    prepare(game, doc, name)
}

/// The text of a save, checked first to load back to the same game, so a good save is
/// never replaced by a bad one.
fn prepare(game: &Game, doc: &ScenarioDoc, name: String) -> Prepared {
    let text = save::to_text(game, doc, &name)?;
    let back = save::parse(&save::file_name(&name), &text)
        .map_err(|d| format!("the save would not load back, so nothing was written:\n{d}"))?;
    if back.game.state() != game.state() {
        return Err("the save would not replay to the same state, so nothing was written".into());
    }
    Ok((name, text))
}

/// The name the save prompt starts with.
fn default_save_name(game: Option<&Game>) -> String {
    game.map_or_else(String::new, |g| {
        format!(
            "{} seed {} week {}",
            g.scenario.meta.id,
            g.seed,
            g.state().turn
        )
    })
}
