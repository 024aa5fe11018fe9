//! Where saves and scenarios live. The interface never touches files: its runner asks a
//! store. [`FsStore`] is the player's folders; [`MemoryStore`] keeps everything in memory,
//! for tests and for sessions that must not share a disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::app::{ScenarioFolder, WriteError, WriteMode};
use arenas_files::diag::{Diagnostic, Diagnostics};
use arenas_files::save::{self, Entry, Replace, Saved};
use arenas_files::scenario::{self, Loaded, Origin};

/// Saves and scenarios of one player.
pub trait Store {
    /// Where saves go, as the player is told.
    fn location(&self) -> String;
    /// The saves, newest first; what is not a save is skipped.
    fn list_saves(&self) -> Vec<Entry>;
    /// Writes save `text` under a file named after `name`, treating a file already there as
    /// `mode` says; returns where it went, as the player is told.
    fn write_save(&mut self, name: &str, text: &str, mode: WriteMode)
    -> Result<String, WriteError>;
    /// Reads, checks and replays a listed save.
    fn read_save(&self, entry: &Entry) -> Result<Saved, Diagnostics>;
    /// The bundled scenarios, then the player's own from a quick look at each, unchecked.
    fn list_scenarios(&self) -> Vec<scenario::Entry>;
    /// The folder of the player's own scenarios; none when this store has no such folder.
    fn scenarios_folder(&self) -> Option<ScenarioFolder>;
    /// Reads and checks a listed scenario.
    fn read_scenario(&self, entry: &scenario::Entry) -> Result<Loaded, Diagnostics>;
}

/// The scenario of an entry that needs no reading: a bundled one, or one refused already.
fn listed(entry: &scenario::Entry) -> Result<Loaded, Diagnostics> {
    match (&entry.origin, &entry.refused) {
        (Origin::Bundled(loaded), _) => Ok((**loaded).clone()),
        (Origin::File(path), refused) => Err(Diagnostics(vec![Diagnostic {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: refused.clone().unwrap_or_else(|| "no such scenario".into()),
            hint: Some("choose another scenario".into()),
        }])),
    }
}

/// Saves in a folder on disk, written atomically, and the scenarios of a folder.
#[derive(Clone, Debug)]
pub struct FsStore {
    saves: PathBuf,
    scenarios: PathBuf,
}

impl FsStore {
    /// A store with saves in `saves` and the player's scenarios in `scenarios`.
    pub fn new(saves: PathBuf, scenarios: PathBuf) -> FsStore {
        FsStore { saves, scenarios }
    }
}

impl Store for FsStore {
    fn location(&self) -> String {
        self.saves.display().to_string()
    }

    fn list_saves(&self) -> Vec<Entry> {
        save::list(&self.saves)
    }

    fn write_save(
        &mut self,
        name: &str,
        text: &str,
        mode: WriteMode,
    ) -> Result<String, WriteError> {
        let dir = &self.saves;
        std::fs::create_dir_all(dir)
            .map_err(|e| WriteError::Failed(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join(save::file_name(name));
        let at = path.display().to_string();
        if mode == WriteMode::Continue
            && let Ok(meta) = std::fs::symlink_metadata(&path)
        {
            let ours = meta.is_file()
                && arenas_files::files::read_text(&path, save::MAX_SAVE_BYTES)
                    .is_ok_and(|existing| save::continues(&existing, text));
            if !ours {
                return Err(WriteError::Taken { at });
            }
        }
        let replace = match mode {
            WriteMode::New => Replace::No,
            WriteMode::Replace | WriteMode::Continue => Replace::Yes,
        };
        match save::write_atomic(&path, text, replace) {
            Ok(()) => Ok(at),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists { at })
            }
            Err(e) => Err(WriteError::Failed(save::write_failure(&path, &e))),
        }
    }

    fn read_save(&self, entry: &Entry) -> Result<Saved, Diagnostics> {
        save::load_file(&entry.path)
    }

    fn list_scenarios(&self) -> Vec<scenario::Entry> {
        scenario::bundled_entries()
            .chain(scenario::list_dir(&self.scenarios))
            .collect()
    }

    fn scenarios_folder(&self) -> Option<ScenarioFolder> {
        Some(ScenarioFolder {
            path: self.scenarios.display().to_string(),
            exists: self.scenarios.is_dir(),
        })
    }

    fn read_scenario(&self, entry: &scenario::Entry) -> Result<Loaded, Diagnostics> {
        match &entry.origin {
            Origin::File(path) if entry.refused.is_none() => scenario::load_file(path),
            _ => listed(entry),
        }
    }
}

/// A save held in memory, with the order it was written in.
#[derive(Clone, Debug)]
struct Stored {
    text: String,
    written: u64,
}

/// Saves and scenarios in memory; nothing touches the disk.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    /// By file name, as on disk.
    saves: BTreeMap<String, Stored>,
    /// The player's scenario files: name and text.
    scenarios: Vec<(String, String)>,
    writes: u64,
}

impl MemoryStore {
    /// An empty store: the bundled scenarios and no saves.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// The store with a scenario file of the player's own.
    pub fn with_scenario(mut self, file: &str, text: &str) -> MemoryStore {
        self.scenarios.push((file.to_owned(), text.to_owned()));
        self
    }

    /// The file names of the saves, in order.
    pub fn save_files(&self) -> impl Iterator<Item = &str> {
        self.saves.keys().map(String::as_str)
    }

    /// The text of the save in file `file`.
    pub fn save_text(&self, file: &str) -> Option<&str> {
        self.saves.get(file).map(|s| s.text.as_str())
    }

    fn entry(file: &str, stored: &Stored) -> Option<Entry> {
        // Newer writes sort first, as newer files do on disk.
        let modified = SystemTime::UNIX_EPOCH + Duration::from_secs(stored.written);
        save::entry(PathBuf::from(file), modified, &stored.text)
    }
}

impl Store for MemoryStore {
    fn location(&self) -> String {
        "memory".into()
    }

    fn list_saves(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .saves
            .iter()
            .filter_map(|(file, stored)| MemoryStore::entry(file, stored))
            .collect();
        save::newest_first(&mut entries);
        entries
    }

    fn write_save(
        &mut self,
        name: &str,
        text: &str,
        mode: WriteMode,
    ) -> Result<String, WriteError> {
        let file = save::file_name(name);
        match (mode, self.saves.get(&file)) {
            (WriteMode::New, Some(_)) => return Err(WriteError::Exists { at: file }),
            (WriteMode::Continue, Some(old)) if !save::continues(&old.text, text) => {
                return Err(WriteError::Taken { at: file });
            }
            _ => {}
        }
        self.writes += 1;
        let stored = Stored {
            text: text.to_owned(),
            written: self.writes,
        };
        self.saves.insert(file.clone(), stored);
        Ok(file)
    }

    fn read_save(&self, entry: &Entry) -> Result<Saved, Diagnostics> {
        let file = entry.path.display().to_string();
        match self.saves.get(&file) {
            Some(stored) => save::parse(&file, &stored.text),
            None => Err(Diagnostics(vec![Diagnostic {
                file,
                line: 1,
                column: 1,
                message: "no such save".into(),
                hint: Some("choose a save from the list".into()),
            }])),
        }
    }

    fn list_scenarios(&self) -> Vec<scenario::Entry> {
        scenario::bundled_entries()
            .chain(
                self.scenarios
                    .iter()
                    .map(|(file, text)| scenario::Entry::peek(PathBuf::from(file), text)),
            )
            .collect()
    }

    fn scenarios_folder(&self) -> Option<ScenarioFolder> {
        None
    }

    fn read_scenario(&self, entry: &scenario::Entry) -> Result<Loaded, Diagnostics> {
        let found = match &entry.origin {
            Origin::File(path) if entry.refused.is_none() => self
                .scenarios
                .iter()
                .find(|(file, _)| Path::new(file) == path),
            _ => None,
        };
        match found {
            Some((file, text)) => scenario::parse_user(file, text),
            None => listed(entry),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arenas_core::game::Game;

    #[test]
    fn the_memory_store_lists_newest_first_reads_back_and_takes_scenarios_of_its_own() {
        let loaded = scenario::default_scenario();
        let game = Game::new(loaded.scenario.clone(), 5);
        let broken = scenario::TEMPLATE.replace("turns = ", "turns = -");
        let mut store = MemoryStore::new()
            .with_scenario("mine.toml", scenario::TEMPLATE)
            .with_scenario("broken.toml", &broken)
            .with_scenario("garbage.toml", "not a scenario");
        let listed = store.list_scenarios();
        let files: Vec<_> = listed.iter().map(scenario::Entry::file_name).collect();
        assert_eq!(
            files,
            [
                None,
                Some("mine.toml".into()),
                Some("broken.toml".into()),
                Some("garbage.toml".into())
            ],
            "bundled, then every file, unchecked"
        );
        assert!(listed[3].refused.is_some(), "not TOML: refused at a glance");
        assert!(store.read_scenario(&listed[1]).is_ok());
        let d = store
            .read_scenario(&listed[2])
            .expect_err("checked when read");
        assert_eq!(d.0[0].file, "broken.toml");
        assert!(store.read_scenario(&listed[3]).is_err());
        for name in ["first", "second"] {
            let id = save::Minter::seeded(1).mint();
            let text =
                save::to_text(&game, &save::Lineage::of(id), &loaded.doc, name).expect("text");
            assert_eq!(
                store.write_save(name, &text, WriteMode::New),
                Ok(format!("{name}.toml"))
            );
        }
        let entries = store.list_saves();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["second", "first"]);
        assert_eq!(entries[0].turn, 1);
        let back = store.read_save(&entries[1]).expect("reads back");
        assert_eq!((back.name.as_str(), back.game.seed), ("first", 5));
        let mut gone = entries[0].clone();
        gone.path = PathBuf::from("gone.toml");
        assert!(store.read_save(&gone).is_err());
    }
}
