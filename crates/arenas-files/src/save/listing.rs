//! What a folder of saves holds, read without replaying anything: the Load screen's
//! entries, and whether a file on disk is an earlier point of the same campaign.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Deserialize;

use super::write::{TEMP_PREFIX, sweep_stale};
use super::{EXTENSION, MAX_SAVE_BYTES};
use arenas_core::engine::Outcome;

/// What the Load menu shows of a save, read without replaying it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    pub modified: SystemTime,
    pub name: String,
    pub scenario: String,
    pub turn: u16,
    /// What a turn is called in the save's scenario.
    pub unit: arenas_core::engine::TurnUnit,
    pub date: String,
    pub outcome: Option<Outcome>,
}

#[derive(Deserialize)]
struct Peek {
    #[serde(default)]
    name: String,
    state: PeekState,
    scenario: PeekScenario,
}

#[derive(Deserialize)]
struct PeekState {
    turn: u16,
    outcome: Option<Outcome>,
}

#[derive(Deserialize)]
struct PeekScenario {
    meta: PeekMeta,
    calendar: crate::scenario::doc::CalendarDoc,
}

#[derive(Deserialize)]
struct PeekMeta {
    title: String,
}

/// The saves in a folder, newest first. Files that are not saves are skipped, and so are
/// temporary files; those left by a crash more than a day ago are removed.
pub fn list(dir: &Path) -> Vec<Entry> {
    sweep_stale(dir, SystemTime::now());
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.starts_with('.')
                && !name.starts_with(TEMP_PREFIX)
                && name.ends_with(&format!(".{EXTENSION}"))
        })
        .filter_map(|e| {
            let (text, modified) = read_listed(&e.path())?;
            entry(e.path(), modified, &text)
        })
        .collect();
    newest_first(&mut entries);
    entries
}

/// The text and time of a listed file, if it is a regular file within the size limit.
fn read_listed(path: &Path) -> Option<(String, SystemTime)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SAVE_BYTES {
        return None;
    }
    let text = crate::files::read_text(path, MAX_SAVE_BYTES).ok()?;
    Some((text, meta.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
}

/// The listing entry of a save's text, read without replaying it; `None` when the text is
/// not a save.
pub fn entry(path: PathBuf, modified: SystemTime, text: &str) -> Option<Entry> {
    let peek: Peek = toml::from_str(text).ok()?;
    let start = peek.scenario.calendar.start.date?;
    let start = arenas_core::engine::Date::from_ymd(
        i32::from(start.year),
        u32::from(start.month),
        u32::from(start.day),
    )?;
    let date = start.plus_days(
        i32::from(peek.state.turn.saturating_sub(1)) * i32::from(peek.scenario.calendar.turn_days),
    );
    Some(Entry {
        path,
        modified,
        name: crate::text::clean(&peek.name),
        scenario: crate::text::clean(&peek.scenario.meta.title),
        turn: peek.state.turn,
        unit: arenas_core::engine::TurnUnit::of(peek.scenario.calendar.turn_days),
        date: date.to_string(),
        outcome: peek.state.outcome,
    })
}

/// Sorts a listing newest first (then by path, so equal times keep a stable order).
pub fn newest_first(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        b.modified
            .cmp(&a.modified)
            .then_with(|| a.path.cmp(&b.path))
    });
}

#[derive(Deserialize, PartialEq)]
struct Lineage {
    campaign: Option<String>,
    #[serde(default, rename = "turn")]
    turns: Vec<Step>,
}

#[derive(Deserialize, PartialEq)]
struct Step {
    number: u16,
    hash: String,
}

/// Whether save text `new` continues the campaign saved in `existing`: the same campaign,
/// with every turn `existing` recorded played the same way. Only then may an autosave
/// replace the file; anything else there (another game's autosave, a file that is not a
/// save) is kept.
pub fn continues(existing: &str, new: &str) -> bool {
    let (Ok(old), Ok(new)) = (
        toml::from_str::<Lineage>(existing),
        toml::from_str::<Lineage>(new),
    ) else {
        return false;
    };
    old.campaign.is_some()
        && old.campaign == new.campaign
        && old.turns.len() <= new.turns.len()
        && old.turns.iter().zip(&new.turns).all(|(a, b)| a == b)
}
