//! Save files on disk: loading one (only read, never touched when it fails), writing one
//! after checking that its text loads back to the same game, the words for what went
//! wrong, and the names and default folder of saves.

use std::path::{Path, PathBuf};

use super::{
    EXTENSION, Lineage, MAX_SAVE_BYTES, Replace, Saved, Trust, parse, parse_with, to_text,
    write_atomic,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::files;
use crate::scenario::ScenarioDoc;
use arenas_core::game::Game;

/// Loads a save file, refusing an edited one. The file is only read.
pub fn load_file(path: &Path) -> Result<Saved, Diagnostics> {
    load_file_with(path, Trust::SealedOnly)
}

/// Loads a save file, trusting it as `trust` says. The file is only read.
pub fn load_file_with(path: &Path, trust: Trust) -> Result<Saved, Diagnostics> {
    let text = files::read_text(path, MAX_SAVE_BYTES)?;
    let file = path.display().to_string();
    parse_with(&file, &text, trust).map_err(|d| {
        crate::file_kind::or_other_kind(&file, &text, crate::file_kind::FileKind::Save, d)
    })
}

/// Saves a game under `path` (replacing a file there when `replace` says so), checking
/// first that the text loads back to the same game, so a good save is never replaced by a
/// bad one.
pub fn save(
    path: &Path,
    game: &Game,
    lineage: &Lineage,
    scenario: &ScenarioDoc,
    name: &str,
    replace: Replace,
) -> Result<(), String> {
    let text = checked_text(game, lineage, scenario, name)?;
    write_atomic(path, &text, replace).map_err(|e| write_failure(path, &e))
}

/// The text of a save, checked to load back to the same game.
pub fn checked_text(
    game: &Game,
    lineage: &Lineage,
    scenario: &ScenarioDoc,
    name: &str,
) -> Result<String, String> {
    let text = to_text(game, lineage, scenario, name)?;
    let back = parse(&file_name(name), &text)
        .map_err(|d| format!("the save would not load back, so nothing was written:\n{d}"))?;
    if back.game.state() != game.state() {
        return Err("the save would not replay to the same state, so nothing was written".into());
    }
    Ok(text)
}

/// What went wrong writing `path`, in words: a file already there is named as such.
pub fn write_failure(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AlreadyExists => exists_message(path),
        _ => format!("cannot write {}: {e}", path.display()),
    }
}

/// The refusal to write over a file that is already there.
fn exists_message(path: &Path) -> String {
    format!(
        "{} exists already and was left as it is; nothing was written",
        path.display()
    )
}

/// The default folder for saves: the user's data directory.
pub fn default_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "arenas")
        .map_or_else(|| PathBuf::from("saves"), |d| d.data_dir().join("saves"))
}

/// A file name from a label: its [`slug`] of at most 64 characters (`save` when none is
/// left), with the save extension.
pub fn file_name(label: &str) -> String {
    let s = slug(label, 64);
    format!("{}.{EXTENSION}", if s.is_empty() { "save" } else { &s })
}

/// A label made safe as a file or folder name: letters and digits of any script are kept
/// (lowercased), every other run of characters (separators, punctuation, spaces, invisible
/// characters) becomes one dash, and the result is cut at `max` characters. Empty when the
/// label has no letter or digit.
pub fn slug(label: &str, max: usize) -> String {
    let mut s = String::new();
    for c in label.chars() {
        if !(c.is_alphanumeric() || c == '-' || c == '_') {
            if !s.is_empty() && !s.ends_with('-') {
                s.push('-');
            }
        } else {
            s.extend(c.to_lowercase());
        }
        if s.chars().count() >= max {
            break;
        }
    }
    s.trim_matches('-').to_owned()
}

/// A diagnostic for a file that could not be written, in the usual form; its hint fits
/// the [`write_failure`] it reports (a file in the way, or a folder that refused).
pub fn write_error(path: &Path, message: String) -> Diagnostics {
    let hint = if message == exists_message(path) {
        "give a file name not yet taken, or move that file away first"
    } else {
        "check that the folder exists and is writable"
    };
    Diagnostics(vec![Diagnostic {
        file: path.display().to_string(),
        line: 1,
        column: 1,
        message,
        hint: Some(hint.into()),
    }])
}
