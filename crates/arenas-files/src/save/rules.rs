//! The rules check. A save carries the scenario it was played under, and its seal only says
//! that the file is as some copy of Arenas wrote it: anyone with the source can write a save
//! with easier rules and seal it anew. So the scenario a save carries is compared with a
//! reference: the bundled scenario it names (same id and version), or a scenario an
//! instructor gives a report (`arenas report --scenario`). Saves of one report that claim the
//! same id and version of a scenario without a reference are compared with each other.
//!
//! Two scenarios are the same when they compile to the same rules; the differences are named
//! by comparing their documents field by field.

use std::fmt;
use std::sync::LazyLock;

use toml::Value;

use super::Saved;
use crate::scenario::{BUNDLED, Loaded, ScenarioDoc};
use crate::text::clean;
use arenas_core::engine::Scenario;

/// How many differences a note names.
const SHOWN: usize = 5;

/// Longest value a note quotes, in characters.
const QUOTED: usize = 40;

/// A scenario as people name it: its id and version.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub id: String,
    pub version: String,
}

impl Label {
    /// The label of a scenario document, made safe to show.
    pub fn of(doc: &ScenarioDoc) -> Label {
        Label {
            id: clean(&doc.meta.id),
            version: clean(&doc.meta.version),
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id, self.version)
    }
}

/// One field that differs: its path in the scenario file, and its value in the reference
/// and in the save (none where the field is absent; empty for a whole table).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub reference: Option<String>,
    pub save: Option<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        match (self.reference.as_deref(), self.save.as_deref()) {
            (None, Some("")) => write!(f, "{path} added"),
            (None, Some(v)) => write!(f, "{path} added ({v})"),
            (Some(""), None) => write!(f, "{path} removed"),
            (Some(v), None) => write!(f, "{path} removed (was {v})"),
            (Some(a), Some(b)) => write!(f, "{path} {a} → {b}"),
            (None, None) => write!(f, "{path}"),
        }
    }
}

/// The differences between a save's scenario and another: the first few, and how many
/// there are in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changes {
    pub first: Vec<Change>,
    pub total: usize,
}

impl Changes {
    /// The fields of `save` that differ from `reference`, in the order of the file's keys.
    pub fn between(reference: &ScenarioDoc, save: &ScenarioDoc) -> Changes {
        let mut changes = Changes {
            first: Vec::new(),
            total: 0,
        };
        if let (Ok(a), Ok(b)) = (Value::try_from(reference), Value::try_from(save)) {
            changes.compare(String::new(), Some(&a), Some(&b));
        }
        changes
    }

    fn push(&mut self, path: String, reference: Option<&Value>, save: Option<&Value>) {
        self.total += 1;
        if self.first.len() < SHOWN {
            self.first.push(Change {
                path,
                reference: reference.map(shown),
                save: save.map(shown),
            });
        }
    }

    fn compare(&mut self, path: String, reference: Option<&Value>, save: Option<&Value>) {
        match (reference, save) {
            (Some(Value::Table(a)), Some(Value::Table(b))) => {
                let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    self.compare(join(&path, &clean(key)), a.get(key), b.get(key));
                }
            }
            (Some(Value::Array(a)), Some(Value::Array(b))) if tables(a) && tables(b) => {
                for i in 0..a.len().max(b.len()) {
                    let (x, y) = (a.get(i), b.get(i));
                    self.compare(format!("{path}[{}]", entry_name(x, y, i)), x, y);
                }
            }
            (Some(a), Some(b)) if a == b => {}
            (None, None) => {}
            _ => self.push(path, reference, save),
        }
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first.is_empty() {
            return f.write_str("the compiled rules differ");
        }
        for (i, c) in self.first.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{c}")?;
        }
        match self.total - self.first.len() {
            0 => Ok(()),
            1 => f.write_str(" (and 1 more difference)"),
            n => write!(f, " (and {n} more differences)"),
        }
    }
}

/// A key under a path, with a dot between.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether every element of an array is a table (an array of tables in the file).
fn tables(items: &[Value]) -> bool {
    items.iter().all(Value::is_table)
}

/// How a path names an element of an array of tables: its id when it has one (the same in
/// both), else its number counted from 1.
fn entry_name(a: Option<&Value>, b: Option<&Value>, i: usize) -> String {
    fn id(v: Option<&Value>) -> Option<&str> {
        v?.get("id")?.as_str()
    }
    match (id(a), id(b)) {
        (Some(x), Some(y)) if x == y => clean(x),
        (Some(x), None) | (None, Some(x)) => clean(x),
        _ => (i + 1).to_string(),
    }
}

/// A value as a note quotes it: numbers as written, text quoted and cut to [`QUOTED`]
/// characters, a table as nothing (its path says what it is).
fn shown(v: &Value) -> String {
    match v {
        Value::Float(x) => format!("{x}"),
        Value::Integer(n) => n.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::String(s) => {
            let s = clean(s);
            if s.chars().count() > QUOTED {
                let cut: String = s.chars().take(QUOTED).collect();
                format!("\"{cut}…\"")
            } else {
                format!("\"{s}\"")
            }
        }
        Value::Array(items) if items.iter().all(|v| !v.is_table() && !v.is_array()) => {
            let all: Vec<String> = items.iter().map(shown).collect();
            let list = all.join(", ");
            if list.chars().count() > QUOTED {
                format!("{} entries", items.len())
            } else {
                format!("[{list}]")
            }
        }
        Value::Array(items) => format!("{} entries", items.len()),
        Value::Table(_) => String::new(),
    }
}

/// What the rules check found for a save.
#[derive(Clone, Debug, PartialEq)]
pub enum Rules {
    /// The save's scenario compiles to the same rules as the reference's.
    Same(Label),
    /// The save's scenario differs from the reference.
    Differ { reference: Label, changes: Changes },
    /// The save names a bundled scenario at a version this build does not bundle, so there
    /// is nothing to check it against.
    UnknownVersion { claimed: Label, bundled: String },
    /// A scenario of the save's own, with no reference to check it against.
    Unchecked(Label),
    /// Another save of the same report claims the same scenario id and version but carries
    /// other rules; `other` names that save's file.
    Inconsistent {
        claimed: Label,
        other: String,
        changes: Changes,
    },
}

/// The bundled scenarios, read once.
static BUNDLED_LOADED: LazyLock<Vec<Loaded>> = LazyLock::new(|| {
    BUNDLED
        .iter()
        .filter_map(|b| crate::scenario::bundled(b.id).and_then(Result::ok))
        .collect()
});

impl Rules {
    /// The check of a save's scenario against the bundled scenario of the same id: not
    /// checked when no bundled scenario has its id, cannot be checked when the bundled one
    /// has another version.
    pub fn against_bundled(doc: &ScenarioDoc, scenario: &Scenario) -> Rules {
        let claimed = Label::of(doc);
        match BUNDLED_LOADED.iter().find(|b| b.doc.meta.id == doc.meta.id) {
            None => Rules::Unchecked(claimed),
            Some(b) if b.doc.meta.version != doc.meta.version => Rules::UnknownVersion {
                claimed,
                bundled: clean(&b.doc.meta.version),
            },
            Some(b) => Rules::against(doc, scenario, b),
        }
    }

    /// The check of a save's scenario (`doc`, compiled as `scenario`) against `reference`.
    pub fn against(doc: &ScenarioDoc, scenario: &Scenario, reference: &Loaded) -> Rules {
        let label = Label::of(&reference.doc);
        if *scenario == *reference.scenario {
            Rules::Same(label)
        } else {
            Rules::Differ {
                reference: label,
                changes: Changes::between(&reference.doc, doc),
            }
        }
    }

    /// Whether the save's rules differ from those they are checked against.
    pub fn differ(&self) -> bool {
        matches!(self, Rules::Differ { .. } | Rules::Inconsistent { .. })
    }

    /// What a report or the game says about the save's rules, when there is something to
    /// say: they differ, or they cannot be checked.
    pub fn warning(&self) -> Option<String> {
        match self {
            Rules::Same(_) | Rules::Unchecked(_) => None,
            Rules::Differ { reference, changes } => {
                Some(format!("rules differ from {reference}: {changes}"))
            }
            Rules::Inconsistent {
                claimed,
                other,
                changes,
            } => Some(format!(
                "rules differ from those of {other}, which also claims {claimed}: {changes}"
            )),
            Rules::UnknownVersion { claimed, bundled } => Some(format!(
                "rules cannot be checked: this save claims {claimed}, and this build bundles \
                 version {bundled} of {} only",
                claimed.id
            )),
        }
    }

    /// The check in a few words, for a table cell.
    pub fn cell(&self) -> String {
        match self {
            Rules::Same(label) => format!("same as {label}"),
            Rules::Differ { reference, .. } => format!("rules differ from {reference}"),
            Rules::Inconsistent { claimed, .. } => {
                format!("rules differ between saves of {claimed}")
            }
            Rules::UnknownVersion { claimed, .. } => {
                format!("cannot be checked: {claimed} is not bundled")
            }
            Rules::Unchecked(label) => format!("not checked: no reference for {label}"),
        }
    }
}

/// Checks every save of a report against `reference`.
pub fn check_all(saves: &mut [(String, Saved)], reference: &Loaded) {
    for (_, saved) in saves.iter_mut() {
        saved.rules = Rules::against(&saved.doc, &saved.game.scenario, reference);
    }
}

/// Compares the saves of a report that claim the same scenario id and version and have no
/// reference to be checked against: where they carry more than one set of rules, each is
/// marked [`Rules::Inconsistent`], against the first save of the report with other rules.
pub fn compare_claims(saves: &mut [(String, Saved)]) {
    // For each claim, the first save of each set of rules met, in the order given.
    let mut claims: Vec<(Label, Vec<usize>)> = Vec::new();
    let mut variant: Vec<Option<(usize, usize)>> = vec![None; saves.len()];
    for (i, (_, saved)) in saves.iter().enumerate() {
        let (Rules::Unchecked(claimed) | Rules::UnknownVersion { claimed, .. }) = &saved.rules
        else {
            continue;
        };
        let c = claims
            .iter()
            .position(|(label, _)| label == claimed)
            .unwrap_or_else(|| {
                claims.push((claimed.clone(), Vec::new()));
                claims.len() - 1
            });
        let firsts = &mut claims[c].1;
        let same = |&f: &usize| *saves[f].1.game.scenario == *saved.game.scenario;
        let v = firsts.iter().position(same).unwrap_or_else(|| {
            firsts.push(i);
            firsts.len() - 1
        });
        variant[i] = Some((c, v));
    }
    for (i, found) in variant.into_iter().enumerate() {
        let Some((c, v)) = found else { continue };
        let (claimed, firsts) = &claims[c];
        let other = if v == 0 {
            firsts.get(1)
        } else {
            firsts.first()
        };
        let Some(&other) = other else { continue };
        let changes = Changes::between(&saves[other].1.doc, &saves[i].1.doc);
        saves[i].1.rules = Rules::Inconsistent {
            claimed: claimed.clone(),
            other: clean(&saves[other].0),
            changes,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Loaded {
        crate::scenario::default_scenario()
    }

    fn edited(edit: impl FnOnce(&mut ScenarioDoc)) -> Loaded {
        let mut doc = (*bundled().doc).clone();
        edit(&mut doc);
        let scenario = crate::scenario::compile(&doc).expect("compiles");
        Loaded {
            doc: doc.into(),
            scenario: scenario.into(),
        }
    }

    #[test]
    fn the_bundled_scenario_is_the_same_as_itself() {
        let b = bundled();
        assert_eq!(
            Rules::against_bundled(&b.doc, &b.scenario),
            Rules::Same(Label::of(&b.doc))
        );
    }

    #[test]
    fn a_lowered_threshold_is_named_with_both_values() {
        let b = bundled();
        let v = &b.doc.victory;
        let (before, after) = (v.capacity_preserved, v.capacity_collapse + 1.0);
        let e = edited(|d| d.victory.capacity_preserved = after);
        let rules = Rules::against_bundled(&e.doc, &e.scenario);
        assert!(rules.differ());
        let warning = rules.warning().expect("a warning");
        assert_eq!(
            warning,
            format!(
                "rules differ from {}: victory.capacity_preserved {before} → {after}",
                Label::of(&b.doc)
            )
        );
    }

    #[test]
    fn members_are_named_by_id_and_long_lists_are_cut() {
        let e = edited(|d| {
            d.factions[0].capacity += 1.0;
            d.meta.description = "x".repeat(100);
            d.classroom.allow_forecast = !d.classroom.allow_forecast;
            d.victory.capacity_collapse += 1.0;
            d.victory.cohesion_fracture += 1.0;
            d.victory.regional_war += 1.0;
        });
        let rules = Rules::against_bundled(&e.doc, &e.scenario);
        let Rules::Differ { changes, .. } = &rules else {
            panic!("{rules:?}")
        };
        assert_eq!(changes.total, 6);
        assert_eq!(changes.first.len(), SHOWN);
        let id = &bundled().doc.factions[0].id;
        assert!(
            changes
                .first
                .iter()
                .any(|c| c.path == format!("faction[{id}].capacity")),
            "{changes}"
        );
        let shown = changes.to_string();
        assert!(shown.ends_with("(and 1 more difference)"), "{shown}");
        assert!(shown.contains("\"xxxxxxxxxx"), "{shown}");
        assert!(shown.contains("…\""), "{shown}");
    }

    #[test]
    fn another_version_of_a_bundled_id_cannot_be_checked() {
        let e = edited(|d| {
            d.meta.version = "0.9.0".into();
            d.victory.capacity_preserved += 1.0;
        });
        let rules = Rules::against_bundled(&e.doc, &e.scenario);
        assert!(matches!(rules, Rules::UnknownVersion { .. }), "{rules:?}");
        assert!(!rules.differ());
        let warning = rules.warning().expect("a warning");
        assert!(warning.starts_with("rules cannot be checked"), "{warning}");
    }

    #[test]
    fn a_scenario_of_its_own_is_not_checked_without_a_reference() {
        let e = edited(|d| d.meta.id = "my-own".into());
        let rules = Rules::against_bundled(&e.doc, &e.scenario);
        assert!(matches!(rules, Rules::Unchecked(_)), "{rules:?}");
        assert_eq!(rules.warning(), None);
        let against = Rules::against(&e.doc, &e.scenario, &bundled());
        let warning = against.warning().expect("differs");
        assert!(
            warning.contains("meta.id \"gaza-2023\" → \"my-own\""),
            "{warning}"
        );
    }

    #[test]
    fn added_and_removed_entries_are_named() {
        let e = edited(|d| {
            d.events.pop();
        });
        let b = bundled();
        let last = b.doc.events.last().map(|e| e.id.clone()).expect("events");
        let changes = Changes::between(&b.doc, &e.doc);
        assert_eq!(changes.total, 1, "{changes}");
        assert_eq!(changes.to_string(), format!("event[{last}] removed"));
        let back = Changes::between(&e.doc, &b.doc);
        assert_eq!(back.to_string(), format!("event[{last}] added"));
    }
}
