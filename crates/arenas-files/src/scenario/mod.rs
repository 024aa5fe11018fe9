//! Scenario files: parsing, checking, and the scenarios bundled with the game.

mod compile;
pub mod doc;
mod export;
mod listing;
mod migrate;
mod required;
mod warnings;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use compile::compile;
pub(crate) use compile::{order as check_order, orders as check_orders};
pub use doc::ScenarioDoc;
pub use export::{ExportError, default_copy_id, export, id_from_file_name, valid_id};
pub use listing::{Entry, Origin, bundled_entries, first_line, list_dir};
pub use migrate::MIGRATIONS;
pub use warnings::{MAP_LAT, MAP_LON, warnings};

use crate::diag::{Diagnostic, Diagnostics, Problem, Source};
use crate::files::{self, MAX_SCENARIO_BYTES};
use crate::path;
use arenas_core::engine::Scenario;

/// The scenario format this version of Arenas reads and writes.
pub const FORMAT: u32 = 4;

/// A scenario shipped inside the binary.
pub struct Bundled {
    pub id: &'static str,
    pub text: &'static str,
}

/// The scenarios compiled into the game.
pub const BUNDLED: &[Bundled] = &[Bundled {
    id: "gaza-2023",
    text: include_str!("../../../../assets/scenarios/gaza-2023.toml"),
}];

/// The commented template `arenas scenario new` writes.
pub const TEMPLATE: &str = include_str!("../../../../assets/scenarios/template.toml");

/// The folder for the user's own scenarios.
pub fn user_dir() -> std::path::PathBuf {
    directories::ProjectDirs::from("", "", "arenas")
        .map_or_else(|| "scenarios".into(), |d| d.data_dir().join("scenarios"))
}

/// Id of the scenario used when none is named.
pub const DEFAULT_ID: &str = "gaza-2023";

/// A checked scenario together with the document it came from (saves embed the document).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub doc: Arc<ScenarioDoc>,
    pub scenario: Arc<Scenario>,
}

/// Parses and checks scenario text; `file` names it in diagnostics.
pub fn parse(file: &str, text: &str) -> Result<Loaded, Diagnostics> {
    let src = Source { file, text };
    let doc: ScenarioDoc = MIGRATIONS.read(&src).map_err(|d| all_missing(&src, d))?.doc;
    let scenario = compile::compile(&doc).map_err(|problems| src.locate(problems))?;
    Ok(Loaded {
        doc: Arc::new(doc),
        scenario: Arc::new(scenario),
    })
}

/// When reading stopped at a missing field, every missing field instead of the first.
fn all_missing(src: &Source<'_>, found: Diagnostics) -> Diagnostics {
    let stopped_at_missing = found
        .0
        .first()
        .is_some_and(|d| d.message.starts_with("missing field"));
    if !stopped_at_missing {
        return found;
    }
    let problems = required::missing(src.text);
    if problems.is_empty() {
        found
    } else {
        src.locate(problems)
    }
}

/// Parses and checks the text of a player's scenario file: as [`parse`], and its id must
/// not be that of a bundled scenario, unless the file is that scenario.
pub fn parse_user(file: &str, text: &str) -> Result<Loaded, Diagnostics> {
    let loaded = parse(file, text)?;
    let id = &loaded.doc.meta.id;
    let is_bundled = |b: &Bundled| {
        b.id == id && bundled(b.id).is_some_and(|l| l.is_ok_and(|l| l.doc == loaded.doc))
    };
    if BUNDLED.iter().any(|b| b.id == id) && !BUNDLED.iter().any(is_bundled) {
        let problem = Problem::new(path!["meta", "id"], listing::reserved(id)).hint(
            "give your scenario an id of its own; saves and class reports tell scenarios apart by id",
        );
        return Err(Source { file, text }.locate(vec![problem]));
    }
    Ok(loaded)
}

/// Loads a scenario of the player's from a file (see [`parse_user`]).
pub fn load_file(path: &Path) -> Result<Loaded, Diagnostics> {
    let text = files::read_text(path, MAX_SCENARIO_BYTES)?;
    let file = path.display().to_string();
    parse_user(&file, &text).map_err(|d| {
        crate::file_kind::or_other_kind(&file, &text, crate::file_kind::FileKind::Scenario, d)
    })
}

/// A bundled scenario by id.
pub fn bundled(id: &str) -> Option<Result<Loaded, Diagnostics>> {
    BUNDLED
        .iter()
        .find(|b| b.id == id)
        .map(|b| parse(&format!("<bundled>/{}.toml", b.id), b.text))
}

/// Loads a scenario named by a bundled id, a file path, or the id of a file in the
/// player's scenario folder `dir`.
pub fn resolve(arg: &str, dir: &Path) -> Result<Loaded, Diagnostics> {
    if let Some(loaded) = bundled(arg) {
        return loaded;
    }
    let path = Path::new(arg);
    if path.symlink_metadata().is_ok() || !export::valid_id(arg) {
        return load_file(path);
    }
    let found: Vec<PathBuf> = list_dir(dir)
        .into_iter()
        .filter(|e| e.id == arg)
        .filter_map(|e| match e.origin {
            Origin::File(path) => Some(path),
            Origin::Bundled(_) => None,
        })
        .collect();
    let problem = |message: String, hint: String| {
        Err(Diagnostics(vec![Diagnostic {
            file: arg.to_owned(),
            line: 1,
            column: 1,
            message,
            hint: Some(hint),
        }]))
    };
    match found.as_slice() {
        [one] => load_file(one),
        [] => {
            let ids: Vec<&str> = BUNDLED.iter().map(|b| b.id).collect();
            problem(
                format!(
                    "no scenario `{arg}`: it is not a bundled id ({}), not a file, and no \
                     file in {} has this id",
                    ids.join(", "),
                    dir.display()
                ),
                "run `arenas scenario list` to see the ids you can use, or give a file's path"
                    .into(),
            )
        }
        many => problem(
            format!(
                "{} files in {} have the id `{arg}`: {}",
                many.len(),
                dir.display(),
                many.iter()
                    .filter_map(|p| p.file_name())
                    .map(|n| n.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "give the path of the one you mean, or give the others ids of their own".into(),
        ),
    }
}

/// Loads a scenario to check saves against: a bundled id, or a file or the id of a file in
/// `dir` as [`resolve`] finds them, except that a file may carry a bundled scenario's id (an
/// earlier version of it, say).
pub fn reference(arg: &str, dir: &Path) -> Result<Loaded, Diagnostics> {
    let path = Path::new(arg);
    if bundled(arg).is_some() || path.symlink_metadata().is_err() {
        return resolve(arg, dir);
    }
    let text = files::read_text(path, MAX_SCENARIO_BYTES)?;
    let file = path.display().to_string();
    parse(&file, &text).map_err(|d| {
        crate::file_kind::or_other_kind(&file, &text, crate::file_kind::FileKind::Scenario, d)
    })
}

/// The default scenario.
pub fn default_scenario() -> Loaded {
    match bundled(DEFAULT_ID) {
        Some(Ok(loaded)) => loaded,
        // The bundled file is checked by the test suite; reaching this is a build defect.
        Some(Err(d)) => panic!("bundled scenario is invalid:\n{d}"),
        None => panic!("bundled scenario {DEFAULT_ID} is missing"),
    }
}
