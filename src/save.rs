//! Save files: the scenario a campaign was made from, its seed, the orders of every
//! committed turn with a hash of the state each produced, and the current state. Loading
//! replays the orders from the seed and checks every hash, so a save is self-contained and
//! tamper-evident. Writes are atomic; a file that fails to load is never touched.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Diagnostics, Problem, Seg, Source};
use crate::engine::{MeterValues, Order, Origin, Outcome, Scenario, State, Task};
use crate::files;
use crate::game::{Game, OrderError};
use crate::migrate;
use crate::path;
use crate::scenario::doc::OrderDoc;
use crate::scenario::{ScenarioDoc, check_orders, compile};

/// The save format this version writes; it reads this and every older one.
pub const FORMAT: u32 = 2;

/// Largest save file accepted.
pub const MAX_SAVE_BYTES: u64 = 16 * 1024 * 1024;

/// Extension of save files.
pub const EXTENSION: &str = "toml";

/// A save file as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveDoc {
    pub format: u32,
    /// A label for people ("after the 2 November speech").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub seed: u64,
    /// The committed turns, in order.
    #[serde(default, rename = "turn")]
    pub turns: Vec<SavedTurn>,
    /// The state after the last committed turn.
    pub state: SavedState,
    /// The scenario the campaign was made from.
    pub scenario: ScenarioDoc,
}

/// One committed turn: its orders (members not named held) and the hash of the state after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedTurn {
    pub number: u16,
    /// FNV-1a digest of the state after the turn, 16 hex digits.
    pub hash: String,
    #[serde(default)]
    pub orders: Vec<OrderDoc>,
}

/// The current state, readable by people; the replay is authoritative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]

pub struct SavedState {
    pub turn: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Every meter but the focus member's capacity (listed under `capacity`).
    #[serde(flatten)]
    pub meters: MeterValues,
    /// Rungs climbed on each US track (forces, escalation).
    pub us_rungs: [u8; 2],
    /// Highest rung reached on each track.
    pub us_reached: [u8; 2],
    pub us_posture: f64,
    pub us_harm: f64,
    pub operation: f64,
    /// Capacity of each member by id.
    pub capacity: BTreeMap<String, f64>,
    /// Tension of each front by id.
    pub tension: BTreeMap<String, f64>,
    /// Ids of the events that have fired.
    #[serde(default)]
    pub fired: Vec<String>,
}

impl SavedState {
    fn of(scenario: &Scenario, s: &State) -> SavedState {
        SavedState {
            turn: s.turn,
            outcome: s.outcome,
            meters: MeterValues(
                s.meters
                    .iter()
                    .filter(|(m, _)| m.info().origin != Origin::FocusCapacity)
                    .collect(),
            ),
            us_rungs: s.us_rungs,
            us_reached: s.us_reached,
            us_posture: s.us_posture,
            us_harm: s.us_harm,
            operation: s.operation,
            capacity: scenario
                .factions
                .iter()
                .map(|f| f.id.clone())
                .zip(s.capacity.iter().copied())
                .collect(),
            tension: scenario
                .fronts
                .iter()
                .map(|f| f.id.clone())
                .zip(s.tension.iter().copied())
                .collect(),
            fired: scenario
                .events
                .iter()
                .enumerate()
                .filter(|(i, _)| s.has_fired(*i))
                .map(|(_, e)| e.id.clone())
                .collect(),
        }
    }
}

fn hex(digest: u64) -> String {
    format!("{digest:016x}")
}

fn order_docs(scenario: &Scenario, orders: &[Order]) -> Vec<OrderDoc> {
    orders
        .iter()
        .enumerate()
        .filter(|(_, o)| o.task != Task::Hold)
        .map(|(i, o)| OrderDoc {
            faction: scenario.factions[i].id.clone(),
            front: scenario.fronts[o.front].id.clone(),
            task: o.task,
            intensity: i64::from(o.intensity),
            claim: o.claim,
        })
        .collect()
}

/// The save document of a game.
pub fn document(game: &Game, scenario: &ScenarioDoc, name: &str) -> SaveDoc {
    let sc = &game.scenario;
    SaveDoc {
        format: FORMAT,
        name: name.to_owned(),
        seed: game.seed,
        turns: game
            .turns
            .iter()
            .map(|t| SavedTurn {
                number: t.turn,
                hash: hex(t.state.digest()),
                orders: order_docs(sc, &t.orders),
            })
            .collect(),
        state: SavedState::of(sc, game.state()),
        scenario: scenario.clone(),
    }
}

/// The text of a save: the same game always gives the same bytes.
pub fn to_text(game: &Game, scenario: &ScenarioDoc, name: &str) -> Result<String, String> {
    let body = toml::to_string(&document(game, scenario, name))
        .map_err(|e| format!("cannot write the save: {e}"))?;
    Ok(format!(
        "# Arenas save: a campaign replayed from its seed and orders. Edits break its hashes.\n{body}"
    ))
}

/// A game read from a save.
#[derive(Clone, Debug)]
pub struct Saved {
    pub name: String,
    pub game: Game,
    /// The scenario document the save embeds.
    pub doc: Arc<ScenarioDoc>,
}

/// Parses, checks and replays save text; `file` names it in diagnostics.
pub fn parse(file: &str, text: &str) -> Result<Saved, Diagnostics> {
    let src = Source { file, text };
    let doc: SaveDoc = migrate::SAVE.read(&src)?.doc;
    restore(&doc).map_err(|problems| src.locate(problems))
}

/// Rebuilds the game a save document describes, checking every turn's hash.
pub fn restore(doc: &SaveDoc) -> Result<Saved, Vec<Problem>> {
    if doc.format == 0 {
        return Err(vec![
            Problem::new(path!["format"], "format 0 does not exist")
                .hint(format!("use format = {FORMAT}")),
        ]);
    }
    let scenario = compile(&doc.scenario).map_err(|problems| {
        problems
            .into_iter()
            .map(|mut p| {
                p.path.insert(0, Seg::Key("scenario".into()));
                p
            })
            .collect::<Vec<_>>()
    })?;
    let mut problems = Vec::new();
    let mut orders = Vec::new();
    for (i, t) in doc.turns.iter().enumerate() {
        let expected = i + 1;
        if usize::from(t.number) != expected {
            problems.push(
                Problem::new(
                    path!["turn", i, "number"],
                    format!("turn {} is out of sequence; expected {expected}", t.number),
                )
                .hint("turns must run 1, 2, 3…"),
            );
        }
        let mut p = path!["turn", i];
        if let Some(o) = check_orders(&mut problems, &mut p, &t.orders, &scenario) {
            orders.push(o);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut game = Game::new(Arc::new(scenario), doc.seed);
    for (i, (t, o)) in doc.turns.iter().zip(orders).enumerate() {
        match game.commit(o) {
            Ok(played) if hex(played.state.digest()) == t.hash => {}
            Ok(_) => {
                return Err(vec![
                    Problem::new(
                        path!["turn", i, "hash"],
                        format!(
                            "turn {} does not replay to the state this save recorded",
                            t.number
                        ),
                    )
                    .hint("the file was edited by hand or damaged; use an unedited copy"),
                ]);
            }
            Err(OrderError::Over) => {
                return Err(vec![
                    Problem::new(
                        path!["turn", i],
                        format!("turn {} comes after the campaign ended", t.number),
                    )
                    .hint("remove the extra turns"),
                ]);
            }
            Err(e) => {
                return Err(vec![
                    Problem::new(path!["turn", i], format!("turn {}: {e}", t.number))
                        .hint("the file was edited by hand or damaged"),
                ]);
            }
        }
    }
    if SavedState::of(&game.scenario, game.state()) != doc.state {
        return Err(vec![
            Problem::new(
                path!["state"],
                "the recorded state differs from the replay of the orders",
            )
            .hint("the file was edited by hand or damaged; use an unedited copy"),
        ]);
    }
    Ok(Saved {
        name: doc.name.clone(),
        game,
        doc: Arc::new(doc.scenario.clone()),
    })
}

/// Loads a save file. The file is only read.
pub fn load_file(path: &Path) -> Result<Saved, Diagnostics> {
    let text = files::read_text(path, MAX_SAVE_BYTES)?;
    parse(&path.display().to_string(), &text)
}

/// Writes `text` to `path` atomically: a temporary file in the same folder, flushed to
/// disk, renamed over the target, then the folder flushed. A crash leaves either the old
/// file or the new one, never a mix.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        if let Ok(d) = fs::File::open(dir) {
            // Not every platform can sync a folder; the rename is done either way.
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Saves a game under `path`, checking first that the text loads back to the same game, so
/// a good save is never replaced by a bad one.
pub fn save(path: &Path, game: &Game, scenario: &ScenarioDoc, name: &str) -> Result<(), String> {
    let text = to_text(game, scenario, name)?;
    let back = parse(&path.display().to_string(), &text)
        .map_err(|d| format!("the save would not load back, so nothing was written:\n{d}"))?;
    if back.game.state() != game.state() {
        return Err("the save would not replay to the same state, so nothing was written".into());
    }
    write_atomic(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The default folder for saves: the user's data directory.
pub fn default_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "arenas")
        .map_or_else(|| PathBuf::from("saves"), |d| d.data_dir().join("saves"))
}

/// A file name made of safe characters from a label.
pub fn file_name(label: &str) -> String {
    let mut s: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let s = s.trim_matches('-');
    let s: String = s.chars().take(64).collect();
    format!("{}.{EXTENSION}", if s.is_empty() { "save" } else { &s })
}

/// What the Load menu shows of a save, read without replaying it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    pub modified: SystemTime,
    pub name: String,
    pub scenario: String,
    pub turn: u16,
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

/// The saves in a folder, newest first; files that are not saves are skipped, and so are
/// temporary files left by an interrupted write.
pub fn list(dir: &Path) -> Vec<Entry> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.starts_with('.') && name.ends_with(&format!(".{EXTENSION}"))
        })
        .filter_map(|e| {
            let meta = e
                .metadata()
                .ok()
                .filter(|m| m.is_file() && m.len() <= MAX_SAVE_BYTES)?;
            let text = fs::read_to_string(e.path()).ok()?;
            entry(
                e.path(),
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                &text,
            )
        })
        .collect();
    newest_first(&mut entries);
    entries
}

/// The listing entry of a save's text, read without replaying it; `None` when the text is
/// not a save.
pub fn entry(path: PathBuf, modified: SystemTime, text: &str) -> Option<Entry> {
    let peek: Peek = toml::from_str(text).ok()?;
    let start = peek.scenario.calendar.start.date?;
    let start = crate::engine::Date::from_ymd(
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

/// A diagnostic for a save that could not be written, in the usual form.
pub fn write_error(path: &Path, message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        file: path.display().to_string(),
        line: 1,
        column: 1,
        message,
        hint: Some("check that the folder exists and is writable".into()),
    }])
}
