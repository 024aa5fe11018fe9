//! Every field a scenario lacks, found at once. Reading stops at the first missing field;
//! this walk of the file against the scenario's JSON Schema finds all of them, so an author
//! fixes them in one go rather than one per run.

use std::sync::OnceLock;

use serde_json::Value as Json;
use toml::Value;

use crate::diag::{Problem, Seg};
use crate::schema::with_refs;

fn schema() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(crate::schema::scenario_schema)
}

/// Most problems gathered; more would not be shown.
const MOST: usize = 200;

/// A problem for every required field missing from the scenario text, table by table;
/// empty when the text is not TOML.
pub fn missing(text: &str) -> Vec<Problem> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let root = schema();
    let mut walk = Walk {
        root,
        path: Vec::new(),
        problems: Vec::new(),
    };
    walk.table(&table, &with_refs(root, root));
    walk.problems
}

struct Walk<'s> {
    root: &'s Json,
    path: Vec<Seg>,
    problems: Vec<Problem>,
}

impl<'s> Walk<'s> {
    /// The schema nodes that describe a value: the nodes, the definitions they refer to
    /// and what they combine with `allOf`; and each set of alternatives (`anyOf`, `oneOf`:
    /// an optional value, or the forms of an event's trigger), of which one must hold.
    fn expand(&self, nodes: &[&'s Json]) -> (Vec<&'s Json>, Vec<Vec<&'s Json>>) {
        let mut all = Vec::new();
        let mut choices = Vec::new();
        let mut stack: Vec<&Json> = nodes.to_vec();
        while let Some(node) = stack.pop() {
            for n in with_refs(self.root, node) {
                all.push(n);
                if let Some(parts) = n.get("allOf").and_then(Json::as_array) {
                    stack.extend(parts);
                }
                for key in ["anyOf", "oneOf"] {
                    if let Some(alts) = n.get(key).and_then(Json::as_array) {
                        choices.push(alts.iter().flat_map(|a| with_refs(self.root, a)).collect());
                    }
                }
            }
        }
        (all, choices)
    }

    fn table(&mut self, table: &toml::Table, nodes: &[&'s Json]) {
        let (all, choices) = self.expand(nodes);
        let required_of = |nodes: &[&'s Json]| -> Vec<&'s str> {
            nodes
                .iter()
                .filter_map(|n| n.get("required").and_then(Json::as_array))
                .flatten()
                .filter_map(Json::as_str)
                .collect()
        };
        let mut required = required_of(&all);
        for alts in &choices {
            // The alternative the table comes closest to: one it satisfies, else the one
            // with the most of its fields present.
            let closest = alts
                .iter()
                .map(|alt| required_of(std::slice::from_ref(alt)))
                .filter(|req| !req.is_empty())
                .max_by_key(|req| {
                    let present = req.iter().filter(|k| table.contains_key(**k)).count();
                    (present == req.len(), present)
                });
            required.extend(closest.unwrap_or_default());
        }
        let nodes: Vec<&Json> = all
            .iter()
            .chain(choices.iter().flatten())
            .copied()
            .collect();
        for key in required {
            if !table.contains_key(key) && self.problems.len() < MOST {
                let place = if self.path.is_empty() {
                    "at the top of the file".to_owned()
                } else {
                    format!("in `{}`", dotted(&self.path))
                };
                self.problems.push(
                    Problem::new(self.path.clone(), format!("missing field `{key}` {place}"))
                        .hint("add the field; `arenas scenario export gaza-2023 FILE` writes a full scenario to copy from"),
                );
            }
        }
        for (key, value) in table {
            let children: Vec<&Json> = nodes
                .iter()
                .filter_map(|n| n.get("properties")?.get(key))
                .collect();
            if !children.is_empty() {
                self.path.push(Seg::Key(key.clone()));
                self.value(value, &children);
                self.path.pop();
            }
        }
    }

    fn value(&mut self, value: &Value, nodes: &[&'s Json]) {
        match value {
            Value::Table(t) => self.table(t, nodes),
            Value::Array(items) => {
                let (all, choices) = self.expand(nodes);
                let item: Vec<&Json> = all
                    .iter()
                    .chain(choices.iter().flatten())
                    .filter_map(|n| n.get("items"))
                    .collect();
                for (i, inner) in items.iter().enumerate() {
                    if self.problems.len() >= MOST {
                        break;
                    }
                    self.path.push(Seg::Index(i));
                    self.value(inner, &item);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }
}

/// A path as `a.b[2].c`.
fn dotted(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_missing_field_is_found_at_once() {
        let bundled = crate::scenario::BUNDLED[0].text;
        assert!(missing(bundled).is_empty(), "{:?}", missing(bundled));
        let lacking = bundled
            .replacen("title = \"Unification", "ttl = \"Unification", 1)
            .replacen("turn_days = 7\n", "", 1)
            .replacen("\nautonomy = 0.8\n", "\n", 1);
        let mut found: Vec<String> = missing(&lacking).into_iter().map(|p| p.message).collect();
        found.sort();
        assert_eq!(
            found,
            [
                "missing field `autonomy` in `faction[0]`",
                "missing field `title` in `meta`",
                "missing field `turn_days` in `calendar`",
            ]
        );
        assert!(missing("not toml [").is_empty());
    }
}
