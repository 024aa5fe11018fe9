//! JSON Schemas (draft 2020-12) of the files users write, for editors: with a
//! `#:schema ./arenas-scenario.schema.json` line at the top of a scenario file, TOML editors
//! (Taplo, Even Better TOML) complete keys, show each field's documentation on hover and flag
//! unknown keys, wrong types and out-of-range values as you type.
//!
//! The schemas are derived from the serde types of the files, so they cannot drift from what
//! the loader reads. They check what a schema can: types, required and unknown keys, enum
//! values and fixed ranges. Cross-references (ids), orderings and budgets are left to
//! `arenas scenario check`, which remains the authority.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::plan::PlanDoc;
use crate::scenario::ScenarioDoc;

/// The JSON Schema of scenario files.
pub fn scenario_schema() -> Value {
    root::<ScenarioDoc>("Arenas scenario")
}

/// How deep `$ref`s may chain; the file types are not recursive.
const MAX_REFS: usize = 8;

/// A schema node followed by the definitions its `$ref`s lead to, in `root`.
pub fn with_refs<'s>(root: &'s Value, node: &'s Value) -> Vec<&'s Value> {
    let mut out = vec![node];
    let mut at = node;
    for _ in 0..MAX_REFS {
        let Some(def) = at
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| root.get("$defs")?.get(name))
        else {
            break;
        };
        out.push(def);
        at = def;
    }
    out
}

/// The JSON Schema of plan files.
pub fn plan_schema() -> Value {
    root::<PlanDoc>("Arenas plan")
}

/// A schema as written to disk: pretty-printed JSON with a final newline.
pub fn to_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

fn root<T: JsonSchema>(title: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut value = Value::from(schema);
    tidy(&mut value);
    if let Value::Object(map) = &mut value {
        map.remove("$id");
        map.insert("title".into(), title.into());
    }
    value
}

/// Adapts the generated schema to TOML and to editors' hovers.
///
/// TOML has no null: an optional field is simply left out, so the `null` that schemars
/// allows for `Option` fields (and their `null` defaults) would only mislead. Doc comments
/// wrapped over several lines become one line per paragraph.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = text
                    .split("\n\n")
                    .map(|para| {
                        para.split('\n')
                            .map(str::trim)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n");
            }
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            let is_null = |v: &Value| v.get("type") == Some(&Value::from("null"));
            if let Some(Value::Array(alts)) = map.get_mut("anyOf")
                && alts.iter().any(is_null)
            {
                alts.retain(|v| !is_null(v));
                if let [Value::Object(only)] = alts.as_slice() {
                    let only = only.clone();
                    map.remove("anyOf");
                    for (k, v) in only {
                        map.entry(k).or_insert(v);
                    }
                }
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}
