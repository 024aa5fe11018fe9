//! Saves: the save prompt, branches, autosaves and the Load screen. The texts are made
//! and checked here; the runner's store writes and reads them.

use super::replay::replay_until;
use super::update::short_diagnostic;
use super::{
    App, Effect, Overlay, PendingWrite, Play, SaveKind, Screen, Status, WriteError, WriteMode,
};
use crate::keys::Action;
use crate::views::file_name;
use arenas_core::engine::sentence;
use arenas_core::game::Game;
use arenas_files::diag::Diagnostics;
use arenas_files::save::{self, Entry, Lineage, Saved};

/// A save ready to be written: its name and its text.
pub(super) type Prepared = Result<(String, String), String>;

impl App {
    pub(super) fn open_save_prompt(&mut self) {
        self.input = default_save_name(self.play().map(|p| &p.game));
        self.overlay = Some(Overlay::SaveName);
    }

    /// Saves the campaign under the name typed in the prompt, into a new file (a file of
    /// that name is replaced only when the player says yes).
    pub(super) fn save_named(&mut self) {
        let Some(play) = self.play() else { return };
        let name = self.input.trim().to_owned();
        let prepared = prepare(&play.game, &play.lineage(), &play.doc, name);
        self.write(SaveKind::Named, prepared, WriteMode::New);
    }

    /// Saves the campaign as it stood at the orders phase of turn `selected + 1` into a new
    /// file, as a new campaign, to be resumed on another path.
    pub(super) fn branch(&mut self, selected: usize) {
        let campaign = self.ids.mint();
        let Some(play) = self.play() else { return };
        let game = replay_until(&play.game, selected);
        let turn = u16::try_from(selected + 1).unwrap_or(u16::MAX);
        let name = format!(
            "{} seed {} branch from {}",
            play.game.scenario.meta.id,
            play.game.seed,
            play.game.scenario.calendar.unit().label(turn)
        );
        // The branch keeps the forecasts used (it is the same class's campaign) and the
        // predictions of the weeks it keeps.
        let mut classwork = play.classwork.clone();
        classwork.keep_until(u16::try_from(selected).unwrap_or(u16::MAX));
        let lineage = Lineage {
            campaign,
            prepared: play
                .prepared
                .min(u16::try_from(selected).unwrap_or(u16::MAX)),
            classwork,
        };
        let prepared = prepare(&game, &lineage, &play.doc, name);
        let mut branch = Box::new(Play::new(game, lineage.campaign, play.doc.clone()));
        branch.prepared = lineage.prepared;
        branch.classwork = lineage.classwork;
        self.branched = Some((branch, String::new()));
        self.write(SaveKind::Branch { turn }, prepared, WriteMode::New);
    }

    /// Goes on in the branch just written, from its first turn; the campaign left keeps
    /// its autosave.
    pub(super) fn go_on_in_branch(&mut self) {
        let Some((play, at)) = self.branched.take() else {
            return;
        };
        let from = play
            .game
            .scenario
            .calendar
            .unit()
            .label(play.game.state().turn);
        self.screen = Screen::Campaign(play);
        self.forget_forecasts();
        self.hindsight = None;
        self.status = Status::info(format!("Now playing the branch in {at}, from {from}."));
    }

    /// Stays in the campaign after writing a branch.
    pub(super) fn stay_after_branch(&mut self) {
        if let Some((_, at)) = self.branched.take() {
            self.status = Status::info(format!(
                "Branch saved to {at}; still playing this campaign."
            ));
        }
    }

    /// Autosaves the campaign in play after week `week` was committed.
    pub(super) fn autosave(&mut self, week: u16) {
        self.autosave_as(SaveKind::Autosave { week });
    }

    /// Writes the campaign in play under its own name, for the reason `kind` gives.
    pub(super) fn autosave_as(&mut self, kind: SaveKind) {
        let Some(play) = self.play() else { return };
        let mode = if play.owns_autosave {
            WriteMode::Replace
        } else {
            WriteMode::Continue
        };
        let prepared = autosave(play);
        self.write(kind, prepared, mode);
    }

    /// Asks the runner to write a prepared save; a save that could not be prepared fails
    /// as a failed write does.
    fn write(&mut self, kind: SaveKind, prepared: Prepared, mode: WriteMode) {
        match prepared {
            Ok((name, text)) => {
                if mode == WriteMode::New {
                    // Kept to replace the file in the way, should the player say so.
                    self.pending = Some(PendingWrite {
                        kind,
                        name: name.clone(),
                        text: text.clone(),
                        at: String::new(),
                    });
                }
                self.emit(Effect::WriteSave {
                    kind,
                    name,
                    text,
                    mode,
                })
            }
            Err(e) => self.save_written(kind, Err(WriteError::Failed(e))),
        }
    }

    /// Tells the player where a save went, or why it did not; asks before replacing a
    /// file, and moves a campaign whose autosave another game took to an id of its own.
    pub(super) fn save_written(&mut self, kind: SaveKind, result: Result<String, WriteError>) {
        let autosave = matches!(kind, SaveKind::Autosave { .. } | SaveKind::Counted);
        if !autosave && !matches!(result, Err(WriteError::Exists { .. })) {
            self.pending = None;
        }
        // A branch that found a file in its way waits for the answer; one that failed is gone.
        let failed = result
            .as_ref()
            .is_err_and(|e| !matches!(e, WriteError::Exists { .. }));
        if matches!(kind, SaveKind::Branch { .. }) && failed {
            self.branched = None;
        }
        let result = result.map(|at| file_name(&at).to_owned());
        self.status = match (kind, result) {
            (SaveKind::Autosave { .. } | SaveKind::Counted, Ok(_)) => {
                if let Some(play) = self.play_mut() {
                    play.owns_autosave = true;
                }
                return;
            }
            (SaveKind::Autosave { .. } | SaveKind::Counted, Err(WriteError::Taken { .. })) => {
                let campaign = self.ids.mint();
                let Some(play) = self.play_mut() else { return };
                let old = std::mem::replace(&mut play.campaign, campaign);
                play.owns_autosave = false;
                self.autosave_as(kind);
                Status::info(format!(
                    "Another game continued campaign {old} in this folder; this one goes on \
                     as campaign {}.",
                    self.play()
                        .map_or_else(String::new, |p| p.campaign.to_string())
                ))
            }
            (SaveKind::Autosave { week }, Err(e)) => Status::warning(format!(
                "{} resolved, but the autosave failed: {} Press s to save by hand.",
                self.turn_unit().title(week),
                sentence(&short_error(&e))
            )),
            (SaveKind::Counted, Err(e)) => Status::warning(format!(
                "The forecast is counted, but the autosave failed: {}. Press s to save by hand.",
                short_error(&e)
            )),
            (_, Err(WriteError::Exists { at })) => {
                let file = file_name(&at).to_owned();
                match self.pending.as_mut() {
                    Some(pending) => {
                        pending.at = file.clone();
                        self.overlay = Some(Overlay::ConfirmReplace);
                        Status::warning(format!("{file} already exists. Replace it? y/n"))
                    }
                    None => Status::warning(format!("Not saved: {file} already exists.")),
                }
            }
            (SaveKind::Named, Ok(at)) => Status::info(format!("Saved to {at}.")),
            (SaveKind::Named, Err(e)) => Status::warning(format!("Not saved: {}", short_error(&e))),
            (SaveKind::Branch { turn }, Ok(at)) => {
                if let Some(branch) = self.branched.as_mut() {
                    branch.1 = at.clone();
                    self.overlay = Some(Overlay::ConfirmBranch);
                }
                Status::info(format!(
                    "Branched from {} into {at}.",
                    self.turn_unit().label(turn)
                ))
            }
            (SaveKind::Branch { .. }, Err(e)) => {
                Status::warning(format!("Branch not saved: {}", short_error(&e)))
            }
        };
    }

    /// The player's answer to replacing the file in the way of a save.
    pub(super) fn answer_replace(&mut self, yes: bool) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        if yes {
            self.emit(Effect::WriteSave {
                kind: pending.kind,
                name: pending.name,
                text: pending.text,
                mode: WriteMode::Replace,
            });
        } else {
            if matches!(pending.kind, SaveKind::Branch { .. }) {
                self.branched = None;
            }
            self.status = Status::info(format!("Not saved; {} was kept as it is.", pending.at));
        }
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
            Err(d) => self.warn(format!("Cannot load {}", short_diagnostic(&d))),
        }
    }
}

/// Why a write failed, with a file in the way named by its file name.
fn short_error(e: &WriteError) -> String {
    match e {
        WriteError::Exists { at } => format!("{} already exists", file_name(at)),
        WriteError::Taken { at } => format!("{} holds another campaign", file_name(at)),
        WriteError::Failed(why) => why.clone(),
    }
}

/// The autosave of a campaign, under a name that carries its id.
fn autosave(play: &Play) -> Prepared {
    let game = &play.game;
    let name = format!(
        "autosave {} seed {} {}",
        game.scenario.meta.id, game.seed, play.campaign
    );
    prepare(game, &play.lineage(), &play.doc, name)
}

/// The text of a save, checked first to load back to the same game, so a good save is
/// never replaced by a bad one.
fn prepare(
    game: &Game,
    lineage: &Lineage,
    doc: &arenas_files::scenario::ScenarioDoc,
    name: String,
) -> Prepared {
    let text = save::checked_text(game, lineage, doc, &name)?;
    Ok((name, text))
}

/// The name the save prompt starts with.
fn default_save_name(game: Option<&Game>) -> String {
    game.map_or_else(String::new, |g| {
        format!(
            "{} seed {} {}",
            g.scenario.meta.id,
            g.seed,
            g.scenario.calendar.unit().label(g.state().turn)
        )
    })
}
