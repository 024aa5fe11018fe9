//! The JSON schemas of the scenario's types that a derive cannot describe (with the
//! `schema` feature): a gauge by its name, and the initial values keyed by the meter table.

use schemars::Schema;
use serde_json::{Map, Value};

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
