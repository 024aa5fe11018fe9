//! The scenarios a player can pick: the bundled ones, checked, and the player's own files,
//! listed from a quick look at each and checked only when one is picked.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{BUNDLED, Loaded, bundled};
use crate::diag::{Diagnostic, Diagnostics};
use crate::files::{self, MAX_SCENARIO_BYTES};

/// Where a listed scenario comes from.
#[derive(Clone, Debug)]
pub enum Origin {
    /// Bundled with the game, and checked.
    Bundled(Box<Loaded>),
    /// A file of the player's, named as its store names it; checked when it is picked.
    File(PathBuf),
}

/// A scenario as the menu lists it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub author: String,
    pub version: String,
    pub description: String,
    /// `turns of turn_days days from start`, when the file says so.
    pub calendar: Option<String>,
    pub fronts: usize,
    pub factions: usize,
    pub origin: Origin,
    /// Why it cannot be played, when a quick look tells.
    pub refused: Option<String>,
}

impl Entry {
    /// The entry of a checked scenario.
    pub fn bundled(loaded: Loaded) -> Entry {
        let s = &loaded.scenario;
        Entry {
            id: s.meta.id.clone(),
            title: s.meta.title.clone(),
            author: s.meta.author.clone(),
            version: s.meta.version.clone(),
            description: s.meta.description.clone(),
            calendar: Some(format!(
                "{} turns of {} days from {}",
                s.calendar.turns, s.calendar.turn_days, s.calendar.start
            )),
            fronts: s.fronts.len(),
            factions: s.factions.len(),
            origin: Origin::Bundled(Box::new(loaded)),
            refused: None,
        }
    }

    /// The entry of a scenario file from a quick look at its text: its metadata and
    /// sizes, nothing checked but that its id is not a bundled one.
    pub fn peek(file: PathBuf, text: &str) -> Entry {
        let peek = toml::from_str::<Peek>(text);
        let name = file.display().to_string();
        let mut entry = Entry {
            id: String::new(),
            title: String::new(),
            author: String::new(),
            version: String::new(),
            description: String::new(),
            calendar: None,
            fronts: 0,
            factions: 0,
            origin: Origin::File(file),
            refused: None,
        };
        match peek {
            Ok(p) => {
                if BUNDLED.iter().any(|b| b.id == p.meta.id) {
                    entry.refused = Some(reserved(&p.meta.id));
                }
                entry.calendar = match (p.calendar.turns, p.calendar.turn_days, p.calendar.start) {
                    (Some(turns), Some(days), Some(start)) => {
                        Some(format!("{turns} turns of {days} days from {start}"))
                    }
                    _ => None,
                };
                entry.id = p.meta.id;
                entry.title = p.meta.title;
                entry.author = p.meta.author;
                entry.version = p.meta.version;
                entry.description = p.meta.description;
                entry.fronts = p.front.len();
                entry.factions = p.faction.len();
            }
            Err(e) => {
                entry.refused = Some(format!(
                    "{name} cannot be read: {}",
                    e.message().trim().replace('\n', " ")
                ));
            }
        }
        entry
    }

    /// The name of the file, for user scenarios.
    pub fn file_name(&self) -> Option<String> {
        match &self.origin {
            Origin::Bundled(_) => None,
            Origin::File(path) => Some(path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )),
        }
    }
}

/// What the menu reads of a scenario file.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Peek {
    meta: PeekMeta,
    calendar: PeekCalendar,
    front: Vec<IgnoredAny>,
    faction: Vec<IgnoredAny>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct PeekMeta {
    id: String,
    title: String,
    author: String,
    version: String,
    description: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct PeekCalendar {
    start: Option<toml::value::Datetime>,
    turn_days: Option<u16>,
    turns: Option<u16>,
}

/// Why a file of the player's may not use `id`.
pub(super) fn reserved(id: &str) -> String {
    format!("the id `{id}` is taken by a scenario bundled with Arenas")
}

/// The bundled scenarios.
pub fn bundled_entries() -> impl Iterator<Item = Entry> {
    BUNDLED
        .iter()
        .filter_map(|b| bundled(b.id)?.ok())
        .map(Entry::bundled)
}

/// The scenario files of a folder (`.toml` in any case), sorted by file name, each from a
/// quick look; files over the size limit, anything that is not a regular file, and the
/// folders inside it (which are not searched) are listed as refused.
pub fn list_dir(dir: &Path) -> Vec<Entry> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
                || p.symlink_metadata().is_ok_and(|m| m.is_dir())
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| match files::read_text(&path, MAX_SCENARIO_BYTES) {
            Ok(text) => Entry::peek(path, &text),
            Err(d) => {
                let mut entry = Entry::peek(path, "");
                entry.refused = Some(first_line(&d));
                entry
            }
        })
        .collect()
}

/// The first problem of a refusal, on one line.
pub fn first_line(d: &Diagnostics) -> String {
    d.0.first().map_or_else(String::new, |d: &Diagnostic| {
        d.to_string().lines().next().unwrap_or("").to_owned()
    })
}
