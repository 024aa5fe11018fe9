//! Scenario files: parsing, checking, and the scenarios bundled with the game.

mod compile;
pub mod doc;
mod listing;

use std::path::Path;
use std::sync::Arc;

pub use compile::FORMAT;
pub(crate) use compile::{compile, orders as check_orders};
pub use doc::ScenarioDoc;
pub use listing::{Entry, Origin, bundled_entries, first_line, list_dir};

use crate::diag::{Diagnostics, Problem, Source};
use crate::engine::Scenario;
use crate::files::{self, MAX_SCENARIO_BYTES};
use crate::migrate;
use crate::path;

/// A scenario shipped inside the binary.
pub struct Bundled {
    pub id: &'static str,
    pub text: &'static str,
}

/// The scenarios compiled into the game.
pub const BUNDLED: &[Bundled] = &[Bundled {
    id: "gaza-2023",
    text: include_str!("../../assets/scenarios/gaza-2023.toml"),
}];

/// The commented template `arenas scenario new` writes.
pub const TEMPLATE: &str = include_str!("../../assets/scenarios/template.toml");

/// The folder for the user's own scenarios.
pub fn user_dir() -> std::path::PathBuf {
    directories::ProjectDirs::from("", "", "arenas")
        .map_or_else(|| "scenarios".into(), |d| d.data_dir().join("scenarios"))
}

/// The scenario files in a folder, each checked, sorted by file name (the menu lists them
/// with [`list_dir`] instead, which checks none).
pub fn user_scenarios(dir: &Path) -> Vec<(std::path::PathBuf, Result<Loaded, Diagnostics>)> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let loaded = load_file(&p);
            (p, loaded)
        })
        .collect()
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
    let doc: ScenarioDoc = migrate::SCENARIO.read(&src)?.doc;
    let scenario = compile::compile(&doc).map_err(|problems| src.locate(problems))?;
    Ok(Loaded {
        doc: Arc::new(doc),
        scenario: Arc::new(scenario),
    })
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
    parse_user(&path.display().to_string(), &text)
}

/// A bundled scenario by id.
pub fn bundled(id: &str) -> Option<Result<Loaded, Diagnostics>> {
    BUNDLED
        .iter()
        .find(|b| b.id == id)
        .map(|b| parse(&format!("<bundled>/{}.toml", b.id), b.text))
}

/// Loads a scenario named by a bundled id or a file path.
pub fn resolve(arg: &str) -> Result<Loaded, Diagnostics> {
    match bundled(arg) {
        Some(loaded) => loaded,
        None => load_file(Path::new(arg)),
    }
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
