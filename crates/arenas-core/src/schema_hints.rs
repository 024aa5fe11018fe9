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

use crate::engine::{Gauge, Initial, METERS};

impl schemars::JsonSchema for Gauge {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Gauge".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        let one_of: Vec<Value> = Gauge::all()
            .map(|g| {
                serde_json::json!({ "const": g.id(), "description": g.meaning(), "type": "string" })
            })
            .collect();
        schemars::json_schema!({
            "description": "A quantity an event condition can test.",
            "oneOf": one_of,
        })
    }
}

impl schemars::JsonSchema for Initial {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Initial".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        let number = |description: &str, max: f64| {
            serde_json::json!({
                "description": description,
                "format": "double",
                "maximum": max,
                "minimum": 0.0,
                "type": "number",
            })
        };
        let mut properties = Map::new();
        let mut required = Vec::new();
        for info in &METERS {
            if let Some(description) = info.initial {
                properties.insert(info.meter.id().into(), number(description, info.scale));
                required.push(Value::from(info.meter.id()));
            }
        }
        for (key, description) in [
            ("us_posture", "US deterrent posture (0–1)."),
            (
                "operation",
                "Intensity of Israel's operation against the focus front (0–1).",
            ),
        ] {
            properties.insert(key.into(), number(description, 1.0));
            required.push(Value::from(key));
        }
        schemars::json_schema!({
            "additionalProperties": false,
            "description": "Where a campaign starts.",
            "properties": properties,
            "required": required,
            "type": "object",
        })
    }
}
