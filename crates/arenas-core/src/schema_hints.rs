//! Schema hints for the coefficient tables that scenario files spell out (with the
//! `schema` feature): ranges that a derive cannot state on its own.

use schemars::Schema;
use serde_json::{Map, Value};

/// Ids of fronts, factions, events and scenarios: 1–64 lowercase letters, digits, `_`, `-`.
pub const ID_PATTERN: &str = "^[a-z0-9_-]{1,64}$";

/// Largest number the scenario checker accepts anywhere in `[model]`.
pub const MODEL_MAX: f64 = 1e6;

/// Container transform for the `[model]` tables: every number there must lie in
/// 0–1 000 000; fields with a narrower range keep theirs.
pub fn model_numbers(schema: &mut Schema) {
    let Some(Value::Object(props)) = schema.get_mut("properties") else {
        return;
    };
    for prop in props.values_mut() {
        let Value::Object(prop) = prop else { continue };
        let (min, max) = match prop.get("type").and_then(Value::as_str) {
            Some("number") => (Value::from(0.0), Value::from(MODEL_MAX)),
            Some("integer") => (Value::from(0), Value::from(MODEL_MAX as u64)),
            _ => continue,
        };
        if !prop.contains_key("exclusiveMinimum") {
            prop.entry("minimum").or_insert(min);
        }
        if !prop.contains_key("exclusiveMaximum") {
            prop.entry("maximum").or_insert(max);
        }
    }
}

/// Field transform for rules whose weight is a probability: caps the weight at 1.
pub fn unit_weight(schema: &mut Schema) {
    let mut weight = Map::new();
    weight.insert("maximum".into(), Value::from(1.0));
    let mut props = Map::new();
    props.insert("weight".into(), Value::Object(weight));
    schema.insert("properties".into(), Value::Object(props));
}
