//! Save files: the scenario a campaign was made from, its seed, its campaign id, the orders
//! of every committed turn with a hash of the state each produced, and the current state,
//! sealed by a digest of the whole text. Loading checks the seal, then replays the orders
//! from the seed and checks every hash, so a save is self-contained and tamper-evident;
//! then it checks the save's scenario against the bundled one it names (see [`rules`]).
//! Writes are atomic and never replace a file unasked; a file that fails to load is never
//! touched.

mod campaign;
mod file;
mod listing;
mod migrate;
mod room;
pub mod rules;
mod seal;
mod write;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use campaign::{CampaignId, Lineage, Minter};
pub use file::{
    checked_text, default_dir, file_name, load_file, load_file_with, save, slug, write_error,
    write_failure,
};
pub use listing::{Entry, continues, entry, list, newest_first};
pub use migrate::MIGRATIONS;
pub use room::{RoomDoc, RoomRecord};
pub use rules::Rules;
pub use write::{Replace, write_atomic};

use serde::{Deserialize, Serialize};

use crate::classwork::{ClassSettings, Classwork, Prediction};
use crate::diag::{Diagnostics, Problem, Seg, Source};
use crate::path;
use crate::scenario::doc::OrderDoc;
use crate::scenario::{ScenarioDoc, check_orders, compile};
use arenas_core::engine::{Meter, MeterValues, Order, Origin, Outcome, Scenario, State, Task};
use arenas_core::game::{Game, OrderError};
use arenas_core::team::Room;

/// The save format this version writes; it reads this and every older one.
pub const FORMAT: u32 = 6;

/// Largest save file accepted.
pub const MAX_SAVE_BYTES: u64 = 16 * 1024 * 1024;

/// The largest seed: the largest integer a TOML file (and so a save) can hold, 2^63 − 1.
pub const MAX_SEED: u64 = i64::MAX.unsigned_abs();

fn is_zero(n: &u16) -> bool {
    *n == 0
}

/// Extension of save files.
pub const EXTENSION: &str = "toml";

/// A save file as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveDoc {
    /// The digest over the rest of the text (see [`seal`]); written by [`to_text`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seal: String,
    pub format: u32,
    /// The campaign this save belongs to.
    pub campaign: CampaignId,
    /// How many of the first turns an instructor played before handing the save out;
    /// reports count only the turns after them as the students' own.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub prepared: u16,
    /// A label for people ("after the 2 November speech").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub seed: u64,
    /// Forecasts the player asked for (counted under a limited forecast), so that resuming
    /// does not give them back.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub forecasts_used: u16,
    /// The class's settings of the forecast and predictions, over the scenario's.
    #[serde(default, skip_serializing_if = "ClassSettings::is_empty")]
    pub class: ClassSettings,
    /// The committed turns, in order.
    #[serde(default, rename = "turn")]
    pub turns: Vec<SavedTurn>,
    /// The player's answers to the questions asked before each commit, by week.
    #[serde(default, rename = "prediction", skip_serializing_if = "Vec::is_empty")]
    pub predictions: Vec<Prediction>,
    /// The state after the last committed turn.
    pub state: SavedState,
    /// The room that played the campaign, when a room of students did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<RoomDoc>,
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
pub fn document(game: &Game, lineage: &Lineage, scenario: &ScenarioDoc, name: &str) -> SaveDoc {
    let sc = &game.scenario;
    SaveDoc {
        seal: String::new(),
        format: FORMAT,
        campaign: lineage.campaign.clone(),
        prepared: lineage.prepared.min(game.turns.len() as u16),
        name: name.to_owned(),
        seed: game.seed,
        forecasts_used: lineage.classwork.forecasts_used,
        class: lineage.classwork.settings,
        predictions: lineage
            .classwork
            .predictions
            .iter()
            .filter(|p| usize::from(p.turn) <= game.turns.len())
            .copied()
            .collect(),
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
        room: None,
        scenario: scenario.clone(),
    }
}

/// The text of a save, sealed: the same game always gives the same bytes.
pub fn to_text(
    game: &Game,
    lineage: &Lineage,
    scenario: &ScenarioDoc,
    name: &str,
) -> Result<String, String> {
    sealed(&document(game, lineage, scenario, name))
}

/// The sealed text of a room's save: its campaign, and the room (`room_name`) that plays
/// it.
pub fn room_text(
    room: &Room,
    room_name: &str,
    lineage: &Lineage,
    scenario: &ScenarioDoc,
    name: &str,
) -> Result<String, String> {
    let mut doc = document(&room.game, lineage, scenario, name);
    doc.room = Some(RoomDoc::of(room, room_name));
    let text = sealed(&doc)?;
    let back = parse(&file_name(name), &text)
        .map_err(|d| format!("the save would not load back, so nothing was written:\n{d}"))?;
    if back.game.state() != room.game.state() || back.room.is_none() {
        return Err("the save would not replay to the same state, so nothing was written".into());
    }
    Ok(text)
}

/// The sealed text of a save document.
fn sealed(doc: &SaveDoc) -> Result<String, String> {
    let body = toml::to_string(doc).map_err(|e| format!("cannot write the save: {e}"))?;
    Ok(seal::seal(&format!(
        "# Arenas save: a campaign replayed from its seed and orders. Any edit breaks its seal.\n{body}"
    )))
}

/// How far a loaded save can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Its seal holds: the file is as Arenas wrote it.
    Sealed,
    /// Written by an earlier release, before saves were sealed: its orders replay to its
    /// hashes, but edits elsewhere cannot be detected.
    Unsealed,
    /// Changed after Arenas wrote it, and read only because the reader allowed that; the
    /// replay of its orders under its (edited) scenario stands in for its recorded state.
    Edited,
}

/// Whether to read a save whose seal or hashes do not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Refuse it (the game, `replay`, and `report` by default).
    SealedOnly,
    /// Read it, marked [`Integrity::Edited`] (`report --include-edited`).
    AllowEdited,
}

/// A game read from a save.
#[derive(Clone, Debug)]
pub struct Saved {
    pub name: String,
    pub campaign: CampaignId,
    /// Turns an instructor played before handing the save out (see [`SaveDoc::prepared`]).
    pub prepared: u16,
    /// The class's settings, forecasts used and predictions.
    pub classwork: Classwork,
    pub game: Game,
    /// The scenario document the save embeds.
    pub doc: Arc<ScenarioDoc>,
    pub integrity: Integrity,
    /// The check of the save's scenario against the bundled one it names; a report given a
    /// scenario checks against that instead (see [`rules`]).
    pub rules: Rules,
    /// The room that played it, when a room of students did.
    pub room: Option<RoomRecord>,
}

impl Saved {
    /// Whether this is a handout no one has played: turns an instructor prepared and none
    /// beyond them. Resuming one starts a campaign of its own, and a class report leaves
    /// it out.
    pub fn is_unplayed_handout(&self) -> bool {
        self.prepared > 0 && self.game.turns.len() <= usize::from(self.prepared)
    }

    /// The room that played the campaign, ready to go on: its record over the replayed
    /// game.
    pub fn room(&self) -> Option<Room> {
        self.room.as_ref().map(|r| {
            Room::restored(
                self.game.clone(),
                r.roster.clone(),
                r.weeks.clone(),
                r.talk.clone(),
            )
        })
    }
}

/// Parses, checks and replays save text, refusing an edited one; `file` names it in
/// diagnostics.
pub fn parse(file: &str, text: &str) -> Result<Saved, Diagnostics> {
    parse_with(file, text, Trust::SealedOnly)
}

/// Parses, checks and replays save text, trusting it as `trust` says.
pub fn parse_with(file: &str, text: &str, trust: Trust) -> Result<Saved, Diagnostics> {
    let src = Source { file, text };
    let read = MIGRATIONS.read::<SaveDoc>(&src)?;
    let doc = read.doc;
    let integrity = if read.written < 3 {
        Integrity::Unsealed
    } else {
        match seal::verify(text, &doc.seal) {
            Ok(()) => Integrity::Sealed,
            Err(broken) if trust == Trust::SealedOnly => {
                let what = match broken {
                    seal::Broken::Missing => "this save has no seal",
                    seal::Broken::Mismatch => "this save was changed after Arenas wrote it",
                };
                return Err(src.locate(vec![
                    Problem::new(path!["seal"], format!("{what}, so it is refused"))
                        .hint(EDITED_HINT),
                ]));
            }
            Err(_) => Integrity::Edited,
        }
    };
    restore(&doc, integrity, read.written).map_err(|problems| src.locate(problems))
}

/// What to do about an edited save.
const EDITED_HINT: &str = "use an unedited copy; an instructor who edited it on purpose can \
                           include it in a class report with `arenas report --include-edited`";

/// Rebuilds the game a save document describes, written in format `written`. Unless it is
/// known to be edited, every turn's hash and the recorded state must match the replay; the
/// US entry meter of a state recorded before format 5 (when it held another figure, the
/// chance of a US step that turn) is the replay's.
pub fn restore(doc: &SaveDoc, integrity: Integrity, written: u32) -> Result<Saved, Vec<Problem>> {
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
    check_predictions(&mut problems, doc);
    let room = match &doc.room {
        Some(r) => match r.record(&scenario, doc.turns.len()) {
            Ok(record) => Some(record),
            Err(p) => {
                problems.extend(p);
                None
            }
        },
        None => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let seated = room
        .as_ref()
        .map_or_else(|| vec![0; orders.len()], |r| r.seated(&scenario));
    let mut game = Game::new(Arc::new(scenario), doc.seed);
    for (i, ((t, o), seated)) in doc.turns.iter().zip(orders).zip(seated).enumerate() {
        match game.commit_seated(o, seated) {
            Ok(played) if hex(played.state.digest()) == t.hash => {}
            Ok(_) if integrity == Integrity::Edited => {}
            Ok(_) => {
                return Err(vec![
                    Problem::new(
                        path!["turn", i, "hash"],
                        format!(
                            "turn {} does not replay to the state this save recorded",
                            t.number
                        ),
                    )
                    .hint(EDITED_HINT),
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
    let replayed = SavedState::of(&game.scenario, game.state());
    let mut recorded = doc.state.clone();
    if written < 5 {
        recorded
            .meters
            .set(Meter::UsEntry, game.state().meter(Meter::UsEntry));
    }
    if integrity != Integrity::Edited && replayed != recorded {
        return Err(vec![
            Problem::new(
                path!["state"],
                "the recorded state differs from the replay of the orders",
            )
            .hint(EDITED_HINT),
        ]);
    }
    Ok(Saved {
        name: doc.name.clone(),
        campaign: doc.campaign.clone(),
        prepared: doc.prepared.min(game.turns.len() as u16),
        classwork: Classwork {
            settings: doc.class,
            forecasts_used: doc.forecasts_used,
            predictions: doc.predictions.clone(),
        },
        rules: Rules::against_bundled(&doc.scenario, &game.scenario),
        game,
        doc: Arc::new(doc.scenario.clone()),
        integrity,
        room,
    })
}

/// Problems of a save's predictions and class settings: one prediction per committed week
/// at most, in order, and a forecast limit in range.
fn check_predictions(problems: &mut Vec<Problem>, doc: &SaveDoc) {
    if let Some(n) = doc.class.forecast_limit
        && !(1..=arenas_core::engine::MAX_FORECAST_LIMIT).contains(&n)
    {
        problems.push(
            Problem::new(
                path!["class", "forecast_limit"],
                format!(
                    "forecast_limit must be 1–{}",
                    arenas_core::engine::MAX_FORECAST_LIMIT
                ),
            )
            .hint(EDITED_HINT),
        );
    }
    let mut last = 0;
    for (i, p) in doc.predictions.iter().enumerate() {
        if p.turn <= last || usize::from(p.turn) > doc.turns.len() {
            problems.push(
                Problem::new(
                    path!["prediction", i, "turn"],
                    format!(
                        "a prediction for turn {} does not fit: predictions are for committed \
                         turns, one each, in order",
                        p.turn
                    ),
                )
                .hint(EDITED_HINT),
            );
        }
        last = p.turn;
    }
}
