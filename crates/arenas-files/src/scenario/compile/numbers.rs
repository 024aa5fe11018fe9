//! Every decimal number of a scenario: finite, and within the range its field documents.
//!
//! The ranges are read from the scenario's JSON Schema, which the doc comments and
//! `schemars` attributes of the file's types make: what an editor shows on hover and what
//! the checker enforces are one and the same, and a new field cannot be forgotten here.
//! Whole numbers are typed by serde and checked with their sections.

use std::sync::OnceLock;

use serde_json::Value as Json;
use toml::Value;

use super::{Checker, MAX_LADDER, MAX_US_RUNGS, short};
use crate::diag::Seg;
use crate::scenario::doc::ScenarioDoc;
use crate::schema::with_refs;
use arenas_core::engine::{MAX_EVENTS, MAX_FACTIONS, MAX_FRONTS, MAX_TURNS};

fn schema() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(crate::schema::scenario_schema)
}

/// Checks every decimal number of the document against its range.
pub(super) fn numbers(c: &mut Checker, doc: &ScenarioDoc) {
    let checked = floats(doc, &mut |path, name, x, range| {
        if range.contains(x) {
            return;
        }
        let message = if x.is_finite() {
            format!("{name} = {} is out of range", short(x))
        } else {
            let word = if x.is_nan() {
                "nan"
            } else if x > 0.0 {
                "inf"
            } else {
                "-inf"
            };
            format!("{name} = {word} is not a finite number")
        };
        c.problem(path.to_vec(), message, range.hint());
    });
    // Every part of a scenario document has a TOML form; reaching this is a defect.
    if let Err(e) = checked {
        c.problem(
            Vec::new(),
            format!("the scenario cannot be checked: {e}"),
            "this is a defect of this build of Arenas; please report it",
        );
    }
}

/// What is done with each decimal number: its path, its name for messages, its value and
/// its documented range.
type Visit<'v> = &'v mut dyn FnMut(&[Seg], &str, f64, Range);

/// Calls `visit` with the path, name, value and documented range of every decimal number
/// of the document, up to the most entries each array may hold.
fn floats(doc: &ScenarioDoc, visit: Visit<'_>) -> Result<(), toml::ser::Error> {
    let value = Value::try_from(bounded(doc))?;
    let root = schema();
    let mut walk = Walk {
        root,
        path: Vec::new(),
        visit,
    };
    walk.value(&value, &with_refs(root, root), "value");
    Ok(())
}

/// The document with each list of entries cut to the most it may hold: the entries past
/// that are refused with their section, and only cost time here.
fn bounded(doc: &ScenarioDoc) -> ScenarioDoc {
    fn first<T: Clone>(list: &[T], most: usize) -> Vec<T> {
        list.iter().take(most).cloned().collect()
    }
    ScenarioDoc {
        format: doc.format,
        meta: doc.meta.clone(),
        calendar: doc.calendar.clone(),
        focus: doc.focus.clone(),
        initial: doc.initial.clone(),
        victory: doc.victory.clone(),
        classroom: doc.classroom.clone(),
        fronts: first(&doc.fronts, MAX_FRONTS),
        factions: first(&doc.factions, MAX_FACTIONS),
        ladder: first(&doc.ladder, MAX_LADDER),
        us_ladder: first(&doc.us_ladder, MAX_US_RUNGS),
        events: first(&doc.events, MAX_EVENTS),
        weeks: first(&doc.weeks, usize::from(MAX_TURNS)),
        model: doc.model.clone(),
    }
}

/// A lower or upper bound of a range.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bound {
    value: f64,
    exclusive: bool,
}

/// The range the schema nodes of one place allow: the tightest of their bounds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Range {
    lo: Option<Bound>,
    hi: Option<Bound>,
}

impl Range {
    fn of(nodes: &[&Json]) -> Range {
        let mut range = Range::default();
        let bound = |node: &Json, key: &str, exclusive: bool| {
            node.get(key)
                .and_then(Json::as_f64)
                .map(|value| Bound { value, exclusive })
        };
        for node in nodes {
            for lo in [
                bound(node, "minimum", false),
                bound(node, "exclusiveMinimum", true),
            ]
            .into_iter()
            .flatten()
            {
                if range.lo.is_none_or(|b| tighter(lo, b, 1.0)) {
                    range.lo = Some(lo);
                }
            }
            for hi in [
                bound(node, "maximum", false),
                bound(node, "exclusiveMaximum", true),
            ]
            .into_iter()
            .flatten()
            {
                if range.hi.is_none_or(|b| tighter(hi, b, -1.0)) {
                    range.hi = Some(hi);
                }
            }
        }
        range
    }

    fn contains(&self, x: f64) -> bool {
        let above = self.lo.is_none_or(|b| {
            if b.exclusive {
                x > b.value
            } else {
                x >= b.value
            }
        });
        let below = self.hi.is_none_or(|b| {
            if b.exclusive {
                x < b.value
            } else {
                x <= b.value
            }
        });
        x.is_finite() && above && below
    }

    /// What to write instead, for a hint.
    fn hint(&self) -> String {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) => match (lo.exclusive, hi.exclusive) {
                (false, false) => format!("use a number from {} to {}", lo.value, hi.value),
                (true, true) => format!(
                    "use a number strictly between {} and {}",
                    lo.value, hi.value
                ),
                (true, false) => {
                    format!("use a number above {} and at most {}", lo.value, hi.value)
                }
                (false, true) => format!(
                    "use a number from {} up to, but not including, {}",
                    lo.value, hi.value
                ),
            },
            _ => "use an ordinary number".into(),
        }
    }
}

/// Whether bound `a` is tighter than `b`; `direction` is 1 for lower bounds, −1 for upper.
fn tighter(a: Bound, b: Bound, direction: f64) -> bool {
    let (x, y) = (a.value * direction, b.value * direction);
    x > y || (x == y && a.exclusive && !b.exclusive)
}

struct Walk<'v, 's> {
    root: &'s Json,
    path: Vec<Seg>,
    visit: Visit<'v>,
}

impl<'s> Walk<'_, 's> {
    /// Walks `value`, which the schema `nodes` describe; `name` names it in messages.
    fn value(&mut self, value: &Value, nodes: &[&'s Json], name: &str) {
        match value {
            Value::Float(x) => (self.visit)(&self.path, name, *x, Range::of(nodes)),
            Value::Table(table) => {
                for (key, inner) in table {
                    // A declared field, or else an entry of a map such as `tension`.
                    let declared: Vec<&Json> = nodes
                        .iter()
                        .filter_map(|n| n.get("properties")?.get(key))
                        .collect();
                    let (children, name) = if declared.is_empty() {
                        let entries = nodes
                            .iter()
                            .filter_map(|n| n.get("additionalProperties").filter(|a| a.is_object()))
                            .collect();
                        (entries, format!("{name}.{key}"))
                    } else {
                        (declared, key.clone())
                    };
                    let children: Vec<&Json> = children
                        .into_iter()
                        .flat_map(|n| with_refs(self.root, n))
                        .collect();
                    self.path.push(Seg::Key(key.clone()));
                    self.value(inner, &children, &name);
                    self.path.pop();
                }
            }
            Value::Array(items) => {
                // Entries past the most an array may hold are refused with its section.
                let most = nodes
                    .iter()
                    .filter_map(|n| n.get("maxItems").and_then(Json::as_u64))
                    .min()
                    .map_or(items.len(), |m| usize::try_from(m).unwrap_or(usize::MAX));
                for (i, inner) in items.iter().enumerate().take(most) {
                    let children: Vec<&Json> = nodes
                        .iter()
                        .filter_map(|n| {
                            n.get("prefixItems")
                                .and_then(|p| p.get(i))
                                .or_else(|| n.get("items"))
                        })
                        .flat_map(|n| with_refs(self.root, n))
                        .collect();
                    self.path.push(Seg::Index(i));
                    self.value(inner, &children, &format!("{name}[{i}]"));
                    self.path.pop();
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decimal_number_of_the_bundled_scenario_has_a_documented_range() {
        let loaded = crate::scenario::default_scenario();
        let mut seen = 0;
        floats(&loaded.doc, &mut |path, name, x, range| {
            seen += 1;
            assert!(
                range.lo.is_some() && range.hi.is_some(),
                "{path:?} {name}: {range:?}"
            );
            assert!(range.contains(x), "{path:?} {name} = {x}: {range:?}");
        })
        .expect("the bundled scenario has a TOML form");
        assert!(seen > 100, "{seen}");
    }

    #[test]
    fn bounds_combine_to_the_tightest_and_say_whether_they_are_strict() {
        let nodes = [
            serde_json::json!({ "minimum": 0.0, "maximum": 1e6 }),
            serde_json::json!({ "maximum": 1.0, "exclusiveMinimum": 0.0 }),
        ];
        let range = Range::of(&nodes.iter().collect::<Vec<_>>());
        assert!(range.contains(1.0) && range.contains(0.5));
        assert!(!range.contains(0.0) && !range.contains(f64::NAN));
        assert_eq!(range.hint(), "use a number above 0 and at most 1");
    }
}
