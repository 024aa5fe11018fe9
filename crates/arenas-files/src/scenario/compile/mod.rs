//! Checks a scenario file and turns it into the engine's [`Scenario`]: ids become indices,
//! every cross-reference and range is checked, and every problem is reported with its path.
//!
//! This file holds the checker and the scenario as a whole; `numbers` checks every decimal
//! number against its documented range, and `fronts`, `factions`, `model`, `events` and
//! `orders` check their sections.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use toml::value::Datetime;

use super::doc::ScenarioDoc;
use crate::diag::{Problem, Seg};
use crate::path;
use arenas_core::engine::{
    Calendar, Date, MAX_FORECAST_LIMIT, MAX_TURNS, METERS, Scenario, UsRung, UsTrack,
};

mod events;
mod factions;
mod fronts;
mod model;
mod numbers;
mod orders;

use events::{effects, events};
use factions::factions;
use fronts::fronts;
use model::model;
use numbers::numbers;
use orders::weeks;
pub(crate) use orders::{order, orders};

use super::FORMAT;

/// Longest name or title, in characters.
const MAX_NAME: usize = 120;
/// Longest short label, in characters.
const MAX_SHORT: usize = 12;
/// Longest descriptive text, in characters.
const MAX_TEXT: usize = 4000;
/// Most points in a front outline.
const MAX_POLYGON: usize = 2000;
/// Most rungs of the escalation ladder.
const MAX_LADDER: usize = 10;
/// Most rungs of the US ladder.
const MAX_US_RUNGS: usize = 8;

/// Collects problems while a document is checked.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    /// The places of the problems, so that each place gets one.
    places: HashSet<Vec<Seg>>,
}

impl Checker {
    /// Records a problem, unless one is already recorded at the same place.
    fn problem(&mut self, path: Vec<Seg>, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Problem::new(path, message).hint(hint));
    }

    /// Records a problem, unless one is recorded at its place already.
    fn push(&mut self, problem: Problem) {
        if self.places.insert(problem.path.clone()) {
            self.problems.push(problem);
        }
    }

    fn id(&mut self, path: Vec<Seg>, id: &str) {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !ok {
            self.problem(
                path,
                format!("`{id}` is not a valid id"),
                "use 1–64 lowercase letters, digits, `_` or `-`",
            );
        }
    }

    fn text(&mut self, path: Vec<Seg>, text: &str, max: usize) {
        if text.trim().is_empty() {
            self.problem(path, "text is empty", "write a short text");
        } else if !visible(text) {
            self.problem(
                path,
                "text has no visible characters, only spaces, control or invisible characters",
                "write a short text with letters, digits or signs",
            );
        } else if text.chars().count() > max {
            let field = match path.last() {
                Some(Seg::Key(k)) => format!("`{k}`"),
                _ => "the text".to_owned(),
            };
            let length = text.chars().count();
            self.problem(
                path,
                format!("{field} is {length} characters long; the most is {max}"),
                format!("shorten it by {} characters", length - max),
            );
        }
    }

    fn unique<'a>(&mut self, key: &str, ids: impl Iterator<Item = &'a str>) {
        let mut seen = BTreeMap::new();
        for (i, id) in ids.enumerate() {
            match seen.get(id) {
                None => {
                    seen.insert(id, i);
                }
                Some(&first) => self.push(
                    Problem::new(path![key, i, "id"], format!("duplicate id `{id}`"))
                        .also_at(path![key, first, "id"])
                        .hint("give every entry its own id"),
                ),
            }
        }
    }
}

/// A number for a message: plain when it is of ordinary size, in exponent form otherwise.
fn short(value: f64) -> String {
    if value.is_finite() && value.abs() >= 1e6 {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Checks a parsed scenario document and builds the engine's scenario from it.
pub fn compile(doc: &ScenarioDoc) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker::default();
    if doc.format > FORMAT {
        // Nothing else can be trusted in a file from a newer format.
        return Err(vec![super::MIGRATIONS.newer(i64::from(doc.format))]);
    }
    // First, so that a number that is not finite is reported as such wherever it is.
    numbers(&mut c, doc);
    if doc.format == 0 {
        c.problem(
            path!["format"],
            "format 0 does not exist",
            format!("use format = {FORMAT}"),
        );
    }

    c.id(path!["meta", "id"], &doc.meta.id);
    c.text(path!["meta", "title"], &doc.meta.title, MAX_NAME);
    c.text(path!["meta", "author"], &doc.meta.author, MAX_NAME);
    c.text(
        path!["meta", "description"],
        &doc.meta.description,
        MAX_TEXT,
    );
    c.text(path!["meta", "version"], &doc.meta.version, MAX_NAME);

    let start = date(&mut c, path!["calendar", "start"], &doc.calendar.start);
    if !(1..=31).contains(&doc.calendar.turn_days) {
        c.problem(
            path!["calendar", "turn_days"],
            "turn_days must be 1–31",
            "use 7 for weekly turns",
        );
    }
    if !(1..=MAX_TURNS).contains(&doc.calendar.turns) {
        c.problem(
            path!["calendar", "turns"],
            format!("turns must be 1–{MAX_TURNS}"),
            "a classroom campaign has 8–16 turns",
        );
    }
    if !(1..=MAX_FORECAST_LIMIT).contains(&doc.classroom.forecast_limit) {
        c.problem(
            path!["classroom", "forecast_limit"],
            format!("forecast_limit must be 1–{MAX_FORECAST_LIMIT}"),
            "the number of forecasts a campaign may ask for under forecast = \"limited\"",
        );
    }
    let calendar = Calendar {
        start: start
            .unwrap_or_else(|| Date::from_ymd(2000, 1, 1).unwrap_or_else(|| unreachable!())),
        turn_days: doc.calendar.turn_days.max(1),
        turns: doc.calendar.turns,
    };

    let fronts = fronts(&mut c, doc);
    let factions = factions(&mut c, doc, &fronts);
    let focus = factions.iter().position(|f| f.id == doc.focus);
    match focus {
        None => c.problem(
            path!["focus"],
            format!("no faction has id `{}`", doc.focus),
            "name the member whose capacity the game tracks",
        ),
        Some(i) if factions[i].home.is_none() => c.problem(
            path!["focus"],
            "the focus member needs a home front",
            "give it a `home`, or choose another member",
        ),
        _ => {}
    }

    model(&mut c, doc);
    let init = &doc.initial;
    for info in METERS.iter().filter(|m| m.initial.is_some()) {
        let key = info.meter.id();
        if init.meters.get(info.meter).is_none() {
            c.problem(
                path!["initial"],
                format!("missing field `{key}`"),
                format!("add `{key} = …` (0–{})", short(info.scale)),
            );
        }
    }
    for info in METERS.iter().filter(|m| m.initial.is_none()) {
        if init.meters.get(info.meter).is_some() {
            let key = info.meter.id();
            c.problem(
                path!["initial", key],
                format!("`{key}` is computed by the rules and has no starting value"),
                format!("remove `{key}`"),
            );
        }
    }
    let v = &doc.victory;
    if v.capacity_collapse >= v.capacity_preserved {
        c.problem(
            path!["victory", "capacity_collapse"],
            "capacity_collapse must be below capacity_preserved",
            "lower it",
        );
    }

    if doc.ladder.is_empty() || doc.ladder.len() > MAX_LADDER {
        c.problem(
            path!["ladder"],
            format!("the escalation ladder needs 1–{MAX_LADDER} rungs"),
            "add `[[ladder]]` entries with a name and `from`",
        );
    }
    for (i, rung) in doc.ladder.iter().enumerate().take(MAX_LADDER) {
        c.text(path!["ladder", i, "name"], &rung.name, MAX_NAME);
        if i == 0 && rung.from != 0.0 {
            c.problem(
                path!["ladder", 0, "from"],
                "the first rung must start at 0",
                "set from = 0",
            );
        }
        if i > 0 && rung.from <= doc.ladder[i - 1].from {
            c.problem(
                path!["ladder", i, "from"],
                "rungs must start at increasing values",
                "order the rungs from low to high",
            );
        }
    }

    if doc.us_ladder.is_empty() || doc.us_ladder.len() > MAX_US_RUNGS {
        c.problem(
            path!["us_rung"],
            format!("the US ladder needs 1–{MAX_US_RUNGS} rungs"),
            "add `[[us_rung]]` entries; the last is direct confrontation",
        );
    }
    if !doc.us_ladder.iter().any(|r| r.track == UsTrack::Escalation) {
        c.problem(
            path!["us_rung"],
            "the US ladder has no `escalation` rung",
            "give the last rungs `track = \"escalation\"`; the top of that track is direct confrontation",
        );
    }
    let us_ladder = doc
        .us_ladder
        .iter()
        .take(MAX_US_RUNGS)
        .enumerate()
        .map(|(i, r)| {
            c.text(path!["us_rung", i, "name"], &r.name, MAX_NAME);
            c.text(path!["us_rung", i, "text"], &r.text, MAX_TEXT);
            UsRung {
                track: r.track,
                name: r.name.clone(),
                text: r.text.clone(),
                effects: effects(
                    &mut c,
                    path!["us_rung", i, "effects"],
                    &r.effects,
                    &fronts,
                    &factions,
                ),
            }
        })
        .collect();

    let calendar_ok = start.is_some()
        && (1..=31).contains(&doc.calendar.turn_days)
        && (1..=MAX_TURNS).contains(&doc.calendar.turns);
    let events = events(&mut c, doc, &calendar, calendar_ok, &fronts, &factions);

    let mut scenario = Scenario {
        meta: doc.meta.clone(),
        calendar,
        fronts,
        factions,
        focus: focus.unwrap_or(0),
        model: doc.model.clone(),
        initial: doc.initial.clone(),
        victory: doc.victory.clone(),
        classroom: doc.classroom.clone(),
        ladder: doc.ladder.clone(),
        us_ladder,
        events,
        history: Vec::new(),
    };
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    scenario.history = weeks(&mut c, doc, &scenario);
    if c.problems.is_empty() {
        Ok(scenario)
    } else {
        Err(c.problems)
    }
}

/// The short label given, or the name cut to fit.
fn short_name(c: &mut Checker, path: Vec<Seg>, short: Option<&str>, name: &str) -> String {
    match short {
        Some(s) => {
            c.text(path, s, MAX_SHORT);
            s.to_owned()
        }
        None => name
            .trim_start_matches(invisible)
            .chars()
            .take(MAX_SHORT)
            .collect::<String>()
            .trim_end()
            .to_owned(),
    }
}

/// Whether a text shows anything: a character other than spaces, control characters
/// (C0, C1), format characters (zero-width spaces and joiners, bidirectional controls, the
/// byte-order mark, tags), fillers, variation selectors or marks with nothing to combine
/// with.
fn visible(text: &str) -> bool {
    !text.chars().all(invisible)
}

/// Whether a character shows nothing by itself (see [`visible`]).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}'
            | '\u{17b5}' | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{2800}' | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}'
            | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}'
            // Combining marks, which need a character to sit on.
            | '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

fn date(c: &mut Checker, path: Vec<Seg>, value: &Datetime) -> Option<Date> {
    let d = value
        .date
        .filter(|_| value.time.is_none() && value.offset.is_none());
    let date =
        d.and_then(|d| Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day)));
    if date.is_none() {
        c.problem(
            path,
            format!("`{value}` is not a plain date"),
            "write a date like 2023-10-09, without time",
        );
    }
    date
}

/// Somewhere problems can be collected.
pub(crate) trait ProblemSink {
    fn push(&mut self, problem: Problem);
    fn count(&self) -> usize;
}

impl ProblemSink for Checker {
    fn push(&mut self, problem: Problem) {
        self.places.insert(problem.path.clone());
        self.problems.push(problem);
    }
    fn count(&self) -> usize {
        self.problems.len()
    }
}

impl ProblemSink for Vec<Problem> {
    fn push(&mut self, problem: Problem) {
        Vec::push(self, problem);
    }
    fn count(&self) -> usize {
        self.len()
    }
}

/// A hint naming the ids to choose from, each once, in the order given.
pub(super) fn one_of<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let mut seen = BTreeSet::new();
    let ids: Vec<&str> = ids.filter(|id| seen.insert(*id)).collect();
    format!("use one of: {}", ids.join(", "))
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn visible_text_needs_a_character_that_shows() {
        for shown in [
            "a",
            "\u{200b}Gaza",
            "é",
            "e\u{301}",
            "غزة",
            "\u{1f600}",
            "-",
        ] {
            assert!(visible(shown), "{shown:?}");
        }
        for hidden in [
            "",
            " \t\n",
            "\u{200b}\u{2060}\u{feff}",
            "\u{202e}\u{2066}\u{200f}",
            "\u{1b}\u{7}\u{85}\u{9b}",
            "\u{3164}\u{115f}",
            "\u{301}\u{fe0f}",
            "\u{e0041}",
        ] {
            assert!(!visible(hidden), "{hidden:?}");
        }
    }
}
